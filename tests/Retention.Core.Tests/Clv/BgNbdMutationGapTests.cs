using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>
/// Gaps the first mutation run of the <c>clv-bgnbd</c> scope found (docs/testing.md#latest-scores): argument checks of
/// <see cref="BgNbdModel"/> and <see cref="MbgNbdModel"/> whose refused value no test passed, MBG/NBD's batch methods,
/// the batch P(alive)'s one-by-one block where (T-tₓ)/(α+tₓ) overflows, BG/NBD's x = 0 lanes in the batch, and the
/// likelihood's frequency groups kept in a dictionary (frequencies that are not small whole numbers), and the weighted
/// subsample that warm-starts a fit of 200,000 customers or more.
/// </summary>
public sealed class BgNbdMutationGapTests
{
    private static readonly BgNbdModel Bg = new(0.243, 4.414, 0.793, 2.426);
    private static readonly MbgNbdModel Mbg = new(0.243, 4.414, 0.793, 2.426);

    public static TheoryData<string, Action> ScalarRefusals => new()
    {
        { "recency", () => Bg.LogLikelihood(1, -1, 5) },
        { "T", () => Bg.ProbabilityAlive(1, 3, 2) },
        { "n", () => Bg.ProbabilityOfPurchases(-1, 1d) },
        { "t", () => Bg.ProbabilityOfPurchases(1, -1d) },
        { "t", () => Bg.ExpectedPurchasesNewCustomer(-1d) },
        { "n", () => Bg.ProbabilityOfPurchases(-1, 1d, 1, 2, 3) },
        { "t", () => Bg.ProbabilityOfPurchases(1, -1d, 1, 2, 3) },
        { "recency", () => Mbg.LogLikelihood(1, -1, 5) },
        { "T", () => Mbg.ProbabilityAlive(1, 3, 2) },
        { "t", () => Mbg.ExpectedPurchases(-1d, 1, 2, 3) },
        { "frequency", () => Mbg.ExpectedPurchases(1d, -1, 2, 3) },
        { "t", () => Mbg.ExpectedPurchasesNewCustomer(-1d) },
        { "n", () => Mbg.ProbabilityOfPurchases(-1, 1d) },
        { "t", () => Mbg.ProbabilityOfPurchases(1, double.NaN) },
        { "n", () => Mbg.ProbabilityOfPurchases(-1, 1d, 1, 2, 3) },
        { "t", () => Mbg.ProbabilityOfPurchases(1, -1d, 1, 2, 3) },
        { "frequency", () => Mbg.ProbabilityOfPurchases(1, 1d, double.NaN, 2, 3) },
    };

    [Theory]
    [MemberData(nameof(ScalarRefusals))]
    public void ScalarMethods_RefuseAnOutOfRangeInput_NamingIt(string field, Action call)
    {
        var error = Assert.Throws<InvalidValueException>(call);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(0d, 1d, 1d, 1d, "r")]
    [InlineData(1d, double.NaN, 1d, 1d, "alpha")]
    [InlineData(1d, 1d, -1d, 1d, "a")]
    [InlineData(1d, 1d, 1d, double.PositiveInfinity, "b")]
    public void MbgNbdModel_RefusesAParameterThatIsNotAFiniteNumberAboveZero(double r, double alpha, double a, double b, string field)
    {
        var error = Assert.Throws<InvalidValueException>(() => new MbgNbdModel(r, alpha, a, b));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void ExpectedWhileAlive_WhereCIsZeroForAFractionalFrequency_IsTheLimitOfTheClosedForm()
    {
        // a + b + x - 1 = 0 with x = 0.5 (a fractional frequency, as from averaged data): the integral over the drop-out
        // probability with k = r + x and β = b + x. mpmath (80 digits) at b = 0.2 ± 1e-40 of FHL 2005 eq. 10's bracket.
        Assert.Equal(1.7167995681068203892, BgNbdFamily.ExpectedWhileAlive(0.5, 2d, 0.3, 0.2, 0, 10d, 0.5, 2d), 1.7167995681068203892 * 1e-10);
    }

    [Fact]
    public void ANegativeCount_IsRefusedWithItsRule()
    {
        Assert.Equal("must not be negative", Assert.Throws<InvalidValueException>(() => Bg.ProbabilityOfPurchases(-1, 1d)).Rule);
        Assert.Equal("must not be negative", Assert.Throws<InvalidValueException>(() => Bg.ProbabilityOfPurchases(-1, 1d, 1, 2, 3)).Rule);
        Assert.Equal("must not be negative", Assert.Throws<InvalidValueException>(() => Mbg.ProbabilityOfPurchases(-1, 1d)).Rule);
        Assert.Equal("must not be negative", Assert.Throws<InvalidValueException>(() => Mbg.ProbabilityOfPurchases(-1, 1d, 1, 2, 3)).Rule);
    }

    [Fact]
    public void MbgNbdBatchMethods_EqualTheOneByOneResults_AndRefuseBadInputs()
    {
        double[] x = [0, 1, 2, 7, 0], tx = [0, 5, 30.43, 36, 0], age = [10, 20, 38.86, 39, 0.5];
        var alive = new double[5];
        var expected = new double[5];
        Mbg.ProbabilityAlive(x, tx, age, alive);
        Mbg.ExpectedPurchases(39d, x, tx, age, expected);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Mbg.ProbabilityAlive(x[i], tx[i], age[i]), alive[i]);
            Assert.Equal(Mbg.ExpectedPurchases(39d, x[i], tx[i], age[i]), expected[i]);
        }

