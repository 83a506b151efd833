using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Which path earns an order, and what each gives at its edges. The integer path must take every order its summary
/// promises (whole, cent and four-decimal amounts, up to 64 lines, line discounts, factors of up to nine decimals) and
/// give exactly the decimal path's result; every order outside those bounds (more lines, five decimals, mantissas of
/// 2^32 and 2^64, a negative zero, an order discount taken off the basis, a factor it cannot hold) must go to the
/// decimal path, with the points worked out by hand. Then the decimal path's own edges: campaigns, the checked sum of
/// per-line points, multipliers written with decimals, allocation, and the weight a refund gives back.
/// </summary>
public sealed class EarningPathTests
{
    private static readonly Instant At = Local(2026, 3, 1);
    private static readonly CategoryId Home = new("home");

    private static PointsProgram Program(decimal rate = 1m, PointsRounding rounding = PointsRounding.Floor, RoundingScope scope = RoundingScope.PerOrder, bool netOfDiscounts = true, bool shipping = false, bool tax = false) =>
        Builder().EarnPerUnit(rate, rounding, scope).Basis(netOfDiscounts, shipping, tax).Build();

    private static Order OrderOf(IEnumerable<OrderLine> lines, decimal orderDiscount = 0m, decimal shipping = 0m, decimal tax = 0m) =>
        new(new OrderId("o"), Alice, At, Currency.Usd, lines, Usd(orderDiscount), Usd(shipping), Usd(tax));

