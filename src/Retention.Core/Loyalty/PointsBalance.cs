namespace Retention.Loyalty;

/// <summary>
/// A customer's points at an instant: what can be spent, what is pending, and the lifetime totals that explain them.
/// </summary>
/// <remarks>
/// <para>
/// The totals always reconcile: <see cref="Earned"/> + <see cref="Adjusted"/> = <see cref="Redeemed"/> +
/// <see cref="Expired"/> + <see cref="Reversed"/> + <see cref="Available"/> + <see cref="Pending"/>.
/// <see cref="Available"/> is negative only when a claw-back under <see cref="ClawbackPolicy.AllowNegativeBalance"/>
/// left a debt.
/// </para>
/// <para>Equality compares all properties. The default value is the balance of a customer with no history.</para>
/// </remarks>
/// <param name="Available">The points that can be spent now.</param>
/// <param name="Pending">The points held for a return window.</param>
/// <param name="Earned">All points ever earned, pending or not.</param>
/// <param name="Redeemed">All points spent on rewards.</param>
/// <param name="Expired">All points that expired.</param>
/// <param name="Reversed">All points taken back by refunds and cancellations.</param>
/// <param name="Adjusted">The net of all manual adjustments.</param>
public readonly record struct PointsBalance(
    Points Available,
    Points Pending,
    Points Earned,
    Points Redeemed,
    Points Expired,
    Points Reversed,
    Points Adjusted);
