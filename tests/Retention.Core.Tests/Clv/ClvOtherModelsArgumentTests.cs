using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// The argument checks of Pareto/NBD, Gamma-Gamma, BG/BB and sBG, each refused value passed to each method that checks
/// it (the <c>clv-others</c> mutation scope: a check that no test refuses can be removed unnoticed), and the boundary
/// values they accept.
/// </summary>
public sealed class ClvOtherModelsArgumentTests
{
    private static readonly ParetoNbdModel Pareto = new(0.55, 10.58, 0.61, 11.67);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);
    private static readonly BgBbModel BgBb = new(1.2, 0.75, 0.66, 2.78);
    private static readonly ShiftedBetaGeometricModel Sbg = new(0.704, 1.182);

    public static TheoryData<string, Action> Refusals => new()
    {
        // Constructors: each parameter above 0 and finite.
        { "r", () => _ = new ParetoNbdModel(0, 1, 1, 1) },
        { "alpha", () => _ = new ParetoNbdModel(1, double.NaN, 1, 1) },
        { "s", () => _ = new ParetoNbdModel(1, 1, -1, 1) },
        { "beta", () => _ = new ParetoNbdModel(1, 1, 1, double.PositiveInfinity) },
        { "p", () => _ = new GammaGammaModel(0, 1, 1) },
        { "q", () => _ = new GammaGammaModel(1, -2, 1) },
        { "v", () => _ = new GammaGammaModel(1, 1, double.NaN) },
        { "alpha", () => _ = new BgBbModel(0, 1, 1, 1) },
        { "beta", () => _ = new BgBbModel(1, -1, 1, 1) },
        { "gamma", () => _ = new BgBbModel(1, 1, double.NaN, 1) },
        { "delta", () => _ = new BgBbModel(1, 1, 1, double.PositiveInfinity) },
        { "alpha", () => _ = new ShiftedBetaGeometricModel(0, 1) },
        { "beta", () => _ = new ShiftedBetaGeometricModel(1, double.NaN) },

        // Pareto/NBD: horizons, counts and customers of every method.
        { "recency", () => Pareto.LogLikelihood(1, -1, 5) },
        { "T", () => Pareto.ProbabilityAlive(1, 3, 2) },
        { "t", () => Pareto.ExpectedPurchases(-1, 1, 2, 3) },
        { "frequency", () => Pareto.ExpectedPurchases(1, -1, 2, 3) },
        { "t", () => Pareto.ExpectedPurchasesNewCustomer(double.NaN) },
        { "n", () => Pareto.ProbabilityOfPurchases(-1, 1) },
        { "t", () => Pareto.ProbabilityOfPurchases(1, -1) },
        { "n", () => Pareto.ProbabilityOfPurchases(-1, 1, 1, 2, 3) },
        { "t", () => Pareto.ProbabilityOfPurchases(1, double.PositiveInfinity, 1, 2, 3) },
        { "frequency", () => Pareto.ProbabilityOfPurchases(1, 1, double.NaN, 2, 3) },
        { "recency[1]", () => Pareto.ProbabilityAlive([1, 1], [1, -1], [3, 3], new double[2]) },
        { "destination.Length", () => Pareto.ProbabilityAlive([1, 1], [1, 1], [3, 3], new double[1]) },
        { "t", () => Pareto.ExpectedPurchases(-1, [1], [1], [3], new double[1]) },
        { "T[0]", () => Pareto.ExpectedPurchases(1, [1], [2], [1], new double[1]) },
        { "destination.Length", () => Pareto.ExpectedPurchases(1, [1], [1], [3], new double[2]) },
        { "frequency[0]", () => ParetoNbdModel.Fit([-1], [0], [1]) },

        // Gamma-Gamma.
        { "frequency", () => Spend.LogLikelihood(0, 10) },
        { "frequency", () => Spend.LogLikelihood(-1, 10) },
        { "monetaryValue", () => Spend.LogLikelihood(2, double.NaN) },
        { "frequency", () => Spend.ExpectedAverageSpend(double.PositiveInfinity, 10) },
        { "monetaryValue[1]", () => Spend.ExpectedAverageSpend([1, 2], [10, -1], new double[2]) },
        { "monetaryValue.Length", () => Spend.ExpectedAverageSpend([1, 2], [10], new double[2]) },
        { "destination.Length", () => Spend.ExpectedAverageSpend([1, 2], [10, 10], new double[1]) },
        { "q", () => new GammaGammaModel(1, 0.5, 3).ExpectedAverageSpend([0], [0], new double[1]) },
        { "monetaryValue.Length", () => GammaGammaModel.Fit([1, 2], [10]) },
        { "weights.Length", () => GammaGammaModel.Fit([1, 2], [10, 10], [1]) },
        { "weights[1]", () => GammaGammaModel.Fit([1, 2], [10, 10], [1, double.NaN]) },
        { "weights[0]", () => GammaGammaModel.Fit([1, 2], [10, 10], [-1, 1]) },
        { "frequency[0]", () => GammaGammaModel.Fit([double.NaN], [10]) },

        // BG/BB: periods a whole number from 1 to 1,000,000; recency whole, from 0 to the periods; frequency whole,
        // from 0 to the recency, and 0 only with recency 0.
        { "periods", () => BgBb.LogLikelihood(0, 0, 0) },
        { "periods", () => BgBb.LogLikelihood(0, 0, 2.5) },
        { "periods", () => BgBb.LogLikelihood(0, 0, 1_000_001) },
        { "periods", () => BgBb.LogLikelihood(0, 0, double.PositiveInfinity) },
        { "recency", () => BgBb.ProbabilityAlive(0, -1, 6) },
        { "recency", () => BgBb.ProbabilityAlive(0, 7, 6) },
        { "recency", () => BgBb.ProbabilityAlive(1, 1.5, 6) },
        { "recency", () => BgBb.ProbabilityAlive(1, double.NaN, 6) },
        { "frequency", () => BgBb.ExpectedPurchases(1, -1, 0, 6) },
        { "frequency", () => BgBb.ExpectedPurchases(1, 3, 2, 6) },
        { "frequency", () => BgBb.ExpectedPurchases(1, 0.5, 2, 6) },
        { "frequency", () => BgBb.ExpectedPurchases(1, 0, 2, 6) },
        { "frequency", () => BgBb.ExpectedPurchases(1, double.NaN, 2, 6) },
        { "futurePeriods", () => BgBb.ExpectedPurchases(-1, 1, 2, 6) },
        { "periods", () => BgBb.ExpectedPurchasesNewCustomer(-1) },
        { "recency.Length", () => BgBbModel.Fit([1, 1], [1], [6, 6]) },
        { "periods.Length", () => BgBbModel.Fit([1, 1], [1, 1], [6]) },
        { "weights.Length", () => BgBbModel.Fit([1, 1], [1, 1], [6, 6], [1]) },
        { "weights[1]", () => BgBbModel.Fit([1, 1], [1, 1], [6, 6], [1, -1]) },

        // sBG.
        { "t", () => Sbg.ChurnProbability(0) },
        { "t", () => Sbg.Survival(-1) },
        { "t", () => Sbg.RetentionRate(0) },
        { "alive[1]", () => ShiftedBetaGeometricModel.Fit([100, double.NaN]) },
        { "alive[1]", () => ShiftedBetaGeometricModel.Fit([100, double.PositiveInfinity]) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachCheckedInput_IsRefusedNamingIt(string field, Action call)
    {
        var error = Assert.Throws<InvalidValueException>(call);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void TheBoundaryValues_AreAccepted_WithTheirKnownAnswers()
    {
        // BG/BB: one period, frequency and recency equal to it, and the largest number of periods. A customer who
        // bought in the last period is alive in the next with probability B(γ, δ+n+1) / B(γ, δ+n) = (δ+n)/(γ+δ+n):
        // the likelihood has no other term.
        Assert.Equal((2.78 + 1) / (0.66 + 2.78 + 1), BgBb.ProbabilityAlive(1, 1, 1), 12);
        Assert.Equal((2.78 + 6) / (0.66 + 2.78 + 6), BgBb.ProbabilityAlive(3, 6, 6), 12);
        Assert.InRange(BgBb.LogLikelihood(0, 0, 1_000_000), BgBb.LogLikelihood(0, 0, 2_000) - 10, 0d);
        Assert.Equal(0d, BgBb.ExpectedPurchases(0, 1, 1, 6));
        Assert.Equal(0d, BgBb.ExpectedPurchasesNewCustomer(0));

        // sBG: S(0) = 1; r(1) = S(1) = β/(α+β); P(T = 1) = α/(α+β).
        Assert.Equal(1d, Sbg.Survival(0));
        Assert.Equal(1.182 / (0.704 + 1.182), Sbg.Survival(1), 14);
        Assert.Equal(1.182 / (0.704 + 1.182), Sbg.RetentionRate(1), 14);
        Assert.Equal(0.704 / (0.704 + 1.182), Sbg.ChurnProbability(1), 14);

        // Gamma-Gamma: a zero spend is ignored without repeat purchases, and x = 0 gives the population mean.
        Assert.Equal(Spend.PopulationMeanSpend, Spend.ExpectedAverageSpend(0, 0), 12);
        var spend = new double[2];
        Spend.ExpectedAverageSpend([0, 0], [-5, double.NaN], spend);
        Assert.Equal([Spend.PopulationMeanSpend, Spend.PopulationMeanSpend], spend);

        // Pareto/NBD: t = 0 expects no purchase, and a customer at T = 0 has P(alive) 1.
        Assert.Equal(0d, Pareto.ExpectedPurchases(0, 1, 2, 3));
        Assert.Equal(1d, Pareto.ProbabilityAlive(0, 0, 0), 12);
    }

    public static TheoryData<string, string, Action> RulesStated => new()
    {
        { "periods", "must be a whole number from 1 to 1000000", () => BgBb.LogLikelihood(0, 0, 0) },
        { "recency", "must be a whole number from 0 to the periods", () => BgBb.LogLikelihood(0, 7, 6) },
        { "frequency", "must be a whole number from 0 to the recency (and 0 only with recency 0)", () => BgBb.LogLikelihood(0, 2, 6) },
        { "weights[0]", "must be a finite number, 0 or more", () => GammaGammaModel.Fit([1], [10], [-1]) },
        { "frequency", "must have a customer with a repeat purchase (and weight above 0) to fit spend on", () => GammaGammaModel.Fit([0], [10]) },
        { "frequency", "must be above 0 (a customer without repeat purchases has no spend to score)", () => Spend.LogLikelihood(0, 10) },
        { "frequency", "must be a finite number, 0 or more", () => Spend.ExpectedAverageSpend(-1, 10) },
        { "alive.Length", "must be at least 2 (the cohort and one period)", () => ShiftedBetaGeometricModel.Fit([100]) },
        { "alive[1]", "must be a finite number, 0 or more", () => ShiftedBetaGeometricModel.Fit([100, -1]) },
        { "alive[0]", "must be above 0 (the cohort size)", () => ShiftedBetaGeometricModel.Fit([0, 0]) },
        { "t", "must be at least 1", () => Sbg.ChurnProbability(0) },
        { "t", "must not be negative", () => Sbg.Survival(-1) },
        { "t", "must be at least 1", () => Sbg.RetentionRate(0) },
    };

    [Theory]
    [MemberData(nameof(RulesStated))]
    public void EachRefusal_StatesItsRule(string field, string rule, Action call)
    {
        var error = Assert.Throws<InvalidValueException>(call);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
    }

    [Fact]
    public void GammaGamma_IgnoresARowOfWeightZero_AndRefusesDataWhoseOnlyBuyersWeighNothing()
    {
        double[] x = [2, 3, 1, 4, 2];
        double[] m = [10, 20, 35, 12, 18];
        var withZero = GammaGammaModel.Fit([.. x, 5], [.. m, 1000], [1, 1, 1, 1, 1, 0]);
        var without = GammaGammaModel.Fit(x, m);
        Assert.Equal(without.LogLikelihood, withZero.LogLikelihood, 10);
        Assert.Equal(without.Model.P, withZero.Model.P, 8);
        Assert.Equal(5d, withZero.TotalWeight);

        var error = Assert.Throws<InvalidValueException>(() => GammaGammaModel.Fit([2, 3], [10, 20], [0, 0]));
        Assert.Equal("frequency", error.Field);
    }

    [Fact]
    public void GammaGamma_IgnoresTheSpendOfACustomerWithoutRepeats_EvenWhenItIsNotANumber()
    {
        // x = 0: the spend is documented as ignored, so a NaN or infinite one gives the population mean p v / (q - 1)
        // (0 × NaN would be NaN if it were read).
        var mean = 6.25 * 15.44 / (3.74 - 1d);
        Assert.Equal(mean, Spend.ExpectedAverageSpend(0, double.NaN), Tolerance.Relative(1e-15));
        Assert.Equal(mean, Spend.PopulationMeanSpend, Tolerance.Relative(1e-15));
        var batch = new double[2];
        Spend.ExpectedAverageSpend([0, 0], [double.PositiveInfinity, double.NaN], batch);
        Assert.Equal([mean, mean], batch);
    }

    [Fact]
    public void GammaGamma_AtExactlyQOne_HasNoFiniteMeanForANewCustomer()
    {
        // p x + q - 1 = 0 exactly: refused, not p v / 0 = ∞. The population mean is documented as infinite there.
        var model = new GammaGammaModel(2, 1, 3);
        var error = Assert.Throws<InvalidValueException>(() => model.ExpectedAverageSpend(0, 10));
        Assert.Equal(("q", "1"), (error.Field, error.Value));
        Assert.Throws<InvalidValueException>(() => model.ExpectedAverageSpend([0], [10], new double[1]));
        Assert.Equal(double.PositiveInfinity, model.PopulationMeanSpend);
        Assert.Equal(2d * (3 + 10) / 2, model.ExpectedAverageSpend(1, 10));
    }

    [Fact]
    public void BgBb_UnweightedFit_OneRowPerCustomer_IsTheWeightedFit()
    {
        // The donations patterns with a fiftieth of their weights (at least 1; 233 customers), once weighted and once
        // as one row per customer: the same likelihood, so the same estimate. (All 11,104 rows took 20 s.)
        var (x, tx, n, donations) = ClvData.Donations();
        var weights = donations.Select(w => Math.Max(1d, Math.Round(w / 50d))).ToArray();
        var rows = Enumerable.Range(0, x.Length).SelectMany(i => Enumerable.Repeat(i, (int)weights[i])).ToArray();
        var weighted = BgBbModel.Fit(x, tx, n, weights);
        var unweighted = BgBbModel.Fit(rows.Select(i => x[i]).ToArray(), rows.Select(i => tx[i]).ToArray(), rows.Select(i => n[i]).ToArray());

        Assert.True(weighted.Converged, weighted.FailureReason);
        Assert.True(unweighted.Converged, unweighted.FailureReason);
        Assert.Equal(weights.Sum(), unweighted.TotalWeight);
        Assert.Equal(weighted.LogLikelihood, unweighted.LogLikelihood, 8);
        Assert.Equal(weighted["alpha"], unweighted["alpha"], 4);
        Assert.Equal(weighted["delta"], unweighted["delta"], 4);
    }

    [Fact]
    public void Sbg_ACohortThatEndsAtZero_IsAccepted_AndItsLikelihoodHasNoSurvivorTerm()
    {
        // 1000 → 600 → 300 → 0: every customer's churn period is known, so LL = Σ churned(t) ln P(T = t).
        double[] alive = [1000, 600, 300, 0];
        var fit = ShiftedBetaGeometricModel.Fit(alive);
        var model = fit.Model;
        var expected = (400 * Math.Log(model.ChurnProbability(1))) + (300 * Math.Log(model.ChurnProbability(2))) + (300 * Math.Log(model.ChurnProbability(3)));
        Assert.Equal(expected, fit.LogLikelihood, Tolerance.Relative(1e-10));
    }
}
