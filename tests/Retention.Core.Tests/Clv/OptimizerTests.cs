using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>
/// The BFGS minimizer behind every CLV fit, on objectives whose path can be followed by hand: where each exit is taken
/// (converged, not finite at the start, iteration limit, a line search without a lower value, a stalled objective),
/// the capped first step, the restart from steepest descent, and the curvature estimate it returns. The fits test it
/// only through the models, and those tests are too slow to run under every mutant (docs/testing.md).
/// </summary>
public sealed class OptimizerTests
{
    [Fact]
    public void AtTheMinimum_ItStopsBeforeTheFirstStep_WithTheStartingCurvature()
    {
        var result = Optimizer.Minimize(HalfSquare, [0d], 10, 1e-10);

        Assert.True(result.Converged);
        Assert.Null(result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal([0d], result.Theta);
        Assert.Equal(0d, result.Value);
        Assert.Equal(new double[,] { { 1d } }, result.InverseHessian);
    }

    [Theory]
    [InlineData(double.NaN, 1d)]
    [InlineData(double.PositiveInfinity, 1d)]
    [InlineData(1d, double.NaN)]
    [InlineData(1d, double.NegativeInfinity)]
    public void NotFiniteAtTheStart_IsReported_WithoutAStep(double value, double gradient)
    {
        var calls = 0;
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                calls++;
                g[0] = gradient;
                return value;
            },
            [2d],
            10,
            1e-10);

        Assert.False(result.Converged);
        Assert.Equal("the objective is not finite at the starting point", result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal([2d], result.Theta);
        Assert.Null(result.InverseHessian);
        Assert.Equal(1, calls);
    }