        Assert.Equal("recency[1]", Assert.Throws<InvalidValueException>(() => Mbg.ProbabilityAlive(x, [0, -1, 0, 0, 0], age, alive)).Field);
        Assert.Equal("destination.Length", Assert.Throws<InvalidValueException>(() => Mbg.ProbabilityAlive(x, tx, age, new double[4])).Field);
        Assert.Equal("t", Assert.Throws<InvalidValueException>(() => Mbg.ExpectedPurchases(-1d, x, tx, age, expected)).Field);
        Assert.Equal("T[2]", Assert.Throws<InvalidValueException>(() => Mbg.ExpectedPurchases(1d, x, tx, [10, 20, 1, 39, 0.5], expected)).Field);
        Assert.Equal("destination.Length", Assert.Throws<InvalidValueException>(() => Mbg.ExpectedPurchases(1d, x, tx, age, new double[6])).Field);
    }

    [Fact]
    public void BatchProbabilityAlive_WhereOneLaneOverflows_TakesTheWholeBlockOneByOne()
    {
        // α = 1e-300: for the first customer (tₓ = 0) (T - tₓ)/(α + tₓ) overflows, so the block of four is taken one by
        // one; the other three have ordinary odds and must still be written. Exactly four customers, so that a loop
        // that ran past the block would read past the inputs.
        var model = new BgNbdModel(0.5, 1e-300, 0.8, 2.5);
        double[] x = [1, 2, 0, 3], tx = [0, 5, 0, 9], age = [1e10, 10, 4, 12];
        var alive = new[] { double.NaN, double.NaN, double.NaN, double.NaN };
        model.ProbabilityAlive(x, tx, age, alive);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(model.ProbabilityAlive(x[i], tx[i], age[i]), alive[i]);
        }

        Assert.Equal(0d, alive[0]);
        Assert.Equal(1d, alive[2]);
        Assert.InRange(alive[1], 0.1, 0.9);
    }

    [Fact]
    public void BatchProbabilityAlive_OfBgNbd_IsOneForEveryCustomerWithoutRepeatPurchases()
    {
        // BG/NBD has no drop-out before the first repeat purchase; in the vector lanes the odds formula is computed for
        // them anyway (with b < 1, ln(b - 1) is NaN) and replaced by 1.
        var model = new BgNbdModel(0.6, 3d, 0.9, 0.7);
        double[] x = [0, 0, 0, 0, 1, 0, 2, 0], tx = [0, 0, 0, 0, 4, 0, 8, 0], age = [5, 10, 20, 40, 10, 3, 9, 1];
        var alive = new double[8];
        model.ProbabilityAlive(x, tx, age, alive);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(x[i] == 0 ? 1d : model.ProbabilityAlive(x[i], tx[i], age[i]), alive[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Likelihood_OfFrequenciesThatAreNotSmallWholeNumbers_IsTheCustomerByCustomerSum(bool modified)
    {
        // Whole frequencies below 65,536 are grouped through an array, the others (fractions, as from weighted or
        // averaged data, and large counts, one exactly at the bound) through a dictionary; each group once. 2.5 and
        // 2.25 share an integer part, so that grouping fractions by their array slot would merge them.
        var m = modified ? 1 : 0;
        double[] x = [2.5, 2, 2.5, 65_536, 70_000, 2, 0.5, 65_536, 3, 2.5, 2.25];
        double[] tx = [10, 8, 12, 30, 31, 9, 1, 29, 20, 11, 14];
        double[] age = [40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40];
        double[] at = [0.243, 4.414, 0.793, 2.426];
        var likelihood = new BgNbdLikelihood(x, tx, age, default, m);

        var ll = likelihood.Evaluate(at, default);

        var expected = 0d;
        for (var i = 0; i < x.Length; i++)
        {
            expected += BgNbdFamily.LogLikelihood(at[0], at[1], at[2], at[3], m, x[i], tx[i], age[i]);
        }

        Assert.Equal(expected, ll, Math.Abs(expected) * 1e-12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheStartingValues_AreTheWeightedMeansOfFrequencyAndAge(bool weighted)
    {
        // The fit starts at α = mean T / mean x; the clv-bgnbd-likelihood run found nothing checking those means (a
        // wrong mean only moves the start, and the fit converges anyway).
        double[] x = [0, 3, 1, 3, 7];
        double[] tx = [0, 20, 5, 25, 30];
        double[] age = [10, 30, 20, 35, 40];
        double[] weights = weighted ? [4, 1, 2, 1, 0.5] : [];
        var likelihood = new BgNbdLikelihood(x, tx, age, weights, 0);

        var (meanX, meanT) = likelihood.Means();

        var w = weighted ? weights : [1, 1, 1, 1, 1];
        Assert.Equal(x.Zip(w, (v, u) => v * u).Sum() / w.Sum(), meanX, 1e-15);
        Assert.Equal(age.Zip(w, (v, u) => v * u).Sum() / w.Sum(), meanT, 1e-14);
        Assert.Equal(weighted ? 11.5 / 8.5 : 14d / 5, meanX, 1e-15);
    }

    [Fact]
    public void ACustomerOfWeightZero_AddsNothingToTheLikelihoodOrItsGradient()
    {
        // The only customer with x = 9 has weight 0: its group is skipped (a line no test reached before).
        double[] at = [0.243, 4.414, 0.793, 2.426];
        var with = new BgNbdLikelihood([0, 2, 9, 2], [0, 10, 30, 12], [40, 40, 40, 40], [1, 2, 0, 1], 0);
        var without = new BgNbdLikelihood([0, 2, 2], [0, 10, 12], [40, 40, 40], [1, 2, 1], 0);
        var gradientWith = new double[4];
        var gradientWithout = new double[4];

        var ll = with.Evaluate(at, gradientWith);

        Assert.Equal(without.Evaluate(at, gradientWithout), ll, 1e-12);
        Assert.Equal(gradientWithout, gradientWith, (u, v) => Math.Abs(u - v) <= 1e-12);
    }

    [Fact]
    public void TheWarmStartOfAWeightedFit_FitsEveryKthCustomerWithItsOwnWeight()
    {
        // The subsample of a large fit must carry each sampled customer's weight (the clv-bgnbd run's last gap: no test
        // fitted 200,000 or more weighted customers). Weights tied to the data, so that a wrong weight moves the estimate.
        var random = new Random(29);
        const int N = BgNbdFamily.WarmStartThreshold;
        var age = Enumerable.Range(0, N).Select(_ => 1 + (random.NextDouble() * 38)).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(Bg, random, age, x, tx);
        var weights = x.Select(v => v > 0 ? 5d : 1d).ToArray();
        const int Step = N / BgNbdFamily.SubsampleSize;
        var every = Enumerable.Range(0, BgNbdFamily.SubsampleSize).Select(i => i * Step).ToArray();

        var warm = BgNbdFamily.FitSubsample(0, x, tx, age, weights, null);
        var direct = BgNbdModel.Fit(
            every.Select(i => x[i]).ToArray(), every.Select(i => tx[i]).ToArray(), every.Select(i => age[i]).ToArray(), every.Select(i => weights[i]).ToArray());
        var unweighted = BgNbdModel.Fit(every.Select(i => x[i]).ToArray(), every.Select(i => tx[i]).ToArray(), every.Select(i => age[i]).ToArray());

        Assert.Null(warm.FailureReason);
        Assert.True(direct.Converged, direct.FailureReason);
        Assert.Equal([direct.Model.R, direct.Model.Alpha, direct.Model.A, direct.Model.B], warm.Values);
        Assert.Equal(direct.LogLikelihood, warm.LogLikelihood);
        Assert.True(Math.Abs(unweighted.Model.R - direct.Model.R) > 0.01 * direct.Model.R, "the weights move the estimate");
    }
}
