using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// BG/BB, the shifted-beta-geometric model and Gamma-Gamma at parameters far from any fit. Sweeps (1e-10 to 1e10, then
/// 5e-324 to 1e300) found a BG/BB conditional expectation of NaN, BG/BB log-likelihoods above 0, an sBG churn
/// probability above 1, an sBG survival that rose with t, a Gamma-Gamma spend of +∞, and Gamma-Gamma log-likelihoods of
/// NaN and -5.7e286. Each came from a difference of log-betas or log-gammas, or an overflowing product; the beta ratios
/// are now ratios of rising factorials (<c>SpecialFunctions.LogBetaRatio</c>). References by mpmath (50 digits; 400 for
/// Gamma-Gamma) at the doubles given.
/// </summary>
public sealed class DiscreteModelsExtremeParameterTests
{
    [Fact]
    public void BgBb_ConditionalExpectation_WhereItsFactorsOverflow_MatchesMpmath()
    {
        // α = β = 1e-10, γ = 1000: the expectation is e^1239 (B(α+x+1, β+n-x)/B(α, β) over L) times e^-1387 (the alive
        // opportunities ahead), which was ∞ × 0 = NaN; it is now summed in logarithms.
        var model = new BgBbModel(1e-10, 1e-10, 1000, 0.5);

        Assert.Equal(-1958.1730255325565285, model.LogLikelihood(500, 900, 1000), Tolerance.Relative(1e-14));
        Assert.Equal(1.2092539315470156951e-64, model.ProbabilityAlive(500, 900, 1000), Tolerance.Relative(1e-11));
        Assert.Equal(1.2095427246637500806e-64, model.ExpectedPurchases(10, 500, 900, 1000), Tolerance.Relative(1e-11));
    }

