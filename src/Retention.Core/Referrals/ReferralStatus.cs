namespace Retention.Referrals;

/// <summary>Where a referral stands.</summary>
public enum ReferralStatus
{
    /// <summary>Accepted; waiting for the referred customer's first qualifying order.</summary>
    Pending = 0,

    /// <summary>The qualifying order was placed; waiting for its return window to pass.</summary>
    Qualified = 1,

    /// <summary>Both sides were rewarded.</summary>
    Rewarded = 2,

    /// <summary>The qualifying order was refunded within its return window: no reward.</summary>
    Voided = 3,

    /// <summary>Refused at the qualifying order (an identity match) or at the reward (the referrer's cap): no reward.</summary>
    Refused = 4,
}
