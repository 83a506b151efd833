using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>BG/BB against Fader, Hardie and Shang (2010) and the BTYD walkthrough on the donations data.</summary>
public sealed class BgBbModelTests
{
    [Fact]
    public void Fit_OnDonations_ReproducesThePublishedEstimates()
    {
        var (x, tx, n, weights) = ClvData.Donations();
        var fit = BgBbModel.Fit(x, tx, n, weights);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("bgbb", fit.ModelName);
        Assert.Equal(["alpha", "beta", "gamma", "delta"], fit.Parameters.Select(p => p.Name));
        Assert.Equal(11_104d, fit.TotalWeight);
        // Published: 1.204, 0.750, 0.657, 2.783; BTYD 1.203528, 0.7497260, 0.6567808, 2.783796 with LL -33225.58.
        Assert.Equal(1.204, fit["alpha"], 3);
        Assert.Equal(0.750, fit["beta"], 3);
        Assert.Equal(0.657, fit["gamma"], 3);
        Assert.Equal(2.783, fit["delta"], 3);
        Assert.Equal(-33225.58, fit.LogLikelihood, 2);
        // BTYD's delta (2.783796) is 4e-4 from ours; the likelihood is flat there, and not higher at BTYD's estimate.
        var btyd = new BgBbModel(1.203528, 0.7497260, 0.6567808, 2.783796);
        Assert.True(fit.LogLikelihood >= Enumerable.Range(0, x.Length).Sum(i => weights[i] * btyd.LogLikelihood(x[i], tx[i], n[i])) - 1e-6);
    }

    [Fact]
    public void PatternProbabilities_AddUpToOne()
    {
        var model = new BgBbModel(1.204, 0.750, 0.657, 2.783);
        const int N = 6;
        var total = 0d;
        total += Math.Exp(model.LogLikelihood(0, 0, N));
        for (var recency = 1; recency <= N; recency++)
        {
            for (var x = 1; x <= recency; x++)
            {
                // Each (x, t_x) stands for C(t_x - 1, x - 1) sequences with the same probability.
                total += Binomial(recency - 1, x - 1) * Math.Exp(model.LogLikelihood(x, recency, N));
            }
        }

        Assert.Equal(1d, total, 12);
    }

    [Fact]
    public void Expectations_FollowTheClosedForms()
    {
        double alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783;
        var model = new BgBbModel(alpha, beta, gamma, delta);
        // E[X(n)] = alpha/(alpha+beta) delta/(gamma-1) [1 - G(gamma+delta) G(1+delta+n) / (G(gamma+delta+n) G(1+delta))]
        static double LogGamma(double v) => Retention.Clv.SpecialFunctions.LogGamma(v);
        var closed = alpha / (alpha + beta) * delta / (gamma - 1) * (1 - Math.Exp(LogGamma(gamma + delta) + LogGamma(1 + delta + 5) - LogGamma(gamma + delta + 5) - LogGamma(1 + delta)));
        Assert.Equal(closed, model.ExpectedPurchasesNewCustomer(5), 12);
        Assert.Equal(0d, model.ExpectedPurchasesNewCustomer(0));

        // A donor who gave in all 6 years is alive at year 7 with probability B(gamma, delta+7)/B(gamma, delta+6)... over
        // the likelihood; and expected future donations grow with the horizon.
        Assert.InRange(model.ProbabilityAlive(6, 6, 6), 0.9, 1d);
        Assert.InRange(model.ProbabilityAlive(0, 0, 6), 0d, 0.2);
        Assert.True(model.ExpectedPurchases(5, 6, 6, 6) > model.ExpectedPurchases(1, 6, 6, 6));
        Assert.True(model.ExpectedPurchases(5, 6, 6, 6) > model.ExpectedPurchases(5, 3, 3, 6));
        Assert.Equal(0d, model.ExpectedPurchases(0, 3, 4, 6));
    }

