namespace Retention;

/// <summary>
/// The part of a refund that returns units of one order line.
/// </summary>
/// <remarks>
/// <para>Checked here: quantity at least 1 and amount not negative. Checked against the order by <see cref="Refund"/>:
/// the line exists, the quantity is at most the ordered quantity, the amount at most the line's net amount.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class RefundLine
{
    /// <summary>Initializes a new refund line.</summary>
    /// <param name="lineItemId">The order line refunded.</param>
    /// <param name="quantity">The number of units returned, at least 1.</param>
    /// <param name="amount">The amount paid back for them; not negative.</param>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="lineItemId"/> is unassigned, <paramref name="quantity"/> is below 1 or <paramref name="amount"/> is negative.</exception>
    public RefundLine(LineItemId lineItemId, int quantity, Money amount)
    {
        Preconditions.CheckValue(!lineItemId.IsUnassigned, "lineItemId", lineItemId, "must be assigned");
        Preconditions.CheckValue(quantity > 0, "quantity", quantity, "must be at least 1");
        Preconditions.CheckNotNegative(amount, "amount");
        LineItemId = lineItemId;
        Quantity = quantity;
        Amount = amount;
    }

    /// <summary>Gets the order line refunded.</summary>
    /// <value>The line's identifier in its order.</value>
    public LineItemId LineItemId { get; }

    /// <summary>Gets the number of units returned.</summary>
    /// <value>At least 1.</value>
    public int Quantity { get; }

    /// <summary>Gets the amount paid back for the units.</summary>
    /// <value>Not negative; in the order's currency.</value>
    public Money Amount { get; }
}
