using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// Gaps the first mutation run of <c>clv-paretonbd-1</c> found (docs/testing.md#latest-scores): the fit's weights and
/// starting point, which only the CDNOW fit (left out of the clv scopes as too slow) reached; its parameter names; the
/// refusal messages of a negative purchase count; the purchase-count quadrature's split at the peak and its stopping
/// rule, which no test with a narrow peak (a heavy buyer) needed; and the closed form of the expectation's bracket
/// where s is within 1e-8 of 1 but (s-1) ln((β+T)/(β+T+t)) is not small. From <c>clv-paretonbd-a0</c>: how many panels
/// the dead integral's quadrature takes, which no test looked at (its minimum depth and its recursion).
/// </summary>
public sealed class ParetoNbdMutationGapTests
{
    private static readonly ParetoNbdModel Cdnow = new(0.553, 10.578, 0.606, 11.669);

    [Fact]
    public void Fit_WithWholeNumberWeights_IsTheFitOfEachRowRepeated_AndNamesItsParameters()
    {
        // 200 simulated customers, weighted 0 to 3 with the weight tied to the data (repeat buyers count three times),
        // so that a weight left out moves the estimate; a weight of 0 drops the row.
        var random = new Random(41);
        const int N = 200;
        var x = new double[N];
        var tx = new double[N];
        var age = new double[N];
        for (var i = 0; i < N; i++)
        {
            age[i] = 1 + (random.NextDouble() * 38);
            (x[i], tx[i]) = Simulate(Cdnow, random, age[i]);
        }

        var weights = Enumerable.Range(0, N).Select(i => i % 10 == 0 ? 0d : x[i] > 0 ? 3d : 1d).ToArray();
        var rows = Enumerable.Range(0, N).SelectMany(i => Enumerable.Repeat(i, (int)weights[i])).ToArray();

        var weighted = ParetoNbdModel.Fit(x, tx, age, weights);
        var repeated = ParetoNbdModel.Fit(rows.Select(i => x[i]).ToArray(), rows.Select(i => tx[i]).ToArray(), rows.Select(i => age[i]).ToArray());
        var unweighted = ParetoNbdModel.Fit(x, tx, age);

        Assert.True(weighted.Converged, weighted.FailureReason);
        Assert.True(repeated.Converged, repeated.FailureReason);
        Assert.Equal(["r", "alpha", "s", "beta"], weighted.Parameters.Select(p => p.Name));
        Assert.Equal(rows.Length, weighted.TotalWeight);
        Assert.Equal(repeated.LogLikelihood, weighted.LogLikelihood, Tolerance.Relative(1e-9));
        Assert.Equal(repeated.Model.R, weighted.Model.R, Tolerance.Relative(1e-5));
        Assert.Equal(repeated.Model.Alpha, weighted.Model.Alpha, Tolerance.Relative(1e-5));
        Assert.Equal(repeated.Model.S, weighted.Model.S, Tolerance.Relative(1e-5));
        Assert.Equal(repeated.Model.Beta, weighted.Model.Beta, Tolerance.Relative(1e-5));
        Assert.True(Math.Abs(unweighted.Model.R - weighted.Model.R) > 0.01 * weighted.Model.R, "the weights move the estimate");
    }

    [Theory]
    // r = s = 1, α = mean T / max(mean x, 0.1) (1 when mean T is 0), β = max(mean T, 1), the means weighted.
    [InlineData(new[] { 0d, 2, 4 }, new[] { 10d, 20, 30 }, null, 3d, 10d, 20d)]
    [InlineData(new[] { 0d, 2, 4 }, new[] { 10d, 20, 30 }, new[] { 3d, 1, 0 }, 4d, 25d, 12.5)]
    [InlineData(new[] { 0d, 0 }, new[] { 5d, 7 }, null, 2d, 60d, 6d)]
    [InlineData(new[] { 1d }, new[] { 0.5 }, null, 1d, 0.5, 1d)]
    [InlineData(new[] { 0d }, new[] { 0d }, null, 1d, 1d, 1d)]
    public void Fit_StartsFromTheWeightedMeans(double[] x, double[] age, double[]? weights, double total, double alpha, double beta)
    {
        var start = ParetoNbdModel.StartingPoint(x, age, weights, total);

        Assert.Equal(4, start.Length);
        Assert.Equal(1d, start[0]);
        Assert.Equal(alpha, start[1], Tolerance.Relative(1e-14));
        Assert.Equal(1d, start[2]);
        Assert.Equal(beta, start[3], Tolerance.Relative(1e-14));
    }

