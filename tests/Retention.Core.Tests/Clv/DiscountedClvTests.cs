using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;
using Retention.Rfm;

namespace Retention.Tests.Clv;

/// <summary>Discounted CLV from BG/NBD or Pareto/NBD with Gamma-Gamma, against its definition.</summary>
public sealed class DiscountedClvTests
{
    private static readonly BgNbdModel BgNbd = new(0.243, 4.414, 0.793, 2.426);
    private static readonly ParetoNbdModel Pareto = new(0.553, 10.578, 0.606, 11.669);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);

    [Fact]
    public void Compute_IsTheDiscountedSumOfPerPeriodPurchasesTimesSpend()
    {
        var horizon = ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Weeks, 0.01);
        Assert.Equal(365.25 / 12 / 7, horizon.PeriodLength, 14);
        var spend = Spend.ExpectedAverageSpend(2, 22.35);
        var expectedBg = 0d;
        var expectedPareto = 0d;
        for (var i = 1; i <= 12; i++)
        {
            var t1 = i * horizon.PeriodLength;
            var t0 = (i - 1) * horizon.PeriodLength;
            expectedBg += spend * (BgNbd.ExpectedPurchases(t1, 2, 30.43, 38.86) - BgNbd.ExpectedPurchases(t0, 2, 30.43, 38.86)) / Math.Pow(1.01, i);
            expectedPareto += spend * (Pareto.ExpectedPurchases(t1, 2, 30.43, 38.86) - Pareto.ExpectedPurchases(t0, 2, 30.43, 38.86)) / Math.Pow(1.01, i);
        }

        Assert.Equal(expectedBg, DiscountedClv.Compute(BgNbd, Spend, horizon, 2, 30.43, 38.86, 22.35), 10);
        Assert.Equal(expectedPareto, DiscountedClv.Compute(Pareto, Spend, horizon, 2, 30.43, 38.86, 22.35), 10);
    }

    [Fact]
    public void WithoutDiscounting_TheSumTelescopesToTheWholeHorizon()
    {
        var horizon = new ClvHorizon(52, 1, 0);
        var spend = Spend.ExpectedAverageSpend(5, 40);
        Assert.Equal(spend * BgNbd.ExpectedPurchases(52, 5, 20, 38), DiscountedClv.Compute(BgNbd, Spend, horizon, 5, 20, 38, 40), 10);
        Assert.Equal(Spend.PopulationMeanSpend * BgNbd.ExpectedPurchasesNewCustomer(52), DiscountedClv.Compute(BgNbd, Spend, horizon, 0, 0, 0, 0), 10);
    }

    [Fact]
    public void Batch_MatchesTheScalarResults_OnOneAndTwoCores()
    {
        var random = new Random(11);
        const int N = 60_000; // above the two-core threshold
        var age = Enumerable.Range(0, N).Select(_ => random.NextDouble() * 39).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(BgNbd, random, age, x, tx);
        var zbar = x.Select(v => v > 0 ? 5 + (random.NextDouble() * 100) : 0).ToArray();
        var horizon = new ClvHorizon(12, 4, 0.01);
        var bg = new double[N];
        var pareto = new double[N];

        DiscountedClv.Compute(BgNbd, Spend, horizon, x, tx, age, zbar, bg);
        DiscountedClv.Compute(Pareto, Spend, horizon, x, tx, age, zbar, pareto);

        // BG/NBD batches read frequencies held by many customers from Chebyshev tables (docs/clv.md): equal to the
        // series to 1e-12 relative. Pareto/NBD's bracket is closed form: bit for bit.
        for (var i = 0; i < N; i += 997)
        {
            Assert.Equal(DiscountedClv.Compute(BgNbd, Spend, horizon, x[i], tx[i], age[i], zbar[i]), bg[i], Tolerance.Relative(1e-12));
            Assert.Equal(DiscountedClv.Compute(Pareto, Spend, horizon, x[i], tx[i], age[i], zbar[i]), pareto[i]);
        }

        Assert.Equal(DiscountedClv.Compute(BgNbd, Spend, horizon, x[^1], tx[^1], age[^1], zbar[^1]), bg[^1], Tolerance.Relative(1e-12));
        Assert.All(bg, v => Assert.True(v >= 0 && double.IsFinite(v)));
    }

    [Fact]
    public void InvalidInputs_AreRejected()
    {
        Assert.Equal("periods", Assert.Throws<InvalidValueException>(() => new ClvHorizon(0, 1, 0)).Field);
        Assert.Equal("periodLength", Assert.Throws<InvalidValueException>(() => new ClvHorizon(1, 0, 0)).Field);
        Assert.Equal("discountRate", Assert.Throws<InvalidValueException>(() => new ClvHorizon(1, 1, -0.1)).Field);
        Assert.Equal("daysPerPeriod", Assert.Throws<InvalidValueException>(() => ClvHorizon.FromDays(1, double.NaN, TimeUnit.Days, 0)).Field);
        var horizon = new ClvHorizon(12, 1, 0);
        Assert.Equal("monetaryValue[1]", Assert.Throws<InvalidValueException>(() => DiscountedClv.Compute(BgNbd, Spend, horizon, [0, 2], [0, 1], [3, 3], [0, 0], new double[2])).Field);
        Assert.Equal("monetaryValue", Assert.Throws<InvalidValueException>(() => DiscountedClv.Compute(BgNbd, Spend, horizon, 2, 1, 3, -4)).Field);
        Assert.Throws<ArgumentNullException>(() => DiscountedClv.Compute((BgNbdModel)null!, Spend, horizon, 2, 1, 3, 4));
    }

    public static Arbitrary<(int Periods, double Length, double Rate, double X, double Tx, double T, double Zbar)> Cases() =>
        (from periods in Gen.Choose(1, 36)
         from length in Gen.Elements(0.5, 1d, 4.348, 13d)
         from rate in Gen.Elements(0d, 0.001, 0.01, 0.1)
         from customer in BgNbdPropertyTests.CustomerGen
         from zbar in Gen.Choose(1, 100_000).Select(c => c / 100d)
         select (periods, length, rate, customer.X, customer.Tx, customer.T, zbar)).ToArbitrary();

    [Property(Arbitrary = [typeof(DiscountedClvTests)], MaxTest = 150)]
    public bool Clv_GrowsWithTheHorizon_AndFallsWithTheDiscountRate((int Periods, double Length, double Rate, double X, double Tx, double T, double Zbar) c)
    {
        var shortHorizon = new ClvHorizon(c.Periods, c.Length, c.Rate);
        var longHorizon = new ClvHorizon(c.Periods + 6, c.Length, c.Rate);
        var dearer = new ClvHorizon(c.Periods, c.Length, c.Rate + 0.05);
        foreach (var clv in new Func<ClvHorizon, double>[]
        {
            h => DiscountedClv.Compute(BgNbd, Spend, h, c.X, c.Tx, c.T, c.Zbar),
            h => DiscountedClv.Compute(Pareto, Spend, h, c.X, c.Tx, c.T, c.Zbar),
        })
        {
            var value = clv(shortHorizon);
            var tolerance = 1e-9 * Math.Max(1d, value);
            if (!(value >= 0 && double.IsFinite(value) && clv(longHorizon) >= value - tolerance && clv(dearer) <= value + tolerance))
            {
                return false;
            }
        }

        return true;
    }
}
