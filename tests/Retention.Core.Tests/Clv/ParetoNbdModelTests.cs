using FsCheck;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>Pareto/NBD against Fader, Hardie and Lee (2005) on the CDNOW calibration summary.</summary>
public sealed class ParetoNbdModelTests
{
    /// <summary>The CDNOW log-likelihood at the published estimates, by mpmath at 30 digits (the method is in
    /// <see cref="LogLikelihood_OnCdnow_AtThePublishedEstimates_IsThePublishedValue"/>).</summary>
    private const double CdnowLogLikelihoodAtPublished = -9594.974010041089068;

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
    public void LogLikelihood_OnCdnow_AtThePublishedEstimates_IsThePublishedValue()
    {
        // The fit above is the slow test that checks this, and is left out of the mutation runs; this one is fast. At
        // the published (rounded) estimates the log-likelihood summed over CDNOW's 2,357 customers is the published
        // -9595.0 to its rounding, and the 30-digit sum of the definition's terms (mpmath: the alive part plus s times
        // the drop-out integral, by quadrature over 16 panels, for each distinct (x, tx, T)) to 1e-12 relative: the
        // library's sum was 1.3e-10 from it (1e-14 relative) when this test was written.
        var (x, tx, age) = ClvData.CdnowSummary();
        var published = new ParetoNbdModel(0.553, 10.578, 0.606, 11.669);

        var total = Enumerable.Range(0, x.Length).Sum(i => published.LogLikelihood(x[i], tx[i], age[i]));

        Assert.Equal(-9595.0, total, 0.05);
        Assert.Equal(CdnowLogLikelihoodAtPublished, total, Tolerance.Relative(1e-12));
    }

