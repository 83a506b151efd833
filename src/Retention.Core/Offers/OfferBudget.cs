namespace Retention.Offers;

/// <summary>A campaign budget: the most the offers charged to it may cost in all (<see cref="Offer.Cost"/> per send).</summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="Id">The budget's identifier, which offers name in <see cref="Offer.Budget"/>.</param>
/// <param name="Limit">The most the sends charged to it may cost, not negative, in the catalog's currency.</param>
public sealed record OfferBudget(string Id, Money Limit);
