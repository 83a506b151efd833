using NodaTime;
using Retention.Loyalty;

namespace Retention.Referrals;

/// <summary>
/// A referral whose qualifying order passed its return window: either granted, with the loyalty-ledger event that pays
/// both sides, or refused by the referrer's reward cap.
/// </summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="Referrer">The referring customer.</param>
/// <param name="Referee">The referred customer.</param>
/// <param name="QualifyingOrder">The referred customer's qualifying order.</param>
/// <param name="DueAt">When the return window ended: the instant of the reward.</param>
/// <param name="LedgerEvent">When granted, an <see cref="ActionPerformed"/> of kind <see cref="ActionKind.Referral"/> keyed
/// <c>referral:</c> plus the referee, at <paramref name="DueAt"/>; a <see cref="PointsLedger"/> pays the program's
/// <see cref="BonusTrigger.ReferralReferrer"/> and <see cref="BonusTrigger.ReferralReferee"/> bonuses for it. <see langword="null"/> when refused.</param>
/// <param name="Refusal">When refused, the outcome naming <see cref="ReferralRule.RewardCap"/>; otherwise <see langword="null"/>.</param>
public sealed record ReferralSettlement(CustomerId Referrer, CustomerId Referee, OrderId QualifyingOrder, Instant DueAt, ActionPerformed? LedgerEvent, ReferralResult? Refusal)
{
    /// <summary>Gets a value indicating whether both sides are rewarded.</summary>
    /// <value><see langword="true"/> when <see cref="LedgerEvent"/> is set.</value>
    public bool IsGranted => LedgerEvent is not null;
}
