using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// The Pareto/NBD likelihood where its ₂F₁ series converge slowly (z = |α-β|/(max+tₓ) near 1): A0 taken as an integral
/// over the drop-out time, checked against 50-digit quadrature (mpmath) and against the series where both are accurate,
/// and a fit that used to take minutes (docs/testing.md, "What fuzzing found").
/// </summary>
public sealed class ParetoNbdIntegralTests
{
    [Theory]
    // One of the rates' distributions nearly a point (s, β in the tens of millions): where a fit of a small sample went.
    [InlineData(1.028, 0.9336, 2.029e7, 1.783e8, 7, 2.574, 3.3, -3.2526523930986411327)]
    [InlineData(1.028, 0.9336, 2.029e7, 1.783e8, 0, 0, 23, -1.59582920239861095)]
    [InlineData(1.028, 0.9336, 2.029e7, 1.783e8, 12, 17.685, 39.3, -22.015294044827329818)]
    // z = 0.9997 (β = 8,424), where the series took 200,000 terms; α far above β; α near 0 with x = 0; z = 1 - 1e-12.
    [InlineData(0.3, 2, 203, 8424, 7, 2.5, 24, -8.8625285591543323344)]
    [InlineData(2, 50, 0.5, 0.05, 7, 2.5, 24, -20.131945119926164566)]
    [InlineData(0.55, 0.05, 0.61, 11.67, 0, 0, 30, -2.7533553922775913293)]
    [InlineData(1, 1e-6, 1, 1e6, 3, 1, 1e6, -26.937879935363603083)]
    public void LogLikelihood_WhereTheSeriesConvergeSlowly_MatchesFiftyDigitQuadrature(double r, double alpha, double s, double beta, double x, double tx, double age, double expected)
    {
        // Expected: ln Γ(r+x) - ln Γ(r) + r ln α + s ln β + ln((α+T)^-(r+x) (β+T)^-s + s ∫ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ over
        // [tₓ, T]), by mpmath at 50 digits. With s ln β near 4e8 the terms cancel to a few units: 1e-7 absolute is what
        // doubles can give there, 1e-12 elsewhere.
        var tolerance = s * Math.Log(beta) > 1e6 ? 1e-7 : 1e-12 * Math.Max(1d, Math.Abs(expected));
        Assert.True(ParetoNbdModel.UsesIntegral(r, alpha, s, beta, x, tx));
        var model = new ParetoNbdModel(r, alpha, s, beta);

        var actual = model.LogLikelihood(x, tx, age);

        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{actual:R} vs {expected:R}");
    }

    [Theory]
    [InlineData(0.55, 1.0, 0.61, 11.67, 2, 10, 30)]
    [InlineData(0.55, 0.3, 0.61, 11.67, 0, 0, 30)]
    [InlineData(2, 50, 0.5, 5, 7, 2.5, 24)]
    [InlineData(0.8, 3, 4, 40, 12, 1, 52)]
    [InlineData(5, 0.5, 0.2, 20, 200, 30, 39)]
    public void LogA0_TheIntegralAgreesWithTheSeries_WhereBothConverge(double r, double alpha, double s, double beta, double x, double tx, double age)
    {
        // z from 0.4 to 0.97: the series still converges in a few hundred terms, and the two forms share no code.
        var integral = Math.Log(r + s + x) + ParetoNbdModel.LogDeadIntegral(r, alpha, s, beta, x, tx, age, default);

        var series = ParetoNbdModel.LogA0Series(r, alpha, s, beta, x, tx, age);

        Assert.True(Math.Abs(integral - series) <= 1e-12 * Math.Max(1d, Math.Abs(series)), $"{integral:R} vs {series:R}");
    }

