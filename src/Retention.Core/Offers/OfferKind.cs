namespace Retention.Offers;

/// <summary>What an <see cref="Offer"/> gives or says. The kind decides which of the offer's amounts it needs.</summary>
/// <remarks>The playbook kinds (<see cref="WinBack"/>, <see cref="BirthdayReward"/>, <see cref="CrossSell"/>,
/// <see cref="VipReward"/>) may carry a percent or an amount off; the others carry what their name says.</remarks>
public enum OfferKind
{
    /// <summary>A percentage off the next purchase; needs <see cref="Offer.Percent"/>.</summary>
    PercentOff = 0,

    /// <summary>A fixed amount off the next purchase; needs <see cref="Offer.Amount"/>.</summary>
    AmountOff = 1,

    /// <summary>Free shipping on the next purchase.</summary>
    FreeShipping = 2,

    /// <summary>Buy one, get one free.</summary>
    BuyOneGetOne = 3,

    /// <summary>Early access to new or limited products.</summary>
    EarlyAccess = 4,

    /// <summary>A birthday reward; a percent or an amount off is optional.</summary>
    BirthdayReward = 5,

    /// <summary>A win-back incentive for lapsing customers; a percent or an amount off is optional.</summary>
    WinBack = 6,

    /// <summary>A coupon for a complementary category (<see cref="Offer.Category"/>) some days after a purchase in
    /// another; a percent or an amount off is optional.</summary>
    CrossSell = 7,

    /// <summary>A reminder of an open cart or a wishlist.</summary>
    CartReminder = 8,

    /// <summary>A points-multiplier event; needs <see cref="Offer.PointsMultiplier"/>.</summary>
    PointsMultiplier = 9,

    /// <summary>A "spend X more to reach the next tier" nudge.</summary>
    TierNudge = 10,

    /// <summary>A reward for the best customers; a percent or an amount off is optional.</summary>
    VipReward = 11,
}
