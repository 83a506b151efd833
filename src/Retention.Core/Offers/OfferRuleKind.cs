namespace Retention.Offers;

/// <summary>The kind of an <see cref="OfferRule"/>: a composition or one fact of the customer compared with bounds.</summary>
public enum OfferRuleKind
{
    /// <summary>Always true.</summary>
    Always = 0,

    /// <summary>True when every child rule is (true when there are none).</summary>
    All = 1,

    /// <summary>True when at least one child rule is (false when there are none).</summary>
    Any = 2,

    /// <summary>True when the single child rule is false.</summary>
    Not = 3,

    /// <summary>The customer's RFM segment is one of <see cref="OfferRule.Segments"/>.</summary>
    Segment = 4,

    /// <summary>The customer's tier level is within the bounds.</summary>
    TierLevel = 5,

    /// <summary>The R score is within the bounds.</summary>
    Recency = 6,

    /// <summary>The F score is within the bounds.</summary>
    Frequency = 7,

    /// <summary>The M score is within the bounds.</summary>
    Monetary = 8,

    /// <summary>Whole local days since the last order are within the bounds; false for a customer who never ordered.</summary>
    DaysSinceLastOrder = 9,

    /// <summary>The number of orders is within the bounds (0 never ordered, 1 first-time buyer, 2 or more returning).</summary>
    Orders = 10,

    /// <summary>The probability that the customer is alive is within the bounds.</summary>
    ProbabilityAlive = 11,

    /// <summary>The customer lifetime value, in the catalog's currency, is within the bounds.</summary>
    Clv = 12,

    /// <summary>The customer ever bought in at least one of <see cref="OfferRule.Categories"/>.</summary>
    BoughtAny = 13,

    /// <summary>The customer's last order holds the category <see cref="OfferRule.Categories"/>[0] and was placed a number
    /// of local days ago within the bounds (the cross-sell trigger).</summary>
    LastOrderIn = 14,

    /// <summary>Today, in the customer's time zone, is from <see cref="OfferRule.Min"/> days before to
    /// <see cref="OfferRule.Max"/> days after the birthday; false when the birthday is unknown.</summary>
    BirthdayWithin = 15,

    /// <summary>The customer consents to <see cref="OfferRule.Channel"/>.</summary>
    Consent = 16,

    /// <summary>The customer has an open cart.</summary>
    CartOpen = 17,

    /// <summary>The customer's wishlist is not empty.</summary>
    WishlistNotEmpty = 18,

    /// <summary>The spend still needed to reach the next tier is within the bounds; false at the top tier.</summary>
    SpendToNextTier = 19,
}
