using Retention.Loyalty;

namespace Retention.Gamification;

/// <summary>One line of a leaderboard.</summary>
/// <remarks>Equality is by value. Thread safety: immutable value.</remarks>
/// <param name="Rank">The rank, from 1, shared by customers with equal points.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Points">The customer's points over the period, greater than zero.</param>
public readonly record struct LeaderboardEntry(int Rank, CustomerId CustomerId, Points Points);
