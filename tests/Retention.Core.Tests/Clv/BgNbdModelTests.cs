using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>BG/NBD against Fader, Hardie and Lee (2005) on the CDNOW calibration summary, and its formulas.</summary>
public sealed class BgNbdModelTests
{
    [Fact]
    public void ExpectedPurchases_WhenBothTransformedSeriesBlowUp_StillEqualsMpmath()
    {
        // a = 92.5 with z = 0.9993: Pfaff's series does not apply (t far above α + T) and Euler's grows past 1e300
        // (its parameters are far above c - a - b); it used to return NaN, read as converged, then took a log-space
        // series; now the integral over the drop-out probability (DropoutIntegral) answers. mpmath (40 digits):
        // E = (a+b-1)/(a-1) [1 - ((α+T)/(α+T+t))^r ₂F₁(r, b; a+b-1; z)] = 1.0287103850588772604.
        // Found by BracketTablesTests.Batches_MatchTheSeries, replay (17264054898842930234,2207448299147290913,95).
        var model = new BgNbdModel(0.597, 0.01, 92.5, 3.897);

        Assert.Equal(1.0287103850588772604, model.ExpectedPurchases(90.99129244591634, 0, 0, 0.05296736492447898), Tolerance.Relative(1e-12));
    }

    [Theory]
    [InlineData(2000d, 3000d)]
    [InlineData(30000d, 60000d)]
    public void ExpectedPurchases_ForAConfidentDropoutPrior_TendsToTheSurvivorsPurchasesBeforeDroppingOut(double a, double b)
    {
        // Large a and b (a drop-out probability known to be near a/(a+b)): over a horizon of 10^6 (α + T) the series
        // need too many terms and the integral over the drop-out probability answers. There (1 + pt/(α+T))^-(r+x) is
        // below 1e-20, so a survivor makes E[1/p] = (a+b+x-1)/(a-1) more purchases. The integral's unit panels were too
        // wide for so narrow a peak: the answer was 8% (a 2000) and 99.997% (a 30000) low.
        const double r = 0.5, alpha = 2d, x = 3d, tx = 20d, age = 30d;
        var model = new BgNbdModel(r, alpha, a, b);
        var limit = model.ProbabilityAlive(x, tx, age) * (a + b + x - 1d) / (a - 1d);

        Assert.Equal(limit, model.ExpectedPurchases(1e6 * (alpha + age), x, tx, age), Tolerance.Relative(1e-10));
    }

    [Fact]
    public void ProbabilityAlive_WithRInTheTensOfThousands_KeepsItsRelativeAccuracy()
    {
        // r + x multiplies ln((α+T)/(α+tₓ)); as ln(α+T) - ln(α+tₓ) it carried an ulp of ln(α+T) (1.8e-15), which
        // became 3e-11 (one by one) and 2e-10 (batch, vector logarithms) relative error in P(alive) and everything built
        // on it. Found by BracketTablesTests.Batches_MatchTheSeries with the wide parameter range. mpmath (60 digits):
        // P(alive) and E[X(t)] = (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x-1; t/(α+T+t))] P(alive).
        const double x = 25d, tx = 21.3609, age = 40.2602, t = 18.4626;
        const double Alive = 2.4229156995496976906e-9, Expected = 3.197710075629247438e-8;
        var model = new BgNbdModel(98334, 82438, 1.846, 3.538);

        Assert.Equal(Alive, model.ProbabilityAlive(x, tx, age), Tolerance.Relative(1e-13));
        Assert.Equal(Expected, model.ExpectedPurchases(t, x, tx, age), Tolerance.Relative(1e-13));

        // 300 copies: four at a time in vectors, and enough for the frequency's Chebyshev table (BracketTables).
        var frequency = Enumerable.Repeat(x, 300).ToArray();
        var recency = Enumerable.Repeat(tx, 300).ToArray();
        var ages = Enumerable.Repeat(age, 300).ToArray();
        var alive = new double[300];
        var expected = new double[300];
        model.ProbabilityAlive(frequency, recency, ages, alive);
        model.ExpectedPurchases(t, frequency, recency, ages, expected);
        Assert.All(alive, p => Assert.Equal(Alive, p, Tolerance.Relative(1e-13)));
        Assert.All(expected, e => Assert.Equal(Expected, e, Tolerance.Relative(1e-13)));

        // MBG/NBD: the same odds with b + x in place of b + x - 1 (mpmath as above with b + 1 in ₂F₁'s second and third
        // parameters).
        var modified = new MbgNbdModel(98334, 82438, 1.846, 3.538);
        Assert.Equal(2.5109001462584636984e-9, modified.ProbabilityAlive(x, tx, age), Tolerance.Relative(1e-13));
        Assert.Equal(3.3570951064835571667e-8, modified.ExpectedPurchases(t, x, tx, age), Tolerance.Relative(1e-13));
    }

