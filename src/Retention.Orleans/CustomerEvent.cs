using NodaTime;
using Orleans;
using Retention.Loyalty;

namespace Retention.Orleans;

/// <summary>
/// The wire form of a loyalty event sent to a <see cref="ICustomerGrain"/>: plain strings, decimals and instants that
/// Orleans serializes, turned into the core library's <see cref="LoyaltyEvent"/> inside the grain.
/// </summary>
/// <remarks>
/// <para><see cref="Key"/> is the idempotency key and equals the key of the core event it becomes (<c>order:</c>,
/// <c>refund:</c> and <c>cancel:</c> followed by the order or refund id; the caller's key for the others), so a grain
/// and a single <see cref="PointsLedger"/> agree on what a duplicate is.</para>
/// <para>The customer is the grain's key, not a field. Thread safety: immutable.</para>
/// </remarks>
[GenerateSerializer]
[Immutable]
public abstract class CustomerEvent
{
    private protected CustomerEvent()
    {
    }

    /// <summary>Gets the idempotency key.</summary>
    /// <value>The key of the core event this event becomes.</value>
    public abstract string Key { get; }

    /// <summary>Gets when the event happened.</summary>
    /// <value>The instant of the event.</value>
    [Id(0)]
    public required Instant At { get; init; }

    /// <summary>Returns the wire form of a core loyalty event, for sending to the grain of
    /// <see cref="LoyaltyEvent.CustomerId"/> (for example the events a <c>ShopifyWebhookHandler</c> maps).</summary>
    /// <param name="loyaltyEvent">The event.</param>
    /// <returns>An event with the same key that the grain turns back into an equal core event.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="loyaltyEvent"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown for a birthday or a referral, which the customer grain does not
    /// carry (a birthday needs the profile's calendar; a referral changes two customers).</exception>
    public static CustomerEvent From(LoyaltyEvent loyaltyEvent)
    {
        ArgumentNullException.ThrowIfNull(loyaltyEvent);
        return loyaltyEvent switch
        {
            OrderPlaced e => new OrderPlacedEvent
            {
                At = e.At,
                OrderId = e.Order.Id.Value,
                Currency = e.Order.Currency.Code,
                Lines = [.. e.Order.Lines.Select(l => new OrderLineData
                {
                    LineId = l.Id.Value,
                    ProductId = l.ProductId.Value,
                    Quantity = l.Quantity,
                    UnitPrice = l.UnitPrice.Amount,
                    Discount = l.Discount.Amount,
                    Category = l.Category?.Value,
                })],
                OrderDiscount = e.Order.OrderDiscount.Amount,
                Shipping = e.Order.Shipping.Amount,
                Tax = e.Order.Tax.Amount,
                Status = e.Order.Status,
            },
            OrderRefunded e => new OrderRefundedEvent
            {
                At = e.At,
                RefundId = e.Refund.Id.Value,
                OrderId = e.Refund.OrderId.Value,
                Lines = [.. e.Refund.Lines.Select(l => new RefundLineData { LineId = l.LineItemId.Value, Quantity = l.Quantity, Amount = l.Amount.Amount })],
                Shipping = e.Refund.Shipping.Amount,
                Adjustment = e.Refund.Adjustment.Amount,
            },
            OrderCancelled e => new OrderCancelledEvent { At = e.At, OrderId = e.OrderId.Value },
            ActionPerformed e when e.Action.Kind != ActionKind.Referral => new ActionPerformedEvent
            {
                At = e.At,
                ActionKey = e.Key.Value,
                Kind = e.Action.Kind,
                Rating = e.Action.Rating,
                Reference = e.Action.Reference,
            },
            RewardRedeemed e => new RewardRedeemedEvent { At = e.At, RedemptionKey = e.Key.Value, RewardId = e.RewardId },
            PointsAdjusted e => new PointsAdjustedEvent { At = e.At, AdjustmentKey = e.Key.Value, Points = e.Points.Value, Reason = e.Reason },
            _ => throw new ArgumentException("The customer grain does not carry " + loyaltyEvent.GetType().Name + " events" + (loyaltyEvent is ActionPerformed ? " of kind Referral" : string.Empty) + ".", nameof(loyaltyEvent)),
        };
    }
}

/// <summary>One line of an <see cref="OrderPlacedEvent"/>: an <see cref="OrderLine"/> on the wire.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OrderLineData
{
    /// <summary>Gets the line item id.</summary>
    /// <value>Unique within the order.</value>
    [Id(0)]
    public required string LineId { get; init; }

    /// <summary>Gets the product id.</summary>
    /// <value>The product.</value>
    [Id(1)]
    public required string ProductId { get; init; }

    /// <summary>Gets the quantity.</summary>
    /// <value>1 or more.</value>
    [Id(2)]
    public required int Quantity { get; init; }

    /// <summary>Gets the unit price in the order's currency.</summary>
    /// <value>Not negative.</value>
    [Id(3)]
    public required decimal UnitPrice { get; init; }

    /// <summary>Gets the line's discount in the order's currency.</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(4)]
    public decimal Discount { get; init; }

    /// <summary>Gets the product's category, or <see langword="null"/>.</summary>
    /// <value>The category id.</value>
    [Id(5)]
    public string? Category { get; init; }
}

