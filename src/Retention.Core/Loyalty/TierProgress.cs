using NodaTime;

namespace Retention.Loyalty;

/// <summary>What a customer still needs, for display: to reach the next tier, and to keep the current one.</summary>
/// <param name="Status">The customer's status at the instant asked about.</param>
/// <param name="Next">The next tier up, or <see langword="null"/> at the top of the ladder.</param>
/// <param name="NeededForNext">The qualifying points or spend still needed to reach <paramref name="Next"/> within the
/// current window; zero at the top.</param>
/// <param name="NextBy">When the current window ends and its value starts over (calendar and membership years), or
/// <see langword="null"/> for rolling and lifetime windows, where there is no single deadline.</param>
/// <param name="NeededToKeep">The qualifying points or spend still needed in the review period (the period that ends
/// at <see cref="TierStatus.ValidUntil"/>) to keep the current tier; zero when already secured or at level 0.</param>
/// <param name="KeepBy">The instant by which <paramref name="NeededToKeep"/> must be reached: the review, or during a
/// grace period its end; <see langword="null"/> at level 0.</param>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
public sealed record TierProgress(TierStatus Status, Tier? Next, decimal NeededForNext, Instant? NextBy, decimal NeededToKeep, Instant? KeepBy);