    [Fact]
    public void InvalidPatterns_AreRejected()
    {
        Assert.Equal("frequency[0]", Assert.Throws<InvalidValueException>(() => BgBbModel.Fit([3], [2], [6])).Field);
        Assert.Equal("recency[0]", Assert.Throws<InvalidValueException>(() => BgBbModel.Fit([1], [7], [6])).Field);
        Assert.Equal("periods[1]", Assert.Throws<InvalidValueException>(() => BgBbModel.Fit([1, 1], [1, 1], [6, 2.5])).Field);
        Assert.Equal("frequency", Assert.Throws<InvalidValueException>(() => new BgBbModel(1, 1, 1, 1).LogLikelihood(0, 2, 6)).Field);
    }

    private static double Binomial(int n, int k)
    {
        var result = 1d;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    [Theory]
    [InlineData(5, 2, 3, 6, 0.53357100661951756744)]
    [InlineData(10, 0, 0, 6, 0.12929101411359734113)]
    [InlineData(3, 6, 6, 6, 2.3749954405838088557)]
    [InlineData(1, 1, 5, 6, 0.22896224724073821262)]
    [InlineData(1000, 3, 5, 6, 44.429982402882091997)]
    [InlineData(1001, 3, 5, 6, 44.448731195154777869)]
    [InlineData(1000000, 3, 5, 6, 569.84753857803715751)]
    [InlineData(int.MaxValue, 6, 6, 6, 16402.749632021185573)]
    [InlineData(int.MaxValue, 0, 0, 6, 316.72663741829513068)]
    public void ExpectedPurchases_IsFaderHardieShangEquation13(int future, double x, double tx, double n, double expected)
    {
        // Oracle: mpmath (30 digits) of E[X(n, n+n*)] = B(α+x+1, β+n-x)/B(α,β) δ/(γ-1) Γ(γ+δ)/Γ(1+δ)
        // [Γ(1+δ+n)/Γ(γ+δ+n) - Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)] / L, with L the pattern's likelihood summed term by term. A
        // timed-out mutant of the spend term (α+x-1 for α+x+1) passed every other test (spot check of 1 December).
        // Horizons above 1,000 take the closed form; int.MaxValue took about 2e9 log-beta terms before.
        var model = new BgBbModel(1.2, 0.75, 0.66, 2.78);
        Assert.Equal(expected, model.ExpectedPurchases(future, x, tx, n), Tolerance.Relative(1e-12));
    }

    [Theory]
    [InlineData(1d, 5, 0.34230677565666183682)]
    [InlineData(1d, 1000, 3.7262191057911076128)]
    [InlineData(1d, 1001, 3.7270061406760102621)]
    [InlineData(1d, int.MaxValue, 15.3059186576021103)]
    [InlineData(3.5, 5, 0.017148953149065279705)]
    [InlineData(3.5, 1000, 0.024528482994194312295)]
    [InlineData(3.5, 1001, 0.024528483348048759743)]
    [InlineData(3.5, int.MaxValue, 0.024528625937236903147)]
    public void ExpectedPurchases_AtGammaOne_AndAboveOne_IsEquation13(double gamma, int future, double expected)
    {
        // The same oracle with δ = 2.78 at γ = 1 (where FHS's δ/(γ-1) is 0/0 and the sum is δ [ψ(1+δ+n+k) - ψ(1+δ+n)]) and
        // δ = 0.4 at γ = 3.5 (the sum converges: the long horizons differ in the sixth digit), for x = 2, tₓ = 3, n = 6.
        var model = new BgBbModel(1.2, 0.75, gamma, gamma == 1d ? 2.78 : 0.4);
        Assert.Equal(expected, model.ExpectedPurchases(future, 2, 3, 6), Tolerance.Relative(1e-12));
    }

    [Theory]
    [InlineData(1001, 30.796630301673380164)]
    [InlineData(int.MaxValue, 5082.1443641453086847)]
    public void ExpectedPurchasesNewCustomer_OverLongHorizons_IsTheClosedForm(int periods, double expected)
    {
        // mpmath: α/(α+β) δ/(γ-1) Γ(γ+δ)/Γ(1+δ) [Γ(1+δ)/Γ(γ+δ) - Γ(1+δ+k)/Γ(γ+δ+k)], 40 digits.
        var model = new BgBbModel(1.2, 0.75, 0.66, 2.78);
        Assert.Equal(expected, model.ExpectedPurchasesNewCustomer(periods), Tolerance.Relative(1e-12));
    }
}
