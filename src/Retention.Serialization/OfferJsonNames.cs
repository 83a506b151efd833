using Retention.Offers;

namespace Retention.Serialization;

/// <summary>The JSON spelling of the offer enums, spelled out so renaming a C# member never changes the format.</summary>
internal static class OfferJsonNames
{
    internal static readonly EnumNames<OfferKind> Kinds = new(
        (OfferKind.PercentOff, "percentOff"),
        (OfferKind.AmountOff, "amountOff"),
        (OfferKind.FreeShipping, "freeShipping"),
        (OfferKind.BuyOneGetOne, "buyOneGetOne"),
        (OfferKind.EarlyAccess, "earlyAccess"),
        (OfferKind.BirthdayReward, "birthdayReward"),
        (OfferKind.WinBack, "winBack"),
        (OfferKind.CrossSell, "crossSell"),
        (OfferKind.CartReminder, "cartReminder"),
        (OfferKind.PointsMultiplier, "pointsMultiplier"),
        (OfferKind.TierNudge, "tierNudge"),
        (OfferKind.VipReward, "vipReward"));

    internal static readonly EnumNames<Channel> Channels = new(
        (Channel.Email, "email"),
        (Channel.Sms, "sms"),
        (Channel.Push, "push"),
        (Channel.Messaging, "messaging"),
        (Channel.PostalMail, "postalMail"));

    internal static readonly EnumNames<QuietHoursPolicy> Policies = new(
        (QuietHoursPolicy.Defer, "defer"),
        (QuietHoursPolicy.Skip, "skip"));

    internal static readonly EnumNames<OfferRuleKind> RuleKinds = new(
        (OfferRuleKind.Always, "always"),
        (OfferRuleKind.All, "all"),
        (OfferRuleKind.Any, "any"),
        (OfferRuleKind.Not, "not"),
        (OfferRuleKind.Segment, "segment"),
        (OfferRuleKind.TierLevel, "tierLevel"),
        (OfferRuleKind.Recency, "recency"),
        (OfferRuleKind.Frequency, "frequency"),
        (OfferRuleKind.Monetary, "monetary"),
        (OfferRuleKind.DaysSinceLastOrder, "daysSinceLastOrder"),
        (OfferRuleKind.Orders, "orders"),
        (OfferRuleKind.ProbabilityAlive, "probabilityAlive"),
        (OfferRuleKind.Clv, "clv"),
        (OfferRuleKind.BoughtAny, "boughtAny"),
        (OfferRuleKind.LastOrderIn, "lastOrderIn"),
        (OfferRuleKind.BirthdayWithin, "birthdayWithin"),
        (OfferRuleKind.Consent, "consent"),
        (OfferRuleKind.CartOpen, "cartOpen"),
        (OfferRuleKind.WishlistNotEmpty, "wishlistNotEmpty"),
        (OfferRuleKind.SpendToNextTier, "spendToNextTier"));

    /// <summary>The members a rule object may have besides <c>kind</c>.</summary>
    internal static string[] RuleMembers(OfferRuleKind kind) => kind switch
    {
        OfferRuleKind.Always or OfferRuleKind.CartOpen or OfferRuleKind.WishlistNotEmpty => ["kind"],
        OfferRuleKind.All or OfferRuleKind.Any => ["kind", "rules"],
        OfferRuleKind.Not => ["kind", "rule"],
        OfferRuleKind.Segment => ["kind", "segments"],
        OfferRuleKind.BoughtAny => ["kind", "categories"],
        OfferRuleKind.LastOrderIn => ["kind", "category", "min", "max"],
        OfferRuleKind.Consent => ["kind", "channel"],
        _ => ["kind", "min", "max"],
    };
}
