using NodaTime;

namespace Retention.Offers;

/// <summary>One offer sent to one customer: what a <see cref="ContactLog"/> records and replays.</summary>
/// <remarks>Equality is by value. The default value names no offer and is rejected by <see cref="ContactLog.Record(OfferContact)"/>.
/// Thread safety: immutable value type.</remarks>
/// <param name="Customer">The customer's dense index.</param>
/// <param name="OfferId">The offer's identifier in the log's catalog.</param>
/// <param name="At">When the message is (or was) sent.</param>
public readonly record struct OfferContact(int Customer, string OfferId, Instant At);
