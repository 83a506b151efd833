using NodaTime;
using Orleans;

namespace Retention.Orleans;

/// <summary>
/// One customer's loyalty state in an Orleans cluster: the grain's key is the customer id. It owns the customer's
/// points ledger, tier status, consent and contact history, applies events idempotently by key and persists them in
/// grain storage before it answers.
/// </summary>
/// <remarks>
/// Delivery is at-least-once safe: resending an event after a timeout or a silo failure returns
/// <see cref="DeliveryStatus.Duplicate"/> if the first delivery was stored, and applies it otherwise. Events may come
/// in any order; the ledger is always the one a single <c>PointsLedger.Replay</c> of the distinct events gives.
/// </remarks>
[Alias("Retention.Orleans.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Delivers one event.</summary>
    /// <param name="customerEvent">The event.</param>
    /// <returns>What the grain did.</returns>
    [Alias("Deliver")]
    Task<DeliveryResult> DeliverAsync(CustomerEvent customerEvent);

    /// <summary>Returns the balance at an instant.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The balance.</returns>
    [Alias("GetBalance")]
    Task<BalanceView> GetBalanceAsync(Instant at);

    /// <summary>Returns the tier and progress at an instant.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The tier and progress.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the program has no tier ladder.</exception>
    [Alias("GetTier")]
    Task<TierView> GetTierAsync(Instant at);

    /// <summary>Returns the points history written so far.</summary>
    /// <returns>The entries, oldest first.</returns>
    [Alias("GetHistory")]
    Task<IReadOnlyList<LedgerEntryView>> GetHistoryAsync();

    /// <summary>Returns how many distinct events the grain holds (its event log).</summary>
    /// <returns>The count.</returns>
    [Alias("GetEventCount")]
    Task<int> GetEventCountAsync();

    /// <summary>Records that the customer signed up, in a time zone (for quiet hours and local-time offer rules).</summary>
    /// <param name="signedUpAt">When.</param>
    /// <param name="timeZoneId">An IANA time zone id, for example <c>Europe/Paris</c>.</param>
    /// <returns>A task.</returns>
    [Alias("SetProfile")]
    Task SetProfileAsync(Instant signedUpAt, string timeZoneId);

    /// <summary>Records a consent change on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="granted">Whether consent is granted or withdrawn.</param>
    /// <param name="at">When.</param>
    /// <returns>A task.</returns>
    [Alias("SetConsent")]
    Task SetConsentAsync(Channel channel, bool granted, Instant at);

    /// <summary>Stores the customer's latest RFM score (written by the batch).</summary>
    /// <param name="score">The score.</param>
    /// <returns>A task.</returns>
    [Alias("SetRfmScore")]
    Task SetRfmScoreAsync(RfmScoreView score);

    /// <summary>Chooses the next best offer now, from the catalog registered with
    /// <c>AddRetentionOrleans</c> (<see cref="RetentionOrleansServiceCollectionExtensions"/>).</summary>
    /// <param name="now">The instant of the decision.</param>
    /// <param name="commit">Whether to record the offer as sent, so caps and cooldowns see it.</param>
    /// <returns>The offer, or <see langword="null"/> when none is allowed.</returns>
    /// <exception cref="InvalidOperationException">Thrown when no catalog is registered.</exception>
    [Alias("NextBestOffer")]
    Task<OfferView?> NextBestOfferAsync(Instant now, bool commit);
}
