namespace Retention.Loyalty;

/// <summary>
/// Names what a reward in the catalog gives the customer.
/// </summary>
public enum RewardKind
{
    /// <summary>A fixed amount off an order (<see cref="Reward.Amount"/>).</summary>
    AmountOff = 0,

    /// <summary>A percentage off an order (<see cref="Reward.Percent"/>).</summary>
    PercentOff = 1,

    /// <summary>Free shipping on an order.</summary>
    FreeShipping = 2,

    /// <summary>A free product (<see cref="Reward.Product"/>).</summary>
    FreeProduct = 3,
}