    [Fact]
    public void ProbabilityAlive_WhereTheAgeOverAlphaOverflows_IsStillTheClosedForm()
    {
        // α = 1e-300, tₓ = 0, T = 1e10: (T - tₓ)/(α + tₓ) overflows a double, and ln(1 + ∞) taken by Kahan's trick is
        // NaN; there the difference of the logarithms answers (ln((α+T)/α) = 713.8). mpmath (40 digits):
        // MBG/NBD at x = 0, P = 1/(1 + (a/b) ((α+T)/α)^r) = 0.49483663398754294875; BG/NBD at x = 1 it is 9.8e-311,
        // 0 in doubles (the odds overflow).
        Assert.Equal(0.49483663398754294875, new MbgNbdModel(0.001, 1e-300, 1, 2).ProbabilityAlive(0, 0, 1e10), Tolerance.Relative(1e-12));

        var model = new BgNbdModel(0.001, 1e-300, 1, 2);
        double[] frequency = [1, 1, 1, 1, 1], recency = [0, 0, 0, 0, 0], ages = [1e10, 1e10, 1e10, 1e10, 1e10];
        var alive = new double[5];
        model.ProbabilityAlive(frequency, recency, ages, alive);
        Assert.Equal(0d, model.ProbabilityAlive(1, 0, 1e10));
        Assert.Equal([0d, 0d, 0d, 0d, 0d], alive);
    }

    [Fact]
    public void ExpectedPurchases_WhereAPlusBIsOne_IsTheLimitOfTheClosedForm()
    {
        // For a customer without repeat purchases C = a + b + x - 1 is 0 when a + b = 1: every series form of FHL 2005
        // eq. 10 has 0 as its lower parameter, and the expectation, its CLV and the batch were NaN (any horizon). The
        // expectation is the limit b → 1 - a; mpmath (80 digits) at b = 0.7 ± 1e-40, the two 1e-40 apart.
        var model = new BgNbdModel(0.5, 2d, 0.3, 0.7);

        Assert.Equal(0.11878600453099433717, model.ExpectedPurchases(1d, 0, 0, 2d), Tolerance.Relative(1e-10));
        Assert.Equal(0.92167037415687684341, model.ExpectedPurchases(10d, 0, 0, 2d), Tolerance.Relative(1e-10));
        Assert.Equal(1.5978178854627445697, model.ExpectedPurchasesNewCustomer(10d), Tolerance.Relative(1e-10));

        var frequency = new double[300];
        var recency = new double[300];
        var ages = Enumerable.Repeat(2d, 300).ToArray();
        var expected = new double[300];
        model.ExpectedPurchases(10d, frequency, recency, ages, expected);
        Assert.All(expected, e => Assert.Equal(0.92167037415687684341, e, Tolerance.Relative(1e-10)));

        // One undiscounted period of 10: the CLV is the expected purchases times the expected spend.
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var clv = DiscountedClv.Compute(model, spend, new ClvHorizon(1, 10d, 0d), 0, 0, 2d, 0);
        Assert.Equal(0.92167037415687684341 * spend.PopulationMeanSpend, clv, Tolerance.Relative(1e-10));
        var clvs = new double[300];
        DiscountedClv.Compute(model, spend, new ClvHorizon(1, 10d, 0d), frequency, recency, ages, new double[300], clvs);
        Assert.All(clvs, c => Assert.Equal(clv, c, Tolerance.Relative(1e-12)));
    }