    [Theory]
    // ½θ² from 10: the gradient is 10. The first step without a curvature estimate is at most 1/|g| of the gradient
    // (to 9); with a warm start of curvature 1 the quasi-Newton step is capped at 4 (to 6); with a flatter estimate
    // (0.01) the full step is taken (to 9.9); an estimate that is not positive (-1) is dropped for steepest descent.
    [InlineData(null, 9d)]
    [InlineData(1d, 6d)]
    [InlineData(0.01, 9.9)]
    [InlineData(-1d, 9d)]
    public void TheFirstTrialPoint_IsCapped(double? warmStart, double firstTrial)
    {
        var points = new List<double>();
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                points.Add(theta[0]);
                return HalfSquare(theta, g);
            },
            [10d],
            100,
            1e-10,
            warmStart is { } h ? new double[,] { { h } } : null);

        Assert.Equal(10d, points[0]);
        Assert.Equal(firstTrial, points[1], 1e-15);
        Assert.True(result.Converged, result.Reason);
        Assert.Equal(0d, result.Theta[0], 1e-10);
    }

    [Fact]
    public void AQuadratic_IsMinimized_AndItsInverseHessianEstimated()
    {
        // ½θᵀAθ - bᵀθ with A = [[4, 1], [1, 3]], b = (1, 2): the minimum is A⁻¹b = (1/11, 7/11), the value there
        // -½ bᵀA⁻¹b = -15/22, and the inverse Hessian A⁻¹ = [[3, -1], [-1, 4]] / 11.
        double Quadratic(ReadOnlySpan<double> t, Span<double> g)
        {
            g[0] = (4 * t[0]) + t[1] - 1;
            g[1] = t[0] + (3 * t[1]) - 2;
            return (0.5 * ((4 * t[0] * t[0]) + (2 * t[0] * t[1]) + (3 * t[1] * t[1]))) - t[0] - (2 * t[1]);
        }

        var result = Optimizer.Minimize(Quadratic, [3d, -2d], 100, 1e-10);

        Assert.True(result.Converged, result.Reason);
        Assert.Null(result.Reason);
        Assert.Equal(1d / 11, result.Theta[0], 1e-10);
        Assert.Equal(7d / 11, result.Theta[1], 1e-10);
        Assert.Equal(-15d / 22, result.Value, 1e-15);
        Assert.True(Optimizer.MaxAbs(result.Gradient) <= 1e-10);
        Assert.InRange(result.Iterations, 2, 20);
        // Inexact line searches: the estimate is close to A⁻¹, not equal (4e-4 relative seen).
        var h = result.InverseHessian!;
        Assert.Equal(3d / 11, h[0, 0], 1e-3);
        Assert.Equal(-1d / 11, h[0, 1], 1e-3);
        Assert.Equal(-1d / 11, h[1, 0], 1e-3);
        Assert.Equal(4d / 11, h[1, 1], 1e-3);
    }

    [Fact]
    public void Rosenbrock_IsMinimized_AndAShortIterationLimitIsReported()
    {
        var full = Optimizer.Minimize(Rosenbrock, [-1.2, 1d], 500, 1e-8);
        Assert.True(full.Converged, full.Reason);
        Assert.Equal(1d, full.Theta[0], 1e-6);
        Assert.Equal(1d, full.Theta[1], 1e-6);
        Assert.InRange(full.Iterations, 10, 499);

        var cut = Optimizer.Minimize(Rosenbrock, [-1.2, 1d], 5, 1e-8);
        Assert.False(cut.Converged);
        Assert.Equal(5, cut.Iterations);
        Assert.Equal(
            FormattableString.Invariant($"the iteration limit (5) was reached (largest gradient component {Optimizer.MaxAbs(cut.Gradient):G3})"),
            cut.Reason);
        Assert.NotNull(cut.InverseHessian);
    }

    [Fact]
    public void AMinimumReachedOnTheLastIteration_Counts()
    {
        // ½θ² from 1: the first step (1/|g| = 1 of the gradient) lands on 0 exactly, in the one iteration allowed.
        var result = Optimizer.Minimize(HalfSquare, [1d], 1, 1e-10);

        Assert.True(result.Converged, result.Reason);
        Assert.Equal(1, result.Iterations);
        Assert.Equal([0d], result.Theta);
        Assert.Equal(new double[,] { { 1d } }, result.InverseHessian);
    }

    [Theory]
    // θ undefined (NaN) anywhere but the start: the line search bisects 60 times and gives up. A gradient within 1000
    // times the tolerance counts as converged (flat to rounding at an optimum), a larger one is reported.
    [InlineData(1d, 1e-3, true)]
    [InlineData(1d, 0.5e-3, false)]
    [InlineData(0.25, 1e-10, false)]
    public void ALineSearchWithoutALowerValue_ConvergesOnlyWithANearlyFlatGradient(double slope, double tolerance, bool converged)
    {
        var calls = 0;
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                calls++;
                g[0] = slope;
                return theta[0] == 0d ? 0d : double.NaN;
            },
            [0d],
            100,
            tolerance);

        Assert.Equal(converged, result.Converged);
        Assert.Equal(converged ? null : FormattableString.Invariant($"the line search found no lower value (largest gradient component {slope:G3})"), result.Reason);
        Assert.Equal(1, result.Iterations);
        Assert.Equal([0d], result.Theta);
        Assert.Equal(61, calls);
    }

    [Fact]
    public void ALineSearchThatFailsAfterQuasiNewtonSteps_RestartsOnceFromSteepestDescent()
    {
        // ½(θ² - 1), undefined below 1, from 3: steps to 2 and then 1 (the boundary), where every trial point is
        // undefined or, once the step rounds away, 1 itself, whose value 0 is no decrease. The failed quasi-Newton step
        // restarts from steepest descent (iteration 3), which fails too (iteration 4): a restart that fails at once is
        // not restarted again. (With ½θ² the value 0.5 at 1 would pass as a decrease below rounding and the
        // optimizer stop as stalled.)
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                g[0] = theta[0];
                return theta[0] >= 1d ? 0.5 * ((theta[0] * theta[0]) - 1d) : double.NaN;
            },
            [3d],
            100,
            1e-10);

        Assert.False(result.Converged);
        Assert.Equal("the line search found no lower value (largest gradient component 1)", result.Reason);
        Assert.Equal([1d], result.Theta);
        Assert.Equal(4, result.Iterations);
    }

    [Fact]
    public void ACliffAfterASteepDescent_IsApproachedByBisection_AndTheLastGoodStepKept()
    {
        // -θ below 0.5, undefined from 0.5 on: every defined trial point is still as steep as the start (the curvature
        // condition fails), so the line search bisects towards the cliff for all its 60 halvings and keeps the last
        // step below it. One iteration only: the point of the test is that line search.
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                g[0] = -1d;
                return theta[0] < 0.5 ? -theta[0] : double.NaN;
            },
            [0d],
            1,
            1e-10);

        Assert.False(result.Converged);
        Assert.Equal("the iteration limit (1) was reached (largest gradient component 1)", result.Reason);
        Assert.InRange(result.Theta[0], 0.5 - 1e-12, Math.BitDecrement(0.5));
        Assert.Equal(-result.Theta[0], result.Value);
    }

    [Theory]
    // A constant objective (1e6) whose gradient stays at 1e-9: every step lowers nothing, and after three such steps
    // the optimizer stops. A gradient within 1000 times the tolerance counts as converged.
    [InlineData(1e-11, true)]
    [InlineData(1e-13, false)]
    public void AnObjectiveThatStopsChanging_EndsTheSearchAfterThreeSteps(double tolerance, bool converged)
    {
        var result = Optimizer.Minimize(
            (theta, g) =>
            {
                g[0] = 1e-9;
                return 1e6;
            },
            [1d],
            100,
            tolerance);

        Assert.Equal(converged, result.Converged);
        Assert.Equal(converged ? null : "the objective stopped changing before the gradient vanished (largest gradient component 1E-09)", result.Reason);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(1d - 3e-9, result.Theta[0], 1e-15);
    }

    [Fact]
    public void AWarmStart_IsNotChangedByTheSearch()
    {
        var warm = new double[,] { { 0.5 } };
        var result = Optimizer.Minimize(HalfSquare, [10d], 100, 1e-10, warm);

        Assert.True(result.Converged, result.Reason);
        Assert.Equal(new double[,] { { 0.5 } }, warm);
        Assert.NotSame(warm, result.InverseHessian);
    }

    [Fact]
    public void DotAndMaxAbs_AreTheUsualOnes()
    {
        Assert.Equal(-3.5, Optimizer.Dot([1d, -2d, 3d], [2d, 0.5, -1.5]));
        Assert.Equal(3d, Optimizer.MaxAbs([1d, -3d, 2d]));
        Assert.Equal(0d, Optimizer.MaxAbs([]));
    }

    private static double HalfSquare(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        gradient[0] = theta[0];
        return 0.5 * theta[0] * theta[0];
    }

    private static double Rosenbrock(ReadOnlySpan<double> t, Span<double> g)
    {
        var a = 1 - t[0];
        var b = t[1] - (t[0] * t[0]);
        g[0] = (-2 * a) - (400 * t[0] * b);
        g[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }
}
