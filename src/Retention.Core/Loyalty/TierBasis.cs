namespace Retention.Loyalty;

/// <summary>What a tier ladder's thresholds measure.</summary>
public enum TierBasis
{
    /// <summary>
    /// Qualifying points: the points the customer earned from orders and bonuses in the window, less those reversed by
    /// refunds and cancellations. Spending or expiring points does not lower them; manual adjustments do not count.
    /// </summary>
    Points,

    /// <summary>
    /// Qualifying spend: the order amount the program earns on (net of discounts, and of shipping, tax and excluded
    /// products unless the program counts them), less refunded merchandise, in the program's currency.
    /// </summary>
    Spend,
}
