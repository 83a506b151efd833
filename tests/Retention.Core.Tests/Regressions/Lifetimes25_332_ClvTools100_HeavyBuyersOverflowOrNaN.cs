using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/CamDavidsonPilon/lifetimes/issues/25">CamDavidsonPilon/lifetimes#25</see>
/// ("Pareto_NBD overflow"), <see href="https://github.com/CamDavidsonPilon/lifetimes/issues/332">CamDavidsonPilon/lifetimes#332</see>
/// ("BetaGeoFitter: RuntimeWarning: overflow encountered in double_scalars") and
/// <see href="https://github.com/bachmannpatrick/CLVTools/issues/100">bachmannpatrick/CLVTools#100</see> ("Fix prediction
/// routine of Pareto/NBD for customers with high number of transactions"). The issue also cites
/// CamDavidsonPilon/lifetimes#302, which is not in the stored copy of the tracker we could search; the scenario it stands
/// for (heavy buyers give overflow or NaN) is covered by the three reports above.
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> lifetimes#25: for customers with frequency above 300 the Pareto/NBD term A₀ came out
/// 0 because (α + tₓ)^(r+s+x) overflowed, and P(alive) became ∞ × 0 = NaN. lifetimes#332: with a fitted BG/NBD of
/// r 0.10, α 50.16, a 0.40, b 0.81 the P(alive) denominator ((α+T)/(α+tₓ))^(r+x) overflowed for heavy buyers.
/// CLVTools#100: Pareto/NBD predictions were NaN for customers such as x 221, tₓ 103.43, T 103.57 because P(alive) was.</para>
/// <para><b>What the library does.</b> Everything is computed in log space: the results below are finite and equal to an
/// independent 60-digit evaluation of the published closed forms (mpmath, Gauss hypergeometric function included) to a
/// relative 1e-9, including results far below 1e-100 whose intermediate powers overflow a double. The CLVTools#100 rows
/// are evaluated with the CDNOW Pareto/NBD estimates (the report gives no parameters); its second row has tₓ above T
/// and is not a valid customer.</para>
/// <para><b>Mutation seen killed:</b> evaluating the BG/NBD P(alive) odds by <c>Math.Pow</c> outside log space.</para>
/// </remarks>
public sealed class Lifetimes25_332_ClvTools100_HeavyBuyersOverflowOrNaN
{
    private static readonly BgNbdModel Lifetimes332 = new(0.10, 50.16, 0.40, 0.81);

    // Hardie's CDNOW Pareto/NBD estimates, as lifetimes prints them.
    private static readonly ParetoNbdModel CdnowPareto = new(0.5534, 10.5802, 0.6061, 11.6562);

    [Theory]
    // x, tₓ, T (days), P(alive), E[Y(30)]; ((α+T)/(α+tₓ))^(r+x) is e^710.9 in the first row, above double's maximum.
    [InlineData(2000, 240.8, 365, 8.2996553316274386e-306, 1.1827728535492792e-303)]
    [InlineData(2000, 300, 365, 6.2171951381224341e-145, 8.860042183399752e-143)]
    [InlineData(150, 10, 365, 4.5023441730896293e-124, 4.815184970247224e-123)]
    [InlineData(500, 399, 400, 0.99757221362990923, 32.817443378935004)]
    public void BgNbd_Lifetimes332Parameters_HeavyBuyers_MatchTheHighPrecisionOracle(double x, double tx, double age, double alive, double expected)
    {
        Assert.Equal(alive, Lifetimes332.ProbabilityAlive(x, tx, age), Tolerance.Relative(1e-9));
        Assert.Equal(expected, Lifetimes332.ExpectedPurchases(30, x, tx, age), Tolerance.Relative(1e-9));
    }