    [Theory]
    // A customer certain to be alive and silent: ln L is about -1e-13. The difference of log-betas of 1e6 gave +1.2e-12,
    // a probability above 1; the ratio of rising factorials loses about 1e-16 of what cancels.
    [InlineData(1e-10, 1e6, 3, 1e6, 1000, -9.9800233233200160563e-14, 0.99700300498200989351, 9.959935655190276361e-16)]
    [InlineData(1e-10, 0.001, 1e10, 1e6, 6, -9.9990000989921721361e-12, 9.9932116314825638399e-29, 1.6654242558697747225e-39)]
    public void BgBb_LogLikelihoodNearZero_IsNotAboveZero_AndMatchesMpmath(double alpha, double beta, double gamma, double delta, double periods, double logLikelihood, double alive, double expected)
    {
        var model = new BgBbModel(alpha, beta, gamma, delta);

        var actual = model.LogLikelihood(0, 0, periods);
        Assert.True(actual < 0, actual.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(logLikelihood, actual, 1e-14);
        Assert.Equal(alive, model.ProbabilityAlive(0, 0, periods), Tolerance.Relative(1e-13));
        Assert.Equal(expected, model.ExpectedPurchases(10, 0, 0, periods), Tolerance.Relative(1e-13));
    }

    [Theory]
    // S(t) = B(α, β+t)/B(α, β) and P(T = t) = B(α+1, β+t-1)/B(α, β). At α = β = 1e-10 the difference of log-betas
    // kept 4e-6 at t = 2³¹: S(2³¹) came out 0.5000007, above S(10⁴). At α = 1e10, β = 0.001, P(T = 1) = α/(α+β) came out
    // 1 + 1.2e-14. The fourth row is the boundary estimate of a cohort 1000, 600, 300, 0, where the log-betas of 1e7
    // were 3e-8 off.
    [InlineData(1e-10, 1e-10, 10000, 0.49999999951062469845, 5.0005000451107082325e-15)]
    [InlineData(1e-10, 1e-10, int.MaxValue, 0.49999999889676108815, 2.328306433569744197e-20)]
    [InlineData(1e10, 0.001, 1, 9.9999999999990002082e-14, 0.9999999999999)]
    [InlineData(9867264.91330144, 8880535.932799328, 3, 0.10628368668620706199, 0.11809299171188307749)]
    [InlineData(1e-10, 0.5, int.MaxValue, 0.99999999765489274048, 4.6566128654097426065e-20)]
    public void Sbg_SurvivalAndChurn_AtExtremeParameters_MatchMpmath(double alpha, double beta, int t, double survival, double churn)
    {
        var model = new ShiftedBetaGeometricModel(alpha, beta);

        Assert.Equal(survival, model.Survival(t), Tolerance.Relative(1e-13));
        Assert.Equal(churn, model.ChurnProbability(t), Tolerance.Relative(1e-13));
        Assert.True(model.ChurnProbability(1) <= 1d);
    }

    [Theory]
    [InlineData(1e-10, 1e-10)]
    [InlineData(1e-10, 0.5)]
    [InlineData(0.5, 1e-10)]
    [InlineData(1e10, 0.001)]
    [InlineData(1e6, 1e6)]
    [InlineData(0.7, 1.2)]
    public void Sbg_Survival_AgreesWithTheCurve_AndNeverRises(double alpha, double beta)
    {
        // The curve is the product of the retention rates (β+t-1)/(α+β+t-1), exact to rounding at each step once t - 1 is
        // added last: β + t - 1 had kept only 2e-16 of β (S(1) was 2.0000002e-10 at α = 0.5, β = 1e-10, not 1.9999999996e-10).
        // S(t) from the log-ratios agrees to 1e-12 (at α = β = 1e6 they are about 14 t and keep 1e-16 of it).
        var model = new ShiftedBetaGeometricModel(alpha, beta);
        Assert.Equal(beta / (alpha + beta), model.RetentionRate(1), Tolerance.Relative(1e-15));
        var curve = new double[200];
        model.SurvivalCurve(curve);
        for (var t = 0; t < curve.Length; t++)
        {
            Assert.Equal(curve[t], model.Survival(t), Tolerance.Relative(1e-12));
        }

        var previous = 1d;
        foreach (var t in new[] { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, int.MaxValue })
        {
            var s = model.Survival(t);
            Assert.InRange(s, 0d, previous);
            previous = s;
        }
    }

    [Theory]
    // p x = 1e306: ln Γ(px+q) - ln Γ(px) and the products with px were each infinite, the sum NaN. q = 1e300: differences
    // of about 1e302 gave -5.7e286. The third row is an ordinary customer under lifetimes' CDNOW-like estimate.
    [InlineData(1e300, 2, 3, 1e6, 5, -5.9999982000007203147e+299)]
    [InlineData(0.5, 1e300, 1e6, 5, 1e-300, 659.97565841391535189)]
    [InlineData(6.25, 3.74, 15.44, 2, 40, -4.3577047573300517455)]
    public void GammaGamma_LogLikelihood_AtExtremeParameters_MatchesMpmath(double p, double q, double v, double x, double m, double expected)
    {
        Assert.Equal(expected, new GammaGammaModel(p, q, v).LogLikelihood(x, m), Tolerance.Relative(1e-14));
    }

    [Fact]
    public void GammaGamma_HeavySpender_IsTheWeightedMean_NotInfinity()
    {
        // p (v + x m)/(p x + q - 1) with x = 1e6 and m = 1e300: p x m overflowed to +∞; the answer is m p x/(p x + 2)
        // plus a negligible population term. The batch (and the discounted CLV's batches) take the same path.
        var model = new GammaGammaModel(1000, 3, 1);
        const double Expected = 9.99999998000000004e+299;

        Assert.Equal(Expected, model.ExpectedAverageSpend(1e6, 1e300), Tolerance.Relative(1e-15));
        var destination = new double[2];
        model.ExpectedAverageSpend([1e6, 0], [1e300, 0], destination);
        Assert.Equal(Expected, destination[0], Tolerance.Relative(1e-15));
        Assert.Equal(model.PopulationMeanSpend, destination[1], Tolerance.Relative(1e-15));
    }

    [Fact]
    public void GammaGamma_SpendWhosePlainFormUnderflows_IsTheWeightedMean_NotZero()
    {
        // p = 2^-52, q = 1, x = 2: p (v + x m) = 2^-52 × 9e-309 rounds to 0, so the plain form p (v + x m)/(p x + q - 1) is
        // 0 where the answer is (v + x m)/x = v/x + m = 4.5e-309. A narrow case (p x + q - 1 is at least an ulp of 1, so
        // an underflowing numerator leaves an answer below about 1e-307), but the one where the weighted mean's
        // population term v/(x + c), c = (q - 1)/p = 0, is a third of the answer.
        var model = new GammaGammaModel(Math.ScaleB(1d, -52), 1, 3e-309);

        Assert.Equal(4.5e-309, model.ExpectedAverageSpend(2, 3e-309), Tolerance.Relative(1e-13));
        var destination = new double[1];
        model.ExpectedAverageSpend([2d], [3e-309], destination);
        Assert.Equal(4.5e-309, destination[0], Tolerance.Relative(1e-13));
    }
}