    [Fact]
    public void LogA0_UsesTheSeriesBelowTheThreshold_AndTheIntegralAbove()
    {
        // z = |α-β|/(max+tₓ) = 0.5 exactly stays with the series (the CDNOW estimates are near z = 0.03).
        Assert.False(ParetoNbdModel.UsesIntegral(0.55, 10.58, 0.61, 11.67, 2, 10));
        Assert.False(ParetoNbdModel.UsesIntegral(1, 5, 1, 10, 2, 0));
        Assert.True(ParetoNbdModel.UsesIntegral(1, 4.9, 1, 10, 2, 0));
        // A series argument of 0.4 with b = r+x = 2,000 would grow for about 1,333 terms: the integral.
        Assert.True(ParetoNbdModel.UsesIntegral(1, 6, 1, 10, 1999, 0));
        Assert.False(ParetoNbdModel.UsesIntegral(1, 6, 1, 10, 1000, 0));
        // With α above β, b = s+1 and z = (α-β)/(α+tₓ) = 0.4: s = 1,499.5 gives b z = 600.2 against 1,000 (1 - z) = 600,
        // s = 1,498.5 gives 599.8.
        Assert.True(ParetoNbdModel.UsesIntegral(1, 10, 1499.5, 6, 0, 0));
        Assert.False(ParetoNbdModel.UsesIntegral(1, 10, 1498.5, 6, 0, 0));
    }

