namespace Retention.Clv;

/// <summary>
/// The BG/NBD model of Fader, Hardie and Lee (2005, "Counting your customers the easy way"): while alive, a customer
/// buys at a Poisson rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// <para>Inputs per customer, in one time unit of the caller's choosing (weeks in the CDNOW literature):
/// <c>frequency</c> x is the number of repeat purchases (distinct purchase days after the first, as
/// <see cref="Rfm.CustomerSummary.RepeatFrequency"/>), <c>recency</c> tₓ the time from the first to the last purchase,
/// and <c>T</c> the time from the first purchase to the end of the calibration period. α, and every horizon t, are in
/// that same unit: a model fitted in weeks predicts for t in weeks.</para>
/// <para>Everything is computed in log space: frequencies in the thousands give finite likelihoods and predictions.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
/// <example>
/// <code>
/// var fit = BgNbdModel.Fit(frequency, recency, age);
/// if (!fit.Converged) throw new InvalidOperationException(fit.FailureReason);
/// var expected = fit.Model.ExpectedPurchases(39, frequency: 2, recency: 30.43, age: 38.86); // 1.226
/// </code>
/// </example>
public sealed class BgNbdModel
{
    /// <summary>The model's short name, <c>bgnbd</c>.</summary>
    public const string Name = "bgnbd";

    private const int M = 0;

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="a">First shape of the drop-out beta distribution; above 0.</param>
    /// <param name="b">Second shape of the drop-out beta distribution; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public BgNbdModel(double r, double alpha, double a, double b)
    {
        ClvInput.CheckPositive(r, nameof(r));
        ClvInput.CheckPositive(alpha, nameof(alpha));
        ClvInput.CheckPositive(a, nameof(a));
        ClvInput.CheckPositive(b, nameof(b));
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>Gets r, the shape of the purchase-rate distribution.</summary>
    /// <value>Above 0.</value>
    public double R { get; }

    /// <summary>Gets α, the scale of the purchase-rate distribution, in the model's time unit.</summary>
    /// <value>Above 0.</value>
    public double Alpha { get; }

    /// <summary>Gets a, the first shape of the drop-out distribution.</summary>
    /// <value>Above 0.</value>
    public double A { get; }

    /// <summary>Gets b, the second shape of the drop-out distribution.</summary>
    /// <value>Above 0.</value>
    public double B { get; }

    /// <summary>Fits the model by maximum likelihood.</summary>
    /// <param name="frequency">Repeat purchases per customer (x), 0 or more.</param>
    /// <param name="recency">Time from first to last purchase per customer (tₓ), 0 or more.</param>
    /// <param name="age">Time from first purchase to the end of calibration per customer (T), at least the recency.</param>
    /// <param name="weights">How many customers each row stands for (for aggregated data); empty for 1 each.</param>
    /// <param name="options">Penalty, iteration limit and tolerance; <see langword="null"/> for the defaults.</param>
    /// <returns>The fit; check <see cref="ClvFitResult.Converged"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range (the field names the row, as in
    /// <c>recency[3]</c>), the lengths differ, or there is no customer.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when <paramref name="options"/> are invalid.</exception>
    public static ClvFitResult<BgNbdModel> Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default, ClvFitOptions? options = null)
    {
        var outcome = BgNbdFamily.Fit(M, frequency, recency, age, weights, options, out var totalWeight);
        var v = outcome.Values;
        return new ClvFitResult<BgNbdModel>(new BgNbdModel(v[0], v[1], v[2], v[3]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, totalWeight);
    }

    /// <summary>Returns the log-likelihood of one customer's (x, tₓ, T) under the model.</summary>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>A finite log-likelihood, 0 or less.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double LogLikelihood(double frequency, double recency, double age)
    {
        CheckCustomer(frequency, recency, age);
        return BgNbdFamily.LogLikelihood(R, Alpha, A, B, M, frequency, recency, age);
    }

    /// <summary>Returns the probability that the customer is still alive at the end of calibration.</summary>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>From 0 to 1; exactly 1 for a customer without repeat purchases (BG/NBD drops out only after a purchase).</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityAlive(double frequency, double recency, double age)
    {
        CheckCustomer(frequency, recency, age);
        return BgNbdFamily.ProbabilityAlive(R, Alpha, A, B, M, frequency, recency, age);
    }

    /// <summary>Returns the expected number of purchases in the next <paramref name="t"/> time units, given the
    /// customer's history (FHL 2005 eq. 10).</summary>
    /// <param name="t">The horizon after the end of calibration, 0 or more, in the model's time unit.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>0 or more, non-decreasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ExpectedPurchases(double t, double frequency, double recency, double age)
    {
        ClvInput.CheckHorizon(t);
        CheckCustomer(frequency, recency, age);
        return BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, frequency, recency, age);
    }

