using NodaTime;

namespace Retention.Gamification;

/// <summary>A badge awarded to a customer at the event that earned it.</summary>
/// <remarks>Equality is by value. Thread safety: immutable value.</remarks>
/// <param name="BadgeId">The badge.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="EarnedAt">The instant of the event that earned it.</param>
/// <param name="Cause">The event: <c>order:</c> plus the order id, or the key of the review action.</param>
public readonly record struct BadgeAward(string BadgeId, CustomerId CustomerId, Instant EarnedAt, string Cause);
