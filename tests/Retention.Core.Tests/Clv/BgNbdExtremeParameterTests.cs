using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// BG/NBD and MBG/NBD at parameters far outside any fit (a, b or r near 1e300, b near 0), where the formulas have exact
/// limits: a sweep of 4,096 models over 5e-324 to 1e300 found probabilities of 2,250, a log-likelihood of +∞ and one
/// of 690.8 where it is 0, all from differences of large log-gammas or b + x - 1 computed as 0. References by mpmath
/// (40 digits) at the doubles given.
/// </summary>
public sealed class BgNbdExtremeParameterTests
{
    [Theory]
    // a = b = 1e300: p is 1/2 exactly, and P(n) = 2^-n [NB(n) + P(NB ≥ n)] (n > 0), NB(0) at n = 0, with NB the count
    // of a customer who never drops out (r = 10, α = 0.5, t = 30: about 600 purchases). It came out 1 at n = 3. The
    // ratio (b)ₙ/(a+b)ₙ is the difference of n ln(1e300) and n ln(2e300), about 8,300 at n = 12: 1e-11 relative.
    [InlineData(10, 0.5, 1e300, 1e300, 0, 1.4018503354423014704e-18)]
    [InlineData(10, 0.5, 1e300, 1e300, 3, 0.12500000000000002546)]
    [InlineData(10, 0.5, 1e300, 1e300, 12, 0.00024414062499998014945)]
    // r = α = 1e300: λ is 1 exactly, the count a Poisson(t) one: P(n) = B(a, b+n)/B(a, b) Pois(n) + B(a+1, b+n-1)/B(a, b)
    // P(Pois ≥ n) with a = 2, b = 3, t = 30. r ln(α/(α+t)) had lost its -30 (α/(α+t) rounds to 1). ln (r)ₙ and
    // n ln(t/(α+t)) are about ±20,700 at n = 30 and cancel to 1e-11 relative.
    [InlineData(1e300, 1e300, 2, 3, 3, 0.11428571440088256200)]
    [InlineData(1e300, 1e300, 2, 3, 30, 0.0011272964154004973209)]
    public void ProbabilityOfPurchases_WithParametersNear1e300_IsTheLimit(double r, double alpha, double a, double b, int n, double expected)
    {
        var model = new BgNbdModel(r, alpha, a, b);
        Assert.Equal(expected, model.ProbabilityOfPurchases(n, 30d), Tolerance.Relative(1e-11));
    }

    [Fact]
    public void ProbabilityAlive_WithBNearZero_IsTheSmallValue_NotZero()
    {
        // 1/(1 + a/(b+x-1) ((α+T)/(α+tₓ))^(r+x)) with x = 1: b + 1 - 1 rounded to 0 (b below 1e-16), so P(alive) was 0.
        // r = α = a = 1, tₓ = 0.5, T = 1: 1/(1 + (4/2.25)/b), from a log-odds of 691 whose ulp e^ carries (1e-13).
        var model = new BgNbdModel(1, 1, 1, 1e-300);
        Assert.Equal(5.6250000000000001410e-301, model.ProbabilityAlive(1, 0.5, 1), Tolerance.Relative(1e-13));

        // The four-lane form, the same customer in every lane.
        var destination = new double[4];
        model.ProbabilityAlive([1d, 1d, 1d, 1d], [0.5, 0.5, 0.5, 0.5], [1d, 1d, 1d, 1d], destination);
        Assert.All(destination, p => Assert.Equal(5.6250000000000001410e-301, p, Tolerance.Relative(1e-13)));
    }

    [Fact]
    public void ExpectedPurchases_WithRAndAlphaSubnormal_IsTheIntegralOverTheDropoutProbability()
    {
        // r = α = 5e-324 (mean rate 1), a = b = 1e-10 (p near 0 or 1, each about half the time): about 15 in t = 30.
        // The integral over p took k ln(1 + ps) with ps = e^748 as ∞ (g = 1/p), or as 0 times p^(a-1) = e^784 (NaN); it
        // was NaN. mpmath (40 digits): ∫ (1 - (1 + pt/α)^-r)/p Beta(p; a, b) dp, over ln p and ln(1-p) on 900 panels
        // each, with the tails in closed form.
        var model = new BgNbdModel(5e-324, 5e-324, 1e-10, 1e-10);
        Assert.Equal(14.99999887973813787889, model.ExpectedPurchasesNewCustomer(30d), Tolerance.Relative(1e-12));
    }

    [Fact]
    public void LogLikelihood_AtTheExtremes_IsItsLimit()
    {
        // No purchase in no time has probability 1 in MBG/NBD too (dropped out at 0, b/(a+b), or not, a/(a+b)): with
        // a = 1e300 the log-gammas' difference gave 690.8, and with b = 5e-324 +∞.
        Assert.Equal(0d, new MbgNbdModel(1, 1, 1e300, 1).LogLikelihood(0, 0, 0), 1e-13);
        Assert.Equal(0d, new MbgNbdModel(1, 1, 1, 5e-324).LogLikelihood(0, 0, 0), 1e-13);
        Assert.Equal(0d, new MbgNbdModel(0.5, 2, 1e300, 1e300).LogLikelihood(0, 0, 0), 1e-13);

        // BG/NBD, b = 5e-324, x = 1, tₓ = 1e-300, T = 1, r = α = a = 1: ln[b/(b+1)/4 + 1/((b+1)(1+tₓ)²)], 0 to 1e-300.
        // It was +∞ (b + x - 1 was 0 in the drop-out term's logarithm).
        Assert.Equal(0d, new BgNbdModel(1, 1, 1, 5e-324).LogLikelihood(1, 1e-300, 1), 1e-13);
    }
}
