using FsCheck;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>Pareto/NBD against Fader, Hardie and Lee (2005) on the CDNOW calibration summary.</summary>
public sealed class ParetoNbdModelTests
{
    [Fact]
    public void Fit_OnCdnow_ReproducesThePublishedEstimates()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var fit = ParetoNbdModel.Fit(x, tx, age);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("paretonbd", fit.ModelName);
        Assert.Equal(["r", "alpha", "s", "beta"], fit.Parameters.Select(p => p.Name));
        // Published: r=0.553, alpha=10.578, s=0.606, beta=11.669, LL=-9595.0.
        Assert.Equal(0.553, fit["r"], 3);
        Assert.Equal(10.578, fit["alpha"], 3);
        Assert.Equal(0.606, fit["s"], 3);
        // beta is barely identified (standard error about 6): the likelihood is flat to 1e-7 between our 11.6679 and
        // the published 11.669, and higher at ours. Checked to lifetimes' tolerance (1e-3 relative) and by likelihood.
        Assert.Equal(11.669, fit["beta"], 11.669 * 1e-3);
        Assert.Equal(-9595.0, fit.LogLikelihood, 1);
        var published = new ParetoNbdModel(0.553, 10.578, 0.606, 11.669);
        Assert.True(fit.LogLikelihood >= Enumerable.Range(0, x.Length).Sum(i => published.LogLikelihood(x[i], tx[i], age[i])));
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0 && double.IsFinite(p.StandardError), p.ToString()));
    }

    [Fact]
    public void Predictions_FollowTheClosedForms()
    {
        var model = new ParetoNbdModel(0.553, 10.578, 0.606, 11.669);
        // A customer whose last purchase is at T has A0 = 0: P(alive) = 1.
        Assert.Equal(1d, model.ProbabilityAlive(3, 20, 20));
        Assert.Equal(1d, model.ProbabilityAlive(0, 0, 0));
        var newCustomer = 0.553 * 11.669 / (10.578 * (0.606 - 1)) * (1 - Math.Pow(11.669 / (11.669 + 39), 0.606 - 1));
        Assert.Equal(newCustomer, model.ExpectedPurchasesNewCustomer(39), 12);
        Assert.Equal(newCustomer, model.ExpectedPurchases(39, 0, 0, 0), 12);
        // Through s = 1 the bracket tends to ln((beta+T+t)/(beta+T)).
        var unit = new ParetoNbdModel(0.5, 10, 1, 12);
        Assert.Equal(0.5 * 12 / 10 * Math.Log((12 + 39) / 12d), unit.ExpectedPurchasesNewCustomer(39), 12);
        Assert.Equal(unit.ExpectedPurchasesNewCustomer(39), new ParetoNbdModel(0.5, 10, 1 + 1e-7, 12).ExpectedPurchasesNewCustomer(39), 6);
    }

    [Fact]
    public void ProbabilityAlive_IsContinuousAcrossAlphaEqualsBeta()
    {
        // The hypergeometric argument changes form at alpha = beta.
        var below = new ParetoNbdModel(0.55, 11.669 * (1 - 1e-9), 0.6, 11.669).ProbabilityAlive(2, 30.43, 38.86);
        var equal = new ParetoNbdModel(0.55, 11.669, 0.6, 11.669).ProbabilityAlive(2, 30.43, 38.86);
        var above = new ParetoNbdModel(0.55, 11.669 * (1 + 1e-9), 0.6, 11.669).ProbabilityAlive(2, 30.43, 38.86);
        Assert.Equal(equal, below, 7);
        Assert.Equal(equal, above, 7);
    }

    [Property(Arbitrary = [typeof(BgNbdPropertyTests)], MaxTest = 200)]
    public bool Likelihood_IsFinite_ProbabilityAliveIsAProbability_AndExpectationsGrow((double R, double Alpha, double A, double B) p, (double X, double Tx, double T) c, PositiveInt t)
    {
        var model = new ParetoNbdModel(p.R, p.Alpha, p.A, p.B);
        var alive = model.ProbabilityAlive(c.X, c.Tx, c.T);
        var horizon = t.Get % 100;
        var early = model.ExpectedPurchases(horizon, c.X, c.Tx, c.T);
        var late = model.ExpectedPurchases(horizon + 10, c.X, c.Tx, c.T);
        return double.IsFinite(model.LogLikelihood(c.X, c.Tx, c.T))
            && alive is >= 0d and <= 1d
            && early >= 0d && late >= early && double.IsFinite(late);
    }
}