    [Theory]
    // Customers the series answers (UsesIntegral is false): CDNOW's estimates with α below β (the last one CDNOW's
    // customer of 25 repeat purchases), and α above β. Expected by mpmath at 50 digits from the definition,
    // ln Γ(r+x) - ln Γ(r) + r ln α + s ln β + ln((α+T)^-(r+x) (β+T)^-s + s ∫ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ over
    // [tₓ, T]), the integral by quadrature over 16 panels (64 agree to 1e-16); independent of the ₂F₁ series.
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86, -9.554283245150405719277)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 0, 0, 38.86, -0.5210462940808903740079)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 7, 12.0, 52, -18.13961749584903589193)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 25, 27.29, 36.86, -39.8821550360681982541)]
    [InlineData(2, 8, 0.5, 5, 7, 2.5, 24, -9.263391271499863131094)]
    [InlineData(0.8, 3, 4, 2, 12, 1, 52, -0.3918954142484159701174)]
    public void LogLikelihood_WhereTheSeriesAnswer_MatchesFiftyDigitQuadrature(double r, double alpha, double s, double beta, double x, double tx, double age, double expected)
    {
        Assert.False(ParetoNbdModel.UsesIntegral(r, alpha, s, beta, x, tx));
        var model = new ParetoNbdModel(r, alpha, s, beta);

        Assert.Equal(expected, model.LogLikelihood(x, tx, age), Tolerance.Relative(1e-12));
        Assert.Equal(expected, ParetoNbdModel.CustomerLogLikelihood(r, alpha, s, beta, x, tx, age, new double[4]), Tolerance.Relative(1e-12));
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
        // Within 1e-8 of s = 1 the bracket is its series -u(1 + (s-1)u/2), u = ln((β+T)/(β+T+t)); the second term is
        // about 1e-9 relative there, so these (mpmath, 50 digits, at the doubles 1 + 1e-9 and 1 - 3e-9) pin it.
        Assert.Equal(0.8681513891337228622306, new ParetoNbdModel(0.5, 10, 1.000000001, 12).ExpectedPurchasesNewCustomer(39), Tolerance.Relative(1e-13));
        Assert.Equal(0.8681513916460123684387, new ParetoNbdModel(0.5, 10, 0.999999997, 12).ExpectedPurchasesNewCustomer(39), Tolerance.Relative(1e-13));
    }

    [Theory]
    // Values by mpmath at 50 digits from the definition, independent of the hypergeometric forms: P(alive) is
    // E[λ^x e^(-(λ+μ)T)] over E[λ^x e^(-(λ+μ)T)] + ∫ from tₓ to T of E[λ^x μ e^(-(λ+μ)τ)] dτ (each expectation a closed
    // form over the gamma priors, the integral by quadrature); the expectation is Fader, Hardie and Lee's (2005) closed
    // form times it. α below β (CDNOW's estimates; a customer far from A0 = 0, another with many early purchases), and
    // α above β.
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86, 39, 0.869167559153011199, 1.4551231932576025029)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 7, 12.0, 38.86, 52, 0.023238824275923878382, 0.14640134761582711994)]
    [InlineData(1.3, 4.0, 0.8, 25.0, 1, 0.5, 30.0, 10, 0.062130513154230930484, 0.039268916140971335617)]
    [InlineData(0.9, 40.0, 2.5, 6.0, 12, 20.0, 70.0, 100, 0.000093035430619228607826, 0.000395937118666927508)]
    public void ProbabilityAliveAndExpectedPurchases_OfARepeatBuyer_MatchFiftyDigitValues(double r, double alpha, double s, double beta, double x, double tx, double age, double t, double alive, double expected)
    {
        var model = new ParetoNbdModel(r, alpha, s, beta);

        Assert.Equal(alive, model.ProbabilityAlive(x, tx, age), Tolerance.Relative(1e-12));
        Assert.Equal(expected, model.ExpectedPurchases(t, x, tx, age), Tolerance.Relative(1e-12));
        var batch = new double[2];
        model.ProbabilityAlive([x, 0], [tx, 0], [age, 0], batch);
        Assert.Equal([model.ProbabilityAlive(x, tx, age), 1d], batch);
        model.ExpectedPurchases(t, [x, 0], [tx, 0], [age, 0], batch);
        Assert.Equal([model.ExpectedPurchases(t, x, tx, age), model.ExpectedPurchasesNewCustomer(t)], batch);
    }

    [Theory]
    // P(n purchases in the next t | x, tₓ, T) by mpmath at 50 digits: gone at T (no purchase), or alive with
    // λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T) and then surviving the horizon or dropping out at τ inside it (the drop-out
    // density integrated by quadrature against the gamma-Poisson count over τ). A one-time buyer is not certainly alive:
    // only a customer just acquired (x = 0 and T = 0) is.
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86, 39, 0.40806272360646375998, 0.21928749790096378372, 0.095655346296350205778, 0.0048645845965893388167)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 0, 0, 38.86, 39, 0.93071481594568020077, 0.045898124125809542922, 0.0053144430071927502139, 0.000055114867211399817011)]
    [InlineData(1.3, 4.0, 0.8, 25.0, 1, 0.5, 30.0, 10, 0.97378661535761260757, 0.01714340660478592378, 0.0020016268255562748371, 3.3170448761440690475e-6)]
    public void ProbabilityOfPurchases_GivenAHistory_MatchesFiftyDigitValues(double r, double alpha, double s, double beta, double x, double tx, double age, double t, double none, double one, double three, double eight)
    {
        var model = new ParetoNbdModel(r, alpha, s, beta);

        Assert.Equal(none, model.ProbabilityOfPurchases(0, t, x, tx, age), Tolerance.Relative(1e-10));
        Assert.Equal(one, model.ProbabilityOfPurchases(1, t, x, tx, age), Tolerance.Relative(1e-10));
        Assert.Equal(three, model.ProbabilityOfPurchases(3, t, x, tx, age), Tolerance.Relative(1e-10));
        Assert.Equal(eight, model.ProbabilityOfPurchases(8, t, x, tx, age), Tolerance.Relative(1e-10));
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