    [Fact]
    public void DeadIntegral_WithATinyAlpha_DoesNotOverflow()
    {
        // α = 1e-304 and tₓ = 0: over u = ln((α+τ)/α) the integrand grows by e^703 towards T; it was infinite (and
        // Log1P of 3e305 overflowed) before the integrand was scaled by its largest value.
        var gradient = new double[4];

        var value = ParetoNbdModel.LogDeadIntegral(2.4e-59, 9.5e-305, 1.1e-17, 1171, 0, 0, 30, gradient);

        // (α+τ)^-r is 1 to 1e-56 here, so I = ∫ (1171+τ)^-(1+s) dτ over [0, 30] = ln(1201/1171) to 1e-15.
        Assert.Equal(Math.Log(Math.Log(1201d / 1171d)), value, 1e-12);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    // α or β subnormal, down to the smallest double, with x = 0 and tₓ = 0: u = ln((c+τ)/c) runs to 748 and 768, where
    // e^u overflows, and c has a few significant bits only. The likelihood was NaN from α = 1e-306, and from α = 1e-313
    // A0 was 1% off. mpmath at 50 digits, over v = ln(c+τ), the same with 200 and 800 panels around ln β.
    [InlineData(0.5, 1e-307, 0.5, 10, 30, -354.45426328485714492, 0.25)]
    [InlineData(0.5, 5e-324, 0.5, 10, 30, -373.22748747096176354, 0.25)]
    [InlineData(0.5, 10, 0.5, 1e-310, 30, 0, 9.1287092917527546132e-157)]
    [InlineData(0.001, 5e-324, 0.5, 1e12, 1e10, -0.76746093651460569623, 0.99503222863188382723)]
    // The integrand's peak inside the range, e^762 above its value at u = 0; with s = 100 it falls by e^456 after.
    // For s = 100, ln I = -1846.686487056557894983 (A0 = (r+s+x) I) from 30-digit Gauss-Legendre on panels of 0.2 and
    // 0.05 (the two agree to 22 digits; mpmath's adaptive quad missed the peak), and the likelihood and P(alive) from it
    // in closed form.
    [InlineData(0.001, 5e-324, 0.5, 1e8, 1e10, -0.76404515114888799741, 0.099163921031708636329)]
    [InlineData(0.001, 5e-324, 100, 1e8, 1e10, -0.75768254725463766288, 3.6611182446768443913e-201)]
    // s = 300 (ln I = -5531.920146186025393379 the same way; P(alive) is 5.0e-602, 0 in doubles): the integrand at the
    // end is e^1378 below its peak, so a scale taken anywhere but near the peak overflows (the bisection's slope with
    // (1-ρ')/(1 + ρ'(e^u - 1)) for its product survived mutation at s = 100, where the fall is e^456).
    [InlineData(0.001, 5e-324, 300, 1e8, 1e10, -0.75658059758093195372, 0d)]
    public void ASubnormalAlphaOrBeta_GivesTheLikelihoodAndProbabilityAliveOfFiftyDigitQuadrature(double r, double alpha, double s, double beta, double age, double logLikelihood, double alive)
    {
        var model = new ParetoNbdModel(r, alpha, s, beta);
        Assert.True(ParetoNbdModel.UsesIntegral(r, alpha, s, beta, 0, 0));

        var actualLikelihood = model.LogLikelihood(0, 0, age);
        var actualAlive = model.ProbabilityAlive(0, 0, age);

        Assert.True(Math.Abs(actualLikelihood - logLikelihood) <= 1e-12 * Math.Max(1d, Math.Abs(logLikelihood)), $"{actualLikelihood:R} vs {logLikelihood:R}");
        Assert.Equal(alive, actualAlive, Tolerance.Relative(1e-12));
    }

    [Fact]
    public void DeadIntegral_WithTheSmallestAlpha_HasTheGradientOfItsDifferences()
    {
        // α = 5e-324: u runs to 748, past where e^u overflows. ∂/∂r, ∂/∂s and ∂/∂β against central differences of the
        // value; ∂/∂α (about -r E[1/(α+τ)], of the order of α^-1/2) only finite and negative, as α has no room for a step.
        var gradient = new double[4];
        var value = ParetoNbdModel.LogDeadIntegral(0.5, 5e-324, 0.5, 10, 0, 0, 30, gradient);

        static double At(double r, double s, double beta) => ParetoNbdModel.LogDeadIntegral(r, 5e-324, s, beta, 0, 0, 30, default);
        const double H = 1e-6;
        Assert.Equal((At(0.5 + H, 0.5, 10) - At(0.5 - H, 0.5, 10)) / (2 * H), gradient[0], 1e-7);
        Assert.Equal((At(0.5, 0.5 + H, 10) - At(0.5, 0.5 - H, 10)) / (2 * H), gradient[2], 1e-7);
        Assert.Equal((At(0.5, 0.5, 10 + (10 * H)) - At(0.5, 0.5, 10 - (10 * H))) / (20 * H), gradient[3], 1e-8);
        Assert.True(double.IsFinite(gradient[1]) && gradient[1] < -1e150, $"{gradient[1]:R}");
        Assert.Equal(value, At(0.5, 0.5, 10));
    }

    [Theory]
    // A heavy buyer long gone: over u the integrand falls from its peak at tₓ about e^-(r+x) per unit, and the
    // quadrature's first nodes (at 0.0043 of a panel of an eighth of the range) all fell where it underflows: A0 came out
    // 0, the likelihood 2.5e6 low and P(alive) 1, where it is e^-2.5e6. mpmath at 40 digits, with panels doubling in
    // width from 1/64 of the peak's width.
    [InlineData(1e5, 30, 39, -343414.6930353421703460871)]
    [InlineData(1e7, 30, 39, -34339892.622601073323037)]
    [InlineData(1e6, 1, 100, -693164.7723256370417639615)]
    public void DeadIntegral_OfAHeavyBuyerLongGone_SeesThePeakAtTheLastPurchase(double x, double tx, double age, double expected)
    {
        var actual = ParetoNbdModel.LogDeadIntegral(0.55, 1, 0.61, 11.67, x, tx, age, default);

        Assert.Equal(expected, actual, Tolerance.Relative(1e-14));
    }

    [Fact]
    public void AHeavyBuyerLongGone_IsNotAlive_AndHasTheLikelihoodOfFiftyDigitQuadrature()
    {
        // 1e7 purchases in 30 weeks, then none for 9: gone (P(alive) = e^-2548905.8). 1e6 purchases, the last 0.01 of a
        // week before T: about 1e4 expected in that gap, so P(alive) = 1.806e-37 (from a log-odds of 84.6 made of terms
        // of 1e7, so 1e-8). mpmath at 40 digits as above.
        var model = new ParetoNbdModel(0.55, 1, 0.61, 11.67);

        Assert.Equal(0d, model.ProbabilityAlive(1e7, 30, 39));
        Assert.Equal(116841066.1362813405853025, model.LogLikelihood(1e7, 30, 39), Tolerance.Relative(1e-14));
        Assert.Equal(0d, model.ProbabilityAlive(1e6, 1, 100));
        Assert.Equal(12122347.91980856206472376, model.LogLikelihood(1e6, 1, 100), Tolerance.Relative(1e-14));
        Assert.Equal(1.8057598717582475293e-37, model.ProbabilityAlive(1e6, 99.99, 100), Tolerance.Relative(1e-8));
    }

    [Fact]
    public void Log1PAndExpM1_StayFiniteForHugeArguments()
    {
        // Kahan's forms multiplied before dividing: x ln(1+x) overflowed above 2.5e305, (e^x - 1) x above x = 703.
        Assert.Equal(Math.Log(1e306), SpecialFunctions.Log1P(1e306), 1e-12);
        Assert.Equal(Math.Log(double.MaxValue), SpecialFunctions.Log1P(double.MaxValue), 1e-12);
        Assert.Equal(1d, SpecialFunctions.ExpM1(705) / Math.Exp(705), 1e-14);
        Assert.Equal(1d, SpecialFunctions.ExpM1(1e-10) / (1e-10 + 5e-21), 1e-15);
        Assert.Equal(1d, SpecialFunctions.Log1P(1e-10) / (1e-10 - 5e-21), 1e-15);
    }

    [Fact]
    public void Fit_OfASmallSampleThatDriftsToADegenerateDropOut_Finishes_AndImprovesOnItsStart()
    {
        // 13 customers: the optimizer walks towards s, β → ∞ (every customer's drop-out rate the same, s/β). Each step
        // summed up to 200,000 series terms per customer, and this fit took 345 s in Release; it takes about a second
        // with the integral (a regression shows as a slow CI run, not as a timed assertion).
        double[] x = [11, 7, 8, 2, 12, 1, 0, 7, 9, 7, 0, 10, 2];
        double[] tx = [4.503, 3.996, 3.9, 6.21, 17.685, 9.504, 0, 2.574, 7.79, 2.928, 0, 3.528, 13.95];
        double[] age = [23.7, 10.8, 19.5, 34.5, 39.3, 17.6, 23, 3.3, 20.5, 12.2, 13.6, 5.6, 22.5];

        var fit = ParetoNbdModel.Fit(x, tx, age);

        var model = fit.Model;
        Assert.True(model.S > 1e4 && model.Beta > 1e4, model.ToString());
        Assert.InRange(model.S / model.Beta, 0.01, 1); // the common drop-out rate, per unit of time
        Assert.True(double.IsFinite(fit.LogLikelihood));
        // The fit's start: r = s = 1, α = mean T / mean x, β = mean T.
        var start = new ParetoNbdModel(1, age.Average() / x.Average(), 1, age.Average());
        var atStart = Enumerable.Range(0, x.Length).Sum(i => start.LogLikelihood(x[i], tx[i], age[i]));
        Assert.True(fit.LogLikelihood > atStart + 1, $"{fit.LogLikelihood} vs {atStart} at the start");
        Assert.Equal(fit.LogLikelihood, Enumerable.Range(0, x.Length).Sum(i => model.LogLikelihood(x[i], tx[i], age[i])), 6);
        Assert.All(Enumerable.Range(0, x.Length), i => Assert.InRange(model.ProbabilityAlive(x[i], tx[i], age[i]), 0d, 1d));
    }
}
