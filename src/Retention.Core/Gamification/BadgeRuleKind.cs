namespace Retention.Gamification;

/// <summary>What a <see cref="BadgeRule"/> counts.</summary>
public enum BadgeRuleKind
{
    /// <summary>The customer's first order.</summary>
    FirstOrder = 0,

    /// <summary>A number of orders.</summary>
    OrderCount = 1,

    /// <summary>An amount spent over all orders (merchandise after discounts, without shipping and tax).</summary>
    AmountSpent = 2,

    /// <summary>A purchase streak of a number of consecutive weeks or months.</summary>
    Streak = 3,

    /// <summary>A number of distinct products reviewed.</summary>
    ProductsReviewed = 4,
}
