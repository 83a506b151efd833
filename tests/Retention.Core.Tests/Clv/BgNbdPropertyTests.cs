using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>Invariants of BG/NBD and MBG/NBD over random parameters and customers, heavy buyers included.</summary>
public sealed class BgNbdPropertyTests
{
    /// <summary>Parameters from tiny to large, biased to the literature's range and to a = 1.</summary>
    public static Gen<double> LiteratureParameterGen { get; } = Gen.Frequency(
        (4, Gen.Choose(1, 5000).Select(v => v / 1000d)),
        (1, Gen.Elements(0.01, 0.1, 1d, 1d + 1e-9, 10d, 100d)),
        (1, Gen.Choose(1, 1000).Select(v => v / 10d)));

    /// <summary>
    /// <see cref="LiteratureParameterGen"/>, and one parameter in four from 1 to 100,000 (a and b in the thousands: a
    /// drop-out probability known closely, where quadrature with fixed panels went wrong).
    /// </summary>
    public static Gen<double> ParameterGen { get; } = Gen.Frequency(
        (3, LiteratureParameterGen),
        (1, Gen.Choose(1, 100_000).Select(v => (double)v)));

    /// <summary>Customers with frequency up to 10,000, recency on or before T, boundaries included.</summary>
    public static Gen<(double X, double Tx, double T)> CustomerGen { get; } =
        from x in Gen.Frequency((3, Gen.Choose(0, 10)), (1, Gen.Elements(0, 1, 10_000)), (1, Gen.Choose(0, 10_000)))
        from age in Gen.Frequency((4, Gen.Choose(0, 10_000).Select(v => v / 100d)), (1, Gen.Elements(0d, 0.01, 1000d)))
        from share in Gen.Frequency((3, Gen.Choose(0, 100).Select(v => v / 100d)), (1, Gen.Elements(0d, 1d)))
        select ((double)x, x == 0 ? 0d : age * share, age);

    public static Arbitrary<(double R, double Alpha, double A, double B)> Parameters() =>
        (from r in ParameterGen from alpha in ParameterGen from a in ParameterGen from b in ParameterGen select (r, alpha, a, b)).ToArbitrary();

