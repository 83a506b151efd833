using NodaTime;
using Orleans;
using Retention.Loyalty;

namespace Retention.Orleans;

/// <summary>What a <see cref="ICustomerGrain"/> did with a delivered event.</summary>
public enum DeliveryStatus
{
    /// <summary>The event is new and was applied (or ignored or refused by the program's rules: see
    /// <see cref="DeliveryResult.LedgerStatus"/>) at the end of the customer's history.</summary>
    Applied = 0,

    /// <summary>An event with the same key was delivered before; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>The event is new but earlier than events already held (or completes a refund waiting for its order):
    /// the ledger was rebuilt from the whole event log in replay order, so the result is what an in-order delivery gives.</summary>
    Reordered = 2,

    /// <summary>The event is new and kept, but cannot count yet: a refund whose order has not arrived.</summary>
    Waiting = 3,
}

/// <summary>The outcome of <see cref="ICustomerGrain.DeliverAsync"/>.</summary>
/// <param name="Status">What the grain did.</param>
/// <param name="LedgerStatus">The ledger's verdict for an <see cref="DeliveryStatus.Applied"/> event; <see langword="null"/> otherwise.</param>
/// <param name="Change">The change in points of an applied event; 0 otherwise.</param>
/// <param name="Available">The customer's available points at the event's instant, after the delivery.</param>
[GenerateSerializer]
[Immutable]
public sealed record DeliveryResult(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] ApplyStatus? LedgerStatus,
    [property: Id(2)] long Change,
    [property: Id(3)] long Available);

/// <summary>A customer's points at an instant: <see cref="PointsBalance"/> on the wire, in whole points.</summary>
/// <param name="Available">Spendable points.</param>
/// <param name="Pending">Points waiting for the return window.</param>
/// <param name="Earned">All points ever earned.</param>
/// <param name="Redeemed">Points spent on rewards.</param>
/// <param name="Expired">Points expired.</param>
/// <param name="Reversed">Points taken back by refunds and cancellations.</param>
/// <param name="Adjusted">Net manual adjustments.</param>
[GenerateSerializer]
[Immutable]
public sealed record BalanceView(
    [property: Id(0)] long Available,
    [property: Id(1)] long Pending,
    [property: Id(2)] long Earned,
    [property: Id(3)] long Redeemed,
    [property: Id(4)] long Expired,
    [property: Id(5)] long Reversed,
    [property: Id(6)] long Adjusted)
{
    /// <summary>Returns the view of a core balance.</summary>
    /// <param name="b">The balance.</param>
    /// <returns>Its view.</returns>
    public static BalanceView From(PointsBalance b) => new(
        b.Available.Value, b.Pending.Value, b.Earned.Value, b.Redeemed.Value, b.Expired.Value, b.Reversed.Value, b.Adjusted.Value);
}

/// <summary>A customer's tier and progress at an instant (<see cref="TierProgress"/> on the wire).</summary>
/// <param name="Tier">The current tier's name.</param>
/// <param name="Level">The current tier's level, 0 for the first.</param>
/// <param name="Qualifying">The qualifying amount (points or spend, by the ladder's basis) counted now.</param>
/// <param name="NextTier">The next tier's name, or <see langword="null"/> at the top.</param>
/// <param name="NeededForNext">What is still needed to reach the next tier.</param>
/// <param name="ValidUntil">When the current tier lapses without requalifying, or <see langword="null"/>.</param>
[GenerateSerializer]
[Immutable]
public sealed record TierView(
    [property: Id(0)] string Tier,
    [property: Id(1)] int Level,
    [property: Id(2)] decimal Qualifying,
    [property: Id(3)] string? NextTier,
    [property: Id(4)] decimal NeededForNext,
    [property: Id(5)] Instant? ValidUntil)
{
    /// <summary>Returns the view of a core tier progress.</summary>
    /// <param name="p">The progress.</param>
    /// <returns>Its view.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="p"/> is <see langword="null"/>.</exception>
    public static TierView From(TierProgress p) => new(
        (p ?? throw new ArgumentNullException(nameof(p))).Status.Tier.Name, p.Status.Level, p.Status.Qualifying, p.Next?.Name, p.NeededForNext, p.Status.ValidUntil);
}

/// <summary>One entry of a customer's points history (<see cref="LedgerEntry"/> on the wire).</summary>
/// <param name="Kind">What the entry records.</param>
/// <param name="At">When.</param>
/// <param name="Cause">The key of the event that caused it.</param>
/// <param name="Available">The change in available points.</param>
/// <param name="Pending">The change in pending points.</param>
/// <param name="Rule">The program rule that produced it.</param>
[GenerateSerializer]
[Immutable]
public sealed record LedgerEntryView(
    [property: Id(0)] LedgerEntryKind Kind,
    [property: Id(1)] Instant At,
    [property: Id(2)] string Cause,
    [property: Id(3)] long Available,
    [property: Id(4)] long Pending,
    [property: Id(5)] string Rule)
{
    /// <summary>Returns the view of a core ledger entry.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Its view.</returns>
    public static LedgerEntryView From(in LedgerEntry entry) =>
        new(entry.Kind, entry.At, entry.Cause.Value, entry.Available.Value, entry.Pending.Value, entry.Rule);
}

/// <summary>The next best offer chosen for a customer (<see cref="Retention.Offers.OfferChoice"/> on the wire).</summary>
/// <param name="OfferId">The offer's id in the catalog.</param>
/// <param name="Channel">The offer's channel.</param>
/// <param name="Probability">The response model's probability.</param>
/// <param name="ExpectedValue">The expected value the selector ranked by.</param>
/// <param name="SendAt">When to send (later than now when quiet hours defer it).</param>
/// <param name="IsDeferred">Whether quiet hours deferred it.</param>
[GenerateSerializer]
[Immutable]
public sealed record OfferView(
    [property: Id(0)] string OfferId,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] double Probability,
    [property: Id(3)] double ExpectedValue,
    [property: Id(4)] Instant SendAt,
    [property: Id(5)] bool IsDeferred);

/// <summary>A customer's RFM score as the batch wrote it to the grain, for offer rules.</summary>
/// <param name="Recency">R, 1 to bins.</param>
/// <param name="Frequency">F, 1 to bins.</param>
/// <param name="Monetary">M, 1 to bins.</param>
/// <param name="Segment">The segment's index in the catalog's segment map.</param>
[GenerateSerializer]
[Immutable]
public sealed record RfmScoreView(
    [property: Id(0)] int Recency,
    [property: Id(1)] int Frequency,
    [property: Id(2)] int Monetary,
    [property: Id(3)] int Segment);
