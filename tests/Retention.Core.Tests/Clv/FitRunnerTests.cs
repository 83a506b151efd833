using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>
/// <see cref="FitRunner"/> on log-likelihoods whose estimate and standard errors are known in closed form. The model
/// tests check their standard errors only as positive and finite (and one property within four of them), so a wrong
/// scale (the total weight, the change of variable from ln p back to p) or a wrong inverse could pass them.
/// </summary>
public sealed class FitRunnerTests
{
    private static readonly string[] TwoNames = ["lambda", "mu"];

    /// <summary>Two independent Poisson rates over W = 10 units with 30 and 5 events: λ̂ = 3, μ̂ = 0.5, and the
    /// standard errors √(λ̂/W), √(μ̂/W).</summary>
    private static double Poisson(ReadOnlySpan<double> p, Span<double> gradient)
    {
        if (!gradient.IsEmpty)
        {
            gradient[0] = (30d / p[0]) - 10d;
            gradient[1] = (5d / p[1]) - 10d;
        }

        return (30d * Math.Log(p[0])) - (10d * p[0]) + (5d * Math.Log(p[1])) - (10d * p[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PoissonRates_HaveTheirClosedFormEstimatesAndStandardErrors(bool analyticGradient)
    {
        var fit = FitRunner.Run(TwoNames, Poisson, analyticGradient, totalWeight: 10d, [1d, 1d], null);

        Assert.Null(fit.FailureReason);
        Assert.Equal(3d, fit.Values[0], 1e-6);
        Assert.Equal(0.5, fit.Values[1], 1e-6);
        Assert.Equal((30d * Math.Log(3d)) - 30d + (5d * Math.Log(0.5)) - 5d, fit.LogLikelihood, 1e-9);
        Assert.Equal(["lambda", "mu"], fit.Parameters.Select(p => p.Name));
        Assert.Equal(fit.Values, fit.Parameters.Select(p => p.Value));
        Assert.Equal(Math.Sqrt(0.3), fit.Parameters[0].StandardError, 1e-6);
        Assert.Equal(Math.Sqrt(0.05), fit.Parameters[1].StandardError, 1e-6);
        Assert.InRange(fit.Iterations, 1, 100);
    }

    [Theory]
    // The numeric gradient too: its central differences must start from the current point in every coordinate (with
    // Poisson's separable rates a difference taken from a stale point still came out right).
    [InlineData(true)]
    [InlineData(false)]
    public void CorrelatedParameters_HaveTheStandardErrorsOfTheInverseHessian(bool analyticGradient)
    {
        // LL = -W/2 [u² + v² + 2ρuv] with u = ln p₀ - ln 2, v = ln p₁ - ln 5: the Hessian of -LL in ln p is
        // W [[1, ρ], [ρ, 1]], its inverse's diagonal 1/(W(1 - ρ²)) = 1/(4 × 0.64), so p̂ = (2, 5) with standard errors
        // 2 × 0.625 and 5 × 0.625. Off the diagonal the inverse matters: without ρ they would be 2 × 0.5 and 5 × 0.5.
        const double W = 4d, Rho = 0.6;
        static double Quadratic(ReadOnlySpan<double> p, Span<double> gradient)
        {
            var u = Math.Log(p[0]) - Math.Log(2d);
            var v = Math.Log(p[1]) - Math.Log(5d);
            if (!gradient.IsEmpty)
            {
                gradient[0] = -W * (u + (Rho * v)) / p[0];
                gradient[1] = -W * (v + (Rho * u)) / p[1];
            }

            return -W / 2d * ((u * u) + (v * v) + (2d * Rho * u * v));
        }

        var fit = FitRunner.Run(TwoNames, Quadratic, analyticGradient, totalWeight: W, [1d, 1d], null);

        Assert.Null(fit.FailureReason);
        Assert.Equal(2d, fit.Values[0], 1e-7);
        Assert.Equal(5d, fit.Values[1], 1e-7);
        Assert.Equal(0d, fit.LogLikelihood, 1e-12);
        Assert.Equal(1.25, fit.Parameters[0].StandardError, 1e-7);
        Assert.Equal(3.125, fit.Parameters[1].StandardError, 1e-7);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnL2Penalty_PullsTheEstimate_AndTheLikelihoodIsReportedWithoutIt(bool analyticGradient)
    {
        // -LL/W + c λ² with LL = 30 ln λ - 10 λ and c = 0.1: -3/λ + 1 + 0.2 λ = 0, so λ̂ = (√3.4 - 1)/0.4.
        static double Single(ReadOnlySpan<double> p, Span<double> gradient)
        {
            if (!gradient.IsEmpty)
            {
                gradient[0] = (30d / p[0]) - 10d;
            }

            return (30d * Math.Log(p[0])) - (10d * p[0]);
        }

        var fit = FitRunner.Run(["lambda"], Single, analyticGradient, totalWeight: 10d, [1d], new ClvFitOptions { L2Penalty = 0.1 });

        var expected = (Math.Sqrt(3.4) - 1d) / 0.4;
        Assert.Null(fit.FailureReason);
        Assert.Equal(expected, fit.Values[0], 1e-7);
        Assert.Equal((30d * Math.Log(expected)) - (10d * expected), fit.LogLikelihood, 1e-7);
    }

    [Fact]
    public void AParameterTheDataDoNotInform_HasNoStandardErrors()
    {
        // μ does not enter the likelihood: the Hessian is singular, so no parameter gets a standard error (NaN, not
        // a number from a failed inversion), while the estimate of λ is still the data's.
        static double Flat(ReadOnlySpan<double> p, Span<double> gradient)
        {
            if (!gradient.IsEmpty)
            {
                gradient[0] = (30d / p[0]) - 10d;
                gradient[1] = 0d;
            }

            return (30d * Math.Log(p[0])) - (10d * p[0]);
        }

        var fit = FitRunner.Run(TwoNames, Flat, analyticGradient: true, totalWeight: 10d, [1d, 1d], null);

        Assert.Null(fit.FailureReason);
        Assert.Equal(3d, fit.Values[0], 1e-6);
        Assert.Equal(1d, fit.Values[1]);
        Assert.All(fit.Parameters, p => Assert.True(double.IsNaN(p.StandardError), p.ToString()));
    }

    [Fact]
    public void AParameterThatRunsOff_IsNamedInTheFailure()
    {
        // LL = -1/√λ rises for ever: the gradient in ln λ, ½ λ^-½, falls below the tolerance (1e-8) only past
        // λ = 2.5e15, beyond e^30, where the data no longer identify λ.
        static double Rising(ReadOnlySpan<double> p, Span<double> gradient)
        {
            if (!gradient.IsEmpty)
            {
                gradient[0] = 0.5 * Math.Pow(p[0], -1.5);
            }

            return -1d / Math.Sqrt(p[0]);
        }

        var fit = FitRunner.Run(["lambda"], Rising, analyticGradient: true, totalWeight: 1d, [1d], null);

        Assert.True(fit.Values[0] > Math.Exp(30d), fit.Values[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(fit.FailureReason);
        // The value in four significant digits (G4), not all seventeen.
        Assert.Matches(@"^lambda ran off to \d(\.\d{1,3})?E\+\d+: the data do not identify it \(try an L2 penalty\)$", fit.FailureReason);
    }

    [Fact]
    public void OfTwoParametersThatRunOff_TheFirstIsNamed()
    {
        static double BothRising(ReadOnlySpan<double> p, Span<double> gradient)
        {
            if (!gradient.IsEmpty)
            {
                gradient[0] = 0.5 * Math.Pow(p[0], -1.5);
                gradient[1] = 0.5 * Math.Pow(p[1], -1.5);
            }

            return (-1d / Math.Sqrt(p[0])) - (1d / Math.Sqrt(p[1]));
        }

        var fit = FitRunner.Run(TwoNames, BothRising, analyticGradient: true, totalWeight: 1d, [1d, 1d], null);

        Assert.All(fit.Values, v => Assert.True(v > Math.Exp(30d), v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotNull(fit.FailureReason);
        Assert.StartsWith("lambda ran off to ", fit.FailureReason);
    }

    [Fact]
    public void InvertPositiveDefinite_InvertsBySolving_AndRefusesWhatIsNotPositiveDefinite()
    {
        var inverse = FitRunner.InvertPositiveDefinite(new double[,] { { 4, 2 }, { 2, 3 } });

        // [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8.
        Assert.NotNull(inverse);
        Assert.Equal(3d / 8, inverse[0, 0], 1e-15);
        Assert.Equal(-2d / 8, inverse[0, 1], 1e-15);
        Assert.Equal(-2d / 8, inverse[1, 0], 1e-15);
        Assert.Equal(4d / 8, inverse[1, 1], 1e-15);
        Assert.Null(FitRunner.InvertPositiveDefinite(new double[,] { { 1, 2 }, { 2, 1 } }));
        Assert.Null(FitRunner.InvertPositiveDefinite(new double[,] { { 0, 0 }, { 0, 1 } }));
        Assert.Null(FitRunner.InvertPositiveDefinite(new double[,] { { double.PositiveInfinity, 0 }, { 0, 1 } }));
    }
}
