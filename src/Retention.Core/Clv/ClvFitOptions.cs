using System.Globalization;

namespace Retention.Clv;

/// <summary>
/// Settings for fitting a CLV model by maximum likelihood: the L2 penalty, the iteration limit and the convergence
/// tolerance.
/// </summary>
/// <remarks>
/// <para>The fit minimizes <c>-LL / W + L2Penalty × Σ p²</c> over the logarithms of the parameters <c>p</c>, where
/// <c>W</c> is the total weight (the number of customers when unweighted): the same objective and penalty scale as the
/// <c>penalizer_coef</c> of the Python <c>lifetimes</c> package, so penalties carry over.</para>
/// <para>The options are read once, when a fit starts. Thread safety: not thread-safe; configure on one thread.</para>
/// </remarks>
public sealed class ClvFitOptions
{
    /// <summary>Gets or sets the L2 penalty on the parameters (a pull towards 0 that keeps sparse data from diverging).</summary>
    /// <value>The default value is 0 (plain maximum likelihood). Must be finite and not negative.</value>
    public double L2Penalty { get; set; } = ClvFitDefaults.L2Penalty;

    /// <summary>Gets or sets the maximum number of quasi-Newton iterations.</summary>
    /// <value>The default value is 500. Must be at least 1.</value>
    public int MaxIterations { get; set; } = ClvFitDefaults.MaxIterations;

    /// <summary>Gets or sets the convergence tolerance: the largest allowed component of the gradient of the objective
    /// (per unit weight) with respect to the log-parameters.</summary>
    /// <value>The default value is 1e-8. Must be above 0 and finite.</value>
    public double GradientTolerance { get; set; } = ClvFitDefaults.GradientTolerance;

    /// <summary>Checks every setting and throws one exception listing all problems.</summary>
    internal void Validate()
    {
        var errors = new List<string>();
        if (!(double.IsFinite(L2Penalty) && L2Penalty >= 0d))
        {
            errors.Add("L2Penalty " + L2Penalty.ToString(CultureInfo.InvariantCulture) + " must be finite and not negative.");
        }

        if (MaxIterations < 1)
        {
            errors.Add("MaxIterations " + MaxIterations.ToString(CultureInfo.InvariantCulture) + " must be at least 1.");
        }

        if (!(double.IsFinite(GradientTolerance) && GradientTolerance > 0d))
        {
            errors.Add("GradientTolerance " + GradientTolerance.ToString(CultureInfo.InvariantCulture) + " must be above 0 and finite.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(nameof(ClvFitOptions), errors);
        }
    }
}

/// <summary>The defaults of <see cref="ClvFitOptions"/>.</summary>
internal static class ClvFitDefaults
{
    internal const double L2Penalty = 0d;
    internal const int MaxIterations = 500;
    internal const double GradientTolerance = 1e-8;
}
