using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie 2013, note 025): each
/// transaction's value is Gamma(p, ν) with a per-customer ν ~ Gamma(q, γ); a customer's average spend zbar over x
/// transactions is independent of how often they buy.
/// </summary>
/// <remarks>
/// <para>Inputs per customer: <c>frequency</c> x (repeat purchases, as for BG/NBD) and <c>monetaryValue</c> zbar, the
/// mean value of those x transactions (<see cref="Rfm.CustomerSummary.AverageRepeatSpend"/>). Customers with x = 0 carry
/// no spend information and are ignored by <see cref="Fit"/>; spend is a number of currency units, in one currency.</para>
/// <para>The parameter γ is called <c>v</c>, as in the <c>lifetimes</c> package and the command line.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class GammaGammaModel
{
    /// <summary>The model's short name, <c>gammagamma</c>.</summary>
    public const string Name = "gammagamma";

    private static readonly string[] Names = ["p", "q", "v"];

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="p">Shape of the transaction-value gamma distribution; above 0.</param>
    /// <param name="q">Shape of the customers' scale distribution; above 0 (above 1 for a finite mean spend).</param>
    /// <param name="v">Scale (γ) of the customers' scale distribution, in currency units; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public GammaGammaModel(double p, double q, double v)
    {
        ClvInput.CheckPositive(p, nameof(p));
        ClvInput.CheckPositive(q, nameof(q));
        ClvInput.CheckPositive(v, nameof(v));
        P = p;
        Q = q;
        V = v;
    }

    /// <summary>Gets p, the shape of the transaction-value distribution.</summary>
    /// <value>Above 0.</value>
    public double P { get; }

    /// <summary>Gets q, the shape of the customers' scale distribution.</summary>
    /// <value>Above 0.</value>
    public double Q { get; }

    /// <summary>Gets v (γ), the scale of the customers' scale distribution.</summary>
    /// <value>Above 0.</value>
    public double V { get; }

    /// <summary>Gets the mean spend per transaction of the population, p v / (q - 1).</summary>
    /// <value>Infinite when q ≤ 1.</value>
    public double PopulationMeanSpend => Q > 1d ? P * V / (Q - 1d) : double.PositiveInfinity;

    /// <summary>Fits the model by maximum likelihood on the customers with at least one repeat purchase.</summary>
    /// <param name="frequency">Repeat purchases per customer (x), 0 or more; rows with 0 are ignored.</param>
    /// <param name="monetaryValue">Mean transaction value per customer (zbar); above 0 where x &gt; 0.</param>
    /// <param name="weights">How many customers each row stands for; empty for 1 each.</param>
    /// <param name="options">Penalty, iteration limit and tolerance; <see langword="null"/> for the defaults.</param>
    /// <returns>The fit; check <see cref="ClvFitResult.Converged"/>. <see cref="ClvFitResult.TotalWeight"/> counts the
    /// customers used.</returns>
    /// <exception cref="InvalidValueException">Thrown when a spend is zero, negative or not finite for a customer with
    /// repeat purchases (the field names the row, as in <c>monetaryValue[3]</c>), a frequency is out of range, the
    /// lengths differ, or no customer has a repeat purchase.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when <paramref name="options"/> are invalid.</exception>
    public static ClvFitResult<GammaGammaModel> Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetaryValue, ReadOnlySpan<double> weights = default, ClvFitOptions? options = null)
    {
        ClvInput.CheckLength(monetaryValue.Length, frequency.Length, nameof(monetaryValue));
        if (!weights.IsEmpty)
        {
            ClvInput.CheckLength(weights.Length, frequency.Length, nameof(weights));
        }

        var xs = new List<double>();
        var ms = new List<double>();
        var ws = new List<double>();
        for (var i = 0; i < frequency.Length; i++)
        {
            CheckCustomer(frequency[i], monetaryValue[i], i);
            var w = weights.IsEmpty ? 1d : weights[i];
            if (!(double.IsFinite(w) && w >= 0d))
            {
                Preconditions.ThrowInvalid(ClvInput.Name("weights", i), w, "must be a finite number, 0 or more");
            }

            if (frequency[i] > 0d && w > 0d)
            {
                xs.Add(frequency[i]);
                ms.Add(monetaryValue[i]);
                ws.Add(w);
            }
        }

        Preconditions.CheckValue(xs.Count > 0, nameof(frequency), "(no positive frequency)", "must have a customer with a repeat purchase (and weight above 0) to fit spend on");
        var x = xs.ToArray();
        var m = ms.ToArray();
        var weight = ws.ToArray();
        var total = weight.Sum();
        var meanSpend = 0d;
        for (var i = 0; i < x.Length; i++)
        {
            meanSpend += weight[i] * m[i] / total;
        }

        var outcome = FitRunner.Run(Names, (p, g) => Evaluate(p, g, x, m, weight), analyticGradient: true, total, [1d, 2d, meanSpend], options);
        var v = outcome.Values;
        return new ClvFitResult<GammaGammaModel>(new GammaGammaModel(v[0], v[1], v[2]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, total);
    }

    /// <summary>Returns the log-likelihood of one customer's average spend.</summary>
    /// <param name="frequency">Repeat purchases (x), above 0.</param>
    /// <param name="monetaryValue">Their mean value (zbar), above 0.</param>
    /// <returns>The log density of zbar.</returns>
    /// <exception cref="InvalidValueException">Thrown when x or zbar is not above 0.</exception>
    public double LogLikelihood(double frequency, double monetaryValue)
    {
        CheckCustomer(frequency, monetaryValue, -1);
        Preconditions.CheckValue(frequency > 0d, nameof(frequency), frequency, "must be above 0 (a customer without repeat purchases has no spend to score)");
        return CustomerLogLikelihood(P, Q, V, frequency, monetaryValue, default);
    }

    /// <summary>Returns the expected mean transaction value of a customer given their history:
    /// (p (v + x zbar)) / (p x + q - 1), a weighted average of the population mean and the customer's own mean.</summary>
    /// <param name="frequency">Repeat purchases (x), 0 or more; 0 gives the population mean.</param>
    /// <param name="monetaryValue">Their mean value (zbar); above 0 when x &gt; 0, ignored when x = 0.</param>
    /// <returns>The expected spend per transaction, in the currency units of the data.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range, or when p x + q ≤ 1 (no finite mean,
    /// as for a new customer when q ≤ 1).</exception>
    public double ExpectedAverageSpend(double frequency, double monetaryValue)
    {
        CheckCustomer(frequency, monetaryValue, -1);
        CheckFiniteMean((P * frequency) + Q - 1d, frequency);
        return Spend(frequency, monetaryValue);
    }

    /// <summary>Writes every customer's expected mean transaction value into <paramref name="destination"/>.</summary>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="monetaryValue">Mean transaction value per customer.</param>
    /// <param name="destination">Receives one expectation per customer; the same length as the inputs.</param>
    /// <exception cref="InvalidValueException">Thrown as by <see cref="ExpectedAverageSpend(double, double)"/>, or when the lengths differ.</exception>
    public void ExpectedAverageSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        ClvInput.CheckLength(monetaryValue.Length, frequency.Length, nameof(monetaryValue));
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        for (var i = 0; i < frequency.Length; i++)
        {
            CheckCustomer(frequency[i], monetaryValue[i], i);
            CheckFiniteMean((P * frequency[i]) + Q - 1d, frequency[i]);
            destination[i] = Spend(frequency[i], monetaryValue[i]);
        }
    }

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>Gamma-Gamma p=6.25 q=3.744 v=15.44</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"Gamma-Gamma p={P:G4} q={Q:G4} v={V:G4}");

    /// <summary>p (v + x m) / (p x + q - 1). Where that overflows (p x m and p x did: a customer of a million purchases at
    /// 1e300 each came out +∞, where the answer is about 1e300) or underflows, it is taken as v / (x + c) + m x / (x + c)
    /// with c = (q - 1) / p, the weighted mean of the population's and the customer's spend, which in turn underflows
    /// where c overflows. Unchecked: the callers check p x + q &gt; 1 (<see cref="DiscountedClv"/>'s batches once per
    /// customer).</summary>
    internal double Spend(double frequency, double monetaryValue)
    {
        var own = frequency > 0d ? monetaryValue : 0d;
        var plain = P * (V + (frequency * own)) / ((P * frequency) + Q - 1d);
        if (plain > 0d && double.IsFinite(plain))
        {
            return plain;
        }

        var denominator = frequency + ((Q - 1d) / P);
        return (V / denominator) + (own * (frequency / denominator));
    }

    private void CheckFiniteMean(double denominator, double frequency)
    {
        if (!(denominator > 0d))
        {
            Preconditions.ThrowInvalid("q", Q, FormattableString.Invariant($"gives no finite mean spend at frequency {frequency} (p x + q must be above 1)"));
        }
    }

    private static void CheckCustomer(double frequency, double monetaryValue, int index)
    {
        if (!(double.IsFinite(frequency) && frequency >= 0d))
        {
            Preconditions.ThrowInvalid(ClvInput.Name("frequency", index), frequency, "must be a finite number, 0 or more");
        }

        if (frequency > 0d && !(double.IsFinite(monetaryValue) && monetaryValue > 0d))
        {
            Preconditions.ThrowInvalid(ClvInput.Name("monetaryValue", index), monetaryValue, "must be a finite amount above 0 for a customer with repeat purchases (zero or negative spend, refunds, cannot be modelled as gamma)");
        }
    }

    private static double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, double[] x, double[] m, double[] weight)
    {
        double p = parameters[0], q = parameters[1], v = parameters[2];
        var total = 0d;
        Span<double> g = stackalloc double[3];
        if (!gradient.IsEmpty)
        {
            gradient.Clear();
        }

        for (var i = 0; i < x.Length; i++)
        {
            total += weight[i] * CustomerLogLikelihood(p, q, v, x[i], m[i], gradient.IsEmpty ? default : g);
            if (!gradient.IsEmpty)
            {
                for (var j = 0; j < 3; j++)
                {
                    gradient[j] += weight[i] * g[j];
                }
            }
        }

        return total;
    }

    /// <summary>ln f(zbar | x) = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln v + (px-1) ln m + px ln x - (px+q) ln(v + m x),
    /// taken as -ln B(px, q) - ln m - q ln(1 + m x/v) - px ln(1 + v/(m x)) (<see cref="LogBeta"/>,
    /// <see cref="Log1PRatio"/>): with p x near 1e306 the log-gammas and the products with px were each infinite and the
    /// sum NaN, and with q = 1e300 their differences of about 1e302 left -5.7e286 where the value is 660.</summary>
    private static double CustomerLogLikelihood(double p, double q, double v, double x, double m, Span<double> gradient)
    {
        var px = p * x;
        var mx = m * x;
        var customer = Log1PRatio(v, mx); // ln(v + m x) - ln(m x)
        var population = Log1PRatio(mx, v); // ln(v + m x) - ln v
        if (!gradient.IsEmpty)
        {
            var psiPxq = Digamma(px + q);
            gradient[0] = x * (psiPxq - Digamma(px) - customer);
            gradient[1] = psiPxq - Digamma(q) - population;
            gradient[2] = (q / v) - ((px + q) / (v + mx));
        }

        return -LogBeta(px, q) - Math.Log(m) - (q * population) - (px * customer);
    }
}
