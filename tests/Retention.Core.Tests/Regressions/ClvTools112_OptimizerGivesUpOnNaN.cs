using Retention.Clv;
using Retention.Tests.Clv;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/bachmannpatrick/CLVTools/issues/112">bachmannpatrick/CLVTools#112</see>
/// ("Estimation failed with NA coefs error").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> On a user's data (9,999 customers, daily time unit, a mean spend per transaction of
/// about 400,000) the Pareto/NBD estimation returned NA coefficients. The maintainers explained (also in CLVTools#132)
/// that the default L-BFGS-B stops as soon as the log-likelihood returns a non-finite value, which the hypergeometric
/// function does for some parameters and data; the advice was to switch to Nelder-Mead.</para>
/// <para><b>What the library does.</b> Its BFGS treats NaN or infinity from the likelihood as outside the feasible region
/// and shortens the step (bisection in the line search) instead of giving up, and the likelihoods are computed in log
/// space so that large spends and day-unit ages do not make them non-finite. The tests: a step that lands in a NaN
/// region converges anyway; the fits on CDNOW restated in days and with spends ten thousand times larger converge to
/// the published estimates, rescaled exactly as the models' scale invariance says (BG/NBD and Pareto/NBD α and β times
/// 7, Gamma-Gamma v times 10,000, the shape parameters unchanged).</para>
/// <para><b>Mutation seen killed:</b> the line search returning failure at the first non-finite value instead of
/// bisecting (<c>Optimizer.LineSearch</c>).</para>
/// </remarks>
public sealed class ClvTools112_OptimizerGivesUpOnNaN
{
    [Fact]
    public void FirstStepIntoANaNRegion_IsShortened_AndTheMinimumIsFound()
    {
        // (θ₀ - 3)² + (θ₁ + 1)², undefined (NaN) for θ₀ ≥ 3.5. Started with a curvature estimate ten times too flat (a
        // warm start from a related problem), the first quasi-Newton step from (0, 0), capped at 4, lands at (4, -1.33).
        var calls = 0;
        var nanCalls = 0;
        double Objective(ReadOnlySpan<double> t, Span<double> g)
        {
            calls++;
            if (t[0] >= 3.5)
            {
                nanCalls++;
                return double.NaN;
            }

            g[0] = 2 * (t[0] - 3);
            g[1] = 2 * (t[1] + 1);
            return ((t[0] - 3) * (t[0] - 3)) + ((t[1] + 1) * (t[1] + 1));
        }

        var result = Optimizer.Minimize(Objective, [0d, 0d], 100, 1e-10, new double[,] { { 10, 0 }, { 0, 10 } });

        Assert.True(result.Converged, result.Reason);
        Assert.Equal(3d, result.Theta[0], 8);
        Assert.Equal(-1d, result.Theta[1], 8);
        Assert.True(nanCalls > 0, "the objective was never asked for a value in its NaN region: the test does not test anything");
        Assert.True(calls < 100);
    }

    [Fact]
    public void BgNbdAndParetoNbd_OnCdnowInDays_ConvergeToThePublishedEstimatesRescaled()
    {
        var (x, weeksTx, weeksAge) = ClvData.CdnowSummary();
        var tx = weeksTx.Select(w => w * 7).ToArray();
        var age = weeksAge.Select(w => w * 7).ToArray();

        var bg = BgNbdModel.Fit(x, tx, age);
        var pareto = ParetoNbdModel.Fit(x, tx, age);

        Assert.True(bg.Converged, bg.FailureReason);
        Assert.Equal(0.243, bg["r"], 3);
        Assert.Equal(4.414 * 7, bg["alpha"], 4.414 * 7 * 1e-3);
        Assert.Equal(0.793, bg["a"], 3);
        Assert.Equal(2.426, bg["b"], 3);
        Assert.True(pareto.Converged, pareto.FailureReason);
        Assert.Equal(0.553, pareto["r"], 3);
        Assert.Equal(10.578 * 7, pareto["alpha"], 10.578 * 7 * 1e-3);
        Assert.Equal(0.606, pareto["s"], 3);
        Assert.Equal(11.669 * 7, pareto["beta"], 11.669 * 7 * 2e-3);
        Assert.All(bg.Parameters.Concat(pareto.Parameters), p => Assert.True(double.IsFinite(p.Value), p.ToString()));
    }

    [Fact]
    public void GammaGamma_WithSpendsTenThousandTimesLarger_ConvergesToTheSameShapes()
    {
        var (x, zbar) = ClvData.CdnowSpend();
        var large = zbar.Select(z => z * 10_000).ToArray();

        var fit = GammaGammaModel.Fit(x, large);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal(6.25, fit["p"], 2);
        Assert.Equal(3.74, fit["q"], 2);
        Assert.Equal(15.44 * 10_000, fit["v"], 15.44 * 10_000 * 1e-3);
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }
}
