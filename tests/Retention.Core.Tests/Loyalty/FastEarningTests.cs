using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// The integer earning path gives exactly what the decimal path gives: the same points, outcome, and the same decimals
/// (value and scale) for the weighted basis and the basis, over random orders, programs and factors.
/// </summary>
public sealed class FastEarningTests
{
    private static readonly CategoryId Beauty = new("beauty");
    private static readonly CategoryId Home = new("home");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Earn_IntegerPath_EqualsDecimalPath(int seed)
    {
        var random = new Random(seed);
        for (var p = 0; p < 40; p++)
        {
            var program = RandomProgram(random);
            for (var o = 0; o < 250; o++)
            {
                var order = RandomOrder(random, o);
                decimal[] tierMultipliers = [1m, 1.5m, 2m, 1.25m, 1.0m];
                var tier = tierMultipliers[random.Next(tierMultipliers.Length)];
                var fast = program.Earn(order, tier);
                var slow = program.EarnDecimal(order, tier);
                Assert.Equal(slow.Points, fast.Points);
                Assert.Equal(slow.Outcome, fast.Outcome);
                Assert.Equal(decimal.GetBits(slow.WeightedBasis), decimal.GetBits(fast.WeightedBasis));
                Assert.Equal(decimal.GetBits(slow.Basis), decimal.GetBits(fast.Basis));
                Assert.Equal(decimal.GetBits(program.WeightedBasisDecimal(order)), decimal.GetBits(program.WeightedBasis(order)));
            }
        }
    }

    private static PointsProgram RandomProgram(Random random)
    {
        decimal[] rates = [1m, 2m, 0.1m, 1.5m, 0.05m, 10m, 1.00m, 3.333m];
        var builder = Builder()
            .EarnPerUnit(rates[random.Next(rates.Length)], (PointsRounding)random.Next(3), (RoundingScope)random.Next(2))
            .Basis(random.Next(4) != 0, random.Next(2) == 0, random.Next(2) == 0);
        decimal[] multipliers = [2m, 3m, 1000m, 1m, 1.5m, 2.0m];
        if (random.Next(2) == 0)
        {
            builder.CategoryMultiplier(Beauty, multipliers[random.Next(multipliers.Length)]);
        }

        if (random.Next(3) == 0)
        {
            builder.ProductMultiplier(new ProductId("p-1"), multipliers[random.Next(multipliers.Length)]);
        }

        if (random.Next(4) == 0)
        {
            builder.MinimumOrderValue(Usd(random.Next(3) == 0 ? 25.5m : 10m));
        }

        if (random.Next(4) == 0)
        {
            builder.MaxPerOrder(new Points(random.Next(1, 200)));
        }

        return builder.Build();
    }

    private static Order RandomOrder(Random random, int index)
    {
        var lines = new OrderLine[random.Next(1, 5)];
        for (var j = 0; j < lines.Length; j++)
        {
            var price = RandomAmount(random);
            var quantity = random.Next(1, 4);
            Money? discount = random.Next(4) == 0 ? Usd(Math.Round(price * quantity * random.Next(0, 101) / 100m, random.Next(0, 4), MidpointRounding.ToZero)) : null;
            CategoryId? category = random.Next(3) switch { 0 => Beauty, 1 => Home, _ => null };
            lines[j] = new OrderLine(new LineItemId("l" + j), new ProductId("p-" + random.Next(3)), quantity, Usd(price), discount, category);
        }

        var subtotal = lines.Sum(l => l.Net.Amount);
        Money? orderDiscount = random.Next(5) == 0 && subtotal > 0m ? Usd(Math.Round(subtotal * random.Next(1, 50) / 100m, 2, MidpointRounding.ToZero)) : null;
        Money? shipping = random.Next(2) == 0 ? Usd(RandomAmount(random)) : null;
        Money? tax = random.Next(2) == 0 ? Usd(RandomAmount(random)) : null;
        return new Order(new OrderId("o-" + index), new CustomerId("c"), Local(2026, 3, 1), Currency.Usd, lines, orderDiscount, shipping, tax);
    }

    /// <summary>Amounts with 0 to 6 decimals and now and then a very large one, so that both paths are taken.</summary>
    private static decimal RandomAmount(Random random) => random.Next(20) switch
    {
        0 => 0m,
        1 => 123_456_789_012.34m,
        2 => Math.Round((decimal)random.NextDouble() * 100m, 6),
        3 => 5.0000m,
        _ => Math.Round((decimal)random.NextDouble() * 200m, random.Next(0, 5)),
    };
}