    [Fact]
    public void ExpectedPurchases_WhereEulersTermsCancel_TakesTheIntegral()
    {
        // FsCheck's counterexample to BgNbdPropertyTests.DropoutIntegral_EqualsTheClosedFormBracket (CI, 2 December):
        // with b = 92,448 Euler's form is the difference of two terms near 1 that leaves about 6.5e-8, and it was 3.1e-9
        // relative low; the integral is 2.2e-10 off. FHL 2005 eq. 10 by mpmath at 60 digits.
        var model = new BgNbdModel(0.01, 73638, 4.964, 92448);
        var horizon = 6 * (73638 + 31.17) / 10d;

        Assert.Equal(0.005999902390171264686007496, model.ExpectedPurchases(horizon, 0, 0, 31.17), Tolerance.Relative(1e-9));
    }

    [Theory]
    // Within 1e-8 of a = 1, Euler's form takes ((1-z)^(a-1) - 1)/(a - 1) as its series ln(1-z)(1 + u/2), u = (a-1) ln(1-z);
    // the second term is about 1e-9 relative there, so these values pin it (FHL 2005 eq. 10 by mpmath at 60 digits, at
    // the doubles 1 + 1e-9 and 1 - 3e-9, for a customer without and with repeat purchases).
    [InlineData(1.000000001, 0, 0, 0.1910770125559575591575957)]
    [InlineData(1.000000001, 2, 30.43, 1.102136785493725256022744)]
    [InlineData(0.999999997, 0, 0, 0.1910770126278192394704965)]
    [InlineData(0.999999997, 2, 30.43, 1.102136787678647367682165)]
    public void ExpectedPurchases_WithinABillionthOfAEqualsOne_IsTheClosedForm(double a, double x, double tx, double expected) =>
        Assert.Equal(expected, new BgNbdModel(0.243, 4.414, a, 2.426).ExpectedPurchases(39, x, tx, 38.86), Tolerance.Relative(1e-13));

    [Theory]
    [InlineData(40, 1.9190995262626455873e-7)]
    [InlineData(60, 3.6491927112919922623e-12)]
    [InlineData(100, 1.6638100923174294597e-22)]
    [InlineData(200, 3.1293371360194250106e-50)]
    public void ProbabilityOfPurchases_FarInTheTail_KeepsItsRelativeAccuracy(int n, double expected)
    {
        // P(X(t) = n) has the term B(a+1, b+n-1)/B(a, b) P(NB ≥ n), and P(NB ≥ n) was taken as 1 - Σ_{j<n} NB(j): for
        // n well above the mean (10 here) it lost its digits (3e-11 relative error at n = 40, 8e-7 at n = 60) and was 0
        // from where the head rounds to 1 (n = 100: 1.7% low). Now the far tail is I_q(n, r). mpmath (200 digits, the
        // head summed exactly): FHL 2005 eq. 8.
        var model = new BgNbdModel(10, 1, 0.793, 2.426);

        Assert.Equal(expected, model.ProbabilityOfPurchases(n, 1d), Tolerance.Relative(1e-12));
    }

    [Fact]
    public void ProbabilityOfPurchases_OfAHeavyBuyerFarInTheTail_AndOfMbgNbd_KeepTheirRelativeAccuracy()
    {
        // The conditional count: alive with P(alive), then a new customer's count with (r+x, α+T, a, b+x+m). mpmath as
        // above: x = 3, tₓ = 5, T = 6, next unit of time, n = 80; MBG/NBD new customer, n = 100.
        Assert.Equal(1.7410461283970870718e-60, new BgNbdModel(10, 1, 0.793, 2.426).ProbabilityOfPurchases(80, 1d, 3d, 5d, 6d), Tolerance.Relative(1e-12));
        Assert.Equal(1.6507558025438961592e-22, new MbgNbdModel(10, 1, 0.793, 2.426).ProbabilityOfPurchases(100, 1d), Tolerance.Relative(1e-12));
    }

