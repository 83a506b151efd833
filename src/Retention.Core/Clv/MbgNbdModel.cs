namespace Retention.Clv;

/// <summary>
/// The MBG/NBD model of Batislam, Denizel and Filiztekin (2007): BG/NBD in which a customer may drop out also right
/// after the first purchase, so a customer without repeat purchases is not certainly alive. While alive, a customer buys
/// at a Poisson rate λ ~ Gamma(r, α); at time 0 and after each repeat purchase they drop out with probability
/// p ~ Beta(a, b).
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
/// var fit = MbgNbdModel.Fit(frequency, recency, age);
/// if (!fit.Converged) throw new InvalidOperationException(fit.FailureReason);
/// var expected = fit.Model.ExpectedPurchases(39, frequency: 2, recency: 30.43, age: 38.86); 
/// </code>
/// </example>
public sealed class MbgNbdModel
{
    /// <summary>The model's short name, <c>mbgnbd</c>.</summary>
    public const string Name = "mbgnbd";

    private const int M = 1;

    /// <summary>Initializes a model with the given parameters.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="alpha">Scale (in time units) of the purchase-rate gamma distribution; above 0.</param>
    /// <param name="a">First shape of the drop-out beta distribution; above 0.</param>
    /// <param name="b">Second shape of the drop-out beta distribution; above 0.</param>
    /// <exception cref="InvalidValueException">Thrown when a parameter is not a finite number above 0.</exception>
    public MbgNbdModel(double r, double alpha, double a, double b)
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
    public static ClvFitResult<MbgNbdModel> Fit(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default, ClvFitOptions? options = null)
    {
        var outcome = BgNbdFamily.Fit(M, frequency, recency, age, weights, options, out var totalWeight);
        var v = outcome.Values;
        return new ClvFitResult<MbgNbdModel>(new MbgNbdModel(v[0], v[1], v[2], v[3]), Name, outcome.Parameters, outcome.LogLikelihood, outcome.Iterations, outcome.FailureReason, totalWeight);
    }

    /// <summary>Returns the log-likelihood of one customer's (x, tₓ, T) under the model.</summary>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <returns>A finite log-likelihood, 0 or less.</returns>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public double LogLikelihood(double frequency, double recency, double age)
    {
        ClvInput.CheckCustomer(frequency, recency, age);
        return BgNbdFamily.LogLikelihood(R, Alpha, A, B, M, frequency, recency, age);
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
        return BgNbdFamily.ProbabilityAlive(R, Alpha, A, B, M, frequency, recency, age);
    }

    /// <summary>Returns the expected number of purchases in the next <paramref name="t"/> time units, given the
    /// customer's history (BG/NBD's eq. 10 with b + 1 in the drop-out terms).</summary>
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
        return BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, frequency, recency, age);
    }

    /// <summary>Returns the expected number of repeat purchases by time <paramref name="t"/> of a customer just acquired
    /// </summary>
    /// <param name="t">The time since the first purchase, 0 or more.</param>
    /// <returns>0 or more, non-decreasing in <paramref name="t"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        ClvInput.CheckHorizon(t);
        return BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, 0d, 0d, 0d);
    }

    /// <summary>Returns the probability that a customer just acquired makes exactly <paramref name="n"/> repeat purchases
    /// by time <paramref name="t"/>.</summary>
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
        ClvInput.CheckCustomer(frequency, recency, age);
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
        ClvInput.CheckCustomers(frequency, recency, age, default);
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BgNbdFamily.ProbabilityAlive(R, Alpha, A, B, M, frequency[i], recency[i], age[i]);
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
            destination[i] = BgNbdFamily.ExpectedPurchases(R, Alpha, A, B, M, t, frequency[i], recency[i], age[i]);
        }
    }

    /// <summary>Returns the parameters as text, for diagnostics.</summary>
    /// <returns>For example <c>MBG/NBD r=0.525 alpha=6.183 a=0.891 b=1.614</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"MBG/NBD r={R:G4} alpha={Alpha:G4} a={A:G4} b={B:G4}");
}
