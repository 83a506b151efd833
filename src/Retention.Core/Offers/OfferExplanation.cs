using NodaTime;

namespace Retention.Offers;

/// <summary>
/// Why a decision came out as it did: the offers chosen and, for every offer of the catalog, which rules and
/// constraints passed and failed with the values seen. Built by <see cref="OfferSelector.Explain"/>, only when asked.
/// </summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class OfferExplanation
{
    internal OfferExplanation(OfferCustomer customer, Instant at, IReadOnlyList<OfferChoice> choices, IReadOnlyList<OfferConsideration> considerations)
    {
        Customer = customer;
        At = at;
        Choices = choices;
        Considerations = considerations;
    }

    /// <summary>Gets the customer's snapshot.</summary>
    /// <value>As given to <see cref="OfferSelector.Explain"/>.</value>
    public OfferCustomer Customer { get; }

    /// <summary>Gets the instant of the decision.</summary>
    /// <value>As given.</value>
    public Instant At { get; }

    /// <summary>Gets the offers chosen, best first: exactly what <see cref="OfferSelector.Choose"/> returns.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<OfferChoice> Choices { get; }

    /// <summary>Gets one consideration per offer, in catalog order.</summary>
    /// <value>As many as the catalog has offers.</value>
    public IReadOnlyList<OfferConsideration> Considerations { get; }

    /// <summary>Returns the consideration of one offer.</summary>
    /// <param name="offerId">The offer's identifier.</param>
    /// <returns>The consideration.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="offerId"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">Thrown when no offer has that identifier.</exception>
    public OfferConsideration For(string offerId)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        return Considerations.FirstOrDefault(c => string.Equals(c.Offer.Id, offerId, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException("No offer \"" + offerId + "\" was considered.");
    }

    /// <summary>Returns the explanation as text.</summary>
    /// <returns>The choices, then each consideration.</returns>
    public override string ToString() =>
        "Chosen: " + (Choices.Count == 0 ? "none" : string.Join(", ", Choices.Select(c => c.Offer!.Id))) + "\n" + string.Join("\n", Considerations);
}