/// <summary>An order was placed (<see cref="OrderPlaced"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed class OrderPlacedEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => "order:" + OrderId;

    /// <summary>Gets the order id.</summary>
    /// <value>The order.</value>
    [Id(0)]
    public required string OrderId { get; init; }

    /// <summary>Gets the ISO 4217 currency code of every amount of the order.</summary>
    /// <value>For example <c>USD</c>.</value>
    [Id(1)]
    public required string Currency { get; init; }

    /// <summary>Gets the order's lines.</summary>
    /// <value>At least one line.</value>
    [Id(2)]
    public required IReadOnlyList<OrderLineData> Lines { get; init; }

    /// <summary>Gets the order-level discount.</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(3)]
    public decimal OrderDiscount { get; init; }

    /// <summary>Gets the shipping charged.</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(4)]
    public decimal Shipping { get; init; }

    /// <summary>Gets the tax charged.</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(5)]
    public decimal Tax { get; init; }

    /// <summary>Gets the order's status.</summary>
    /// <value><see cref="OrderStatus.Paid"/> by default.</value>
    [Id(6)]
    public OrderStatus Status { get; init; } = OrderStatus.Paid;
}

/// <summary>One line of an <see cref="OrderRefundedEvent"/>: a <see cref="RefundLine"/> on the wire.</summary>
[GenerateSerializer]
[Immutable]
public sealed record RefundLineData
{
    /// <summary>Gets the refunded line item of the order.</summary>
    /// <value>A line id of the order.</value>
    [Id(0)]
    public required string LineId { get; init; }

    /// <summary>Gets the quantity refunded.</summary>
    /// <value>1 or more.</value>
    [Id(1)]
    public required int Quantity { get; init; }

    /// <summary>Gets the amount given back for the line.</summary>
    /// <value>Not negative.</value>
    [Id(2)]
    public required decimal Amount { get; init; }
}

/// <summary>
/// An order was refunded in part or in full (<see cref="OrderRefunded"/>). The grain builds the core refund from the
/// order it already holds; a refund that arrives before its order waits in the event log and counts once the order
/// is there.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed class OrderRefundedEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => "refund:" + RefundId;

    /// <summary>Gets the refund id.</summary>
    /// <value>The refund.</value>
    [Id(0)]
    public required string RefundId { get; init; }

    /// <summary>Gets the refunded order.</summary>
    /// <value>An order id of the same customer.</value>
    [Id(1)]
    public required string OrderId { get; init; }

    /// <summary>Gets the refunded lines; empty with <see cref="Full"/>.</summary>
    /// <value>The lines.</value>
    [Id(2)]
    public IReadOnlyList<RefundLineData> Lines { get; init; } = [];

    /// <summary>Gets whether the whole order is refunded (<see cref="Refund.Full"/>); <see cref="Lines"/> is then ignored.</summary>
    /// <value><see langword="true"/> for a full refund.</value>
    [Id(3)]
    public bool Full { get; init; }

    /// <summary>Gets the shipping given back.</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(4)]
    public decimal Shipping { get; init; }

    /// <summary>Gets any other amount given back (taxes, goodwill).</summary>
    /// <value>Not negative; 0 by default.</value>
    [Id(5)]
    public decimal Adjustment { get; init; }
}

/// <summary>An order was cancelled (<see cref="OrderCancelled"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed class OrderCancelledEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => "cancel:" + OrderId;

    /// <summary>Gets the cancelled order.</summary>
    /// <value>An order id.</value>
    [Id(0)]
    public required string OrderId { get; init; }
}

/// <summary>The customer did something that may earn a bonus (<see cref="ActionPerformed"/>); referrals are not
/// carried (they change two customers' points, so two grains).</summary>
[GenerateSerializer]
[Immutable]
public sealed class ActionPerformedEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => ActionKey;

    /// <summary>Gets the caller's idempotency key for the action.</summary>
    /// <value>Outside the reserved prefixes <c>order:</c>, <c>refund:</c>, <c>cancel:</c>, <c>birthday:</c>.</value>
    [Id(0)]
    public required string ActionKey { get; init; }

    /// <summary>Gets the kind of action.</summary>
    /// <value>Any kind but <see cref="ActionKind.Referral"/>.</value>
    [Id(1)]
    public required ActionKind Kind { get; init; }

    /// <summary>Gets the star rating for reviews and ratings.</summary>
    /// <value>1 to 5 for rated kinds, otherwise <see langword="null"/>.</value>
    [Id(2)]
    public int? Rating { get; init; }

    /// <summary>Gets what the action was about.</summary>
    /// <value>Free text, or <see langword="null"/>.</value>
    [Id(3)]
    public string? Reference { get; init; }
}

/// <summary>The customer redeemed a reward (<see cref="RewardRedeemed"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed class RewardRedeemedEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => RedemptionKey;

    /// <summary>Gets the caller's idempotency key for the redemption.</summary>
    /// <value>Outside the reserved prefixes.</value>
    [Id(0)]
    public required string RedemptionKey { get; init; }

    /// <summary>Gets the reward's id in the program.</summary>
    /// <value>A reward id.</value>
    [Id(1)]
    public required string RewardId { get; init; }
}

/// <summary>A manual adjustment of the customer's points (<see cref="PointsAdjusted"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed class PointsAdjustedEvent : CustomerEvent
{
    /// <inheritdoc/>
    public override string Key => AdjustmentKey;

    /// <summary>Gets the caller's idempotency key for the adjustment.</summary>
    /// <value>Outside the reserved prefixes.</value>
    [Id(0)]
    public required string AdjustmentKey { get; init; }

    /// <summary>Gets the points added (positive) or taken (negative).</summary>
    /// <value>Not zero.</value>
    [Id(1)]
    public required long Points { get; init; }

    /// <summary>Gets why.</summary>
    /// <value>Not empty.</value>
    [Id(2)]
    public required string Reason { get; init; }
}
