using NodaTime;

namespace Retention.Loyalty;

/// <summary>A customer's tier status at an instant.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Level">The tier's level in the ladder, 0 for the first tier.</param>
/// <param name="Since">When the customer reached or was lowered to this level, or <see langword="null"/> when they have
/// always been at level 0.</param>
/// <param name="ValidUntil">When the status is next reviewed, or <see langword="null"/> at level 0 (which is never
/// lost).</param>
/// <param name="DowngradeAt">When a review found the status not kept: the end of the grace period, at which the status
/// will be lowered unless the customer qualifies again by then; otherwise <see langword="null"/>.</param>
/// <param name="Qualifying">The qualifying points or spend in the current window at the instant.</param>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
public sealed record TierStatus(Tier Tier, int Level, Instant? Since, Instant? ValidUntil, Instant? DowngradeAt, decimal Qualifying);
