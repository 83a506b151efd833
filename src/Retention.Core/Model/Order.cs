using System.Collections.ObjectModel;
using NodaTime;

namespace Retention;

/// <summary>
/// An order placed in the store: its lines, order-level discount, shipping and taxes, in one currency.
/// </summary>
/// <remarks>
/// <para>Amounts: <see cref="Subtotal"/> is the sum of the lines' net amounts; <see cref="MerchandiseNet"/> takes off the
/// order discount; <see cref="Total"/> adds shipping and taxes, and is what the customer paid.</para>
/// <para>Invariants checked at construction: at least one line, unique line identifiers, every amount in
/// <see cref="Currency"/> and not negative, and the order discount no larger than the subtotal.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class Order
{
    /// <summary>Initializes a new order.</summary>
    /// <param name="id">The order's identifier.</param>
    /// <param name="customerId">The customer, or <see langword="null"/> for a guest checkout.</param>
    /// <param name="placedAt">When the order was placed.</param>
    /// <param name="currency">The currency every amount of the order is in.</param>
    /// <param name="lines">The lines; at least one, with unique identifiers. The sequence is read once.</param>
    /// <param name="orderDiscount">A discount on the whole order (a coupon), or <see langword="null"/> for none.</param>
    /// <param name="shipping">Shipping charged, or <see langword="null"/> for none.</param>
    /// <param name="tax">Taxes charged, or <see langword="null"/> for none.</param>
    /// <param name="status">The order's status.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="lines"/> or one of its elements is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an identifier is unassigned, there are no lines, two lines share an identifier,
    /// an amount is negative, the order discount exceeds the subtotal, or <paramref name="status"/> is not defined.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when a line or amount is not in <paramref name="currency"/>.</exception>
    public Order(
        OrderId id,
        CustomerId? customerId,
        Instant placedAt,
        Currency currency,
        IEnumerable<OrderLine> lines,
        Money? orderDiscount = null,
        Money? shipping = null,
        Money? tax = null,
        OrderStatus status = OrderStatus.Paid)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Preconditions.CheckValue(!id.IsUnassigned, "orderId", id, "must be assigned");
        Preconditions.CheckValue(customerId is null || !customerId.Value.IsUnassigned, "customerId", customerId, "must be assigned when given");
        Preconditions.CheckValue(Enum.IsDefined(status), "status", status, "is not a defined order status");

        var lineArray = lines.ToArray();
        Preconditions.CheckValue(lineArray.Length > 0, "lines", lineArray.Length, "must hold at least one line");
        HashSet<LineItemId>? seen = null;
        var subtotal = Money.Zero(currency);
        for (var i = 0; i < lineArray.Length; i++)
        {
            var line = lineArray[i];
            ArgumentNullException.ThrowIfNull(line, nameof(lines));
            Preconditions.CheckCurrency(line.UnitPrice, currency, "lines", i, "unitPrice");
            if (RepeatedIds.RepeatsAnEarlier(lineArray, i, static l => l.Id, ref seen))
            {
                Preconditions.ThrowInvalid(Preconditions.Element("lines", i) + ".id", line.Id, "is used by another line of the order");
            }

            subtotal += line.Net;
        }

        Id = id;
        CustomerId = customerId;
        PlacedAt = placedAt;
        Currency = currency;
        LineArray = lineArray;
        Lines = new ReadOnlyCollection<OrderLine>(lineArray);
        Subtotal = subtotal;
        OrderDiscount = CheckAmount(orderDiscount, currency, "orderDiscount");
        if (OrderDiscount > subtotal)
        {
            Preconditions.ThrowInvalid("orderDiscount", OrderDiscount, "must not exceed the subtotal " + Preconditions.Render(subtotal));
        }

        Shipping = CheckAmount(shipping, currency, "shipping");
        Tax = CheckAmount(tax, currency, "tax");
        Status = status;
    }

    /// <summary>Gets the order's identifier.</summary>
    /// <value>The identifier given at construction.</value>
    public OrderId Id { get; }

    /// <summary>Gets the customer who placed the order.</summary>
    /// <value><see langword="null"/> for a guest checkout.</value>
    public CustomerId? CustomerId { get; }

    /// <summary>Gets whether the order was placed without a customer account.</summary>
    /// <value><see langword="true"/> when <see cref="CustomerId"/> is <see langword="null"/>.</value>
    public bool IsGuest => CustomerId is null;

    /// <summary>Gets when the order was placed.</summary>
    /// <value>An instant on the global time line; calendar questions convert it in an explicit time zone.</value>
    public Instant PlacedAt { get; }

    /// <summary>Gets the currency every amount of the order is in.</summary>
    /// <value>The order's currency.</value>
    public Currency Currency { get; }

    /// <summary>Gets the order's lines, in the order given.</summary>
    /// <value>At least one line.</value>
    public IReadOnlyList<OrderLine> Lines { get; }

    /// <summary>Gets the array behind <see cref="Lines"/>, for hot loops that read the lines without interface calls; never modified.</summary>
    internal OrderLine[] LineArray { get; }

    /// <summary>Gets the discount on the whole order.</summary>
    /// <value>Zero when none; never more than <see cref="Subtotal"/>.</value>
    public Money OrderDiscount { get; }

    /// <summary>Gets the shipping charged.</summary>
    /// <value>Zero when none.</value>
    public Money Shipping { get; }

    /// <summary>Gets the taxes charged.</summary>
    /// <value>Zero when none.</value>
    public Money Tax { get; }

    /// <summary>Gets the order's status.</summary>
    /// <value>The status given at construction.</value>
    public OrderStatus Status { get; }

    /// <summary>Gets the sum of the lines' net amounts.</summary>
    /// <value>After line discounts, before the order discount, shipping and taxes.</value>
    public Money Subtotal { get; }

    /// <summary>Gets the merchandise amount after all discounts.</summary>
    /// <value><see cref="Subtotal"/> - <see cref="OrderDiscount"/>; excludes shipping and taxes.</value>
    public Money MerchandiseNet => Subtotal - OrderDiscount;

    /// <summary>Gets what the customer paid.</summary>
    /// <value><see cref="MerchandiseNet"/> + <see cref="Shipping"/> + <see cref="Tax"/>.</value>
    public Money Total => MerchandiseNet + Shipping + Tax;

    /// <summary>Returns the line with the given identifier.</summary>
    /// <param name="lineItemId">The line's identifier.</param>
    /// <returns>The line, or <see langword="null"/> when the order has no such line.</returns>
    public OrderLine? FindLine(LineItemId lineItemId)
    {
        foreach (var line in LineArray)
        {
            if (line.Id == lineItemId)
            {
                return line;
            }
        }

        return null;
    }

    private static Money CheckAmount(Money? amount, Currency currency, string field)
    {
        var value = amount ?? Money.Zero(currency);
        Preconditions.CheckCurrency(value, currency, field);
        Preconditions.CheckNotNegative(value, field);
        return value;
    }
}
