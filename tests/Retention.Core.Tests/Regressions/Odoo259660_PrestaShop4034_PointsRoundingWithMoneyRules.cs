using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/odoo/odoo/pull/259660">odoo/odoo#259660</see> ("sale_loyalty: only apply
/// currency rounding on money-based programs") and <see href="https://github.com/PrestaShop/PrestaShop/pull/4034">PrestaShop/PrestaShop#4034</see>
/// ("Use floor() instead of round() to show correct amount of loyalty points").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> Odoo rounded point balances with the currency's rounding factor even for programs
/// whose points are not money: with a currency rounding of 10, the single point of a "1 point per order" program
/// rounded down to 0 and no reward could ever be claimed. PrestaShop showed the earnable points with <c>round()</c>
/// while awarding with <c>floor()</c>, so a cart of 19.99 promised 20 points and paid 19.</para>
/// <para><b>What the library does.</b> Points are whole numbers computed once from the exact decimal basis, with the
/// program's own rounding (<see cref="PointsRounding"/>), never the currency's precision: a yen program earns on
/// fractions of a point per yen, a fixed bonus is the bonus. <see cref="PointsProgram.PointsFor(Order, Tier)"/>, what a
/// storefront shows, is exactly what the ledger awards, for any amount and rounding.</para>
/// <para><b>Mutations seen killed:</b> rounding <c>Floor</c> as <c>Nearest</c>, in the integer fast path
/// (<c>PointsProgram.FastEarning</c>) and, separately, in the decimal path (<c>PointsProgram.Round</c>).</para>
/// </remarks>
public sealed class Odoo259660_PrestaShop4034_PointsRoundingWithMoneyRules
{
    [Fact]
    public void OnePointBonus_InAZeroDecimalCurrency_IsOnePoint()
    {
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var program = PointsProgram.CreateBuilder("Stamps", Currency.Jpy, tokyo)
            .EarnPerUnit(0.001m)
            .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(1), oncePerCustomer: true))
            .Build();
        var ledger = new PointsLedger(program);
        var at = tokyo.AtStrictly(new LocalDateTime(2026, 4, 16, 12, 0)).ToInstant();
        var order = new Order(new OrderId("SO-1"), Alice, at, Currency.Jpy,
            [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(2980m, Currency.Jpy))]);

        var result = ledger.Apply(new OrderPlaced(order));

        // 2,980 yen x 0.001 = 2.98 points, floor 2; plus the 1-point first-order bonus.
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 3, null), result);
        Assert.Equal(new Points(3), ledger.GetBalance(Alice, at).Available);
    }

    [Fact]
    public void FractionsOfTheMinorUnit_CountBeforeRounding()
    {
        // 2.5 points per dollar on $0.99 x 3 = $2.97: 7.425 points. Rounding the money first ($3) would give 7.5 -> 7 or 8.
        var floor = Builder().EarnPerUnit(2.5m).Build();
        var nearest = Builder().EarnPerUnit(2.5m, PointsRounding.Nearest).Build();
        var ceiling = Builder().EarnPerUnit(2.5m, PointsRounding.Ceiling).Build();
        var order = Order("1", Alice, Local(2026, 1, 1), Line("1", 0.99m, quantity: 3));

        Assert.Equal(7, floor.PointsFor(order).Value);
        Assert.Equal(7, nearest.PointsFor(order).Value);
        Assert.Equal(8, ceiling.PointsFor(order).Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShownPoints_ForNineteenNinetyNine_AreNineteen_AndThatIsWhatIsPaid(bool decimalPath)
    {
        var program = Program(1m, PointsRounding.Floor, decimalPath);
        var ledger = new PointsLedger(program);
        var order = Order("PS-1", Alice, Local(2015, 9, 18), 19.99m);

        Assert.Equal(19, program.PointsFor(order).Value);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 19, null), ledger.Apply(new OrderPlaced(order)));
    }

    /// <summary>A program; with <paramref name="decimalPath"/> it excludes a product no order has, which sends every
    /// order through the general decimal arithmetic instead of the 64-bit integer fast path.</summary>
    private static PointsProgram Program(decimal rate, PointsRounding rounding, bool decimalPath)
    {
        var builder = Builder().EarnPerUnit(rate, rounding);
        if (decimalPath)
        {
            builder.ExcludeProducts(new ProductId("gift-card"));
        }

        return builder.Build();
    }

    public static Arbitrary<(int Cents, decimal Rate, PointsRounding Rounding, bool DecimalPath)> Orders() =>
        (from cents in Gen.Choose(1, 10_000_000)
         from rate in Gen.Elements(0.01m, 0.1m, 0.5m, 1m, 1.5m, 2m, 2.5m, 3m, 10m)
         from rounding in Gen.Elements(PointsRounding.Floor, PointsRounding.Nearest, PointsRounding.Ceiling)
         from decimalPath in Gen.Elements(false, true)
         select (cents, rate, rounding, decimalPath)).ToArbitrary();

    /// <summary>What the storefront shows (PointsFor) is what the ledger pays, and it is the program's rounding of the
    /// exact product, on both the integer fast path and the decimal path.</summary>
    [Property(Arbitrary = [typeof(Odoo259660_PrestaShop4034_PointsRoundingWithMoneyRules)], MaxTest = 300)]
    public bool ShownPoints_AreThePaidPoints_AndTheExactRounding((int Cents, decimal Rate, PointsRounding Rounding, bool DecimalPath) c)
    {
        var program = Program(c.Rate, c.Rounding, c.DecimalPath);
        var amount = c.Cents / 100m;
        var order = Order("o", Alice, Local(2026, 1, 1), amount);
        var exact = amount * c.Rate;
        var expected = (long)(c.Rounding switch
        {
            PointsRounding.Floor => decimal.Floor(exact),
            PointsRounding.Ceiling => decimal.Ceiling(exact),
            _ => decimal.Round(exact, MidpointRounding.AwayFromZero),
        });
        var shown = program.PointsFor(order).Value;
        var paid = new PointsLedger(program).Apply(new OrderPlaced(order));
        return shown == expected && (expected == 0 ? paid.Status == ApplyStatus.Ignored : paid == new ApplyResult(ApplyStatus.Applied, expected, null));
    }
}
