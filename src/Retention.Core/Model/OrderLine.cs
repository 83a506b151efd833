namespace Retention;

/// <summary>
/// One line of an order: a product, a quantity, a unit price and the discount given on the line.
/// </summary>
/// <remarks>
/// <para>Invariants checked at construction: quantity is positive; the unit price and the discount are not negative, are in
/// the same currency, and the discount does not exceed <see cref="Gross"/>.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class OrderLine
{
    /// <summary>Initializes a new order line.</summary>
    /// <param name="id">The line's identifier, unique within its order.</param>
    /// <param name="productId">The product sold.</param>
    /// <param name="quantity">The number of units, at least 1.</param>
    /// <param name="unitPrice">The price of one unit before discounts; not negative.</param>
    /// <param name="discount">The discount on the whole line; <see langword="null"/> means none. Not negative, at most <paramref name="quantity"/> x <paramref name="unitPrice"/>.</param>
    /// <param name="category">The product's category, when known.</param>
    /// <exception cref="InvalidValueException">Thrown when an identifier is unassigned, the quantity is not positive, an amount is negative, or the discount exceeds the line's gross amount.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when <paramref name="discount"/> is not in the currency of <paramref name="unitPrice"/>.</exception>
    /// <exception cref="OverflowException">Thrown when <paramref name="quantity"/> x <paramref name="unitPrice"/> overflows.</exception>
    public OrderLine(LineItemId id, ProductId productId, int quantity, Money unitPrice, Money? discount = null, CategoryId? category = null)
    {
        Preconditions.CheckValue(!id.IsUnassigned, "lineItemId", id, "must be assigned");
        Preconditions.CheckValue(!productId.IsUnassigned, "productId", productId, "must be assigned");
        Preconditions.CheckValue(quantity > 0, "quantity", quantity, "must be at least 1");
        Preconditions.CheckNotNegative(unitPrice, "unitPrice");
        Preconditions.CheckValue(category is null || !category.Value.IsUnassigned, "category", category, "must be assigned when given");
        var lineDiscount = discount ?? Money.Zero(unitPrice.Currency);
        Preconditions.CheckCurrency(lineDiscount, unitPrice.Currency, "discount");
        Preconditions.CheckNotNegative(lineDiscount, "discount");
        var gross = unitPrice * quantity;
        if (lineDiscount > gross)
        {
            Preconditions.ThrowInvalid("discount", lineDiscount, "must not exceed the line's gross amount " + Preconditions.Render(gross));
        }

        Id = id;
        ProductId = productId;
        Quantity = quantity;
        UnitPrice = unitPrice;
        Discount = lineDiscount;
        Category = category;
        Gross = gross;
    }

    /// <summary>Gets the line's identifier.</summary>
    /// <value>Unique within its order; refunds refer to lines by it.</value>
    public LineItemId Id { get; }

    /// <summary>Gets the product sold.</summary>
    /// <value>The product identifier.</value>
    public ProductId ProductId { get; }

    /// <summary>Gets the number of units.</summary>
    /// <value>At least 1.</value>
    public int Quantity { get; }

    /// <summary>Gets the price of one unit before discounts.</summary>
    /// <value>Not negative.</value>
    public Money UnitPrice { get; }

    /// <summary>Gets the discount on the whole line.</summary>
    /// <value>Zero when none was given; never more than <see cref="Gross"/>.</value>
    public Money Discount { get; }

    /// <summary>Gets the product's category.</summary>
    /// <value><see langword="null"/> when unknown.</value>
    public CategoryId? Category { get; }

    /// <summary>Gets the currency of the line.</summary>
    /// <value>The currency of <see cref="UnitPrice"/>.</value>
    public Currency Currency => UnitPrice.Currency;

    /// <summary>Gets the amount before the line discount.</summary>
    /// <value><see cref="Quantity"/> x <see cref="UnitPrice"/>.</value>
    public Money Gross { get; }

    /// <summary>Gets the amount after the line discount.</summary>
    /// <value><see cref="Gross"/> - <see cref="Discount"/>; never negative.</value>
    public Money Net => Gross - Discount;
}
