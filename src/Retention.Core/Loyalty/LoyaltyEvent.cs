using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// Something that happened to a customer and may change their points: an order, a refund, a cancellation, an action,
/// a birthday, a redemption or a manual adjustment.
/// </summary>
/// <remarks>
/// <para>
/// Every event has a <see cref="Key"/> that identifies it for idempotency: a <see cref="PointsLedger"/> applies an
/// event with a given key at most once. Events built from orders, refunds and cancellations derive their key from the
/// order or refund id with a prefix (<c>order:</c>, <c>refund:</c>, <c>cancel:</c>), birthdays from the customer and
/// the year (<c>birthday:</c>); keep caller-chosen keys out of those prefixes.
/// </para>
/// <para>
/// Events are ordered for replay by <see cref="At"/>, then by kind (orders, actions, birthdays, adjustments, refunds,
/// cancellations, redemptions), then by key, ordinally, so a replay gives the same ledger whatever order the events
/// arrive in. Thread safety: immutable and safe to share.
/// </para>
/// </remarks>
public abstract class LoyaltyEvent
{
    private protected LoyaltyEvent(EventKey key, CustomerId customerId, Instant at)
    {
        Preconditions.CheckValue(!key.IsUnassigned, "key", key, "must be assigned");
        Preconditions.CheckValue(!customerId.IsUnassigned, "customerId", customerId, "must be assigned");
        Key = key;
        CustomerId = customerId;
        At = at;
    }

    /// <summary>Gets the key that identifies the event for idempotency.</summary>
    /// <value>The event's key.</value>
    public EventKey Key { get; }

    /// <summary>Gets the customer whose points the event changes first.</summary>
    /// <value>The customer.</value>
    public CustomerId CustomerId { get; }

    /// <summary>Gets when the event happened.</summary>
    /// <value>The instant of the event.</value>
    public Instant At { get; }

    /// <summary>Gets the rank of the event's kind among events at the same instant.</summary>
    internal abstract int Rank { get; }

    /// <summary>Compares events in replay order: instant, kind rank, key.</summary>
    internal static int CompareForReplay(LoyaltyEvent left, LoyaltyEvent right)
    {
        var byTime = left.At.CompareTo(right.At);
        if (byTime != 0)
        {
            return byTime;
        }

        var byRank = left.Rank.CompareTo(right.Rank);
        return byRank != 0 ? byRank : left.Key.CompareTo(right.Key);
    }
}

/// <summary>An order was placed and may earn points, pending for the program's return window.</summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class OrderPlaced : LoyaltyEvent
{
    /// <summary>Creates the event, keyed <c>order:</c> plus the order id.</summary>
    /// <param name="order">The order; it must name a customer.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the order is a guest order.</exception>
    public OrderPlaced(Order order)
        : base(new EventKey("order:" + CheckOrder(order).Id.Value), order.CustomerId!.Value, order.PlacedAt)
    {
        Order = order;
    }

    /// <summary>Gets the order.</summary>
    /// <value>The order.</value>
    public Order Order { get; }

    internal override int Rank => 0;

    private static Order CheckOrder(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.CustomerId is null)
        {
            Preconditions.ThrowInvalid("order.customerId", null, "must name a customer to earn points (order " + order.Id.Value + " is a guest order)");
        }

        return order;
    }
}

/// <summary>Money was paid back on an order; its points are reversed in proportion.</summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class OrderRefunded : LoyaltyEvent
{
    /// <summary>Creates the event, keyed <c>refund:</c> plus the refund id.</summary>
    /// <param name="refund">The refund; its order must name a customer.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="refund"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the refunded order is a guest order.</exception>
    public OrderRefunded(Refund refund)
        : base(new EventKey("refund:" + CheckRefund(refund).Id.Value), refund.CustomerId!.Value, refund.RefundedAt)
    {
        Refund = refund;
    }

    /// <summary>Gets the refund.</summary>
    /// <value>The refund.</value>
    public Refund Refund { get; }

    internal override int Rank => 4;

    private static Refund CheckRefund(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        if (refund.CustomerId is null)
        {
            Preconditions.ThrowInvalid("refund.customerId", null, "must name a customer (order " + refund.OrderId.Value + " is a guest order)");
        }

        return refund;
    }
}