    [Theory]
    // lifetimes#25: frequency above 300 (weeks, CDNOW-like ages).
    [InlineData(301, 30.43, 38.86, 1.5073193048658149e-22, 3.790756236836945e-20)]
    [InlineData(400, 38, 39, 0.16024635411641295, 53.406185899141174)]
    // CLVTools#100's rows (x, t.x, T.cal), except the one with t.x > T.cal.
    [InlineData(221, 103.42857, 103.57143, 0.99913383473452241, 89.63687085160158)]
    [InlineData(161, 94.71429, 98.0, 0.65103495977341799, 44.544248816266493)]
    [InlineData(204, 98.57143, 99.42857, 0.98850008184221899, 84.639353089122393)]
    public void ParetoNbd_HeavyBuyers_MatchTheHighPrecisionOracle(double x, double tx, double age, double alive, double expected)
    {
        Assert.Equal(alive, CdnowPareto.ProbabilityAlive(x, tx, age), Tolerance.Relative(1e-9));
        Assert.Equal(expected, CdnowPareto.ExpectedPurchases(52, x, tx, age), Tolerance.Relative(1e-9));
    }

    [Fact]
    public void ClvTools100_RowWithRecencyAfterTheEndOfCalibration_IsRejected_NotNaN()
    {
        var e = Assert.Throws<InvalidValueException>(() => CdnowPareto.ProbabilityAlive(254, 97.42857, 97.28571));
        Assert.Contains("recency", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchPredictions_ForHeavyBuyers_AreFiniteAndEqualTheScalarOnes()
    {
        double[] x = [221, 161, 204, 301, 400, 5000, 10_000];
        double[] tx = [103.42857, 94.71429, 98.57143, 30.43, 38, 1, 99.9];
        double[] age = [103.57143, 98, 99.42857, 38.86, 39, 100, 100];
        var alive = new double[x.Length];
        var expected = new double[x.Length];

        CdnowPareto.ProbabilityAlive(x, tx, age, alive);
        CdnowPareto.ExpectedPurchases(52, x, tx, age, expected);

        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(double.IsFinite(alive[i]) && alive[i] is >= 0 and <= 1, "P(alive) " + alive[i]);
            Assert.True(double.IsFinite(expected[i]) && expected[i] >= 0, "E " + expected[i]);
            Assert.Equal(CdnowPareto.ProbabilityAlive(x[i], tx[i], age[i]), alive[i], Tolerance.Relative(1e-12));
            Assert.Equal(CdnowPareto.ExpectedPurchases(52, x[i], tx[i], age[i]), expected[i], Tolerance.Relative(1e-12));
        }
    }

    public static Arbitrary<(double X, double Tx, double Age)> HeavyBuyers() =>
        (from x in Gen.Choose(300, 20_000)
         from age in Gen.Choose(1, 2_000)
         from recencyPermille in Gen.Choose(0, 1000)
         select ((double)x, age * recencyPermille / 1000d, (double)age)).ToArbitrary();

    /// <summary>Any heavy buyer, under both reports' parameters: probabilities in [0, 1] and finite expectations, never NaN.</summary>
    [Property(Arbitrary = [typeof(Lifetimes25_332_ClvTools100_HeavyBuyersOverflowOrNaN)], MaxTest = 300)]
    public bool AnyHeavyBuyer_GetsFiniteNumbers((double X, double Tx, double Age) c) =>
        Lifetimes332.ProbabilityAlive(c.X, c.Tx, c.Age) is >= 0 and <= 1
        && CdnowPareto.ProbabilityAlive(c.X, c.Tx, c.Age) is >= 0 and <= 1
        && double.IsFinite(Lifetimes332.ExpectedPurchases(30, c.X, c.Tx, c.Age)) && Lifetimes332.ExpectedPurchases(30, c.X, c.Tx, c.Age) >= 0
        && double.IsFinite(CdnowPareto.ExpectedPurchases(52, c.X, c.Tx, c.Age)) && CdnowPareto.ExpectedPurchases(52, c.X, c.Tx, c.Age) >= 0;
}
