using NodaTime;

namespace Retention.Offers;

/// <summary>One offer chosen for one customer by an <see cref="OfferSelector"/>.</summary>
/// <remarks>
/// <para>Commit it with <see cref="OfferSelector.Commit"/> (or <see cref="ContactLog.Record(in OfferChoice)"/>) when the
/// message is sent, so caps, cooldowns, limits and budgets see it.</para>
/// <para>The default value has no offer. Equality is by value (the offer by reference). Thread safety: immutable value type.</para>
/// </remarks>
public readonly record struct OfferChoice
{
    internal OfferChoice(Offer offer, int offerIndex, int customer, double probability, double expectedValue, Instant sendAt, bool deferred)
    {
        Offer = offer;
        OfferIndex = offerIndex;
        Customer = customer;
        Probability = probability;
        ExpectedValue = expectedValue;
        SendAt = sendAt;
        IsDeferred = deferred;
    }

    /// <summary>Gets the offer chosen.</summary>
    /// <value><see langword="null"/> only for the default value.</value>
    public Offer? Offer { get; }

    /// <summary>Gets the offer's index in <see cref="OfferCatalog.Offers"/>.</summary>
    /// <value>From 0.</value>
    public int OfferIndex { get; }

    /// <summary>Gets the customer's dense index.</summary>
    /// <value>From 0.</value>
    public int Customer { get; }

    /// <summary>Gets the response probability the model gave.</summary>
    /// <value>From 0 to 1.</value>
    public double Probability { get; }

    /// <summary>Gets the expected value: probability × (margin − cost) − contact cost, in the catalog's currency.</summary>
    /// <value>A double (decision 0002); compare money exactly through the offer's amounts.</value>
    public double ExpectedValue { get; }

    /// <summary>Gets when to send the message.</summary>
    /// <value>The decision instant, or the end of the quiet hours when <see cref="IsDeferred"/>.</value>
    public Instant SendAt { get; }

    /// <summary>Gets whether the send was moved to the end of the customer's quiet hours.</summary>
    /// <value><see langword="true"/> when deferred.</value>
    public bool IsDeferred { get; }

    /// <summary>Returns the choice as text.</summary>
    /// <returns>For example <c>winback-20 for customer 7 at 2026-06-01T09:00:00Z, EV 1.35</c>.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"{Offer?.Id} for customer {Customer} at {SendAt}{(IsDeferred ? " (deferred)" : string.Empty)}, p {Probability:0.####}, EV {ExpectedValue:0.####}");
}
