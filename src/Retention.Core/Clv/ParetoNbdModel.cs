using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The Pareto/NBD model of Schmittlein, Morrison and Colombo (1987), as estimated by Fader, Hardie and Lee (2005): while
/// alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); their lifetime is exponential with rate μ ~ Gamma(s, β).
/// </summary>
/// <remarks>
/// <para>Inputs are the same as for <see cref="BgNbdModel"/>: frequency x, recency tₓ and age T in one time unit of the
/// caller's choosing; α, β and every horizon are in that unit.</para>
/// <para>The likelihood needs the Gaussian hypergeometric function ₂F₁(r+s+x, ·; r+s+x+1; z). It is taken in whichever
/// of its two forms has 0 ≤ z &lt; 1 (the one for α ≥ β or the one for α &lt; β), summed as a series of positive terms with
/// rescaling so that it stays finite for x in the thousands, and combined in log space. The fit uses the analytic
/// gradient: the series is summed with its own derivatives in a, b, c and z, and the chain rule carries them to
/// (r, α, s, β).</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class ParetoNbdModel
{
    /// <summary>The model's short name, <c>paretonbd</c>.</summary>
    public const string Name = "paretonbd";

    private static readonly string[] Names = ["r", "alpha", "s", "beta"];

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="s">Shape of the drop-out-rate gamma distribution; above 0.</param>
    /// <param name="beta">Scale (in time units) of the drop-out-rate gamma distribution; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public ParetoNbdModel(double r, double alpha, double s, double beta)
    {
        ClvInput.CheckPositive(r, nameof(r));
        ClvInput.CheckPositive(alpha, nameof(alpha));
        ClvInput.CheckPositive(s, nameof(s));
        ClvInput.CheckPositive(beta, nameof(beta));
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
    }

    /// <summary>Gets r, the shape of the purchase-rate distribution.</summary>
    /// <value>Above 0.</value>
    public double R { get; }

    /// <summary>Gets α, the scale of the purchase-rate distribution, in the model's time unit.</summary>
    /// <value>Above 0.</value>
    public double Alpha { get; }

    /// <summary>Gets s, the shape of the drop-out-rate distribution.</summary>
    /// <value>Above 0.</value>
    public double S { get; }

    /// <summary>Gets β, the scale of the drop-out-rate distribution, in the model's time unit.</summary>
    /// <value>Above 0.</value>
    public double Beta { get; }

    /// <summary>Fits the model by maximum likelihood.</summary>
    /// <param name="frequency">Repeat purchases per customer (x), 0 or more.</param>
    /// <param name="recency">Time from first to last purchase per customer (tₓ), 0 or more.</param>
    /// <param name="age">Time from first purchase to the end of calibration per customer (T), at least the recency.</param>
    /// <param name="weights">How many customers each row stands for; empty for 1 each.</param>
    /// <param name="options">Penalty, iteration limit and tolerance; <see langword="null"/> for the defaults.</param>
    /// <returns>The fit; check <see cref="ClvFitResult.Converged"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range, the lengths differ, or there is no customer.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when <paramref name="options"/> are invalid.</exception>
    public static ClvFitResult<ParetoNbdModel> Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default, ClvFitOptions? options = null)
    {
        var total = ClvInput.CheckCustomers(frequency, recency, age, weights);
        var x = frequency.ToArray();
        var tx = recency.ToArray();
        var t = age.ToArray();
        var w = weights.IsEmpty ? null : weights.ToArray();
        double Evaluate(ReadOnlySpan<double> p, Span<double> gradient)
        {
            gradient.Clear();
            Span<double> g = stackalloc double[4];
            var sum = 0d;
            for (var i = 0; i < x.Length; i++)
            {
                var wi = w?[i] ?? 1d;
                if (wi > 0d)
                {
                    sum += wi * CustomerLogLikelihood(p[0], p[1], p[2], p[3], x[i], tx[i], t[i], gradient.IsEmpty ? default : g);
                    for (var j = 0; j < gradient.Length; j++)
                    {
                        gradient[j] += wi * g[j];
                    }
                }
            }

            return sum;
        }

        var outcome = FitRunner.Run(Names, Evaluate, analyticGradient: true, total, StartingPoint(x, t, w, total), options);
        var v = outcome.Values;
        return new ClvFitResult<ParetoNbdModel>(new ParetoNbdModel(v[0], v[1], v[2], v[3]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, total);
    }

    /// <summary>
    /// Where a fit starts: r = s = 1, α = mean T / mean x (mean x taken as at least 0.1; α = 1 when every T is 0) and
    /// β = mean T (at least 1), the means weighted.
    /// </summary>
    internal static double[] StartingPoint(ReadOnlySpan<double> x, ReadOnlySpan<double> age, double[]? weights, double total)
    {
        double meanX = 0, meanT = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var wi = weights?[i] ?? 1d;
            meanX += wi * x[i] / total;
            meanT += wi * age[i] / total;
        }

        var alpha0 = meanT > 0d ? meanT / Math.Max(meanX, 0.1) : 1d;
        return [1d, alpha0, 1d, Math.Max(meanT, 1d)];
    }

    /// <summary>Returns the log-likelihood of one customer's (x, tₓ, T) under the model.</summary>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>A finite log-likelihood.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double LogLikelihood(double frequency, double recency, double age)
    {
        ClvInput.CheckCustomer(frequency, recency, age);
        return CustomerLogLikelihood(R, Alpha, S, Beta, frequency, recency, age);
    }

    /// <summary>Returns the probability that the customer is still alive at the end of calibration.</summary>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>From 0 to 1.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        ClvInput.CheckCustomer(frequency, recency, age);
        return Alive(frequency, recency, age);
    }

    /// <summary>Returns the expected number of purchases in the next <paramref name="t"/> time units, given the
    /// customer's history: (r+x)(β+T) / ((α+T)(s-1)) [1 - ((β+T)/(β+T+t))^(s-1)] × P(alive).</summary>
    /// <param name="t">The horizon after the end of calibration, 0 or more, in the model's time unit.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>0 or more, non-decreasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ExpectedPurchases(double t, double frequency, double recency, double age)
    {
        ClvInput.CheckHorizon(t);
        ClvInput.CheckCustomer(frequency, recency, age);
        return Expected(t, frequency, recency, age);
    }

    /// <summary>Returns the expected number of repeat purchases by time <paramref name="t"/> of a customer just acquired:
    /// r β / (α (s-1)) [1 - (β/(β+t))^(s-1)].</summary>
    /// <param name="t">The time since the first purchase, 0 or more.</param>
    /// <returns>0 or more, non-decreasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        ClvInput.CheckHorizon(t);
        return Expected(t, 0d, 0d, 0d);
    }

    /// <summary>Returns the probability that a customer just acquired makes exactly <paramref name="n"/> repeat purchases
    /// by time <paramref name="t"/>.</summary>
    /// <param name="n">The number of repeat purchases, 0 or more.</param>
    /// <param name="t">The time since the first purchase, 0 or more.</param>
    /// <returns>From 0 to 1; the probabilities over all n add up to 1 and their mean is <see cref="ExpectedPurchasesNewCustomer"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityOfPurchases(int n, double t)
    {
        Preconditions.CheckValue(n >= 0, nameof(n), n, "must not be negative");
        ClvInput.CheckHorizon(t);
        return Count(n, t, 0d, 0d, 0d);
    }

    /// <summary>Returns the probability that the customer makes exactly <paramref name="n"/> purchases in the next
    /// <paramref name="t"/> time units, given their history.</summary>
    /// <param name="n">The number of purchases, 0 or more.</param>
    /// <param name="t">The horizon after the end of calibration, 0 or more, in the model's time unit.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>From 0 to 1; over all n the probabilities add up to 1 and their mean is
    /// <see cref="ExpectedPurchases(double, double, double, double)"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    /// <remarks>Gone at T (probability 1 - P(alive)) means no purchase. Alive at T, λ ~ Gamma(r+x, α+T) and
    /// μ ~ Gamma(s, β+T); the customer either outlives the horizon, (β'/(β'+t))^s NB(n; t), or drops out at τ within it,
    /// ∫ NB(n; τ) dF(τ) with F the drop-out time's distribution 1 - (β'/(β'+τ))^s, where NB(n; τ) is the gamma-Poisson
    /// count over τ. The integral is taken over u = ln(1 + τ/(β+T)) by adaptive Gauss-Kronrod quadrature (15 points, to
    /// 1e-14 absolute, so probabilities far below that are only bounded by it), split at the peak of NB(n; τ).</remarks>
    public double ProbabilityOfPurchases(int n, double t, double frequency, double recency, double age)
    {
        Preconditions.CheckValue(n >= 0, nameof(n), n, "must not be negative");
        ClvInput.CheckHorizon(t);
        ClvInput.CheckCustomer(frequency, recency, age);
        return Count(n, t, frequency, recency, age);
    }

    /// <summary>Writes the probability alive of every customer into <paramref name="destination"/>.</summary>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="recency">Recency per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="destination">Receives one probability per customer; the same length as the inputs.</param>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range or the lengths differ.</exception>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ClvInput.CheckCustomers(frequency, recency, age, default);
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Alive(frequency[i], recency[i], age[i]);
        }
    }

    /// <summary>Writes every customer's expected purchases in the next <paramref name="t"/> into <paramref name="destination"/>.</summary>
    /// <param name="t">The horizon, 0 or more.</param>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="recency">Recency per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="destination">Receives one expectation per customer; the same length as the inputs.</param>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range or the lengths differ.</exception>
    public void ExpectedPurchases(double t, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        ClvInput.CheckHorizon(t);
        ClvInput.CheckCustomers(frequency, recency, age, default);
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Expected(t, frequency[i], recency[i], age[i]);
        }
    }

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>Pareto/NBD r=0.5534 alpha=10.58 s=0.6061 beta=11.67</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"Pareto/NBD r={R:G4} alpha={Alpha:G4} s={S:G4} beta={Beta:G4}");

    internal double Alive(double x, double tx, double age)
    {
        var logOdds = Math.Log(S) - Math.Log(R + S + x) + ((R + x) * Math.Log(Alpha + age)) + (S * Math.Log(Beta + age)) + LogA0(R, Alpha, S, Beta, x, tx, age);
        return 1d / (1d + Math.Exp(logOdds));
    }

    internal double Expected(double t, double x, double tx, double age)
    {
        if (t == 0d)
        {
            return 0d;
        }

        // E[λ] E[time alive within t]; the exposure is at most t, so only a rate (r+x)/(α+T) beyond the largest
        // double (α subnormal) overflows, to +∞.
        return (R + x) * (Exposure(S, Beta, t, age) / (Alpha + age)) * Alive(x, tx, age);
    }

    private double Count(int n, double t, double x, double tx, double age)
    {
        var alive = x == 0d && age == 0d ? 1d : Alive(x, tx, age);
        var shape = R + x;
        var scale = Alpha + age;
        var dropScale = Beta + age;
        var logSurvive = -S * Log1PRatio(t, dropScale);
        var future = Math.Exp(logSurvive + LogCount(shape, scale, n, t));
        if (t > 0d)
        {
            // Over u = ln(1 + τ/β'), where the drop-out density is s e^(-s u): NB(n; τ) peaks at τ = n α'/r', narrowly
            // for large n, so the range is split there and the quadrature sees the peak.
            var end = Log1PRatio(t, dropScale);
            var peak = n * scale / shape;
            var split = peak > 0d && peak < t ? Log1PRatio(peak, dropScale) : 0d;
            var budget = MaxCountPanels;
            future += split > 0d
                ? DropOutIntegral(shape, scale, S, dropScale, n, 0d, split, depth: 0, ref budget) + DropOutIntegral(shape, scale, S, dropScale, n, split, end, depth: 0, ref budget)
                : DropOutIntegral(shape, scale, S, dropScale, n, 0d, end, depth: 0, ref budget);
        }

        future = Math.Min(1d, alive * future);
        return n == 0 ? Math.Min(1d, (1d - alive) + future) : future;
    }

    /// <summary>log NB(n; τ): the gamma(shape, scale)-Poisson probability of n purchases in τ.</summary>
    private static double LogCount(double shape, double scale, int n, double tau)
    {
        if (double.IsPositiveInfinity(tau))
        {
            return double.NegativeInfinity;
        }

        var logQ = tau == 0d ? double.NegativeInfinity : Math.Log(tau / (scale + tau));
        return BgNbdFamily.LogNegativeBinomial(shape, n, -Log1PRatio(tau, scale), logQ);
    }

    /// <summary>∫ NB(n; τ(u)) s e^(-s u) du over [lo, hi], τ(u) = β'(e^u - 1): adaptive Gauss-Kronrod (7/15 points),
    /// halving a panel until its Kronrod-Gauss difference is within 1e-14. A panel of depth 40, or any panel once
    /// <paramref name="budget"/> panels were taken, is accepted as it is, and so is one whose difference is NaN: the NaN
    /// then reaches the result rather than splitting every panel to depth 40.</summary>
    private static double DropOutIntegral(double shape, double scale, double s, double dropScale, int n, double lo, double hi, int depth, ref int budget)
    {
        var half = (hi - lo) / 2d;
        var middle = lo + half;
        var centre = Integrand(shape, scale, s, dropScale, n, middle);
        var kronrod = centre * KronrodWeights[7];
        var gauss = centre * GaussWeights[3];
        for (var k = 0; k < 7; k++)
        {
            var offset = half * KronrodNodes[k];
            var pair = Integrand(shape, scale, s, dropScale, n, middle - offset) + Integrand(shape, scale, s, dropScale, n, middle + offset);
            kronrod += pair * KronrodWeights[k];
            if ((k & 1) == 1)
            {
                gauss += pair * GaussWeights[k >> 1];
            }
        }

        kronrod *= half;
        gauss *= half;
        budget--;
        if ((depth >= MinimumDepth && !(Math.Abs(kronrod - gauss) > 1e-14)) || depth >= 40 || budget <= 0)
        {
            return kronrod;
        }

        return DropOutIntegral(shape, scale, s, dropScale, n, lo, middle, depth + 1, ref budget) + DropOutIntegral(shape, scale, s, dropScale, n, middle, hi, depth + 1, ref budget);
    }

    /// <summary>The most panels one <see cref="ProbabilityOfPurchases(int, double, double, double, double)"/> evaluates
    /// (counts up to 3,000, horizons up to 10,000 and histories up to x = 1,000 took at most 76).</summary>
    internal const int MaxCountPanels = 20_000;

    /// <summary>Every part is split at least this often (into 2^3 panels), so that a narrow peak cannot fall between the nodes of one rule.</summary>
    private const int MinimumDepth = 3;

    private static double Integrand(double shape, double scale, double s, double dropScale, int n, double u) =>
        s * Math.Exp(LogCount(shape, scale, n, ScaledExpM1(dropScale, u)) - (s * u));

    /// <summary>c (e^u - 1), also where e^u overflows but the product does not (c below about 1e-290): then e^(u + ln c).
    /// The drop-out time τ = β'(e^u - 1), and the exposure's β'(e^v - 1).</summary>
    private static double ScaledExpM1(double c, double u) => u < 700d ? c * ExpM1(u) : Math.Exp(u + Math.Log(c));

    // QUADPACK's 15-point Kronrod rule and its embedded 7-point Gauss rule (nodes on [-1, 1], symmetric; the last node is 0).
    private static readonly double[] KronrodNodes =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    private static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ];

    /// <summary>
    /// ∫₀ᵗ (β'/(β'+τ))^s dτ with β' = β+T, that is β' [1 - (β'/(β'+t))^(s-1)] / (s-1), continuous through s = 1: the
    /// expected time a customer alive at T stays alive within the next t, the part of the conditional expectation that
    /// depends on t. It lies between 0 and t. It is taken from L = ln(1 + t/β') and v = (1-s)L so that nothing
    /// overflows: β'(e^v - 1)/(1-s) (<see cref="ScaledExpM1"/>: e^(v + ln β') where e^v overflows, β' subnormal and s
    /// below 1), and β'L(1 + v/2) for |v| below 1e-8.
    /// </summary>
    internal static double Exposure(double s, double beta, double t, double age)
    {
        var dropScale = beta + age;
        var growth = Log1PRatio(t, dropScale);
        var v = (1d - s) * growth;
        if (Math.Abs(v) < 1e-8)
        {
            return dropScale * growth * (1d + (v / 2d));
        }

        return ScaledExpM1(dropScale, v) / (1d - s);
    }

    /// <summary>
    /// The log-likelihood ln L = A1 + ln(e^(-(r+x) ln(α+T) - s ln(β+T)) + (s / (r+s+x)) A0) and, when
    /// <paramref name="gradient"/> is not empty, its gradient in (r, α, s, β): the prefactor's, plus the alive and dead
    /// terms' gradients weighted by their shares of the likelihood. The dead term holds ln A0, a difference of two ₂F₁
    /// terms (see <see cref="LogA0"/>); each term's gradient comes from the series' own derivatives
    /// (<see cref="Hypergeometric.LogPositiveDerivatives"/>) and the chain rule through a = r+s+x, b, c = a+1,
    /// z = |α-β|/(max+t) and the power of (max+t).
    /// </summary>
    internal static double CustomerLogLikelihood(double r, double alpha, double s, double beta, double x, double tx, double age, Span<double> gradient)
    {
        var value = CustomerLogLikelihood(r, alpha, s, beta, x, tx, age);
        if (gradient.IsEmpty)
        {
            return value;
        }

        var a1 = LogRising(r, x) + (r * Math.Log(alpha)) + (s * Math.Log(beta));
        var logAlphaT = Math.Log(alpha + age);
        var logBetaT = Math.Log(beta + age);
        var aliveTerm = (-(r + x) * logAlphaT) - (s * logBetaT);
        var alive = Math.Exp(aliveTerm - (value - a1));
        gradient[0] = Digamma(r + x) - Digamma(r) + Math.Log(alpha) - (alive * logAlphaT);
        gradient[1] = (r / alpha) - (alive * (r + x) / (alpha + age));
        gradient[2] = Math.Log(beta) - (alive * logBetaT);
        gradient[3] = (s / beta) - (alive * s / (beta + age));
        var dead = 1d - alive;
        if (UsesIntegral(r, alpha, s, beta, x, tx))
        {
            // The dead term is ln s + ln I (see LogA0): its gradient is ∂ ln I plus 1/s for s.
            if (dead > 0d && age > tx)
            {
                Span<double> gi = stackalloc double[4];
                LogDeadIntegral(r, alpha, s, beta, x, tx, age, gi);
                gradient[0] += dead * gi[0];
                gradient[1] += dead * gi[1];
                gradient[2] += dead * ((1d / s) + gi[2]);
                gradient[3] += dead * gi[3];
            }

            return value;
        }

        Span<double> g1 = stackalloc double[4];
        Span<double> g2 = stackalloc double[4];
        var first = TermLog(r, alpha, s, beta, x, tx, g1);
        var second = TermLog(r, alpha, s, beta, x, age, g2);
        if (dead > 0d && first > second)
        {
            // ln(e^f1 - e^f2) has the gradient (g1 - e^(f2-f1) g2) / (1 - e^(f2-f1)).
            var ratio = Math.Exp(second - first);
            var scale = 1d / (1d - ratio);
            var rsx = r + s + x;
            gradient[0] += dead * ((scale * (g1[0] - (ratio * g2[0]))) - (1d / rsx));
            gradient[1] += dead * scale * (g1[1] - (ratio * g2[1]));
            gradient[2] += dead * ((1d / s) + (scale * (g1[2] - (ratio * g2[2]))) - (1d / rsx));
            gradient[3] += dead * scale * (g1[3] - (ratio * g2[3]));
        }

        return value;
    }

    /// <summary>
    /// ln [₂F₁(r+s+x, b; r+s+x+1; |α-β|/(m+t)) / (m+t)^(r+s+x)], one of the two terms of A0, and when
    /// <paramref name="gradient"/> is not empty its gradient in (r, α, s, β).
    /// </summary>
    internal static double TermLog(double r, double alpha, double s, double beta, double x, double t, Span<double> gradient)
    {
        var alphaAbove = alpha >= beta;
        var max = alphaAbove ? alpha : beta;
        var b = alphaAbove ? s + 1d : r + x;
        var rsx = r + s + x;
        var denominator = max + t;
        var z = Math.Abs(alpha - beta) / denominator;
        var logPower = Math.Log(denominator);
        var value = Hypergeometric.LogPositive(rsx, b, rsx + 1d, z) - (rsx * logPower);
        if (gradient.IsEmpty)
        {
            return value;
        }

        Span<double> f = stackalloc double[4];
        Hypergeometric.LogPositiveDerivatives(rsx, b, rsx + 1d, z, f);
        // a = c - 1 = r+s+x moves with r and s; b with s (α ≥ β) or r (α < β).
        gradient[0] = f[0] + f[2] - logPower + (alphaAbove ? 0d : f[1]);
        gradient[2] = f[0] + f[2] - logPower + (alphaAbove ? f[1] : 0d);
        if (alphaAbove)
        {
            // z = (α-β)/(α+t): ∂z/∂α = (β+t)/(α+t)², ∂z/∂β = -1/(α+t); the power -(r+s+x) ln(α+t) moves with α.
            gradient[1] = (f[3] * (beta + t) / (denominator * denominator)) - (rsx / denominator);
            gradient[3] = -f[3] / denominator;
        }
        else
        {
            gradient[1] = -f[3] / denominator;
            gradient[3] = (f[3] * (alpha + t) / (denominator * denominator)) - (rsx / denominator);
        }

        return value;
    }

    internal static double CustomerLogLikelihood(double r, double alpha, double s, double beta, double x, double tx, double age)
    {
        var a1 = LogRising(r, x) + (r * Math.Log(alpha)) + (s * Math.Log(beta));
        var aliveTerm = (-(r + x) * Math.Log(alpha + age)) - (s * Math.Log(beta + age));
        var deadTerm = Math.Log(s) + LogA0(r, alpha, s, beta, x, tx, age) - Math.Log(r + s + x);
        return a1 + LogAddExp(aliveTerm, deadTerm);
    }

    /// <summary>
    /// ln A0, with A0 = ₂F₁(r+s+x, b'; r+s+x+1; |α-β|/(m+tₓ)) / (m+tₓ)^(r+s+x) - (the same at T), where m = max(α, β)
    /// and b' = s+1 when α ≥ β, r+x when α &lt; β. A0 is the integral over the drop-out time between tₓ and T, so it is
    /// 0 (ln A0 = -∞) when tₓ = T.
    /// </summary>
    internal static double LogA0(double r, double alpha, double s, double beta, double x, double tx, double age)
    {
        if (UsesIntegral(r, alpha, s, beta, x, tx))
        {
            return age > tx ? Math.Log(r + s + x) + LogDeadIntegral(r, alpha, s, beta, x, tx, age, default) : double.NegativeInfinity;
        }

        return LogA0Series(r, alpha, s, beta, x, tx, age);
    }

    /// <summary><see cref="LogA0"/> as the difference of its two ₂F₁ terms, whatever the parameters.</summary>
    internal static double LogA0Series(double r, double alpha, double s, double beta, double x, double tx, double age)
    {
        var first = TermLog(r, alpha, s, beta, x, tx, default);
        var second = TermLog(r, alpha, s, beta, x, age, default);
        return first > second ? LogSubExp(first, second) : double.NegativeInfinity;
    }

    /// <summary>
    /// Whether A0 is taken as its integral rather than as ₂F₁ series: when the series' argument z = |α-β|/(m+tₓ) nears 1
    /// (one of the rates' gamma distributions nearly a point, α or β in the thousands) or its terms grow for long, the
    /// series needs up to <see cref="Hypergeometric.MaxTerms"/> terms per customer, and a fit that wanders there took
    /// seconds to minutes for a few customers. The integral costs the same anywhere.
    /// </summary>
    internal static bool UsesIntegral(double r, double alpha, double s, double beta, double x, double tx)
    {
        var (b, z) = SeriesArguments(r, alpha, s, beta, x, tx);
        return z > IntegralAbove || b * z > SeriesTermLimit * (1d - z);
    }

    /// <summary>
    /// The b and z of the ₂F₁(r+s+x, b; r+s+x+1; z) term of A0 at <paramref name="t"/>: b = s+1 and z = (α-β)/(α+t) when
    /// α ≥ β, b = r+x and z = (β-α)/(β+t) otherwise.
    /// </summary>
    internal static (double B, double Z) SeriesArguments(double r, double alpha, double s, double beta, double x, double t)
    {
        var alphaAbove = alpha >= beta;
        return (alphaAbove ? s + 1d : r + x, Math.Abs(alpha - beta) / ((alphaAbove ? alpha : beta) + t));
    }

    /// <summary>Above this series argument A0 is taken as an integral (<see cref="UsesIntegral"/>).</summary>
    internal const double IntegralAbove = 0.5;

    /// <summary>The series' terms grow until about k = b z / (1 - z): beyond this many, A0 is taken as an integral.</summary>
    internal const double SeriesTermLimit = 1000d;

    /// <summary>
    /// ln I with I = ∫ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ over [tₓ, T] (so that A0 = (r+s+x) I: the drop-out density s β^s /
    /// (β+τ)^(s+1) times the gamma-Poisson chance of x purchases and none after, integrated over the drop-out time), and
    /// when <paramref name="gradient"/> is not empty ∂ ln I / ∂(r, α, s, β): -E[ln(α+τ)], -(r+x) E[1/(α+τ)],
    /// -E[ln(β+τ)], -(s+1) E[1/(β+τ)], the means weighted by the integrand (the logarithms taken as ln(α+tₓ) plus
    /// ln((α+τ)/(α+tₓ)) ≥ 0, so that every integrand is positive). Taken over u = ln((c+τ)/(c+tₓ)) with c = min(α, β),
    /// where the integrand's steep fall near tₓ (a small α or β) becomes an exponential, by adaptive Gauss-Kronrod
    /// quadrature (15 points) of the five integrals at once, each panel to 1e-13.
    /// </summary>
    internal static double LogDeadIntegral(double r, double alpha, double s, double beta, double x, double tx, double age, Span<double> gradient) =>
        LogDeadIntegral(r, alpha, s, beta, x, tx, age, gradient, out _);

    /// <summary><see cref="LogDeadIntegral(double, double, double, double, double, double, double, Span{double})"/>, and
    /// how many panels its quadrature evaluated (at most <see cref="MaxPanels"/>).</summary>
    internal static double LogDeadIntegral(double r, double alpha, double s, double beta, double x, double tx, double age, Span<double> gradient, out int panels)
    {
        var c = Math.Min(alpha, beta);
        var from = c + tx;
        // ln((c+T)/(c+tₓ)); the ratio overflows when c+tₓ is below about 5.6e-309 (T-tₓ).
        var end = Log1PRatio(age - tx, from);
        var origin = LogDeadIntegrand(r, alpha, s, beta, x, tx) + Math.Log(from);

        // The integrand over u is log-concave (ln of it is u - k ln(1 + ρ(e^u - 1)) - m ln(1 + ρ'(e^u - 1)), each
        // logarithm convex in u), so it has one peak, and it is divided by its value there: it can grow by up to e^1450
        // from u = 0 when c+tₓ is near 0. The peak can be narrow only at u = 0. With ρ = 1 for the smaller of α and β
        // (its slope term is then k or m, constant), the slope of ln of the integrand is 1 - k - m g(u) when α ≤ β, with
        // g = ρ'e^u/(1 + ρ'(e^u - 1)) from 0 to 1, and 1 - m - k g(u) < 0 when α > β. A peak after 0 needs k < 1, and
        // the slope there runs from at most 1 to 1 - k - m with m g(1-g) = (1-k)(1-g) < 1 as its curvature: a
        // peak at least about 1 wide. At u = 0 the width is 1/|slope|, and r+x in the millions makes it about 1/(r+x):
        // that peak is integrated alone, or the first panels' nodes all fall where the integrand underflows (A0 came out
        // 0, and P(alive) 1 for a heavy buyer long gone). Over PeakWidths widths: ln of the integrand, being concave,
        // falls at least as fast as at 0 beyond, so the rest is below e^-50 (2e-22) of the whole and is left out.
        var unscaled = new DeadIntegrand(r + x, alpha, s + 1d, beta, tx, from, 0d);
        var slope = unscaled.Slope(0d);
        var mode = slope > 0d ? unscaled.Mode(end) : 0d;
        var parameters = new DeadIntegrand(r + x, alpha, s + 1d, beta, tx, from, unscaled.LogAt(mode));
        var peakTo = slope < 0d ? Math.Min(end, PeakWidths / -slope) : end;
        Span<double> coarse = stackalloc double[DeadIntegrand.Parts];
        Span<double> error = stackalloc double[DeadIntegrand.Parts];
        parameters.Panel(0d, peakTo, coarse, error);
        Span<double> sums = stackalloc double[DeadIntegrand.Parts];
        sums.Clear();
        var budget = MaxPanels;
        parameters.Adaptive(0d, peakTo, 0, coarse, sums, ref budget);

        panels = MaxPanels - budget;
        var value = origin + parameters.Shift + Math.Log(sums[0]);
        if (!gradient.IsEmpty)
        {
            gradient[0] = -(Math.Log(alpha + tx) + (sums[1] / sums[0]));
            gradient[1] = -(r + x) * (sums[2] / sums[0]) / (alpha + tx);
            gradient[2] = -(Math.Log(beta + tx) + (sums[3] / sums[0]));
            gradient[3] = -(s + 1d) * (sums[4] / sums[0]) / (beta + tx);
        }

        return value;
    }

    /// <summary>The most panels <see cref="LogDeadIntegral(double, double, double, double, double, double, double, Span{double})"/> takes (a steep integrand takes a few hundred).</summary>
    internal const int MaxPanels = 20_000;

    /// <summary>How far, in widths (1/|slope of ln of the integrand at 0|), a peak at u = 0 of <see cref="LogDeadIntegral(double, double, double, double, double, double, double, Span{double})"/>'s
    /// integrand is integrated, and the rest left out (below e^-50 of the whole): the 8 first panels then each span 6.25 widths, with nodes less than a width apart.</summary>
    private const double PeakWidths = 50d;

    private static double LogDeadIntegrand(double r, double alpha, double s, double beta, double x, double tau) =>
        (-(r + x) * Math.Log(alpha + tau)) - ((s + 1d) * Math.Log(beta + tau));

    /// <summary>The integrand of <see cref="LogDeadIntegral(double, double, double, double, double, double, double, Span{double})"/> over u, divided by its value at u = 0 and by e^shift, and its four weighted forms.</summary>
    private readonly struct DeadIntegrand(double k, double alpha, double m, double beta, double tx, double from, double shift)
    {
        internal const int Parts = 5;

        /// <summary>
        /// Adds the integrals over [lo, hi] to <paramref name="sums"/>, halving a panel until each part's Kronrod-Gauss
        /// difference is within 1e-13 of the panel's value, or negligible next to the whole range's
        /// <paramref name="coarse"/> estimate (the far tail, where the integrand underflows). A panel of depth 30, or
        /// any panel once <paramref name="budget"/> panels were taken, is accepted as it is.
        /// </summary>
        internal void Adaptive(double lo, double hi, int depth, ReadOnlySpan<double> coarse, Span<double> sums, ref int budget)
        {
            var middle = lo + ((hi - lo) / 2d);
            if (depth < MinimumDepth)
            {
                // Split without evaluating: these panels would not be accepted anyway.
                Adaptive(lo, middle, depth + 1, coarse, sums, ref budget);
                Adaptive(middle, hi, depth + 1, coarse, sums, ref budget);
                return;
            }

            Span<double> panel = stackalloc double[Parts];
            Span<double> error = stackalloc double[Parts];
            Panel(lo, hi, panel, error);
            budget--;
            var accepted = true;
            for (var i = 0; i < Parts && accepted; i++)
            {
                accepted = !(error[i] > (1e-13 * panel[i]) + (1e-16 * coarse[i]) + 1e-300) || budget <= 0;
            }

            if (accepted || depth >= 30)
            {
                for (var i = 0; i < Parts; i++)
                {
                    sums[i] += panel[i];
                }

                return;
            }

            Adaptive(lo, middle, depth + 1, coarse, sums, ref budget);
            Adaptive(middle, hi, depth + 1, coarse, sums, ref budget);
        }

        /// <summary>The 15-point Kronrod estimates over [lo, hi] of the five parts, and their differences from the 7-point Gauss ones.</summary>
        internal void Panel(double lo, double hi, Span<double> kronrod, Span<double> error)
        {
            Span<double> gauss = stackalloc double[Parts];
            Span<double> f = stackalloc double[Parts];
            Span<double> g = stackalloc double[Parts];
            var half = (hi - lo) / 2d;
            var middle = lo + half;
            At(middle, f);
            for (var i = 0; i < Parts; i++)
            {
                kronrod[i] = f[i] * KronrodWeights[7];
                gauss[i] = f[i] * GaussWeights[3];
            }

            for (var j = 0; j < 7; j++)
            {
                var offset = half * KronrodNodes[j];
                At(middle - offset, f);
                At(middle + offset, g);
                for (var i = 0; i < Parts; i++)
                {
                    var pair = f[i] + g[i];
                    kronrod[i] += pair * KronrodWeights[j];
                    if ((j & 1) == 1)
                    {
                        gauss[i] += pair * GaussWeights[j >> 1];
                    }
                }
            }

            for (var i = 0; i < Parts; i++)
            {
                kronrod[i] *= half;
                error[i] = Math.Abs(kronrod[i] - (gauss[i] * half));
            }
        }

        // (α+τ)/(α+tₓ) - 1 = ratioA (e^u - 1) with ratioA = (c+tₓ)/(α+tₓ) ≤ 1, and the same for β: ratios of ratios, so
        // that nothing depends on how small c+tₓ is (a subnormal α or β, down to 5e-324, has few significant bits, and
        // τ - tₓ or α+τ taken directly were noise there).
        private readonly double ratioA = from / (alpha + tx);
        private readonly double logRatioA = Math.Log(from) - Math.Log(alpha + tx);
        private readonly double ratioB = from / (beta + tx);
        private readonly double logRatioB = Math.Log(from) - Math.Log(beta + tx);

        /// <summary>The ln of the integrand's largest value, which it is divided by.</summary>
        internal double Shift => shift;

        /// <summary>
        /// Where the integrand over [0, <paramref name="end"/>] is largest, given that its slope at 0 is above 0: by
        /// bisection, within 1 before where the slope (<see cref="Slope"/>, which falls with u) crosses 0, or before the end
        /// when it stays above 0. The slope is from 0 to 1 there, so ln of the integrand at the point returned is within 1
        /// of its top.
        /// </summary>
        internal double Mode(double end)
        {
            var lo = 0d;
            var hi = end;
            while (hi - lo > 1d)
            {
                var middle = lo + ((hi - lo) / 2d);
                if (Slope(middle) > 0d)
                {
                    lo = middle;
                }
                else
                {
                    hi = middle;
                }
            }

            return lo;
        }

        /// <summary>The slope of ln of the integrand at u, 1 - k g(ρ) - m g(ρ'), with g(ρ) = 1 - (1-ρ)/(1 + ρ(e^u - 1)) the
        /// slope of ln(1 + ρ(e^u - 1)).</summary>
        internal double Slope(double u)
        {
            var expM1 = ExpM1(u);
            var a = 1d - ((1d - ratioA) * Inverse(u, expM1, ratioA, logRatioA));
            var b = 1d - ((1d - ratioB) * Inverse(u, expM1, ratioB, logRatioB));
            return 1d - (k * a) - (m * b);
        }

        /// <summary>(a+tₓ)/(a+τ) = 1/(1 + ratio (e^u - 1)), as in <see cref="LogGrowth"/>.</summary>
        private static double Inverse(double u, double expM1, double ratio, double logRatio) =>
            1d / (1d + (u < 700d ? ratio * expM1 : Math.Exp(u + logRatio)));

        /// <summary>ln of the integrand at u before the shift: u - k ln((α+τ)/(α+tₓ)) - m ln((β+τ)/(β+tₓ)).</summary>
        internal double LogAt(double u)
        {
            var expM1 = ExpM1(u);
            return u - (k * LogGrowth(u, expM1, ratioA, logRatioA, out _)) - (m * LogGrowth(u, expM1, ratioB, logRatioB, out _));
        }

        /// <summary>
        /// ln(1 + ratio (e^u - 1)), which is ln((a+τ)/(a+tₓ)) for a = α or β, and <paramref name="inverse"/> = (a+tₓ)/(a+τ).
        /// u reaches ln((T-tₓ)/(c+tₓ)), up to about 1,450 when c+tₓ is near the smallest double, where e^u overflows: from
        /// u = 700 on, e^u - 1 is e^u to the last bit and the logarithm is u + ln(ratio).
        /// </summary>
        private static double LogGrowth(double u, double expM1, double ratio, double logRatio, out double inverse)
        {
            inverse = Inverse(u, expM1, ratio, logRatio);
            if (u < 700d)
            {
                return Log1P(ratio * expM1);
            }

            var log = u + logRatio;
            return log > 40d ? log : Log1P(Math.Exp(log));
        }

        /// <summary>At u: h = (c+τ) (α+τ)^-k (β+τ)^-m e^-(origin+shift), then h ln((α+τ)/(α+tₓ)), h (α+tₓ)/(α+τ),
        /// h ln((β+τ)/(β+tₓ)), h (β+tₓ)/(β+τ).</summary>
        private void At(double u, Span<double> parts)
        {
            // Relative to tₓ, as logarithms of ratios: -k ln(α+τ) - m ln(β+τ) + ln(c+τ) - origin is u - k ln((α+τ)/(α+tₓ))
            // - m ln((β+τ)/(β+tₓ)), without the cancellation of terms near 10^8 when s or r+x is in the millions.
            var expM1 = ExpM1(u);
            var logA = LogGrowth(u, expM1, ratioA, logRatioA, out var inverseA);
            var logB = LogGrowth(u, expM1, ratioB, logRatioB, out var inverseB);
            var h = Math.Exp(u - (k * logA) - (m * logB) - shift);
            parts[0] = h;
            parts[1] = h * logA;
            parts[2] = h * inverseA;
            parts[3] = h * logB;
            parts[4] = h * inverseB;
        }
    }
}
