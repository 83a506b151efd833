namespace Retention.Clv;

/// <summary>An objective to minimize: returns f(θ) and writes ∇f(θ) into <c>gradient</c>. Returns NaN or +∞ where undefined.</summary>
internal delegate double Objective(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>The outcome of a minimization.</summary>
internal readonly record struct OptimizationResult(double[] Theta, double Value, double[] Gradient, int Iterations, bool Converged, string? Reason)
{
    /// <summary>The BFGS estimate of the inverse Hessian at <see cref="Theta"/>: the starting one (the identity or the warm
    /// start's) when no step changed it; null when the objective was not finite at the start.</summary>
    internal double[,]? InverseHessian { get; init; }
}

/// <summary>
/// BFGS quasi-Newton minimization with a line search by bisection towards the Wolfe conditions (steps are never expanded), for the handful of parameters the
/// CLV models have. Steps are capped so that log-parameters cannot jump to overflow.
/// </summary>
internal static class Optimizer
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;
    private const double MaxStep = 4d;
    private const int MaxLineSearch = 60;

    internal static OptimizationResult Minimize(Objective objective, double[] start, int maxIterations, double gradientTolerance, double[,]? inverseHessian = null)
    {
        var result = Run(objective, start, maxIterations, gradientTolerance, inverseHessian, out var h);
        return result with { InverseHessian = h };
    }

    private static OptimizationResult Run(Objective objective, double[] start, int maxIterations, double gradientTolerance, double[,]? inverseHessian, out double[,]? finalInverseHessian)
    {
        finalInverseHessian = null;
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var f = objective(x, g);
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new OptimizationResult(x, f, g, 0, false, "the objective is not finite at the starting point");
        }

        // A warm start brings the curvature of a related problem (a subsample's fit): quasi-Newton steps from the start.
        var h = inverseHessian is null ? Identity(n) : (double[,])inverseHessian.Clone();
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[n];
        var y = new double[n];
        var firstStep = inverseHessian is null;
        var resets = 0;
        var stalls = 0;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (MaxAbs(g) <= gradientTolerance)
            {
                finalInverseHessian = h;
                return new OptimizationResult(x, f, g, iteration - 1, true, null);
            }

            MultiplyNegated(h, g, direction);
            var slope = Dot(direction, g);
            if (!(slope < 0d))
            {
                // Not a descent direction (the curvature estimate went bad): restart from steepest descent.
                h = Identity(n);
                MultiplyNegated(h, g, direction);
                slope = Dot(direction, g);
                firstStep = true;
            }

            var step = Math.Min(1d, MaxStep / MaxAbs(direction));
            if (firstStep)
            {
                step = Math.Min(step, 1d / Math.Max(1d, MaxAbs(g)));
            }

            var fNew = LineSearch(objective, x, f, slope, direction, ref step, xNew, gNew);
            if (double.IsNaN(fNew))
            {
                if (resets < 2 && !firstStep)
                {
                    resets++;
                    h = Identity(n);
                    firstStep = true;
                    continue;
                }

                var gradientNorm = MaxAbs(g);
                // At the optimum, f is flat to rounding before the gradient meets the tolerance: accept a gradient
                // within a factor of 1000 of it as converged, and report anything else.
                finalInverseHessian = h;
                return gradientNorm <= gradientTolerance * 1e3
                    ? new OptimizationResult(x, f, g, iteration, true, null)
                    : new OptimizationResult(x, f, g, iteration, false, FormattableString.Invariant($"the line search found no lower value (largest gradient component {gradientNorm:G3})"));
            }

            double sy = 0d;
            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
                sy += s[i] * y[i];
            }

            // Steps that no longer change the objective beyond rounding: the optimum is as close as doubles resolve it.
            stalls = Math.Abs(f - fNew) <= 1e-15 * (1d + Math.Abs(f)) ? stalls + 1 : 0;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (stalls >= 3)
            {
                var gradientNorm = MaxAbs(g);
                finalInverseHessian = h;
                return gradientNorm <= gradientTolerance * 1e3
                    ? new OptimizationResult(x, f, g, iteration, true, null)
                    : new OptimizationResult(x, f, g, iteration, false, FormattableString.Invariant($"the objective stopped changing before the gradient vanished (largest gradient component {gradientNorm:G3})"));
            }

            if (sy > 1e-300)
            {
                if (firstStep)
                {
                    var scale = sy / Dot(y, y);
                    h = Identity(n);
                    for (var i = 0; i < n; i++)
                    {
                        h[i, i] = scale;
                    }

                    firstStep = false;
                }

                UpdateInverseHessian(h, s, y, sy);
            }
        }

        finalInverseHessian = h;
        return MaxAbs(g) <= gradientTolerance
            ? new OptimizationResult(x, f, g, maxIterations, true, null)
            : new OptimizationResult(x, f, g, maxIterations, false, FormattableString.Invariant($"the iteration limit ({maxIterations}) was reached (largest gradient component {MaxAbs(g):G3})"));
    }

    /// <summary>Finds a step satisfying the weak Wolfe conditions; returns the new value, or NaN when none was found.</summary>
    private static double LineSearch(Objective objective, double[] x, double f, double slope, double[] direction, ref double step, double[] xNew, double[] gNew)
    {
        var low = 0d;
        var high = double.PositiveInfinity;
        var t = step;
        var bestF = double.NaN;
        for (var i = 0; i < MaxLineSearch; i++)
        {
            for (var j = 0; j < x.Length; j++)
            {
                xNew[j] = x[j] + (t * direction[j]);
            }

            var value = objective(xNew, gNew);
            if (!double.IsFinite(value) || !AllFinite(gNew) || value > f + (C1 * t * slope))
            {
                high = t;
            }
            else if (Dot(gNew, direction) < C2 * slope && !double.IsPositiveInfinity(high))
            {
                // Sufficient decrease but still steep: move the lower end of the bracket up. Without an upper end the
                // step is accepted as it is rather than expanded, so that a flat objective (rounding noise near the
                // optimum) cannot walk the parameters far away.
                low = t;
                bestF = value;
            }
            else
            {
                step = t;
                return value;
            }

            t = (low + high) / 2d;
        }

        if (low > 0d && !double.IsNaN(bestF))
        {
            step = low;
            return Recompute(objective, x, direction, low, xNew, gNew);
        }

        return double.NaN;
    }

    private static double Recompute(Objective objective, double[] x, double[] direction, double t, double[] xNew, double[] gNew)
    {
        for (var j = 0; j < x.Length; j++)
        {
            xNew[j] = x[j] + (t * direction[j]);
        }

        return objective(xNew, gNew);
    }

    private static void UpdateInverseHessian(double[,] h, double[] s, double[] y, double sy)
    {
        var n = s.Length;
        var hy = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                hy[i] += h[i, j] * y[j];
            }
        }

        var yhy = Dot(y, hy);
        var rho = 1d / sy;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] += (((1d + (rho * yhy)) * s[i] * s[j]) - (hy[i] * s[j]) - (s[i] * hy[j])) * rho;
            }
        }
    }

    private static double[,] Identity(int n)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = 1d;
        }

        return h;
    }

    private static void MultiplyNegated(double[,] h, double[] g, double[] result)
    {
        for (var i = 0; i < g.Length; i++)
        {
            var sum = 0d;
            for (var j = 0; j < g.Length; j++)
            {
                sum += h[i, j] * g[j];
            }

            result[i] = -sum;
        }
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static double MaxAbs(ReadOnlySpan<double> values)
    {
        var max = 0d;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