/// <summary>An order was cancelled; all the points it still holds are reversed.</summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class OrderCancelled : LoyaltyEvent
{
    /// <summary>Creates the event, keyed <c>cancel:</c> plus the order id.</summary>
    /// <param name="orderId">The cancelled order.</param>
    /// <param name="customerId">The order's customer.</param>
    /// <param name="at">When the order was cancelled.</param>
    /// <exception cref="InvalidValueException">Thrown when an id is unassigned.</exception>
    public OrderCancelled(OrderId orderId, CustomerId customerId, Instant at)
        : base(new EventKey("cancel:" + CheckId(orderId).Value), customerId, at)
    {
        OrderId = orderId;
    }

    /// <summary>Gets the cancelled order's id.</summary>
    /// <value>The order id.</value>
    public OrderId OrderId { get; }

    internal override int Rank => 5;

    private static OrderId CheckId(OrderId orderId)
    {
        Preconditions.CheckValue(!orderId.IsUnassigned, "orderId", orderId, "must be assigned");
        return orderId;
    }
}

/// <summary>A customer did something the program may reward: signed up, reviewed, rated, shared, referred, answered a survey.</summary>
/// <remarks>A referral pays the referrer's bonus to <see cref="LoyaltyEvent.CustomerId"/> and the referee's bonus to the referred customer. Thread safety: immutable and safe to share.</remarks>
public sealed class ActionPerformed : LoyaltyEvent
{
    /// <summary>Creates the event with the action's own key.</summary>
    /// <param name="action">The action.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="action"/> is <see langword="null"/>.</exception>
    public ActionPerformed(CustomerAction action)
        : base(CheckAction(action).Key, action.CustomerId, action.OccurredAt)
    {
        Action = action;
    }

    /// <summary>Gets the action.</summary>
    /// <value>The action.</value>
    public CustomerAction Action { get; }

    internal override int Rank => 1;

    private static CustomerAction CheckAction(CustomerAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action;
    }
}

/// <summary>
/// A check, typically from a daily job, of whether a customer is in their birthday window; the bonus pays at most once
/// per year because the key carries the year. A check outside the window is ignored and not remembered, so checking
/// every customer every night is fine.
/// </summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class BirthdayReached : LoyaltyEvent
{
    /// <summary>Creates the event, keyed <c>birthday:</c> plus the customer id and the year in the customer's zone.</summary>
    /// <param name="customer">The customer, with their birthday and time zone.</param>
    /// <param name="at">When the check runs.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="customer"/> is <see langword="null"/>.</exception>
    public BirthdayReached(CustomerProfile customer, Instant at)
        : base(new EventKey("birthday:" + CheckCustomer(customer).Id.Value + ":" + customer.LocalDateAt(at).Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), customer.Id, at)
    {
        Customer = customer;
    }

    /// <summary>Gets the customer.</summary>
    /// <value>The customer's profile.</value>
    public CustomerProfile Customer { get; }

    internal override int Rank => 2;

    private static CustomerProfile CheckCustomer(CustomerProfile customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return customer;
    }
}

/// <summary>A customer spends points on a reward from the program's catalog.</summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class RewardRedeemed : LoyaltyEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="key">The redemption's key, for idempotency.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="rewardId">The reward's id in the catalog.</param>
    /// <param name="at">When the customer redeems.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rewardId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the key or customer is unassigned.</exception>
    public RewardRedeemed(EventKey key, CustomerId customerId, string rewardId, Instant at)
        : base(key, customerId, at)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        RewardId = rewardId;
    }

    /// <summary>Gets the reward's id.</summary>
    /// <value>The reward's id in the catalog.</value>
    public string RewardId { get; }

    internal override int Rank => 6;
}

/// <summary>A manual correction of a customer's points, positive or negative, with a reason.</summary>
/// <remarks>
/// A positive adjustment is available at once and expires like earned points; a negative one spends points oldest
/// first and is refused if it would take the balance below zero, unless the program's claw-back policy allows a
/// negative balance. Thread safety: immutable and safe to share.
/// </remarks>
public sealed class PointsAdjusted : LoyaltyEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="key">The adjustment's key, for idempotency.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="points">The change, not zero.</param>
    /// <param name="at">When the adjustment takes effect.</param>
    /// <param name="reason">Why, for the history; not empty.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="reason"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="points"/> is zero, the reason is empty, or an id is unassigned.</exception>
    public PointsAdjusted(EventKey key, CustomerId customerId, Points points, Instant at, string reason)
        : base(key, customerId, at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Preconditions.CheckValue(points != Points.Zero, "points", points, "must not be zero");
        Preconditions.CheckValue(reason.Trim().Length > 0, "reason", reason, "must not be empty");
        Points = points;
        Reason = reason;
        LedgerRule = "adjustment:" + reason;
    }

    /// <summary>Gets the change.</summary>
    /// <value>The points added (positive) or taken (negative).</value>
    public Points Points { get; }

    /// <summary>Gets the reason.</summary>
    /// <value>The reason, not empty.</value>
    public string Reason { get; }

    internal override int Rank => 3;

    /// <summary>Gets the rule name the adjustment's ledger entry carries, built once.</summary>
    internal string LedgerRule { get; }
}