    [Fact]
    public void Fit_OnCdnow_ReproducesThePublishedEstimates()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var fit = BgNbdModel.Fit(x, tx, age);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("bgnbd", fit.ModelName);
        Assert.Equal(["r", "alpha", "a", "b"], fit.Parameters.Select(p => p.Name));
        // Published: r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4.
        Assert.Equal(0.243, fit["r"], 3);
        Assert.Equal(4.414, fit["alpha"], 3);
        Assert.Equal(0.793, fit["a"], 3);
        Assert.Equal(2.426, fit["b"], 3);
        Assert.Equal(-9582.4, fit.LogLikelihood, 1);
        Assert.Equal(2357d, fit.TotalWeight);
        Assert.Equal(fit.Model.R, fit["r"]);
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0 && p.StandardError < p.Value, p.ToString()));
    }

    [Fact]
    public void ExpectedPurchases_PublishedCustomer_Is1226()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        // lifetimes test_estimation.py: x=2, t_x=30.43, T=38.86, t=39 -> 1.226
        Assert.Equal(1.226, model.ExpectedPurchases(39, 2, 30.43, 38.86), 3);
    }

    [Fact]
    public void ProbabilityAlive_FollowsTheClosedForm()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(1d, model.ProbabilityAlive(0, 0, 38.86));
        // 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
        var expected = 1d / (1d + (0.793 / (2.426 + 1)) * Math.Pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2));
        Assert.Equal(expected, model.ProbabilityAlive(2, 30.43, 38.86), 14);
    }

    [Fact]
    public void ProbabilityOfPurchases_SumsToOne_AndItsMeanIsTheNewCustomerExpectation()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        foreach (var t in new[] { 1d, 10d, 39d, 78d })
        {
            var probabilities = Enumerable.Range(0, 400).Select(n => model.ProbabilityOfPurchases(n, t)).ToArray();
            Assert.All(probabilities, p => Assert.InRange(p, 0d, 1d));
            Assert.Equal(1d, probabilities.Sum(), 6);
            var mean = probabilities.Select((p, n) => p * n).Sum();
            Assert.Equal(model.ExpectedPurchasesNewCustomer(t), mean, 3);
        }

        Assert.Equal(1d, model.ProbabilityOfPurchases(0, 0));
        Assert.Equal(0d, model.ProbabilityOfPurchases(3, 0));
    }

    [Fact]
    public void ExpectedPurchases_IsContinuousWhereTheSummationSwitchesForm()
    {
        // Below t = (alpha + T) / 2 the Pfaff-transformed series is used, above it the positive series in log space.
        foreach (var a in new[] { 0.4, 0.793, 1d, 1.5, 7d })
        {
            var model = new BgNbdModel(0.243, 4.414, a, 2.426);
            foreach (var (x, tx, age) in new[] { (0d, 0d, 0d), (2d, 30.43, 38.86), (40d, 35d, 38.86), (0d, 0d, 20d) })
            {
                var edge = (4.414 + age) / 2d;
                var below = model.ExpectedPurchases(edge * (1 - 1e-12), x, tx, age);
                var above = model.ExpectedPurchases(edge * (1 + 1e-12), x, tx, age);
                Assert.Equal(below, above, 1e-9 * Math.Max(1d, below));
            }
        }
    }

    [Fact]
    public void ExpectedPurchases_NewCustomer_IsTheConditionalExpectationAtZero()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(model.ExpectedPurchases(52, 0, 0, 0), model.ExpectedPurchasesNewCustomer(52));
        Assert.Equal(0d, model.ExpectedPurchasesNewCustomer(0));
        // FHL 2005: E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]; with a = 2, b = 1
        // the series is 2F1(r, 1; 2; z) = ((1-z)^(1-r) - 1) / ((r-1) z) in closed form.
        var closed = new BgNbdModel(0.5, 2, 2, 1);
        const double T = 3;
        var z = T / (2 + T);
        var f21 = (Math.Pow(1 - z, 1 - 0.5) - 1) / ((0.5 - 1) * z);
        var expected = (2 + 1 - 1) / (2 - 1d) * (1 - (Math.Pow(2 / (2 + T), 0.5) * f21));
        Assert.Equal(expected, closed.ExpectedPurchasesNewCustomer(T), 12);
        Assert.Equal(expected, closed.ExpectedPurchases(T, 0, 0, 0), 12);
    }

    [Fact]
    public void BatchPredictions_OnTwoCores_MatchTheScalarOnes()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var random = new Random(5);
        const int N = 60_000; // above the two-core threshold
        var age = Enumerable.Range(0, N).Select(_ => 1 + (random.NextDouble() * 38)).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(model, random, age, x, tx);
        var expected = new double[N];
        var alive = new double[N];

        model.ExpectedPurchases(39, x, tx, age, expected);
        model.ProbabilityAlive(x, tx, age, alive);

        // The batch reads frequencies held by many customers from Chebyshev tables (docs/clv.md): equal to the series
        // to 1e-12 relative; P(alive) is closed form, in vectors: equal to a few units in the last place.
        foreach (var i in Enumerable.Range(0, N).Where(i => i % 499 == 0).Append(N / 2).Append(N - 1))
        {
            Assert.Equal(model.ExpectedPurchases(39, x[i], tx[i], age[i]), expected[i], Tolerance.Relative(1e-12));
            Assert.Equal(model.ProbabilityAlive(x[i], tx[i], age[i]), alive[i], Tolerance.Relative(1e-14));
        }
    }

    [Fact]
    public void BatchPredictions_MatchTheScalarOnes_ForHeavyBuyersToo()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        double[] x = [0, 1, 2, 7, 5000];
        double[] tx = [0, 1.71, 30.43, 29, 38];
        double[] age = [38.86, 38.86, 38.86, 38.86, 38.86];
        var expected = new double[5];
        var alive = new double[5];
        model.ExpectedPurchases(39, x, tx, age, expected);
        model.ProbabilityAlive(x, tx, age, alive);
        // P(alive) runs four customers at a time in vectors: equal to a few units in the last place.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(model.ExpectedPurchases(39, x[i], tx[i], age[i]), expected[i], Tolerance.Relative(1e-14));
            Assert.Equal(model.ProbabilityAlive(x[i], tx[i], age[i]), alive[i], Tolerance.Relative(1e-14));
            Assert.True(double.IsFinite(expected[i]));
        }
    }

    [Fact]
    public void Fit_WithWeights_EqualsTheFitOnRepeatedRows()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var rows = Enumerable.Range(0, 600).ToArray();
        var weights = rows.Select(i => (double)(1 + (i % 3))).ToArray();
        var weighted = BgNbdModel.Fit(rows.Select(i => x[i]).ToArray(), rows.Select(i => tx[i]).ToArray(), rows.Select(i => age[i]).ToArray(), weights);
        var repeated = rows.SelectMany(i => Enumerable.Repeat(i, 1 + (i % 3))).ToArray();
        var plain = BgNbdModel.Fit(repeated.Select(i => x[i]).ToArray(), repeated.Select(i => tx[i]).ToArray(), repeated.Select(i => age[i]).ToArray());

        Assert.True(weighted.Converged && plain.Converged);
        Assert.Equal(plain.TotalWeight, weighted.TotalWeight);
        Assert.Equal(plain.LogLikelihood, weighted.LogLikelihood, 6);
        foreach (var name in new[] { "r", "alpha", "a", "b" })
        {
            Assert.Equal(plain[name], weighted[name], 4);
        }
    }

    [Fact]
    public void Fit_WithAnL2Penalty_ShrinksTheParameters()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var plain = BgNbdModel.Fit(x, tx, age);
        var penalized = BgNbdModel.Fit(x, tx, age, options: new ClvFitOptions { L2Penalty = 0.01 });

        Assert.True(penalized.Converged, penalized.FailureReason);
        Assert.True(penalized.LogLikelihood < plain.LogLikelihood);
        Assert.True(penalized.Parameters.Sum(p => p.Value * p.Value) < plain.Parameters.Sum(p => p.Value * p.Value));
    }

    [Fact]
    public void Fit_ThatCannotConverge_SaysWhy()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var fit = BgNbdModel.Fit(x, tx, age, options: new ClvFitOptions { MaxIterations = 2 });
        Assert.False(fit.Converged);
        Assert.Contains("iteration limit (2)", fit.FailureReason, StringComparison.Ordinal);
        Assert.Contains("not converged", fit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidInputs_AreRejected_NamingTheFieldAndValue()
    {
        var error = Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1, -1], [1, 1], [2, 2]));
        Assert.Equal("frequency[1]", error.Field);
        Assert.Equal("-1", error.Value);
        Assert.Equal("T[0]", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1], [3], [2])).Field);
        Assert.Equal("recency[0]", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1], [double.NaN], [2])).Field);
        Assert.Equal("T.Length", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1, 2], [1, 1], [2])).Field);
        Assert.Equal("weights[0]", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1], [1], [2], [-1])).Field);
        Assert.Equal("weights", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([1], [1], [2], [0])).Field);
        Assert.Equal("frequency.Length", Assert.Throws<InvalidValueException>(() => BgNbdModel.Fit([], [], [])).Field);
        Assert.Equal("alpha", Assert.Throws<InvalidValueException>(() => new BgNbdModel(1, 0, 1, 1)).Field);
        Assert.Equal("t", Assert.Throws<InvalidValueException>(() => new BgNbdModel(1, 1, 1, 1).ExpectedPurchases(-1, 0, 0, 1)).Field);
        Assert.Equal("n", Assert.Throws<InvalidValueException>(() => new BgNbdModel(1, 1, 1, 1).ProbabilityOfPurchases(-1, 1)).Field);

        var options = Assert.Throws<InvalidConfigurationException>(() => BgNbdModel.Fit([1], [1], [2], options: new ClvFitOptions { L2Penalty = -1, MaxIterations = 0, GradientTolerance = double.NaN }));
        Assert.Equal(
            ["L2Penalty -1 must be finite and not negative.", "MaxIterations 0 must be at least 1.", "GradientTolerance NaN must be above 0 and finite."],
            options.Errors);
    }

    [Fact]
    public void FitResult_Indexer_RejectsAnUnknownName()
    {
        var fit = BgNbdModel.Fit([1, 0, 3], [1, 0, 2], [3, 3, 3]);
        Assert.Equal("name", Assert.Throws<InvalidValueException>(() => fit["beta"]).Field);
    }

    [Fact]
    public void AFractionalFrequencyBelowOneMinusB_IsRefusedNamingIt_WhereTheModelHasNoAnswer()
    {
        // 0 < x < 1 - b makes the drop-out term a / (b + x - 1) negative: P(alive), the likelihood, the expectations and
        // the CLV were NaN. Above 1 - b a fraction is the formula's continuation, and b ≥ 1 leaves every fraction valid.
        var model = new BgNbdModel(0.5, 2, 0.8, 0.25);
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var horizon = new ClvHorizon(12, 1, 0.01);
        double[] x = [1, 0.5, 2];
        double[] tx = [1, 1, 2];
        double[] age = [3, 3, 3];
        var destination = new double[3];

        foreach (var call in new Action[]
        {
            () => model.ProbabilityAlive(0.5, 1, 3),
            () => model.LogLikelihood(0.5, 1, 3),
            () => model.ExpectedPurchases(1, 0.5, 1, 3),
            () => model.ProbabilityOfPurchases(1, 1, 0.5, 1, 3),
            () => DiscountedClv.Compute(model, spend, horizon, 0.5, 1, 3, 10),
        })
        {
            var error = Assert.Throws<InvalidValueException>(call);
            Assert.Equal("frequency", error.Field);
            Assert.Contains("at least 1 - b = 0.75", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("frequency[1]", Assert.Throws<InvalidValueException>(() => model.ProbabilityAlive(x, tx, age, destination)).Field);
        Assert.Equal("frequency[1]", Assert.Throws<InvalidValueException>(() => model.ExpectedPurchases(1, x, tx, age, destination)).Field);
        Assert.Equal("frequency[1]", Assert.Throws<InvalidValueException>(() => DiscountedClv.Compute(model, spend, horizon, x, tx, age, [10, 10, 10], destination)).Field);

        // At and above 1 - b, and under a model with b ≥ 1: the closed form P(alive) = 1 / (1 + a / (b+x-1) ((α+T)/(α+tₓ))^(r+x)).
        static double Alive(double r, double alpha, double a, double b, double x, double tx, double age) =>
            1d / (1d + (a / (b + x - 1d) * Math.Pow((alpha + age) / (alpha + tx), r + x)));
        Assert.Equal(Alive(0.5, 2, 0.8, 0.25, 0.875, 1, 3), model.ProbabilityAlive(0.875, 1, 3), 1e-14);
        Assert.Equal(0d, model.ProbabilityAlive(0.75, 1, 3));
        var cdnow = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(Alive(0.243, 4.414, 0.793, 2.426, 0.5, 1, 3), cdnow.ProbabilityAlive(0.5, 1, 3), 1e-14);
        cdnow.ProbabilityAlive([0.5, 0.25], [1, 1], [3, 3], destination.AsSpan(0, 2));
        Assert.Equal(Alive(0.243, 4.414, 0.793, 2.426, 0.25, 1, 3), destination[1], 1e-14);
    }
}