    private static OrderLine[] Lines(int count, decimal unitPrice) =>
        [.. Enumerable.Range(0, count).Select(i => Line("l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), unitPrice))];

    /// <summary>The integer path takes the order and gives the decimal path's result to the bit; returns its points.</summary>
    private static long IntegerPath(PointsProgram program, Order order, decimal tier = 1m, EarnOutcome outcome = EarnOutcome.Earned)
    {
        Assert.True(program.UsesIntegerEarning);
        Assert.True(program.TryEarnFast(order, tier, out var fast), "the integer path declined the order");
        AssertSame(program.EarnDecimal(order, tier), fast);
        Assert.Equal(decimal.GetBits(program.WeightedBasisDecimal(order)), decimal.GetBits(program.WeightedBasis(order)));
        Assert.Equal(outcome, fast.Outcome);
        return fast.Points;
    }

    /// <summary>The integer path declines the order (or the program), and <see cref="PointsProgram.Earn"/> gives the decimal path's result; returns its points.</summary>
    private static long DecimalPath(PointsProgram program, Order order, decimal tier = 1m)
    {
        if (program.UsesIntegerEarning)
        {
            Assert.False(program.TryEarnFast(order, tier, out _), "the integer path took an order outside its bounds");
        }

        var earning = program.Earn(order, tier);
        AssertSame(program.EarnDecimal(order, tier), earning);
        Assert.Equal(decimal.GetBits(program.WeightedBasisDecimal(order)), decimal.GetBits(program.WeightedBasis(order)));
        return earning.Points;
    }

    private static void AssertSame(OrderEarning expected, OrderEarning actual)
    {
        Assert.Equal(expected.Points, actual.Points);
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(decimal.GetBits(expected.WeightedBasis), decimal.GetBits(actual.WeightedBasis));
        Assert.Equal(decimal.GetBits(expected.Basis), decimal.GetBits(actual.Basis));
    }

    [Fact]
    public void IntegerPath_TakesWholeCentAndFourDecimalAmounts()
    {
        Assert.Equal(15, IntegerPath(Program(), OrderOf([Line("a", 10m), Line("b", 5m)])));
        Assert.Equal(1, IntegerPath(Program(0.1m), OrderOf([Line("a", 12.34m)])));
        Assert.Equal(10, IntegerPath(Program(), OrderOf([Line("a", 5.0000m, quantity: 2)])));
        Assert.Equal(13, IntegerPath(Program(rounding: PointsRounding.Nearest, shipping: true, tax: true), OrderOf([Line("a", 9.99m)], shipping: 2.25m, tax: 0.8m)));
    }

    [Fact]
    public void IntegerPath_TakesUpTo64Lines()
    {
        Assert.Equal(80, IntegerPath(Program(), OrderOf(Lines(64, 1.25m))));
        Assert.Equal(64, IntegerPath(Program(scope: RoundingScope.PerLine), OrderOf(Lines(64, 1.25m))));
        Assert.Equal(128, IntegerPath(Program(rounding: PointsRounding.Ceiling, scope: RoundingScope.PerLine), OrderOf(Lines(64, 1.25m))));
        Assert.Equal(65, DecimalPath(Program(), OrderOf(Lines(65, 1m))));
    }

    [Fact]
    public void IntegerPath_TakesLineDiscounts_AndOrderDiscountsThatDoNotCount()
    {
        Assert.Equal(8, IntegerPath(Program(rounding: PointsRounding.Nearest), OrderOf([Line("a", 10m, discount: 2.5m)])));
        Assert.Equal(40, IntegerPath(Program(netOfDiscounts: false), OrderOf([Line("a", 10m), Line("b", 30m)], orderDiscount: 4m)));

        // Net of discounts, an order discount is spread over the lines: the decimal path's work.
        Assert.Equal(36, DecimalPath(Program(), OrderOf([Line("a", 10m), Line("b", 30m)], orderDiscount: 4m)));

        // A line discount of five decimals: 10 - 0.00001 = 9.99999.
        Assert.Equal(9, DecimalPath(Program(), OrderOf([Line("a", 10m, discount: 0.00001m)])));
    }

    [Fact]
    public void IntegerPath_TakesFactorsOfUpToNineDecimals_AndTrailingZeros()
    {
        Assert.Equal(12, IntegerPath(Program(0.123456789m), OrderOf([Line("a", 100m)])));
        // Ten decimals, the last a zero: 10 x 10^-10 is 1 x 10^-9 once the zero is dropped.
        Assert.Equal(4, IntegerPath(Program(0.0000000010m), OrderOf([Line("a", 4_000_000_000m)])));
        Assert.Equal(15, IntegerPath(Program(), OrderOf([Line("a", 10m)]), tier: 1.5m));

        // Ten decimals that are not zeros: 10 x 1.0000000001.
        Assert.Equal(10, DecimalPath(Program(), OrderOf([Line("a", 10m)]), tier: 1.0000000001m));
    }

    [Fact]
    public void DecimalPath_TakesFactorsWhoseMantissaPasses32Or64Bits()
    {
        // 1,000,000 x 5,000 = 5 x 10^9, above 2^32: 10 x 5 x 10^9.
        Assert.Equal(50_000_000_000, DecimalPath(Program(1_000_000m), OrderOf([Line("a", 10m)]), tier: 5000m));

        // 2^64 x 10^-19: the mantissa's low 64 bits are zeros.
        Assert.Equal(18, DecimalPath(Program(), OrderOf([Line("a", 10m)]), tier: 1.8446744073709551616m));
    }

    [Fact]
    public void DecimalPath_TakesAmountsOutsideTheUnits()
    {
        // Five decimals: 1.00005 x 10,000 = 10,000.5.
        Assert.Equal(10_000, DecimalPath(Program(10_000m), OrderOf([Line("a", 1.00005m)])));
        Assert.Equal(20_000, DecimalPath(Program(10_000m, shipping: true), OrderOf([Line("a", 1m)], shipping: 1.00005m)));

        // Mantissas of 2^32 (429,496.7296) and 2^64 (1,844,674,407,370,955.1616) next to a small line.
        Assert.Equal(429_497, DecimalPath(Program(), OrderOf([Line("a", 429_496.7296m), Line("b", 1m)])));
        Assert.Equal(1_844_674_407_371, DecimalPath(Program(0.001m), OrderOf([Line("a", 1_844_674_407_370_955.1616m), Line("b", 1000m)])));

        // A negative zero price (its sign bit set) is declined by the integer path.
        Assert.Equal(10, DecimalPath(Program(), OrderOf([Line("a", -0.00m), Line("b", 10m)])));
    }

    [Fact]
    public void IntegerPath_TakesOrdersBelowTheMinimum()
    {
        var program = Builder().EarnPerUnit(1m).MinimumOrderValue(Usd(10m)).Build();
        Assert.Equal(0, IntegerPath(program, OrderOf([Line("a", 9.99m)]), outcome: EarnOutcome.BelowMinimum));
        Assert.Equal(10, IntegerPath(program, OrderOf([Line("a", 10m)])));
    }

    [Fact]
    public void IntegerPath_TakesWholeMultipliersAndCampaigns()
    {
        var program = Builder().EarnPerUnit(1m)
            .CategoryMultiplier(Home, 1000m)
            .Campaign(new Campaign("Double", new LocalDateTime(2026, 2, 28, 0, 0), new LocalDateTime(2026, 3, 2, 0, 0), 2m))
            .Build();
        Assert.Equal(2 * (1000 + 3), IntegerPath(program, OrderOf([Line("a", 1m, category: "home"), Line("b", 3m)])));
    }

    [Fact]
    public void Program_AllowsTheIntegerPath_OnlyWithoutExclusionsFractionalMultipliersOrAFiveDecimalMinimum()
    {
        Assert.True(Program().UsesIntegerEarning);
        Assert.True(Builder().CategoryMultiplier(Home, 1000m).MinimumOrderValue(Usd(10.0001m)).Build().UsesIntegerEarning);
        Assert.False(Builder().ExcludeProducts(new ProductId("gift-card")).Build().UsesIntegerEarning);
        Assert.False(Builder().ExcludeCategories(Home).Build().UsesIntegerEarning);
        Assert.False(Builder().ProductMultiplier(new ProductId("mug"), 1.5m).Build().UsesIntegerEarning);
        Assert.False(Builder().CategoryMultiplier(Home, 2.0m).Build().UsesIntegerEarning);
        Assert.False(Builder().MinimumOrderValue(Usd(10.00001m)).Build().UsesIntegerEarning);

        // The decimal path then applies what the integer path could not: the excluded line earns nothing, 2.0 doubles.
        var excluding = Builder().ExcludeProducts(new ProductId("gift-card")).Build();
        Assert.Equal(5, DecimalPath(excluding, OrderOf([Line("a", 10m, product: "gift-card"), Line("b", 5m)])));
        var minimum = Builder().MinimumOrderValue(Usd(10.00001m)).Build();
        Assert.Equal(EarnOutcome.BelowMinimum, minimum.Earn(OrderOf([Line("a", 10m)]), 1m).Outcome);
    }

    [Fact]
    public void DecimalPath_AppliesTheCampaign()
    {
        var program = Builder().EarnPerUnit(1m)
            .Campaign(new Campaign("Triple", new LocalDateTime(2026, 2, 28, 0, 0), new LocalDateTime(2026, 3, 2, 0, 0), 3m))
            .Build();
        Assert.Equal(3 * 65, DecimalPath(program, OrderOf(Lines(65, 1m))));
        Assert.Equal(3 * 65, DecimalPath(Builder().EarnPerUnit(1m, scope: RoundingScope.PerLine).Campaign(program.Campaigns[0]).Build(), OrderOf(Lines(65, 1m))));
    }

    [Fact]
    public void Campaign_BelowOne_Applies_OnBothPaths()
    {
        // A lone campaign applies even when it lowers the rate ("half points on sale items week").
        var program = Builder().EarnPerUnit(1m)
            .Campaign(new Campaign("Half", new LocalDateTime(2026, 2, 28, 0, 0), new LocalDateTime(2026, 3, 2, 0, 0), 0.5m))
            .Build();
        Assert.Equal(0.5m, program.CampaignMultiplier(At));
        Assert.Equal(1m, program.CampaignMultiplier(Local(2026, 3, 5)));
        Assert.Equal(5, IntegerPath(program, OrderOf([Line("a", 10m)])));
        Assert.Equal(32, DecimalPath(program, OrderOf(Lines(65, 1m))));
    }

    [Fact]
    public void PointsFor_AndFindBonus_CheckTheirArguments()
    {
        Assert.Equal("order", Assert.Throws<ArgumentNullException>(() => Program().PointsFor(null!)).ParamName);
        var program = Builder().Bonus(new ActionBonus(BonusTrigger.Review, new Points(10))).Build();
        Assert.Equal(new Points(10), program.FindBonus(BonusTrigger.Review)!.Points);
        Assert.Null(program.FindBonus(BonusTrigger.SignUp));
        Assert.Null(program.FindBonus((BonusTrigger)(-1)));
        Assert.Null(program.FindBonus((BonusTrigger)Enum.GetValues<BonusTrigger>().Length));
    }

    [Fact]
    public void FindReward_ByOrdinalId_NullForAnUnknownId_AndNamesTheNullArgument()
    {
        var tote = Reward.AmountOff("tote", new Points(500), new Money(5m, Currency.Usd));
        var program = Builder().Reward(Reward.FreeShipping("ship", new Points(100))).Reward(tote).Build();

        Assert.Same(tote, program.FindReward("tote"));
        Assert.Null(program.FindReward("Tote"));
        Assert.Null(program.FindReward(""));
        Assert.Equal("rewardId", Assert.Throws<ArgumentNullException>(() => program.FindReward(null!)).ParamName);
    }

    [Fact]
    public void DecimalPath_PerLinePointsThatPassLongMaxValue_Throw()
    {
        // Each line's 5 x 10^18 points fit a long, their sum does not: checked, not wrapped to a negative balance.
        var order = OrderOf([Line("a", 5_000_000_000_000_000_000m), Line("b", 5_000_000_000_000_000_000m)]);
        Assert.Throws<OverflowException>(() => Program(scope: RoundingScope.PerLine).PointsFor(order));
    }

    [Theory]
    [InlineData(RoundingScope.PerOrder)]
    [InlineData(RoundingScope.PerLine)]
    public void DecimalPath_PointsPastLongMaxValue_AreCappedByMaxPerOrder_NotAnOverflow(RoundingScope scope)
    {
        // 10^19 points, more than a long holds: under a per-order cap the order earns the cap, as any order above it
        // does, instead of an OverflowException (which it threw until 2 December, the points being converted to a long
        // before the cap was applied).
        var order = OrderOf([Line("a", 5_000_000_000_000_000_000m), Line("b", 5_000_000_000_000_000_000m)]);
        var program = Builder().EarnPerUnit(1m, PointsRounding.Floor, scope).MaxPerOrder(new Points(1_000)).Build();

        Assert.Equal(new Points(1_000), program.PointsFor(order));
        Assert.Equal(EarnOutcome.Capped, program.EarnDecimal(order, 1m).Outcome);
        var ledger = new PointsLedger(program);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(new OrderPlaced(order)).Status);
        Assert.Equal(new Points(1_000), ledger.GetBalance(Alice, At).Earned);

        // Without the cap it stays the documented overflow.
        Assert.Throws<OverflowException>(() => Builder().EarnPerUnit(1m, PointsRounding.Floor, scope).Build().PointsFor(order));
    }

    [Fact]
    public void DecimalPath_MultiplierWrittenWithDecimals_GivesTheProductsScale()
    {
        // Skipping a multiplication by 1 is exact only for 1 of scale 0: 10.00 x 1.0 is 10.000.
        var order = OrderOf([Line("a", 10.00m, category: "home")]);
        var withDecimal = Builder().CategoryMultiplier(Home, 1.0m).Build();
        Assert.Equal(decimal.GetBits(10.00m * 1.0m), decimal.GetBits(withDecimal.EarnDecimal(order, 1m).WeightedBasis));
        var whole = Builder().CategoryMultiplier(Home, 1m).ProductMultiplier(new ProductId("mug"), 2.5m).Build();
        Assert.Equal(decimal.GetBits(10.00m), decimal.GetBits(whole.EarnDecimal(order, 1m).WeightedBasis));
    }

    [Fact]
    public void DecimalPath_Of64Lines_AllocatesNothing()
    {
        // Up to 64 lines the decimal path keeps its amounts on the stack (a decimal[64] would be 1,048 bytes).
        var program = Builder().CategoryMultiplier(Home, 1.5m).Basis(includeShipping: true).Build();
        var order = OrderOf(Lines(64, 1.25m), orderDiscount: 8m, shipping: 4m);
        var refund = new Refund(new RefundId("r"), order, At, [new RefundLine(new LineItemId("l0"), 1, Usd(1.125m))], Usd(4m));
        Assert.Equal(0, Allocated(() => program.EarnDecimal(order, 1m)));
        Assert.Equal(0, Allocated(() => program.WeightedBasisDecimal(order)));
        Assert.Equal(0, Allocated(() => program.RefundedWeight(order, refund)));
    }

    private static long Allocated<T>(Func<T> call)
    {
        for (var i = 0; i < 3; i++)
        {
            call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void RefundedWeight_OfALineThatCostNothing_IsItsShareByQuantity()
    {
        // Gross 4 x 5.00 fully discounted: no share of the paid amount, so three of the four items give back three
        // quarters of the gross basis.
        var program = Program(netOfDiscounts: false);
        var order = OrderOf([Line("free", 5m, quantity: 4, discount: 20m), Line("b", 20m)]);
        var refund = new Refund(new RefundId("r"), order, At, [new RefundLine(new LineItemId("free"), 3, Usd(0m))]);
        Assert.Equal(15m, program.RefundedWeight(order, refund));

        // Net of discounts the free line weighs nothing.
        Assert.Equal(0m, Program().RefundedWeight(order, refund));
    }

    [Fact]
    public void RefundedWeight_CountsShippingAndTaxOnlyWhenTheProgramDoes()
    {
        var order = OrderOf([Line("a", 20m)], shipping: 3m, tax: 2m);
        var goodwill = new Refund(new RefundId("r1"), order, At, [], Usd(3m), Usd(2.5m));
        var partialTax = new Refund(new RefundId("r2"), order, At, [], null, Usd(1.5m));
        Assert.Equal(0m, Program().RefundedWeight(order, goodwill));
        Assert.Equal(3m, Program(shipping: true).RefundedWeight(order, goodwill));

        // Only up to the tax charged counts as tax: the rest of the adjustment is goodwill.
        Assert.Equal(2m, Program(tax: true).RefundedWeight(order, goodwill));
        Assert.Equal(1.5m, Program(tax: true).RefundedWeight(order, partialTax));
        Assert.Equal(5m, Program(shipping: true, tax: true).RefundedWeight(order, goodwill));
    }
}
