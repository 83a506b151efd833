namespace Retention.Loyalty;

/// <summary>
/// Names what a <see cref="LedgerEntry"/> records.
/// </summary>
public enum LedgerEntryKind
{
    /// <summary>Points earned and available at once (bonuses, orders when the program has no return window).</summary>
    Earned = 0,

    /// <summary>Points earned by an order and held for the return window.</summary>
    Pending = 1,

    /// <summary>Pending points that became available at the end of the return window.</summary>
    Confirmed = 2,

    /// <summary>Points spent on a reward.</summary>
    Redeemed = 3,

    /// <summary>Points that expired.</summary>
    Expired = 4,

    /// <summary>Points taken back because their order was refunded or cancelled.</summary>
    Reversed = 5,

    /// <summary>A manual correction, positive or negative.</summary>
    Adjusted = 6,
}
