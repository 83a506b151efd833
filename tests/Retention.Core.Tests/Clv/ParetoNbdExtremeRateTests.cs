using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// Pareto/NBD's purchase counts and expectations with α or β near 0 (rates beyond any data, but valid parameters):
/// ln(1 + τ/α) and ln(1 + t/β) whose ratio overflows, e^u past 709.78, and an exposure of 0 times ∞. The purchase-count
/// quadrature with α = 5e-324 ran for hours (its integrand was NaN, so every panel was split to depth 40), and the
/// expectation with β = 5e-324 was NaN. References are by mpmath at 40 digits (method in each test).
/// </summary>
public sealed class ParetoNbdExtremeRateTests
{
    private const double Subnormal = 5e-324;

    [Theory]
    // With α = β → 0 every customer has dropped out by t, and p = λ/(λ+μ) is Beta(r, s) distributed, so the count is
    // beta-geometric: P(n) = E[pⁿ(1-p)] = B(r+n, s+1)/B(r, s). At α = β = 1e-300 and t = 30 the customers still alive
    // are about (1e-300/30)^s of them: the limit is exact in doubles.
    [InlineData(0.5, 0.5, 0, 0.5)]
    [InlineData(0.5, 0.5, 1, 0.125)]
    [InlineData(0.5, 0.5, 5, 0.0205078125)]
    [InlineData(0.5, 0.5, 50, 0.00078028664105077217155)]
    [InlineData(0.55, 1.7, 0, 0.75555555555555555556)]
    [InlineData(0.55, 1.7, 3, 0.022650061050061050061)]
    public void ProbabilityOfPurchases_WithBothRatesNearZero_IsTheBetaGeometricLimit(double r, double s, int n, double expected)
    {
        var model = new ParetoNbdModel(r, 1e-300, s, 1e-300);
        Assert.Equal(expected, model.ProbabilityOfPurchases(n, 30d), Tolerance.Relative(1e-12));
    }

    [Fact]
    public void ProbabilityOfPurchases_WithASubnormalAlpha_IsNearZeroForEveryCount_AndItsHistoryCaseSumsToOne()
    {
        // Rates of about r/α = 1e323 purchases per unit: a new customer makes some finite n only by dropping out almost
        // at once. mpmath (τ = e^w, w from -1000 to ln 30 in 600 panels) gives P(0) = 8.11637e-163 and P(1) =
        // 4.05818e-163. The quadrature's 1e-14 is absolute, and its integrand has a u^(-1/2) peak at u = 0, so values
        // this small are only bounded by it (it gives them about 1% off).
        var model = new ParetoNbdModel(0.5, Subnormal, 0.5, 10);
        Assert.InRange(model.ProbabilityOfPurchases(0, 30d), 0d, 1e-14);
        Assert.InRange(model.ProbabilityOfPurchases(1, 30d), 0d, 1e-14);
        Assert.Equal(double.PositiveInfinity, model.ExpectedPurchasesNewCustomer(30d)); // r/α is beyond the largest double

        AssertTheCountsSumToOne_AndTheirMeanIsTheExpectation(model);
    }

    [Fact]
    public void ProbabilityOfPurchases_AndTheExpectation_WithASubnormalBeta_AreTheLimitValues()
    {
        // Drop-out rates of about s/β = 1e323: a new customer almost surely makes no purchase (mpmath: 1 - P(0) is about
        // 4e-163, P(1) = 3.80455e-163, to the quadrature's absolute 1e-14). The expectation is
        // (r/α) β((1 + t/β)^(1-s) - 1)/(1-s) at the double nearest 5e-324, by mpmath.
        var model = new ParetoNbdModel(0.5, 10, 0.5, Subnormal);
        Assert.Equal(1d, model.ProbabilityOfPurchases(0, 30d));
        Assert.InRange(model.ProbabilityOfPurchases(1, 30d), 0d, 1e-14);
        Assert.Equal(1.2174551069849514712e-162, model.ExpectedPurchasesNewCustomer(30d), Tolerance.Relative(1e-12));

        AssertTheCountsSumToOne_AndTheirMeanIsTheExpectation(model);
    }

    [Fact]
    public void DiscountedClv_WithASubnormalBeta_TelescopesToTheExpectation()
    {
        // It summed differences of the same 0 · ∞ as the expectation, so it was NaN too.
        var model = new ParetoNbdModel(0.5, 10, 0.5, Subnormal);
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var expected = spend.ExpectedAverageSpend(2, 40) * model.ExpectedPurchases(52, 2, 5, 20);
        Assert.Equal(expected, DiscountedClv.Compute(model, spend, new ClvHorizon(52, 1, 0), 2, 5, 20, 40), Tolerance.Relative(1e-12));
        Assert.True(expected > 0.1, $"expected {expected}"); // a customer alive at T = 20 has β' = 20: ordinary values
    }

    [Theory]
    // (s, β, t, T) and ∫₀ᵗ (β'/(β'+τ))^s dτ with β' = β+T, by mpmath: s below 1 with β subnormal, as e^v (0.5) and as
    // e^(v + ln β') (0.01, where v = 741 and e^v overflows); s = 2 (exactly 10); s = 1 (β' ln(1 + t/β')) and 1 + 1e-12,
    // through the series; t far below β' (the value is t).
    [InlineData(0.5, Subnormal, 30d, 0d, 2.4349102139699029424e-161)]
    [InlineData(0.01, Subnormal, 30d, 0d, 0.017125872015540116167)]
    [InlineData(2d, 10d, 30d, 5d, 10d)]
    [InlineData(1d, 10d, 30d, 0d, 13.862943611198906188)]
    [InlineData(1.000000000001, 10d, 30d, 0d, 13.862943611189297128)]
    [InlineData(0.61, 11.67, 39d, 27.5, 31.063182829311543301)]
    [InlineData(3d, 1e300, 1e10, 0d, 1e10)]
    public void Exposure_EqualsMpmath(double s, double beta, double t, double age, double expected)
    {
        var exposure = ParetoNbdModel.Exposure(s, beta, t, age);
        Assert.Equal(expected, exposure, Tolerance.Relative(1e-13));
        Assert.InRange(exposure, 0d, t);
    }

    private static void AssertTheCountsSumToOne_AndTheirMeanIsTheExpectation(ParetoNbdModel model)
    {
        // A customer with a history: x = 2, tₓ = 5, T = 20 (β' = β + 20 and α' = α + 20 are ordinary numbers), but the
        // probability alive still goes through the subnormal parameter.
        double sum = 0d, mean = 0d;
        for (var n = 0; n < 400; n++)
        {
            var p = model.ProbabilityOfPurchases(n, 30d, 2, 5, 20);
            sum += p;
            mean += n * p;
        }

        Assert.Equal(1d, sum, 1e-13);
        Assert.Equal(model.ExpectedPurchases(30d, 2, 5, 20), mean, Tolerance.Relative(1e-12));
    }
}
