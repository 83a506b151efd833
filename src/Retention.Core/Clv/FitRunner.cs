using System.Globalization;

namespace Retention.Clv;

/// <summary>A model's weighted log-likelihood at natural parameters <c>p</c>; when <c>gradient</c> is not empty it also
/// receives ∂LL/∂p. Returns NaN or -∞ where the likelihood is undefined.</summary>
internal delegate double LogLikelihoodFunction(ReadOnlySpan<double> parameters, Span<double> gradient);

/// <summary>The estimate of a fit, before a model wraps it.</summary>
internal readonly record struct FitOutcome(double[] Values, ClvParameter[] Parameters, double LogLikelihood, int Iterations, string? FailureReason)
{
    /// <summary>The optimizer's estimate of the inverse Hessian of the per-unit-weight objective in log-parameters at
    /// the estimate, for warm-starting a related fit; null when none was formed.</summary>
    internal double[,]? InverseHessian { get; init; }
}

/// <summary>
/// Maximum likelihood over log-parameters: the objective, the optimizer run, the divergence checks and the standard
/// errors from a numeric Hessian.
/// </summary>
internal static class FitRunner
{
    private const double LogBound = 30d;
    private const double NumericStep = 1e-5;
    private const double HessianStep = 1e-4;

    internal static FitOutcome Run(string[] names, LogLikelihoodFunction logLikelihood, bool analyticGradient, double totalWeight, double[] start, ClvFitOptions? options, double[,]? inverseHessian = null)
    {
        options ??= new ClvFitOptions();
        options.Validate();
        var n = names.Length;
        var penalty = options.L2Penalty;
        var p = new double[n];
        var gradP = new double[n];

        // Per unit weight: -LL/W + penalty Σ p², in θ = ln p.
        double ObjectiveAt(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            for (var i = 0; i < n; i++)
            {
                p[i] = Math.Exp(theta[i]);
            }

            double ll;
            if (analyticGradient)
            {
                ll = logLikelihood(p, gradP);
                for (var i = 0; i < n; i++)
                {
                    gradient[i] = p[i] * ((-gradP[i] / totalWeight) + (2d * penalty * p[i]));
                }
            }
            else
            {
                ll = logLikelihood(p, default);
                var shifted = new double[n];
                for (var i = 0; i < n; i++)
                {
                    theta.CopyTo(shifted);
                    shifted[i] = theta[i] + NumericStep;
                    var up = LogLikelihoodAtLog(logLikelihood, shifted);
                    shifted[i] = theta[i] - NumericStep;
                    var down = LogLikelihoodAtLog(logLikelihood, shifted);
                    gradient[i] = (-(up - down) / (2d * NumericStep) / totalWeight) + (2d * penalty * p[i] * p[i]);
                }
            }

            var pen = 0d;
            for (var i = 0; i < n; i++)
            {
                pen += p[i] * p[i];
            }

            return double.IsNaN(ll) ? double.NaN : (-ll / totalWeight) + (penalty * pen);
        }

        var theta0 = start.Select(v => Math.Log(v)).ToArray();
        var result = Optimizer.Minimize(ObjectiveAt, theta0, options.MaxIterations, options.GradientTolerance, inverseHessian);
        var values = result.Theta.Select(v => Math.Exp(v)).ToArray();
        var finalLl = logLikelihood(values, default);
        var failure = result.Reason;
        if (failure is null)
        {
            for (var i = 0; i < n; i++)
            {
                if (Math.Abs(result.Theta[i]) > LogBound)
                {
                    failure = names[i] + " ran off to " + values[i].ToString("G4", CultureInfo.InvariantCulture) + ": the data do not identify it (try an L2 penalty)";
                    break;
                }
            }
        }

        if (failure is null && !double.IsFinite(finalLl))
        {
            failure = "the log-likelihood is not finite at the estimate";
        }

        var errors = StandardErrors(ObjectiveAt, result.Theta, values, totalWeight);
        var parameters = new ClvParameter[n];
        for (var i = 0; i < n; i++)
        {
            parameters[i] = new ClvParameter(names[i], values[i], errors[i]);
        }

        return new FitOutcome(values, parameters, finalLl, result.Iterations, failure) { InverseHessian = result.InverseHessian };
    }

    private static double LogLikelihoodAtLog(LogLikelihoodFunction logLikelihood, double[] theta)
    {
        var p = theta.Select(v => Math.Exp(v)).ToArray();
        return logLikelihood(p, default);
    }

    /// <summary>Standard errors of p from the Hessian of W × objective in θ (central differences of its gradient), by
    /// the delta method: SE(pᵢ) = pᵢ √(H⁻¹)ᵢᵢ. NaN when the Hessian is not positive definite.</summary>
    private static double[] StandardErrors(Objective objective, double[] theta, double[] values, double totalWeight)
    {
        var n = theta.Length;
        var h = new double[n, n];
        var up = new double[n];
        var down = new double[n];
        var shifted = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Copy(theta, shifted, n);
            shifted[j] = theta[j] + HessianStep;
            objective(shifted, up);
            shifted[j] = theta[j] - HessianStep;
            objective(shifted, down);
            for (var i = 0; i < n; i++)
            {
                h[i, j] = (up[i] - down[i]) / (2d * HessianStep) * totalWeight;
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                h[i, j] = h[j, i] = (h[i, j] + h[j, i]) / 2d;
            }
        }

        var inverse = InvertPositiveDefinite(h);
        var errors = new double[n];
        for (var i = 0; i < n; i++)
        {
            errors[i] = inverse is null || !(inverse[i, i] > 0d) ? double.NaN : values[i] * Math.Sqrt(inverse[i, i]);
        }

        return errors;
    }

    /// <summary>Inverts a symmetric matrix by Cholesky; <see langword="null"/> when it is not positive definite.</summary>
    internal static double[,]? InvertPositiveDefinite(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (!(sum > 0d) || !double.IsFinite(sum))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        // Columns of L⁻ᵀ L⁻¹: solve L y = e_c, then Lᵀ x = y.
        var inverse = new double[n, n];
        var y = new double[n];
        for (var c = 0; c < n; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var sum = i == c ? 1d : 0d;
                for (var k = 0; k < i; k++)
                {
                    sum -= l[i, k] * y[k];
                }

                y[i] = sum / l[i, i];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var k = i + 1; k < n; k++)
                {
                    sum -= l[k, i] * inverse[k, c];
                }

                inverse[i, c] = sum / l[i, i];
            }
        }

        return inverse;
    }
}
