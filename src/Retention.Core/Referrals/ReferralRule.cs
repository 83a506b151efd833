namespace Retention.Referrals;

/// <summary>The rule a <see cref="ReferralResult"/> or <see cref="ReferralSettlement"/> names when the tracker refused, ignored or voided something.</summary>
public enum ReferralRule
{
    /// <summary>The code was never issued. Value: the code.</summary>
    UnknownCode = 0,

    /// <summary>The customer used their own code. Value: the customer.</summary>
    SelfReferral = 1,

    /// <summary>The referred customer has the referrer's e-mail. Value: the e-mail hash.</summary>
    SameEmail = 2,

    /// <summary>The referred customer ships to the referrer's address. Value: the address hash.</summary>
    SameShippingAddress = 3,

    /// <summary>The referred customer pays with the referrer's payment method. Value: the fingerprint.</summary>
    SamePaymentFingerprint = 4,

    /// <summary>The customer was referred before; a customer is referred at most once. Value: the customer.</summary>
    AlreadyReferred = 5,

    /// <summary>The source already made the most referrals allowed in this ISO week of the program's zone. Value: the referrals counted that week.</summary>
    TooManyFromSource = 6,

    /// <summary>The referrer already received the most rewards allowed. Value: the rewards granted.</summary>
    RewardCap = 7,

    /// <summary>The event is earlier than an instant the tracker already advanced to. Value: the event's instant.</summary>
    OutOfOrder = 8,

    /// <summary>The order's customer was not referred (or the order is a guest order). Value: the customer.</summary>
    NotReferred = 9,

    /// <summary>The referral already has its qualifying order or is closed. Value: the referral's status.</summary>
    AlreadyQualified = 10,

    /// <summary>The order was placed before the customer was referred. Value: the order's instant.</summary>
    OrderBeforeReferral = 11,

    /// <summary>The order is cancelled. Value: the order id.</summary>
    OrderCancelled = 12,

    /// <summary>The order is not in the currency of the minimum order value. Value: the order's currency.</summary>
    CurrencyMismatch = 13,

    /// <summary>The order's merchandise after discounts is below the minimum. Value: that amount.</summary>
    BelowMinimumOrder = 14,

    /// <summary>The refunded order is no referral's qualifying order. Value: the order id.</summary>
    NotQualifyingOrder = 15,

    /// <summary>The refund came after the return window ended; the reward stands. Value: the refund's instant.</summary>
    RefundAfterReturnWindow = 16,

    /// <summary>A refund within the return window took the kept amount below the minimum: no reward. Value: the amount kept.</summary>
    RefundedInReturnWindow = 17,

    /// <summary>The referral was already voided or refused. Value: the referral's status.</summary>
    ReferralClosed = 18,
}
