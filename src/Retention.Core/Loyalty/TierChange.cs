using NodaTime;

namespace Retention.Loyalty;

/// <summary>One change of a customer's tier status: an upgrade, a renewal or a downgrade.</summary>
/// <param name="At">When the change took effect.</param>
/// <param name="Kind">What changed.</param>
/// <param name="FromLevel">The level before the change.</param>
/// <param name="ToLevel">The level after it (equal to <paramref name="FromLevel"/> for a renewal).</param>
/// <param name="ValidUntil">When the new status is next reviewed, or <see langword="null"/> for level 0.</param>
/// <param name="Qualifying">The qualifying value that decided the change: the window's value at an upgrade, the ended
/// period's value at a review.</param>
/// <param name="Cause">The event whose points or spend caused an upgrade, or <see langword="null"/> for changes made by
/// the passing of time (reviews and downgrades).</param>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
public sealed record TierChange(Instant At, TierChangeKind Kind, int FromLevel, int ToLevel, Instant? ValidUntil, decimal Qualifying, EventKey? Cause);
