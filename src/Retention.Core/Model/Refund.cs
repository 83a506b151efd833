using System.Collections.ObjectModel;
using NodaTime;

namespace Retention;

/// <summary>
/// Money paid back on one order: whole, or per line, plus refunded shipping and any other adjustment (such as taxes).
/// </summary>
/// <remarks>
/// <para>A refund is validated against the order it refunds at construction: it happens no earlier than the order, is in
/// the order's currency, refers only to the order's lines (each at most once), returns no more units than were ordered
/// and no more than each line's net amount, refunds no more shipping than was charged, and its <see cref="Amount"/> is
/// at most the order's <see cref="Order.Total"/>. Several refunds of one order together must also stay within the
/// order total; the code that holds all of them checks that (see <see cref="Metrics.RevenueSummary"/>).</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class Refund
{
    /// <summary>Initializes a new refund of <paramref name="order"/>.</summary>
    /// <param name="id">The refund's identifier.</param>
    /// <param name="order">The order refunded.</param>
    /// <param name="refundedAt">When the money was paid back; not before the order was placed.</param>
    /// <param name="lines">The lines refunded; may be empty for a shipping-only or goodwill refund. The sequence is read once.</param>
    /// <param name="shipping">Shipping paid back, or <see langword="null"/> for none.</param>
    /// <param name="adjustment">Any other amount paid back (taxes, goodwill), or <see langword="null"/> for none; not negative.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/>, <paramref name="lines"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a rule in the remarks is broken; the exception names the field and value.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when an amount is not in the order's currency.</exception>
    public Refund(RefundId id, Order order, Instant refundedAt, IEnumerable<RefundLine> lines, Money? shipping = null, Money? adjustment = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lines);
        Preconditions.CheckValue(!id.IsUnassigned, "refundId", id, "must be assigned");
        if (refundedAt < order.PlacedAt)
        {
            Preconditions.ThrowInvalid("refundedAt", refundedAt, "must not be before the order was placed at " + Preconditions.Render(order.PlacedAt));
        }

        var currency = order.Currency;
        var lineArray = lines.ToArray();
        HashSet<LineItemId>? seen = null;
        var amount = Money.Zero(currency);
        for (var i = 0; i < lineArray.Length; i++)
        {
            var line = lineArray[i];
            ArgumentNullException.ThrowIfNull(line, nameof(lines));
            Preconditions.CheckCurrency(line.Amount, currency, "lines", i, "amount");
            var ordered = order.FindLine(line.LineItemId);
            if (ordered is null)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("lines", i) + ".lineItemId", line.LineItemId, "is not a line of order " + order.Id.Value);
            }

            if (RepeatedIds.RepeatsAnEarlier(lineArray, i, static l => l.LineItemId, ref seen))
            {
                Preconditions.ThrowInvalid(Preconditions.Element("lines", i) + ".lineItemId", line.LineItemId, "is refunded twice in one refund");
            }

            if (line.Quantity > ordered.Quantity)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("lines", i) + ".quantity", line.Quantity, "must not exceed the ordered quantity " + Preconditions.Render(ordered.Quantity));
            }

            if (line.Amount > ordered.Net)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("lines", i) + ".amount", line.Amount, "must not exceed the line's net amount " + Preconditions.Render(ordered.Net));
            }

            amount += line.Amount;
        }

        var shippingAmount = shipping ?? Money.Zero(currency);
        Preconditions.CheckCurrency(shippingAmount, currency, "shipping");
        Preconditions.CheckNotNegative(shippingAmount, "shipping");
        if (shippingAmount > order.Shipping)
        {
            Preconditions.ThrowInvalid("shipping", shippingAmount, "must not exceed the shipping charged " + Preconditions.Render(order.Shipping));
        }

        var adjustmentAmount = adjustment ?? Money.Zero(currency);
        Preconditions.CheckCurrency(adjustmentAmount, currency, "adjustment");
        Preconditions.CheckNotNegative(adjustmentAmount, "adjustment");
        amount += shippingAmount + adjustmentAmount;
        if (amount > order.Total)
        {
            Preconditions.ThrowInvalid("amount", amount, "must not exceed the order total " + Preconditions.Render(order.Total));
        }

        Id = id;
        OrderId = order.Id;
        CustomerId = order.CustomerId;
        RefundedAt = refundedAt;
        Lines = new ReadOnlyCollection<RefundLine>(lineArray);
        Shipping = shippingAmount;
        Adjustment = adjustmentAmount;
        Amount = amount;
    }

    /// <summary>Gets the refund's identifier.</summary>
    /// <value>The identifier given at construction.</value>
    public RefundId Id { get; }

    /// <summary>Gets the order refunded.</summary>
    /// <value>The order's identifier.</value>
    public OrderId OrderId { get; }

    /// <summary>Gets the customer of the order refunded.</summary>
    /// <value><see langword="null"/> for a guest order.</value>
    public CustomerId? CustomerId { get; }

    /// <summary>Gets when the money was paid back.</summary>
    /// <value>Not before the order was placed.</value>
    public Instant RefundedAt { get; }

    /// <summary>Gets the currency of the refund.</summary>
    /// <value>The order's currency.</value>
    public Currency Currency => Amount.Currency;

    /// <summary>Gets the lines refunded.</summary>
    /// <value>Possibly empty (a shipping-only or goodwill refund).</value>
    public IReadOnlyList<RefundLine> Lines { get; }

    /// <summary>Gets the shipping paid back.</summary>
    /// <value>Zero when none.</value>
    public Money Shipping { get; }

    /// <summary>Gets any other amount paid back, such as taxes or goodwill.</summary>
    /// <value>Zero when none.</value>
    public Money Adjustment { get; }

    /// <summary>Gets the whole amount paid back.</summary>
    /// <value>The lines' amounts + <see cref="Shipping"/> + <see cref="Adjustment"/>; at most the order total.</value>
    public Money Amount { get; }

    /// <summary>Creates the refund of a whole order: every unit of every line, shipping and taxes.</summary>
    /// <param name="id">The refund's identifier.</param>
    /// <param name="order">The order refunded.</param>
    /// <param name="refundedAt">When the money was paid back.</param>
    /// <returns>A refund whose <see cref="Amount"/> equals <see cref="Order.Total"/>. The order discount is spread over the
    /// lines in proportion to their net amounts (exactly: shares are rounded towards zero and the remainder goes to the lines that have room, largest first), and taxes are the adjustment.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="id"/> is unassigned or <paramref name="refundedAt"/> is before the order.</exception>
    public static Refund Full(RefundId id, Order order, Instant refundedAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        var count = order.Lines.Count;
        var shares = new decimal[count];
        DiscountAllocation.Allocate(order, shares);
        var lines = new RefundLine[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = new RefundLine(order.Lines[i].Id, order.Lines[i].Quantity, new Money(shares[i], order.Currency));
        }

        return new Refund(id, order, refundedAt, lines, order.Shipping, order.Tax);
    }
}
