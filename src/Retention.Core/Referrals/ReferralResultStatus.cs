namespace Retention.Referrals;

/// <summary>What a <see cref="ReferralTracker"/> did with an event.</summary>
public enum ReferralResultStatus
{
    /// <summary>The event changed the referral (accepted, qualified, voided, or noted a partial refund).</summary>
    Applied = 0,

    /// <summary>The event is valid but does not concern a referral at this point (not referred, below the minimum, after the window).</summary>
    Ignored = 1,

    /// <summary>A rule refused the event; nothing changed.</summary>
    Refused = 2,
}
