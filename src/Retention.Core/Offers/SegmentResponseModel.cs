using System.Collections.ObjectModel;
using Retention.Rfm;

namespace Retention.Offers;

/// <summary>
/// The default response model: a base response rate per RFM segment, times the offer's
/// <see cref="Offer.ResponseWeight"/>, capped at 1.
/// </summary>
/// <remarks>
/// <para><see cref="Default"/> holds assumed starting rates for the segments of <see cref="SegmentMap.Default"/>, not
/// measured ones: Champions 0.10, Loyal 0.08, Potential Loyalist 0.06, Can't Lose Them 0.05, New 0.05, Promising 0.04,
/// Need Attention 0.04, About To Sleep 0.03, At Risk 0.03, Hibernating 0.015, Other 0.02, and 0.02 for customers who
/// are not scored. They follow the usual ordering of email response by recency and frequency; replace them with rates
/// measured on your own campaigns (holdout groups) as soon as you have them.</para>
/// <para>Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class SegmentResponseModel : IResponseModel
{
    private readonly double[] _rates;

    /// <summary>Initializes a model.</summary>
    /// <param name="segments">The segment map whose indexes <see cref="OfferCustomer.Segment"/> holds; the catalog's.</param>
    /// <param name="rates">The rate per segment name, each from 0 to 1; segments not named get <paramref name="unscored"/>.</param>
    /// <param name="unscored">The rate for unscored customers and unnamed segments, from 0 to 1.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a rate is outside 0 to 1 or a name is not a segment of the map.</exception>
    public SegmentResponseModel(SegmentMap segments, IReadOnlyDictionary<string, double> rates, double unscored)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(rates);
        Preconditions.CheckValue(unscored is >= 0d and <= 1d, "unscored", unscored, "must be from 0 to 1");
        _rates = new double[segments.SegmentNames.Count];
        Array.Fill(_rates, unscored);
        foreach (var (name, rate) in rates)
        {
            var index = IndexOf(segments.SegmentNames, name);
            Preconditions.CheckValue(index >= 0, "rates", name, "is not a segment of the map");
            Preconditions.CheckValue(rate is >= 0d and <= 1d, "rates." + name, rate, "must be from 0 to 1");
            _rates[index] = rate;
        }

        Segments = segments;
        Unscored = unscored;
        Rates = new ReadOnlyDictionary<string, double>(segments.SegmentNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => _rates[p.i], StringComparer.Ordinal));
    }

    /// <summary>Gets the model with the assumed default rates for <see cref="SegmentMap.Default"/> (see remarks).</summary>
    /// <value>A shared instance.</value>
    public static SegmentResponseModel Default { get; } = new(
        SegmentMap.Default,
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["Champions"] = 0.10,
            ["Loyal"] = 0.08,
            ["Potential Loyalist"] = 0.06,
            ["New"] = 0.05,
            ["Promising"] = 0.04,
            ["Need Attention"] = 0.04,
            ["About To Sleep"] = 0.03,
            ["Can't Lose Them"] = 0.05,
            ["At Risk"] = 0.03,
            ["Hibernating"] = 0.015,
            ["Other"] = 0.02,
        },
        0.02);

    /// <summary>Gets the segment map the rates are indexed by.</summary>
    /// <value>The map given at construction.</value>
    public SegmentMap Segments { get; }

    /// <summary>Gets the rate of every segment by name.</summary>
    /// <value>One entry per segment of the map.</value>
    public IReadOnlyDictionary<string, double> Rates { get; }

    /// <summary>Gets the rate for unscored customers.</summary>
    /// <value>From 0 to 1.</value>
    public double Unscored { get; }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public double Probability(in OfferCustomer customer, Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var segment = customer.Segment;
        var rate = segment >= 0 && segment < _rates.Length ? _rates[segment] : Unscored;
        return Math.Min(1d, rate * offer.ResponseWeight);
    }
}
