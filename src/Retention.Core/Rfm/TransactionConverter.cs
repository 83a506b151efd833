using NodaTime;

namespace Retention.Rfm;

/// <summary>
/// Turns domain orders and refunds into the compact <see cref="Transaction"/>s the summary loop reads.
/// </summary>
/// <remarks>
/// <para>Amounts are what the customer paid (<see cref="Order.Total"/>) and got back (<see cref="Refund.Amount"/>), so net
/// spend is money actually kept. Cancelled orders and guest orders (no customer) are left out, as are refunds of them.
/// Dates are the local dates of the instants in the zone given (the store's, usually).</para>
/// <para>Thread safety: stateless.</para>
/// </remarks>
public static class TransactionConverter
{
    /// <summary>Converts orders and refunds of the customers in <paramref name="customers"/>.</summary>
    /// <param name="orders">The orders; read once.</param>
    /// <param name="refunds">Refunds of those orders; read once.</param>
    /// <param name="customers">The customer index that assigns dense indexes.</param>
    /// <param name="zone">The time zone whose calendar dates the transactions.</param>
    /// <param name="currency">The currency every order must be in.</param>
    /// <returns>Purchases then refunds, in input order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument or element is <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when an order or refund is in another currency.</exception>
    /// <exception cref="InvalidValueException">Thrown when an order's customer is not in <paramref name="customers"/>.</exception>
    public static Transaction[] FromOrders(IEnumerable<Order> orders, IEnumerable<Refund> refunds, CustomerIndex customers, DateTimeZone zone, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(refunds);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(zone);
        var result = new List<Transaction>();
        var counted = new HashSet<OrderId>();
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            Preconditions.CheckCurrency(order.Total, currency, "orders[" + order.Id.Value + "]");
            if (order.Status == OrderStatus.Cancelled || order.CustomerId is not { } customer)
            {
                continue;
            }

            counted.Add(order.Id);
            result.Add(Transaction.Purchase(customers.IndexOf(customer), order.PlacedAt.InZone(zone).Date, order.Total.Amount));
        }

        foreach (var refund in refunds)
        {
            ArgumentNullException.ThrowIfNull(refund, nameof(refunds));
            Preconditions.CheckCurrency(refund.Amount, currency, "refunds[" + refund.Id.Value + "]");
            if (refund.CustomerId is { } customer && counted.Contains(refund.OrderId))
            {
                result.Add(Transaction.Refund(customers.IndexOf(customer), refund.RefundedAt.InZone(zone).Date, refund.Amount.Amount));
            }
        }

        return [.. result];
    }
}
