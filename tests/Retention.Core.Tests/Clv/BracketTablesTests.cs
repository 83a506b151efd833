using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// The per-frequency Chebyshev tables behind the BG/NBD batch predictions agree with the series the single-customer
/// methods sum, to 1e-12 relative, over random parameters, ages and horizons; frequencies without a table fall back to
/// the series.
/// </summary>
public sealed class BracketTablesTests
{
    private static readonly BgNbdModel Cdnow = new(0.243, 4.414, 0.793, 2.426);

    // The BG/NBD properties' parameters, one in four up to 100,000 (with r in the tens of thousands this property found
    // P(alive) losing relative accuracy: BgNbdModelTests.ProbabilityAlive_WithRInTheTensOfThousands_*).
    public static Arbitrary<(double R, double Alpha, double A, double B)> Parameters() => BgNbdPropertyTests.Parameters();

    [Fact]
    public void CommonFrequencies_GetTables_AndRareOnesDoNot()
    {
        // 300 customers at x = 0 and x = 2, 5 at x = 7, one at x = 2.5: only the first two pay for a table when each
        // customer is evaluated once (256 evaluations), and x = 7 does at 12 periods a customer.
        var x = Enumerable.Repeat(0d, 300).Concat(Enumerable.Repeat(2d, 300)).Concat(Enumerable.Repeat(7d, 25)).Append(2.5).ToArray();
        var age = x.Select((_, i) => 1d + (i % 39)).ToArray();

        using var once = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, x, age, 39, 1);
        using var twelve = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, x, age, 52, 12);

        Assert.InRange(once.TermsFor(0), 8, 56);
        Assert.InRange(once.TermsFor(2), 8, 56);
        Assert.Equal(0, once.TermsFor(7));
        Assert.Equal(0, once.TermsFor(2.5));
        Assert.Equal(0, once.TermsFor(1));
        Assert.InRange(twelve.TermsFor(7), 8, 56);
        Assert.Equal(0, twelve.TermsFor(2.5));
    }

    [Fact]
    public void TableValues_MatchTheSeries_AcrossTheRange()
    {
        double[] x = [.. Enumerable.Repeat(0d, 300), .. Enumerable.Repeat(1d, 300), .. Enumerable.Repeat(40d, 300)];
        var age = x.Select((_, i) => i % 40 * 1d).ToArray();
        using var tables = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, x, age, 52, 1);

        foreach (var frequency in new[] { 0, 1, 40 })
        {
            Assert.True(tables.TermsFor(frequency) > 0);
            for (var t = 0.01; t <= 52; t *= 1.7)
            {
                // Youngest customer (T = 0) at the far end of the range, and everything shorter.
                var u = t / Cdnow.Alpha;
                Assert.Equal(BgNbdFamily.Bracket(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, t, frequency, 0), tables.Bracket(frequency, u), Tolerance.Relative(1e-12));
            }

            // Beyond the table's range the caller is told to use the series.
            Assert.True(double.IsNaN(tables.Bracket(frequency, 53 / Cdnow.Alpha)));
        }
    }

    [Fact]
    public void Brackets_TwelveAtATime_AreTheScalarOnes_AndOneBeyondTheRangeSendsTheCallerToTheSeries()
    {
        double[] x = [.. Enumerable.Repeat(0d, 300), .. Enumerable.Repeat(1d, 300)];
        var age = x.Select((_, i) => i % 40 * 1d).ToArray();
        using var tables = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, x, age, 52, 1);
        var u = Enumerable.Range(1, BracketTables.Lanes).Select(i => i * 4d / Cdnow.Alpha).ToArray();
        var destination = new double[BracketTables.Lanes];

        Assert.True(tables.Brackets(1, u, destination));
        for (var i = 0; i < u.Length; i++)
        {
            Assert.Equal(tables.Bracket(1, u[i]), destination[i], Tolerance.Relative(1e-14));
        }

        // One lane past t = 52 (the longest horizon for T = 0): the whole call declines.
        u[7] = 53 / Cdnow.Alpha;
        Assert.False(tables.Brackets(1, u, destination));
    }

    [Fact]
    public void TablesWithoutAnIntegerFrequency_OrWithoutAHorizon_HaveNoTerms()
    {
        double[] age = [10, 20, 30];
        using var fractional = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, [0.5, 1.5, -1], age, 52, 1);
        using var noHorizon = BracketTables.Build(Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B, 0, [0, 1, 2], age, 0, 1);

        Assert.Equal(0, fractional.TermsFor(0));
        Assert.Equal(0, fractional.TermsFor(1));
        Assert.All(new[] { 0, 1, 2 }, f => Assert.Equal(0, noHorizon.TermsFor(f)));
    }

    [Property(Arbitrary = [typeof(BracketTablesTests)], MaxTest = 60)]
    public Property Batches_MatchTheSeries((double R, double Alpha, double A, double B) p, PositiveInt seed)
    {
        var model = new BgNbdModel(p.R, p.Alpha, p.A, p.B);
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var random = new Random(seed.Get);
        const int PerFrequency = 260;
        double[] frequencies = [0, 1, 3, 25];
        var n = PerFrequency * frequencies.Length;
        var x = new double[n];
        var tx = new double[n];
        var age = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = frequencies[i / PerFrequency];
            age[i] = random.NextDouble() * 50;
            tx[i] = x[i] == 0 ? 0 : random.NextDouble() * age[i];
        }

        var zbar = x.Select(v => v > 0 ? 30d : 0d).ToArray();
        var horizon = new ClvHorizon(12, 0.5 + (random.NextDouble() * 10), 0.01);
        var t = 1 + (random.NextDouble() * 100);
        var expected = new double[n];
        var clv = new double[n];
        model.ExpectedPurchases(t, x, tx, age, expected);
        DiscountedClv.Compute(model, spend, horizon, x, tx, age, zbar, clv);

        var worst = 0d;
        for (var i = 0; i < n; i += 7)
        {
            worst = Math.Max(worst, Difference(model.ExpectedPurchases(t, x[i], tx[i], age[i]), expected[i]));
            worst = Math.Max(worst, Difference(DiscountedClv.Compute(model, spend, horizon, x[i], tx[i], age[i], zbar[i]), clv[i]));
        }

        // Where the series itself is unreliable (a + b + x ≤ 1, docs/clv.md) there is nothing to agree with.
        return (worst <= 1e-12).When(p.A + p.B > 1d).Label(FormattableString.Invariant($"worst relative difference {worst:E2}"));
    }

    /// <summary>0 when equal, and where the series has no answer: this property is about the batch agreeing with the
    /// series; where the series itself gives up (NaN after its term limit, for extreme parameters such as r = 100 with
    /// α = 0.01, see docs/clv.md) there is nothing to agree with (the batch falls back to the series there, or holds
    /// a table whose nodes all had answers).</summary>
    private static double Difference(double series, double batch) =>
        series == batch || double.IsNaN(series) ? 0d : Math.Abs(series - batch) / Math.Abs(series);
}
