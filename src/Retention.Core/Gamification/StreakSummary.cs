using NodaTime;

namespace Retention.Gamification;

/// <summary>A customer's purchase streaks: consecutive periods (weeks or months) with at least one order.</summary>
/// <remarks>
/// <para>Periods are identified by their first day (the Monday of an ISO week, the first of a month) in the customer's
/// time zone. A customer without orders has a summary of zeros and no dates; this is also the default value.</para>
/// <para>Equality is by value. Thread safety: immutable value.</para>
/// </remarks>
/// <param name="Current">The run of consecutive periods with orders that ends in the as-of period or in the period
/// before it (which the customer can still extend); 0 when the last order is older.</param>
/// <param name="Longest">The longest run of consecutive periods with orders; at least <paramref name="Current"/>.</param>
/// <param name="PeriodsWithOrders">How many distinct periods hold at least one order.</param>
/// <param name="CurrentStart">The first day of the current run's first period, or <see langword="null"/> when <paramref name="Current"/> is 0.</param>
/// <param name="LongestStart">The first day of the longest run's first period (the earliest such run on a tie), or <see langword="null"/> without orders.</param>
public readonly record struct StreakSummary(int Current, int Longest, int PeriodsWithOrders, LocalDate? CurrentStart, LocalDate? LongestStart);