    [Fact]
    public void ProbabilityOfPurchases_RefusesANegativeCount_SayingWhy()
    {
        var alone = Assert.Throws<InvalidValueException>(() => Cdnow.ProbabilityOfPurchases(-1, 1d));
        var given = Assert.Throws<InvalidValueException>(() => Cdnow.ProbabilityOfPurchases(-1, 1d, 1, 2, 3));

        Assert.Equal("n", alone.Field);
        Assert.Equal("n", given.Field);
        Assert.Contains("must not be negative", alone.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative", given.Message, StringComparison.Ordinal);
    }

    [Theory]
    // A heavy buyer (x in the thousands and more, last purchase at T, so alive): the chance of n purchases in 39 weeks is
    // almost all the drop-out integral, ∫ NB(n; τ) dF(τ), whose integrand is a peak about 0.002 wide in
    // u = ln(1 + τ/(β+T)) for x = 50,000 and about 7e-5 for x = 5e7. mpmath (40 digits), the integral split around the peak and
    // checked with 400 panels across it. From x = 5e6 on, the log-gamma differences of numbers in the millions
    // (ln Γ(r+x+n) - ln Γ(r+x) - ln n!) cost about 1e-16 of their size, so the tolerance widens with x.
    [InlineData(5000d, 2000, 6.9759935196373604202e-5, 1e-9)]
    [InlineData(50000d, 20000, 6.976943484180773044e-6, 1e-9)]
    [InlineData(500000d, 200000, 6.977038495626378034e-7, 1e-9)]
    [InlineData(5e6, 2_000_000, 6.9770479969208749893e-8, 1e-7)]
    [InlineData(5e7, 20_000_000, 6.9770489470518240732e-9, 1e-6)]
    public void ProbabilityOfPurchases_OfAHeavyBuyer_FindsTheNarrowPeak(double x, int n, double expected, double tolerance)
    {
        Assert.Equal(expected, Cdnow.ProbabilityOfPurchases(n, 39, x, 39, 39), Tolerance.Relative(tolerance));
    }

    [Theory]
    // A smooth integrand (the peak as wide as the range) is done in the 8 panels of the minimum depth.
    [InlineData(0.3, 2, 203, 8424, 7, 2.5, 24, 8, 8)]
    [InlineData(2, 50, 0.5, 0.05, 7, 2.5, 24, 8, 8)]
    [InlineData(0.55, 0.05, 0.61, 11.67, 0, 0, 30, 8, 8)]
    // A heavy buyer long gone: the peak at tₓ about 1e-7 wide, integrated over 50 widths (the rest is below e^-50 of
    // it); α = 1e-6 with β = 1e6; α = 5e-324 (the gradient's parts, whose weight is near u = 0, far from the peak,
    // taking the most). The upper bounds are about twice the counts measured (22, 22 and 70).
    [InlineData(0.55, 1, 0.61, 11.67, 1e7, 30, 39, 8, 44)]
    [InlineData(1, 1e-6, 1, 1e6, 3, 1, 1e6, 8, 44)]
    [InlineData(0.5, 5e-324, 0.5, 10, 0, 0, 30, 8, 140)]
    public void DeadIntegral_TakesAFewPanels(double r, double alpha, double s, double beta, double x, double tx, double age, int least, int most)
    {
        ParetoNbdModel.LogDeadIntegral(r, alpha, s, beta, x, tx, age, new double[4], out var panels);

        Assert.InRange(panels, least, most);
    }

    [Fact]
    public void ExpectedPurchases_WhereSIsWithin1e8OfOne_ButTheHorizonIsVast_UsesTheClosedForm()
    {
        // r β / (α (s-1)) [1 - (β/(β+t))^(s-1)] with r = α = β = 1, s = 1 + 4e-7, t = 1e21: (s-1) ln(β/(β+t)) is -1.9e-5,
        // where the two-term series the bracket uses near s = 1 is 6.2e-11 off. mpmath (50 digits).
        var model = new ParetoNbdModel(1, 1, 1.0000004, 1);

        Assert.Equal(48.353819328476492496, model.ExpectedPurchasesNewCustomer(1e21), Tolerance.Relative(1e-13));
    }

    /// <summary>One Pareto/NBD customer observed for <paramref name="age"/>: λ ~ Gamma(r, α), μ ~ Gamma(s, β), a lifetime
    /// exponential in μ, and purchases a Poisson process in λ while alive.</summary>
    private static (double X, double Tx) Simulate(ParetoNbdModel model, Random random, double age)
    {
        var lambda = ClvSimulator.Gamma(random, model.R) / model.Alpha;
        var mu = ClvSimulator.Gamma(random, model.S) / model.Beta;
        var end = Math.Min(age, -Math.Log(1 - random.NextDouble()) / mu);
        double x = 0, last = 0, time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > end)
            {
                return (x, last);
            }

            x++;
            last = time;
        }
    }
}
