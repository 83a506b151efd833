namespace Retention.Loyalty;

/// <summary>
/// Says what happens when a refund or cancellation reverses points that the customer has already spent.
/// </summary>
/// <remarks>
/// In both cases the reversal first takes the order's own unspent points, then other available points, oldest first.
/// The policies differ only in the shortfall left after that. The default value is <see cref="StopAtZero"/>.
/// </remarks>
public enum ClawbackPolicy
{
    /// <summary>The balance stops at zero; the shortfall is forgiven and reported in the apply result.</summary>
    StopAtZero = 0,

    /// <summary>
    /// The balance goes negative by the shortfall; points earned later pay the debt before they can be spent.
    /// </summary>
    AllowNegativeBalance = 1,
}
