using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The BG/BB model of Fader, Hardie and Shang (2010) for discrete transaction opportunities (annual donations, event
/// tickets, issues of a magazine): while alive, a customer transacts at each opportunity with probability p ~ Beta(α, β);
/// before each opportunity after the first, an alive customer drops out with probability θ ~ Beta(γ, δ).
/// </summary>
/// <remarks>
/// <para>Inputs per customer (or per pattern, with a weight counting its customers): <c>frequency</c> x, the number of
/// repeat transactions in n opportunities; <c>recency</c> tₓ, the opportunity (1 to n) of the last one, 0 when x = 0;
/// and <c>periods</c> n. All are whole numbers with x ≤ tₓ ≤ n.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class BgBbModel
{
    /// <summary>The model's short name, <c>bgbb</c>.</summary>
    public const string Name = "bgbb";

    /// <summary>The longest horizon summed term by term; a longer one takes the closed form (<see cref="LogAliveTransactions"/>).</summary>
    private const int SummedHorizon = 1000;

    private static readonly string[] Names = ["alpha", "beta", "gamma", "delta"];

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="alpha">First shape of the transaction-probability beta distribution; above 0.</param>
    /// <param name="beta">Second shape of the transaction-probability beta distribution; above 0.</param>
    /// <param name="gamma">First shape of the drop-out-probability beta distribution; above 0.</param>
    /// <param name="delta">Second shape of the drop-out-probability beta distribution; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public BgBbModel(double alpha, double beta, double gamma, double delta)
    {
        ClvInput.CheckPositive(alpha, nameof(alpha));
        ClvInput.CheckPositive(beta, nameof(beta));
        ClvInput.CheckPositive(gamma, nameof(gamma));
        ClvInput.CheckPositive(delta, nameof(delta));
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Delta = delta;
    }

    /// <summary>Gets α, the first shape of the transaction-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Alpha { get; }

    /// <summary>Gets β, the second shape of the transaction-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Beta { get; }

    /// <summary>Gets γ, the first shape of the drop-out-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Gamma { get; }

    /// <summary>Gets δ, the second shape of the drop-out-probability distribution.</summary>
    /// <value>Above 0.</value>
    public double Delta { get; }

    /// <summary>Fits the model by maximum likelihood.</summary>
    /// <param name="frequency">Repeat transactions per row (x), a whole number from 0 to the recency.</param>
    /// <param name="recency">Opportunity of the last transaction per row (tₓ), a whole number from x to n; 0 when x = 0.</param>
    /// <param name="periods">Transaction opportunities per row (n), a whole number, 1 or more.</param>
    /// <param name="weights">How many customers each row stands for; empty for 1 each.</param>
    /// <param name="options">Penalty, iteration limit and tolerance; <see langword="null"/> for the defaults.</param>
    /// <returns>The fit; check <see cref="ClvFitResult.Converged"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range, the lengths differ, or there is no customer.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when <paramref name="options"/> are invalid.</exception>
    public static ClvFitResult<BgBbModel> Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> periods, ReadOnlySpan<double> weights = default, ClvFitOptions? options = null)
    {
        ClvInput.CheckLength(recency.Length, frequency.Length, nameof(recency));
        ClvInput.CheckLength(periods.Length, frequency.Length, nameof(periods));
        if (!weights.IsEmpty)
        {
            ClvInput.CheckLength(weights.Length, frequency.Length, nameof(weights));
        }

        for (var i = 0; i < frequency.Length; i++)
        {
            CheckCustomer(frequency[i], recency[i], periods[i], i);
        }

        var total = ClvInput.CheckWeights(weights, frequency.Length);
        var x = frequency.ToArray();
        var tx = recency.ToArray();
        var n = periods.ToArray();
        var w = weights.IsEmpty ? null : weights.ToArray();

        double Evaluate(ReadOnlySpan<double> p, Span<double> gradient)
        {
            var sum = 0d;
            Span<double> g = stackalloc double[4];
            gradient.Clear();
            for (var i = 0; i < x.Length; i++)
            {
                var wi = w?[i] ?? 1d;
                if (wi > 0d)
                {
                    sum += wi * CustomerLogLikelihood(p[0], p[1], p[2], p[3], x[i], tx[i], n[i], gradient.IsEmpty ? default : g);
                    for (var j = 0; j < gradient.Length; j++)
                    {
                        gradient[j] += wi * g[j];
                    }
                }
            }

            return sum;
        }

        var outcome = FitRunner.Run(Names, Evaluate, analyticGradient: true, total, [1d, 1d, 1d, 1d], options);
        var v = outcome.Values;
        return new ClvFitResult<BgBbModel>(new BgBbModel(v[0], v[1], v[2], v[3]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, total);
    }

    /// <summary>Returns the log-likelihood of one customer's (x, tₓ, n).</summary>
    /// <param name="frequency">Repeat transactions (x).</param>
    /// <param name="recency">Opportunity of the last transaction (tₓ).</param>
    /// <param name="periods">Opportunities (n).</param>
    /// <returns>The log-probability of the pattern, 0 or less.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double LogLikelihood(double frequency, double recency, double periods)
    {
        CheckCustomer(frequency, recency, periods, -1);
        return CustomerLogLikelihood(Alpha, Beta, Gamma, Delta, frequency, recency, periods);
    }

    /// <summary>Returns the probability that the customer is alive at opportunity n + 1.</summary>
    /// <param name="frequency">Repeat transactions (x).</param>
    /// <param name="recency">Opportunity of the last transaction (tₓ).</param>
    /// <param name="periods">Opportunities observed (n).</param>
    /// <returns>From 0 to 1.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityAlive(double frequency, double recency, double periods)
    {
        CheckCustomer(frequency, recency, periods, -1);
        var logAlive = LogBetaRatio(Alpha, Beta, frequency, periods - frequency) + LogBetaRatio(Gamma, Delta, 0d, periods + 1d);
        return Math.Min(1d, Math.Exp(logAlive - CustomerLogLikelihood(Alpha, Beta, Gamma, Delta, frequency, recency, periods)));
    }

    /// <summary>Returns the expected number of transactions in the next <paramref name="futurePeriods"/> opportunities,
    /// given the customer's history (Fader, Hardie and Shang 2010, eq. 13).</summary>
    /// <param name="futurePeriods">Opportunities ahead, 0 or more.</param>
    /// <param name="frequency">Repeat transactions (x).</param>
    /// <param name="recency">Opportunity of the last transaction (tₓ).</param>
    /// <param name="periods">Opportunities observed (n).</param>
    /// <returns>0 or more, non-decreasing in <paramref name="futurePeriods"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ExpectedPurchases(int futurePeriods, double frequency, double recency, double periods)
    {
        Preconditions.CheckValue(futurePeriods >= 0, nameof(futurePeriods), futurePeriods, "must not be negative");
        CheckCustomer(frequency, recency, periods, -1);
        var logL = CustomerLogLikelihood(Alpha, Beta, Gamma, Delta, frequency, recency, periods);
        var logP2 = LogBetaRatio(Alpha, Beta, frequency + 1d, periods - frequency);
        return Math.Exp(logP2 - logL + LogAliveTransactions(periods, futurePeriods));
    }

    /// <summary>Returns the expected number of repeat transactions in the first <paramref name="periods"/> opportunities
    /// of a customer just acquired.</summary>
    /// <param name="periods">Opportunities, 0 or more.</param>
    /// <returns>0 or more, non-decreasing in <paramref name="periods"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="periods"/> is negative.</exception>
    public double ExpectedPurchasesNewCustomer(int periods)
    {
        Preconditions.CheckValue(periods >= 0, nameof(periods), periods, "must not be negative");
        return Alpha / (Alpha + Beta) * Math.Exp(LogAliveTransactions(0d, periods));
    }

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>BG/BB alpha=1.204 beta=0.7497 gamma=0.6568 delta=2.784</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"BG/BB alpha={Alpha:G4} beta={Beta:G4} gamma={Gamma:G4} delta={Delta:G4}");

    /// <summary>ln Σⱼ₌₁ᵏ B(γ, δ+n+j) / B(γ, δ), the logarithm of the expected number of opportunities n+1 … n+k at which a
    /// customer is alive, over the drop-out prior: in logarithms because <see cref="ExpectedPurchases"/> multiplies it by
    /// a ratio that can overflow (with α = β = 1e-10 and γ = 1000 it was e^1239 times e^-1387, ∞ × 0 = NaN). Up to
    /// <see cref="SummedHorizon"/> opportunities summed term by term; beyond, FHS's closed
    /// form δ/(γ-1) Γ(γ+δ)/Γ(1+δ) [Γ(1+δ+n)/Γ(γ+δ+n) - Γ(1+δ+n+k)/Γ(γ+δ+n+k)], so that any horizon up to
    /// <see cref="int.MaxValue"/> takes the same time.</summary>
    /// <remarks>The closed form is written with s(z), the mean slope of ln Γ over [z - 1 + γ, z]
    /// (<see cref="SpecialFunctions.LogGammaSlope"/>), as δ e^{(1-γ)(s₀ - s_δ)} (s₁ - s₀) E((1-γ)(s₁ - s₀)), where s₀, s₁ and
    /// s_δ are taken at 1+δ+n, 1+δ+n+k and 1+δ, and E(d) = (e^d - 1)/d: no 0/0 at γ = 1 (there it is δ [ψ(1+δ+n+k) -
    /// ψ(1+δ+n)]), and no digits lost to the difference of two large log-gammas. What it loses is in s₁ - s₀, about
    /// 1e-16 ln(1+δ+n) / ln(1 + k/(1+δ+n)) relative: 1e-13 at most while n stays under 10⁵ opportunities.</remarks>
    private double LogAliveTransactions(double n, double k)
    {
        if (k <= SummedHorizon)
        {
            var sum = double.NegativeInfinity;
            for (var j = 1; j <= k; j++)
            {
                sum = LogAddExp(sum, LogBetaRatio(Gamma, Delta, 0d, n + j));
            }

            return sum;
        }

        var h = 1d - Gamma;
        var s0 = LogGammaSlope(1d + Delta + n, h);
        var difference = LogGammaSlope(1d + Delta + n + k, h) - s0;
        var d = h * difference;
        var exprel = d == 0d ? 1d : ExpM1(d) / d;
        return Math.Log(Delta) + Math.Log(difference) + Math.Log(exprel) + (h * (s0 - LogGammaSlope(1d + Delta, h)));
    }

    /// <summary>ln L = ln[B(α+x, β+n-x)/B(α,β) B(γ, δ+n)/B(γ,δ) + Σᵢ₌₀^{n-tₓ-1} B(α+x, β+tₓ-x+i)/B(α,β) B(γ+1, δ+tₓ+i)/B(γ,δ)].</summary>
    internal static double CustomerLogLikelihood(double alpha, double beta, double gamma, double delta, double x, double tx, double n) =>
        CustomerLogLikelihood(alpha, beta, gamma, delta, x, tx, n, default);

    /// <summary>
    /// The log-likelihood of <see cref="CustomerLogLikelihood(double, double, double, double, double, double, double)"/>
    /// and, when <paramref name="gradient"/> is not empty, its gradient in (α, β, γ, δ): each term of the sum is a product
    /// of beta-function ratios whose log-derivatives are digamma differences, and the gradient of ln Σ is the
    /// term-weighted mean of the terms' gradients (weights e^(termᵢ - ln L), accumulated as the log-sum goes).
    /// </summary>
    internal static double CustomerLogLikelihood(double alpha, double beta, double gamma, double delta, double x, double tx, double n, Span<double> gradient)
    {
        var result = LogBetaRatio(alpha, beta, x, n - x) + LogBetaRatio(gamma, delta, 0d, n);
        var last = (int)(n - tx) - 1;
        if (gradient.IsEmpty)
        {
            for (var i = 0; i <= last; i++)
            {
                result = LogAddExp(result, LogBetaRatio(alpha, beta, x, tx - x + i) + LogBetaRatio(gamma, delta, 1d, tx + i));
            }

            return result;
        }

        // ∂/∂α ln[B(α+x, β+k)/B(α,β)] = ψ(α+x) - ψ(α+β+x+k) - ψ(α) + ψ(α+β), and alike for β, γ, δ.
        var psiAb = Digamma(alpha + beta);
        var psiGd = Digamma(gamma + delta);
        var psiAx = Digamma(alpha + x) - Digamma(alpha) + psiAb;
        var psiB = psiAb - Digamma(beta);
        var psiG = psiGd - Digamma(gamma);
        var psiD = psiGd - Digamma(delta);
        var psiAbn = Digamma(alpha + beta + n);
        gradient[0] = psiAx - psiAbn;
        gradient[1] = Digamma(beta + n - x) - psiAbn + psiB;
        gradient[2] = Digamma(gamma) - Digamma(gamma + delta + n) + psiG;
        gradient[3] = Digamma(delta + n) - Digamma(gamma + delta + n) + psiD;
        var psiG1 = Digamma(gamma + 1d);
        for (var i = 0; i <= last; i++)
        {
            var term = LogBetaRatio(alpha, beta, x, tx - x + i) + LogBetaRatio(gamma, delta, 1d, tx + i);
            var combined = LogAddExp(result, term);
            var keep = Math.Exp(result - combined);
            var take = Math.Exp(term - combined);
            var psiAbt = Digamma(alpha + beta + tx + i);
            var psiGdt = Digamma(gamma + delta + 1d + tx + i);
            gradient[0] = (keep * gradient[0]) + (take * (psiAx - psiAbt));
            gradient[1] = (keep * gradient[1]) + (take * (Digamma(beta + tx - x + i) - psiAbt + psiB));
            gradient[2] = (keep * gradient[2]) + (take * (psiG1 - psiGdt + psiG));
            gradient[3] = (keep * gradient[3]) + (take * (Digamma(delta + tx + i) - psiGdt + psiD));
            result = combined;
        }

        return result;
    }

    private static void CheckCustomer(double frequency, double recency, double periods, int index)
    {
        if (!(double.IsFinite(periods) && periods >= 1d && periods == Math.Floor(periods) && periods <= 1e6))
        {
            Preconditions.ThrowInvalid(ClvInput.Name("periods", index), periods, "must be a whole number from 1 to 1000000");
        }

        if (!(double.IsFinite(recency) && recency >= 0d && recency <= periods && recency == Math.Floor(recency)))
        {
            Preconditions.ThrowInvalid(ClvInput.Name("recency", index), recency, "must be a whole number from 0 to the periods");
        }

        if (!(double.IsFinite(frequency) && frequency >= 0d && frequency <= recency && frequency == Math.Floor(frequency) && (frequency > 0d || recency == 0d)))
        {
            Preconditions.ThrowInvalid(ClvInput.Name("frequency", index), frequency, "must be a whole number from 0 to the recency (and 0 only with recency 0)");
        }
    }
}
