using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The shifted-beta-geometric (sBG) model of Fader and Hardie (2007, "How to project customer retention") for contractual
/// settings (subscriptions, memberships): each customer renews at the end of each period with a constant probability
/// 1 - θ, where θ ~ Beta(α, β) across customers, so the cohort's retention rate rises over time.
/// </summary>
/// <remarks>
/// <para>P(T = t) = B(α+1, β+t-1) / B(α, β) is the probability of churning in period t (t ≥ 1); the survival
/// S(t) = B(α, β+t) / B(α, β) the share of the cohort still active after t periods; and the retention rate
/// r(t) = S(t) / S(t-1) = (β+t-1) / (α+β+t-1).</para>
/// <para>The period is whatever the data's period is (a month, a year); projections are in the same periods.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class ShiftedBetaGeometricModel
{
    /// <summary>The model's short name, <c>sbg</c>.</summary>
    public const string Name = "sbg";

    private static readonly string[] Names = ["alpha", "beta"];

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="alpha">First shape of the churn-probability beta distribution; above 0.</param>
    /// <param name="beta">Second shape of the churn-probability beta distribution; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public ShiftedBetaGeometricModel(double alpha, double beta)
    {
        ClvInput.CheckPositive(alpha, nameof(alpha));
        ClvInput.CheckPositive(beta, nameof(beta));
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>Gets α, the first shape of the churn-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Alpha { get; }

    /// <summary>Gets β, the second shape of the churn-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Beta { get; }

    /// <summary>Fits the model by maximum likelihood to a cohort's survivors.</summary>
    /// <param name="alive">Customers still active at the start of each period, period 0 (the cohort size) first; not
    /// increasing. Shares (percentages) fit the same parameters as counts, though with a different log-likelihood.</param>
    /// <param name="options">Penalty, iteration limit and tolerance; <see langword="null"/> for the defaults.</param>
    /// <returns>The fit; check <see cref="ClvFitResult.Converged"/>. <see cref="ClvFitResult.TotalWeight"/> is the cohort size.</returns>
    /// <exception cref="InvalidValueException">Thrown when there are fewer than two periods, the cohort is empty, a count
    /// is negative or not finite, or a count is above the one before it (the field names the period, as in <c>alive[3]</c>).</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when <paramref name="options"/> are invalid.</exception>
    public static ClvFitResult<ShiftedBetaGeometricModel> Fit(ReadOnlySpan<double> alive, ClvFitOptions? options = null)
    {
        Preconditions.CheckValue(alive.Length >= 2, "alive.Length", alive.Length, "must be at least 2 (the cohort and one period)");
        for (var t = 0; t < alive.Length; t++)
        {
            var v = alive[t];
            if (!(double.IsFinite(v) && v >= 0d))
            {
                Preconditions.ThrowInvalid(ClvInput.Name("alive", t), v, "must be a finite number, 0 or more");
            }

            if (t > 0 && v > alive[t - 1])
            {
                Preconditions.ThrowInvalid(ClvInput.Name("alive", t), v, FormattableString.Invariant($"must not be above the period before ({alive[t - 1]})"));
            }
        }

        Preconditions.CheckValue(alive[0] > 0d, "alive[0]", alive[0], "must be above 0 (the cohort size)");
        var counts = alive.ToArray();

        double Evaluate(ReadOnlySpan<double> p, Span<double> gradient) => CohortLogLikelihood(counts, p[0], p[1], gradient);

        var outcome = FitRunner.Run(Names, Evaluate, analyticGradient: true, counts[0], [1d, 1d], options);
        var values = outcome.Values;
        return new ClvFitResult<ShiftedBetaGeometricModel>(new ShiftedBetaGeometricModel(values[0], values[1]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, counts[0]);
    }

    /// <summary>
    /// LL = Σₜ churnedₜ ln[B(α+1, β+t-1)/B(α,β)] + aliveₗₐₛₜ ln[B(α, β+T)/B(α,β)] of a cohort's survivor counts and, when
    /// <paramref name="gradient"/> is not empty, ∂LL/∂(α, β): each log-ratio's derivatives are digamma differences. The
    /// log-ratios are those of <see cref="ChurnProbability"/> and <see cref="Survival"/> (<see cref="SpecialFunctions.LogBetaRatio"/>).
    /// </summary>
    internal static double CohortLogLikelihood(ReadOnlySpan<double> counts, double a, double b, Span<double> gradient)
    {
        var want = !gradient.IsEmpty;
        double psiA = 0, psiB = 0, psiAb = 0, ga = 0, gb = 0;
        if (want)
        {
            psiA = Digamma(a);
            psiB = Digamma(b);
            psiAb = Digamma(a + b);
        }

        var sum = 0d;
        for (var t = 1; t < counts.Length; t++)
        {
            var churned = counts[t - 1] - counts[t];
            if (churned > 0d)
            {
                sum += churned * LogBetaRatio(a, b, 1d, t - 1d);
                if (want)
                {
                    var psiTotal = Digamma(a + b + t);
                    ga += churned * (Digamma(a + 1d) - psiTotal - psiA + psiAb);
                    gb += churned * (Digamma(b + t - 1d) - psiTotal - psiB + psiAb);
                }
            }
        }

        var last = counts[^1];
        if (last > 0d)
        {
            var periods = counts.Length - 1d;
            sum += last * LogBetaRatio(a, b, 0d, periods);
            if (want)
            {
                var psiTotal = Digamma(a + b + periods);
                ga += last * (psiAb - psiTotal);
                gb += last * (Digamma(b + periods) - psiTotal - psiB + psiAb);
            }
        }

        if (want)
        {
            gradient[0] = ga;
            gradient[1] = gb;
        }

        return sum;
    }

    /// <summary>Returns the probability that a new customer churns in period <paramref name="t"/>: B(α+1, β+t-1) / B(α, β).</summary>
    /// <param name="t">The period, 1 or more.</param>
    /// <returns>From 0 to 1; over all t they add up to 1.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is below 1.</exception>
    /// <remarks>Computed from ratios of rising factorials (<see cref="SpecialFunctions.LogBetaRatio"/>), as is
    /// <see cref="Survival"/>: the difference of two log-betas lost up to 1e-13 where a parameter is extreme (P(T = 1) was
    /// 1 + 1.2e-14 at α = 1e10, β = 0.001), and about 1e-6 at 2³¹ periods, where S(t) rose with t.</remarks>
    public double ChurnProbability(int t)
    {
        Preconditions.CheckValue(t >= 1, nameof(t), t, "must be at least 1");
        return Math.Min(1d, Math.Exp(LogBetaRatio(Alpha, Beta, 1d, t - 1d)));
    }

    /// <summary>Returns the share of a cohort still active after <paramref name="t"/> periods: B(α, β+t) / B(α, β).</summary>
    /// <param name="t">The period, 0 or more (S(0) = 1).</param>
    /// <returns>From 0 to 1, non-increasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is negative.</exception>
    public double Survival(int t)
    {
        Preconditions.CheckValue(t >= 0, nameof(t), t, "must not be negative");
        return Math.Min(1d, Math.Exp(LogBetaRatio(Alpha, Beta, 0d, t)));
    }

    /// <summary>Returns the retention rate of period <paramref name="t"/>, the share of those active after t-1 periods
    /// who are still active after t: (β+t-1) / (α+β+t-1).</summary>
    /// <param name="t">The period, 1 or more.</param>
    /// <returns>From 0 to 1, non-decreasing in <paramref name="t"/> (the sorting effect of heterogeneity).</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is below 1.</exception>
    public double RetentionRate(int t)
    {
        Preconditions.CheckValue(t >= 1, nameof(t), t, "must be at least 1");
        return Rate(t);
    }

    /// <summary>Writes the survival curve S(0), S(1), … into <paramref name="destination"/>, one value per period.</summary>
    /// <param name="destination">Receives S(t) at index t.</param>
    public void SurvivalCurve(Span<double> destination)
    {
        var s = 1d;
        for (var t = 0; t < destination.Length; t++)
        {
            if (t > 0)
            {
                s *= Rate(t);
            }

            destination[t] = s;
        }
    }

    /// <summary>(β+t-1) / (α+β+t-1) with t - 1 added last: β + t - 1 took β + 1 first, which keeps only 2e-16 of it (a
    /// retention rate and survival 8e-8 off at β = 1e-10, 1e-13 at β = 0.001).</summary>
    private double Rate(int t) => (Beta + (t - 1d)) / (Alpha + Beta + (t - 1d));

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>sBG alpha=0.7043 beta=1.182</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"sBG alpha={Alpha:G4} beta={Beta:G4}");
}
