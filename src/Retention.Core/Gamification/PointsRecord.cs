using NodaTime;
using Retention.Loyalty;

namespace Retention.Gamification;

/// <summary>Points a customer earned (or lost, when negative) at an instant, for a <see cref="Leaderboard"/>.</summary>
/// <remarks>Equality is by value. Thread safety: immutable value.</remarks>
/// <param name="CustomerId">The customer.</param>
/// <param name="Points">The points; negative for a reversal.</param>
/// <param name="At">When.</param>
public readonly record struct PointsRecord(CustomerId CustomerId, Points Points, Instant At);