    public static Arbitrary<(double X, double Tx, double T)> Customers() => CustomerGen.ToArbitrary();

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 300)]
    public bool LogLikelihood_IsFinite_AndProbabilityAliveIsAProbability((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c)
    {
        var bg = new BgNbdModel(p.R, p.Alpha, p.A, p.B);
        var mbg = new MbgNbdModel(p.R, p.Alpha, p.A, p.B);
        var alive = bg.ProbabilityAlive(c.X, c.Tx, c.T);
        var mbgAlive = mbg.ProbabilityAlive(c.X, c.Tx, c.T);
        return double.IsFinite(bg.LogLikelihood(c.X, c.Tx, c.T))
            && double.IsFinite(mbg.LogLikelihood(c.X, c.Tx, c.T))
            && alive is >= 0d and <= 1d
            && mbgAlive is >= 0d and <= 1d
            && (c.X > 0 || alive == 1d);
    }

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 300)]
    public Property ExpectedPurchases_IsNonNegative_AndNonDecreasingInT((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, PositiveInt t1, PositiveInt dt) =>
        ExpectationsGrow(p, c, t1, dt).ToProperty();

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 300)]
    public bool DropoutIntegral_EqualsTheClosedFormBracket((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, PositiveInt t, bool modified)
    {
        // The integral over the drop-out probability (long horizons) and the series forms (the rest) are the same
        // quantity; compared on horizons up to 60 (α+T), where the series apply. Both are finite where defined.
        var m = modified ? 1 : 0;
        var horizon = (t.Get % 600 + 1) * (p.Alpha + c.T) / 10d;
        var k = p.A + p.B + m + c.X - 1d;
        var series = BgNbdFamily.Bracket(p.R, p.Alpha, p.A, p.B, m, horizon, c.X, c.T) * k;
        var integral = DropoutIntegral.ExpectedWhileAlive(p.R + c.X, p.A, p.B + m + c.X, Math.Log(horizon) - Math.Log(p.Alpha + c.T));
        return k == 0d || (double.IsFinite(integral) && integral > 0d && Math.Abs(series - integral) <= 1e-9 * integral);
    }

    [Theory]
    // A heavy buyer from FsCheck's counterexamples to the property above (r 0.396, a 100, b 1.3, x 291, horizon 10 (α+T)):
    // with unit panels only the integral was 4.9e-9 above the limit.
    [InlineData(291.396, 100d, 292.3, 10d, 1e-12)]
    // Larger a and β: a narrower peak of the drop-out probability; unit panels were 20% and 99.9% off.
    [InlineData(3000.5, 2000d, 3000d, 1e6, 1e-11)]
    [InlineData(50000.5, 30000d, 60000d, 1e3, 1e-10)]
    // The peak near p = 1 (a large, β small) and near p = 0 (β large, a small), in the other half of the integral.
    [InlineData(10.5, 5000d, 20d, 1e9, 1e-10)]
    [InlineData(5.5, 3d, 20000d, 1e12, 1e-10)]
    public void DropoutIntegral_OverALongHorizon_IsTheMeanOfOneOverP(double k, double a, double beta, double s, double tolerance)
    {
        // When (1 + ps)^(-k) is negligible wherever the Beta(a, β) drop-out probability has mass, a survivor makes 1/p
        // purchases before dropping out: E[1/p] = (a + β - 1)/(a - 1), exactly.
        var limit = (a + beta - 1d) / (a - 1d);
        var integral = DropoutIntegral.ExpectedWhileAlive(k, a, beta, Math.Log(s));
        Assert.Equal(limit, integral, limit * tolerance);
    }

    [Fact]
    public void DropoutIntegral_ForAHeavyBuyer_AgreesWithTheSeriesAtTheLimit()
    {
        // The heavy buyer above through the series: over 10 (α + T) its bracket reaches the limit (a + b + x - 1)/(a - 1)
        // to the last digit, and the integral agrees.
        const double r = 0.396, alpha = 1.163, a = 100, b = 1.3, x = 291, age = 89.41;
        var horizon = 10 * (alpha + age);
        var limit = (a + b + x - 1d) / (a - 1d);
        var series = BgNbdFamily.Bracket(r, alpha, a, b, 0, horizon, x, age) * (a + b + x - 1d);
        var integral = DropoutIntegral.ExpectedWhileAlive(r + x, a, b + x, Math.Log(horizon) - Math.Log(alpha + age));
        Assert.Equal(limit, series, limit * 1e-14);
        Assert.Equal(limit, integral, limit * 1e-12);
    }

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 200)]
    public bool ExpectedPurchases_AtLongHorizons_IsFinite_AndNonDecreasing((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, PositiveInt power)
    {
        // Horizons from 10^3 to 10^300 time units, where the series forms need too many terms.
        var t = Math.Pow(10d, 3 + (power.Get % 298));
        foreach (var model in new Func<double, double>[]
        {
            h => new BgNbdModel(p.R, p.Alpha, p.A, p.B).ExpectedPurchases(h, c.X, c.Tx, c.T),
            h => new MbgNbdModel(p.R, p.Alpha, p.A, p.B).ExpectedPurchases(h, c.X, c.Tx, c.T),
        })
        {
            var shorter = model(t / 10d);
            var value = model(t);
            if (!(double.IsFinite(value) && value >= shorter * (1 - 1e-9) && shorter >= 0d))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(1.793, 2.426, 0d, 0d)]
    [InlineData(1.793, 2.426, 2d, 1d)]
    [InlineData(3.5, 0.4, 40d, 30d)]
    public void ExpectedPurchases_AsTheHorizonGrows_TendsToWhatASurvivorBuysBeforeDroppingOut(double a, double b, double x, double tx)
    {
        // With a > 1 a customer alive now buys (a+b+x-1)/(a-1) times on average before dropping out (E[1/p] over
        // Beta(a, b+x)), so E[X(t)] tends to that times P(alive): at t = 10^200 it is there to rounding.
        var model = new BgNbdModel(0.243, 4.414, a, b);
        var limit = (a + b + x - 1d) / (a - 1d) * model.ProbabilityAlive(x, tx, 38);

        Assert.Equal(limit, model.ExpectedPurchases(1e200, x, tx, 38), Tolerance.Relative(1e-12));
        Assert.True(model.ExpectedPurchases(1e3, x, tx, 38) < limit);
    }

    private static bool ExpectationsGrow((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, PositiveInt t1, PositiveInt dt)
    {
        // Horizons up to a few times (alpha + T), the range where both summation forms are in use.
        var scale = (p.Alpha + c.T) / 20d;
        var shortT = t1.Get % 60 * scale;
        var longT = shortT + (dt.Get % 60 * scale);
        foreach (var model in new Func<double, double>[]
        {
            t => new BgNbdModel(p.R, p.Alpha, p.A, p.B).ExpectedPurchases(t, c.X, c.Tx, c.T),
            t => new MbgNbdModel(p.R, p.Alpha, p.A, p.B).ExpectedPurchases(t, c.X, c.Tx, c.T),
        })
        {
            var early = model(shortT);
            var late = model(longT);
            if (!(double.IsFinite(early) && double.IsFinite(late) && early >= 0d && late >= early * (1 - 1e-9) - 1e-12))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 100)]
    public bool AnalyticGradient_MatchesFiniteDifferences((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, bool modified)
    {
        double[] x = [c.X, 0, 1], tx = [c.Tx, 0, Math.Min(1, c.T)], age = [c.T, c.T, c.T];
        var likelihood = new BgNbdLikelihood(x, tx, age, default, modified ? 1 : 0);
        double[] at = [p.R, p.Alpha, p.A, p.B];
        var gradient = new double[4];
        var ll = likelihood.Evaluate(at, gradient);
        return GradientMatches(likelihood, x.Select(v => (v, 1d)), at, gradient, ll);
    }

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 100)]
    public bool VectorLoop_MatchesTheCustomerByCustomerSum((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, bool modified, PositiveInt copies)
    {
        // Each customer repeated 4 to 11 times with its own weight, so that every frequency group runs through the
        // four-wide vector loop and its one-by-one tail.
        var m = modified ? 1 : 0;
        var k = 4 + (copies.Get % 8);
        (double X, double Tx, double T)[] distinct = [c, (0, 0, c.T), (1, Math.Min(1, c.T), c.T), (c.X + 3, c.Tx, c.T)];
        var rows = distinct.SelectMany((d, j) => Enumerable.Range(0, k).Select(i => (d.X, d.Tx, d.T, W: 1 + ((i + j) % 3)))).ToArray();
        var likelihood = new BgNbdLikelihood(rows.Select(r => r.X).ToArray(), rows.Select(r => r.Tx).ToArray(), rows.Select(r => r.T).ToArray(), rows.Select(r => (double)r.W).ToArray(), m);
        double[] at = [p.R, p.Alpha, p.A, p.B];
        var gradient = new double[4];
        var ll = likelihood.Evaluate(at, gradient);
        var expected = rows.Sum(r => r.W * BgNbdFamily.LogLikelihood(p.R, p.Alpha, p.A, p.B, m, r.X, r.Tx, r.T));
        var frequencies = rows.Select(r => (r.X, (double)r.W)).ToArray();

        // Both sums are exact only to the rounding of their log-gamma terms: at r 77,533, α 63,041, a 5,725, b 21,017
        // they differed by 8.5e-9 on an LL of -10.33, mpmath's value lying between them (2.9e-9 and 5.6e-9 away).
        if (!(Math.Abs(ll - expected) <= (1e-10 * Math.Max(1d, Math.Abs(expected))) + (1e-15 * LogGammaTermSize(frequencies, at))))
        {
            return false;
        }

        return GradientMatches(likelihood, frequencies, at, gradient, ll);
    }

    /// <summary>The analytic gradient against central differences, compared on the log-parameter scale, where the
    /// optimizer works; the difference quotient itself carries the log-likelihood's rounding divided by the step.</summary>
    private static bool GradientMatches(BgNbdLikelihood likelihood, IEnumerable<(double X, double Weight)> frequencies, double[] at, double[] gradient, double ll)
    {
        // The log-likelihood is a sum of log-gamma terms of r + x and a + b + x, each about z ln z: with parameters in the
        // thousands they are far larger than the sum, and their rounding (1e-16 of them) is the difference quotient's
        // noise, not 1e-16 |LL| (at b = 16,987 the quotient was 5e-5 off, the gradient 1e-10 from mpmath's: see
        // AnalyticGradient_WithParametersInTheThousands_MatchesMpmath).
        var noise = Math.Max(Math.Abs(ll), LogGammaTermSize(frequencies, at));
        for (var i = 0; i < at.Length; i++)
        {
            var h = at[i] * 1e-6;
            var up = (double[])at.Clone();
            var down = (double[])at.Clone();
            up[i] += h;
            down[i] -= h;
            var numeric = (likelihood.Evaluate(up, default) - likelihood.Evaluate(down, default)) / (2 * h);
            var error = Math.Abs((numeric - gradient[i]) * at[i]);
            if (!(error <= (1e-5 * Math.Max(1d, Math.Abs(gradient[i] * at[i]))) + (1e-8 * noise) + 1e-6))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The weighted size of the log-likelihood's largest terms, each taken as z ln z: log Γ(r+x), log Γ(a+b+x),
    /// and α ln α standing for the terms in α (r ln α, (r+x) ln(α+T)); their rounding bounds how exactly any
    /// double-precision sum of them can be formed.</summary>
    private static double LogGammaTermSize(IEnumerable<(double X, double Weight)> frequencies, double[] at) =>
        frequencies.Sum(f => f.Weight * (TermSize(at[0] + f.X) + TermSize(at[2] + at[3] + f.X) + TermSize(at[1])));

    private static double TermSize(double z) => z * Math.Log(z + 2d);

    [Theory]
    // Counterexamples of the finite-difference comparison above before its noise allowed for the log-gamma terms, against
    // mpmath (50 digits) on the same three customers: the log-likelihood is within 1e-11 relative (6e-12 seen), the
    // gradient on the log-parameter scale (the optimizer's) within 1e-9 (1e-10 seen), where the quotient was 5e-5 off.
    [InlineData(4.984, 4.688, 0.831, 16987d, 9d, 0d, 9.36, -16.435373912522829, new[] { -0.89018794172980374, -0.57229491861855643, 1.2105094046923649, -5.9190249271263153e-5 })]
    [InlineData(3.913, 74.1, 83491d, 0.1, 7d, 49.2765, 54.15, -92.927413761620203, new[] { 0.29608192588305254, -0.02596177141493269, -7.1861480441987516e-5, 12.147755796675362 })]
    public void AnalyticGradient_WithParametersInTheThousands_MatchesMpmath(double r, double alpha, double a, double b, double x, double tx, double age, double expectedLl, double[] expectedGradient)
    {
        // The customers of AnalyticGradient_MatchesFiniteDifferences: the given one, a one-time buyer, and x = 1 at 1.
        var likelihood = new BgNbdLikelihood([x, 0, 1], [tx, 0, Math.Min(1, age)], [age, age, age], default, 0);
        double[] at = [r, alpha, a, b];
        var gradient = new double[4];

        var ll = likelihood.Evaluate(at, gradient);

        Assert.Equal(expectedLl, ll, Math.Abs(expectedLl) * 1e-11);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expectedGradient[i] * at[i], gradient[i] * at[i], 1e-9);
        }
    }

    [Fact]
    public void LargeFits_WarmStartedFromASubsample_ReachTheColdStartEstimate()
    {
        var truth = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var random = new Random(17);
        const int N = BgNbdFamily.WarmStartThreshold;
        var age = Enumerable.Range(0, N).Select(_ => 1 + (random.NextDouble() * 38)).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(truth, random, age, x, tx);

        var warm = BgNbdModel.Fit(x, tx, age);
        var likelihood = new BgNbdLikelihood(x, tx, age, default, 0);
        var (meanX, meanT) = likelihood.Means();
        var cold = FitRunner.Run(BgNbdFamily.Names, likelihood.Evaluate, analyticGradient: true, N, [1d, meanT / meanX, 1d, 1d], null);

        Assert.True(warm.Converged, warm.FailureReason);
        Assert.Null(cold.FailureReason);
        Assert.True(warm.Iterations < cold.Iterations, $"warm {warm.Iterations} iterations, cold {cold.Iterations}");
        Assert.Equal(cold.LogLikelihood, warm.LogLikelihood, Tolerance.Relative(1e-10));
        double[] estimate = [warm.Model.R, warm.Model.Alpha, warm.Model.A, warm.Model.B];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(cold.Values[i], estimate[i], Tolerance.Relative(1e-4));
        }
    }

    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426, 1)]
    [InlineData(1.5, 10, 2, 5, 2)]
    [InlineData(0.5, 2, 0.4, 0.9, 3)]
    public void Fit_OnSimulatedCustomers_RecoversTheParameters(double r, double alpha, double a, double b, int seed)
    {
        var truth = new BgNbdModel(r, alpha, a, b);
        var random = new Random(seed);
        const int N = 20_000;
        var age = Enumerable.Range(0, N).Select(_ => 10 + (random.NextDouble() * 40)).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(truth, random, age, x, tx);

        var fit = BgNbdModel.Fit(x, tx, age);

        Assert.True(fit.Converged, fit.FailureReason);
        double[] expected = [r, alpha, a, b];
        for (var i = 0; i < 4; i++)
        {
            // Within four standard errors (and never further than 30% off).
            var p = fit.Parameters[i];
            Assert.InRange(p.Value, expected[i] - (4 * p.StandardError), expected[i] + (4 * p.StandardError));
            Assert.InRange(p.Value, expected[i] * 0.7, expected[i] * 1.3);
        }
    }

    [Fact]
    public void Simulation_MatchesTheNewCustomerExpectation_AndIsReproducible()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        const int N = 200_000;
        var age = Enumerable.Repeat(39d, N).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(model, new Random(7), age, x, tx);
        var mean = x.Average();
        var sd = Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average() / N);
        Assert.InRange(model.ExpectedPurchasesNewCustomer(39), mean - (4 * sd), mean + (4 * sd));
        Assert.InRange(model.ProbabilityOfPurchases(0, 39), x.Count(v => v == 0) / (double)N - 0.005, x.Count(v => v == 0) / (double)N + 0.005);
        Assert.All(Enumerable.Range(0, N), i => Assert.True(tx[i] <= age[i] && (x[i] > 0 || tx[i] == 0)));

        var again = new double[N];
        ClvSimulator.SimulateBgNbd(model, new Random(7), age, again, new double[N]);
        Assert.Equal(x, again);
    }

    [Fact]
    public void Simulation_OfACustomerWhoWouldNeverStop_IsRefused_NamingTheAge()
    {
        // α = 1e-300 draws λ near 1e300 and a = 1e-300 a p of 0: the time between purchases, 1e-300, is lost when added
        // to t, so purchases were drawn for ever. The first customer is refused, after 10 million draws.
        var age = new[] { 5d, 39d };
        var x = new double[2];
        var tx = new double[2];
        var error = Assert.Throws<InvalidValueException>(() => ClvSimulator.SimulateBgNbd(new BgNbdModel(1, 1e-300, 1e-300, 1), new Random(3), age, x, tx));
        Assert.Equal("age[0]", error.Field);
        Assert.Contains("more than 10,000,000 purchases", error.Message, StringComparison.Ordinal);
    }
}