    /// <summary>Returns the expected number of repeat purchases by time <paramref name="t"/> of a customer just acquired
    /// (FHL 2005 eq. 9).</summary>
    /// <param name="t">The time since the first purchase, 0 or more.</param>
    /// <returns>0 or more, non-decreasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        ClvInput.CheckHorizon(t);
        return BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, 0d, 0d, 0d);
    }

    /// <summary>Returns the probability that a customer just acquired makes exactly <paramref name="n"/> repeat purchases
    /// by time <paramref name="t"/> (FHL 2005 eq. 8).</summary>
    /// <param name="n">The number of repeat purchases, 0 or more.</param>
    /// <param name="t">The time since the first purchase, 0 or more.</param>
    /// <returns>From 0 to 1; the probabilities over all n add up to 1.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityOfPurchases(int n, double t)
    {
        Preconditions.CheckValue(n >= 0, nameof(n), n, "must not be negative");
        ClvInput.CheckHorizon(t);
        return BgNbdFamily.ProbabilityOfPurchases(R, Alpha, A, B, M, n, t);
    }

    /// <summary>Returns the probability that the customer makes exactly <paramref name="n"/> purchases in the next
    /// <paramref name="t"/> time units, given their history: 1 - P(alive) for being gone (n = 0), plus P(alive) times
    /// the count of a customer whose purchase rate and drop-out probability are updated by the history.</summary>
    /// <param name="n">The number of purchases, 0 or more.</param>
    /// <param name="t">The horizon after the end of calibration, 0 or more, in the model's time unit.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>From 0 to 1; over all n the probabilities add up to 1 and their mean is
    /// <see cref="ExpectedPurchases(double, double, double, double)"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double ProbabilityOfPurchases(int n, double t, double frequency, double recency, double age)
    {
        Preconditions.CheckValue(n >= 0, nameof(n), n, "must not be negative");
        ClvInput.CheckHorizon(t);
        CheckCustomer(frequency, recency, age);
        return BgNbdFamily.ProbabilityOfPurchases(R, Alpha, A, B, M, n, t, frequency, recency, age);
    }

    /// <summary>Writes the probability alive of every customer into <paramref name="destination"/>.</summary>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="recency">Recency per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="destination">Receives one probability per customer; the same length as the inputs.</param>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range or the lengths differ.</exception>
    public void ProbabilityAlive(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        CheckCustomers(frequency, recency, age);
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        if (destination.Length < DiscountedClv.ParallelThreshold)
        {
            AliveRange(frequency, recency, age, destination);
        }
        else
        {
            // Two cores; the closure is allocated once per call, only here (small batches allocate nothing).
            DiscountedClv.Run(frequency, recency, age, frequency, destination, (x, tx, t, _, d) => AliveRange(x, tx, t, d));
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
        CheckCustomers(frequency, recency, age);
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        using var tables = BracketTables.Build(R, Alpha, A, B, M, frequency, age, t, 1);
        if (destination.Length < DiscountedClv.ParallelThreshold)
        {
            ExpectedRange(t, tables, frequency, recency, age, destination);
        }
        else
        {
            ExpectedParallel(t, tables, frequency, recency, age, destination);
        }
    }

    private void ExpectedParallel(double t, BracketTables tables, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        DiscountedClv.Run(frequency, recency, age, frequency, destination, (x, tx, T, _, d) => ExpectedRange(t, tables, x, tx, T, d));

    private void ExpectedRange(double t, BracketTables tables, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination)
    {
        // P(alive) in vectors for a block of customers (into the destination), then each one's bracket.
        const int Block = 64;
        for (var start = 0; start < destination.Length; start += Block)
        {
            var count = Math.Min(Block, destination.Length - start);
            var alive = destination.Slice(start, count);
            BgNbdFamily.ProbabilityAlive(R, Alpha, A, B, M, frequency.Slice(start, count), recency.Slice(start, count), age.Slice(start, count), alive);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                var x = frequency[i];
                var bracket = t > 0d && tables.TermsFor(x) > 0 ? tables.Bracket((int)x, t / (Alpha + age[i])) : double.NaN;
                alive[j] = double.IsNaN(bracket)
                    ? BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, x, recency[i], age[i])
                    : alive[j] == 0d ? 0d : (A + B + (M + x - 1d)) * bracket * alive[j];
            }
        }
    }

    /// <summary>Checks one customer's (x, tₓ, T) as every continuous-time model does (<see cref="ClvInput"/>), and the
    /// frequency against this model's b (<see cref="CheckFrequency"/>).</summary>
    internal void CheckCustomer(double frequency, double recency, double age)
    {
        ClvInput.CheckCustomer(frequency, recency, age);
        CheckFrequency(frequency);
    }

    /// <summary><see cref="CheckCustomer"/> for a population.</summary>
    private void CheckCustomers(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age)
    {
        ClvInput.CheckCustomers(frequency, recency, age, default);
        CheckFrequencies(frequency);
    }

    /// <summary>
    /// Refuses a frequency x with 0 &lt; x &lt; 1 - b (possible only for a fraction, as <see cref="ClvInput"/> accepts, and
    /// b below 1): there the drop-out term a / (b + x - 1) of the likelihood and of P(alive) is negative, and the model
    /// has no answer (it counts whole purchases). It was NaN.
    /// </summary>
    private void CheckFrequency(double frequency, int index = -1)
    {
        if (frequency > 0d && B + frequency - 1d < 0d)
        {
            Preconditions.ThrowInvalid(ClvInput.Name("frequency", index), frequency, FormattableString.Invariant($"must be 0, or at least 1 - b = {1d - B:G6} under this BG/NBD model (its drop-out term a / (b + x - 1) is negative below)"));
        }
    }

    /// <summary>Applies <see cref="CheckFrequency"/> to every customer; nothing to check when b is 1 or more.</summary>
    internal void CheckFrequencies(ReadOnlySpan<double> frequency)
    {
        if (B < 1d)
        {
            for (var i = 0; i < frequency.Length; i++)
            {
                CheckFrequency(frequency[i], i);
            }
        }
    }

    private void AliveRange(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, Span<double> destination) =>
        BgNbdFamily.ProbabilityAlive(R, Alpha, A, B, M, frequency, recency, age, destination);

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>BG/NBD r=0.2426 alpha=4.414 a=0.7929 b=2.426</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"BG/NBD r={R:G4} alpha={Alpha:G4} a={A:G4} b={B:G4}");
}
