using NodaTime;

namespace Retention.Referrals;

/// <summary>A snapshot of one referral, as <see cref="ReferralTracker.Find"/> returns it.</summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="Referrer">The referring customer.</param>
/// <param name="Referee">The referred customer.</param>
/// <param name="Code">The code used.</param>
/// <param name="ReferredAt">When the referral was accepted.</param>
/// <param name="Source">The source counted by the weekly limit.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="QualifyingOrder">The qualifying order, once placed.</param>
/// <param name="DueAt">When the qualifying order's return window ends, once placed.</param>
/// <param name="Outcome">For <see cref="ReferralStatus.Voided"/> and <see cref="ReferralStatus.Refused"/>, the rule and value that closed it.</param>
public sealed record Referral(
    CustomerId Referrer,
    CustomerId Referee,
    ReferralCode Code,
    Instant ReferredAt,
    string Source,
    ReferralStatus Status,
    OrderId? QualifyingOrder,
    Instant? DueAt,
    ReferralResult? Outcome);
