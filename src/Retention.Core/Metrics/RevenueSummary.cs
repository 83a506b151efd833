namespace Retention.Metrics;

/// <summary>
/// The money side of a set of orders and refunds in one currency: gross sales, refunds, net sales, order and customer
/// counts, average order value.
/// </summary>
/// <remarks>
/// <para>Cancelled orders are counted in <see cref="CancelledOrderCount"/> only: they add nothing to sales, and refunds of
/// them add nothing to <see cref="Refunded"/>.</para>
/// <para>Checked while summing: every order and refund is in the summary's currency; order and refund identifiers are
/// unique; every refund belongs to a given order; and the refunds of one order never add up to more than its total.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class RevenueSummary
{
    private RevenueSummary(Currency currency)
    {
        Currency = currency;
        GrossSales = Money.Zero(currency);
        Refunded = Money.Zero(currency);
    }

    /// <summary>Gets the currency of every amount.</summary>
    /// <value>The currency given to <see cref="Compute"/>.</value>
    public Currency Currency { get; }

    /// <summary>Gets the number of orders that were not cancelled.</summary>
    /// <value>Zero or more.</value>
    public int OrderCount { get; private set; }

    /// <summary>Gets the number of cancelled orders.</summary>
    /// <value>Zero or more.</value>
    public int CancelledOrderCount { get; private set; }

    /// <summary>Gets the number of orders placed without a customer account (not cancelled).</summary>
    /// <value>Zero or more; included in <see cref="OrderCount"/>.</value>
    public int GuestOrderCount { get; private set; }

    /// <summary>Gets the number of distinct customers with at least one order that was not cancelled.</summary>
    /// <value>Guests are not counted.</value>
    public int CustomerCount { get; private set; }

    /// <summary>Gets the sum of the totals of orders that were not cancelled.</summary>
    /// <value>Including shipping and taxes.</value>
    public Money GrossSales { get; private set; }

    /// <summary>Gets the sum of the refunds of orders that were not cancelled.</summary>
    /// <value>Never more than <see cref="GrossSales"/>.</value>
    public Money Refunded { get; private set; }

    /// <summary>Gets the sales net of refunds.</summary>
    /// <value><see cref="GrossSales"/> - <see cref="Refunded"/>.</value>
    public Money NetSales => GrossSales - Refunded;

    /// <summary>Gets the average order value: gross sales per order, not rounded.</summary>
    /// <value><see langword="null"/> when there are no orders (an average of nothing is undefined, not zero).</value>
    public Money? AverageOrderValue => OrderCount == 0 ? null : GrossSales / OrderCount;

    /// <summary>Sums orders and refunds.</summary>
    /// <param name="orders">The orders; read once.</param>
    /// <param name="refunds">The refunds of those orders, in any order; read once.</param>
    /// <param name="currency">The currency every order and refund must be in.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument or an element is <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when an order or refund is in another currency.</exception>
    /// <exception cref="InvalidValueException">Thrown when an identifier repeats, a refund's order is missing, or the refunds
    /// of an order add up to more than its total.</exception>
    public static RevenueSummary Compute(IEnumerable<Order> orders, IEnumerable<Refund> refunds, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(refunds);

        var summary = new RevenueSummary(currency);
        var byId = new Dictionary<OrderId, Order>();
        var customers = new HashSet<CustomerId>();
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            Preconditions.CheckCurrency(order.Total, currency, "orders[" + order.Id.Value + "]");
            Preconditions.CheckValue(byId.TryAdd(order.Id, order), "orderId", order.Id, "appears twice");
            if (order.Status == OrderStatus.Cancelled)
            {
                summary.CancelledOrderCount++;
                continue;
            }

            summary.OrderCount++;
            summary.GrossSales += order.Total;
            if (order.CustomerId is { } customer)
            {
                customers.Add(customer);
            }
            else
            {
                summary.GuestOrderCount++;
            }
        }

        var refundIds = new HashSet<RefundId>();
        var refundedPerOrder = new Dictionary<OrderId, Money>();
        foreach (var refund in refunds)
        {
            ArgumentNullException.ThrowIfNull(refund, nameof(refunds));
            Preconditions.CheckValue(refundIds.Add(refund.Id), "refundId", refund.Id, "appears twice");
            if (!byId.TryGetValue(refund.OrderId, out var order))
            {
                Preconditions.ThrowInvalid("refunds[" + refund.Id.Value + "].orderId", refund.OrderId, "is not among the orders");
            }

            if (refund.Amount.Currency != currency)
            {
                Preconditions.ThrowCurrency(currency, refund.Amount.Currency, "refunds[" + refund.Id.Value + "].amount");
            }

            var total = refundedPerOrder.GetValueOrDefault(refund.OrderId, Money.Zero(currency)) + refund.Amount;
            if (total > order.Total)
            {
                Preconditions.ThrowInvalid(
                    "refunds[" + refund.Id.Value + "].amount",
                    refund.Amount,
                    "brings the refunds of order " + order.Id.Value + " to " + Preconditions.Render(total) + ", more than its total " + Preconditions.Render(order.Total));
            }

            refundedPerOrder[refund.OrderId] = total;
            if (order.Status != OrderStatus.Cancelled)
            {
                summary.Refunded += refund.Amount;
            }
        }

        summary.CustomerCount = customers.Count;
        return summary;
    }
}
