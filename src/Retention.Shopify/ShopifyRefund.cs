using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace Retention.Shopify;

/// <summary>
/// A Shopify refund payload (topic <c>refunds/create</c>, or an element of an order's <c>refunds</c>), read before the
/// order it refunds is known; <see cref="ToRefund(Order)"/> binds it to that order.
/// </summary>
/// <remarks>
/// <para>Amounts are in the shop currency: each line's <c>subtotal_set.shop_money</c> (or <c>subtotal</c>) and
/// <c>total_tax_set.shop_money</c> (or <c>total_tax</c>); shipping paid back comes from <c>order_adjustments</c> of kind
/// <c>shipping_refund</c>. Transactions are not read: they carry what moved on the payment, which in Shopify's own
/// examples does not add up to the lines.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class ShopifyRefund
{
    private ShopifyRefund(long id, long orderId, Instant createdAt, Currency? currency, IReadOnlyList<ShopifyRefundLine> lines, decimal shipping)
    {
        Id = id;
        OrderId = orderId;
        CreatedAt = createdAt;
        Currency = currency;
        Lines = lines;
        Shipping = shipping;
    }

    /// <summary>Gets Shopify's refund id.</summary>
    /// <value>The 64-bit <c>id</c>; the library's <see cref="RefundId"/> is its decimal text.</value>
    public long Id { get; }

    /// <summary>Gets the id of the order refunded.</summary>
    /// <value>The 64-bit <c>order_id</c>.</value>
    public long OrderId { get; }

    /// <summary>Gets when the refund was created.</summary>
    /// <value><c>created_at</c>, offset applied.</value>
    public Instant CreatedAt { get; }

    /// <summary>Gets the shop currency named by the payload's <c>shop_money</c> amounts.</summary>
    /// <value>The currency, or <see langword="null"/> when the payload has only plain amounts (no <c>*_set</c>).</value>
    public Currency? Currency { get; }

    /// <summary>Gets the refunded lines (<c>refund_line_items</c>), in payload order.</summary>
    /// <value>Possibly empty (a shipping-only refund).</value>
    public IReadOnlyList<ShopifyRefundLine> Lines { get; }

    /// <summary>Gets the shipping paid back, in the shop currency.</summary>
    /// <value>The sum of the <c>shipping_refund</c> order adjustments, made positive; zero when none.</value>
    public decimal Shipping { get; }

    /// <summary>Maps a refund payload.</summary>
    /// <param name="utf8Json">The raw webhook body.</param>
    /// <returns>The mapped refund, not yet bound to its order.</returns>
    /// <exception cref="ShopifyPayloadException">Thrown when the body is not valid JSON, a required field is missing,
    /// or a value has the wrong type or is out of range; the exception names the JSON path and value.</exception>
    public static ShopifyRefund Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Json.Parse(utf8Json);
        try
        {
            return Read(document.RootElement, "$");
        }
        catch (OverflowException e)
        {
            throw new ShopifyPayloadException("$", null, "holds amounts whose sum is too large for a decimal", e);
        }
    }

    /// <summary>Builds the library's refund of <paramref name="order"/>.</summary>
    /// <param name="order">The order refunded; its id must be <see cref="OrderId"/>.</param>
    /// <returns>The refund, in the order's currency.</returns>
    /// <remarks>
    /// A line's amount is capped at the order line's net amount, and the refunded taxes (passed as the refund's
    /// adjustment) at what the order total leaves: Shopify rounds discount allocations and refund subtotals per line,
    /// so a refund line can exceed the line's net by a cent (Shopify's own example refund does).
    /// </remarks>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/> is <see langword="null"/>.</exception>
    /// <exception cref="ShopifyPayloadException">Thrown when the refund is of another order, in another currency,
    /// earlier than the order, refunds a line the order does not have, or returns more units than were ordered.</exception>
    public Refund ToRefund(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Id.Value != ShopifyOrder.Text(OrderId))
        {
            throw new ShopifyPayloadException("$.order_id", ShopifyOrder.Text(OrderId), "is not the order given (" + order.Id.Value + ")");
        }

        if (Currency is { } currency && currency != order.Currency)
        {
            throw new ShopifyPayloadException("$.refund_line_items", "\"" + currency.Code + "\"", "is not the order's currency " + order.Currency.Code);
        }

        if (CreatedAt < order.PlacedAt)
        {
            throw new ShopifyPayloadException("$.created_at", CreatedAt.ToString(), "is before the order was created at " + order.PlacedAt.ToString());
        }

        var lines = new List<RefundLine>();
        var amount = 0m;
        var tax = 0m;
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var path = "$.refund_line_items[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            var lineItemId = new LineItemId(ShopifyOrder.Text(line.LineItemId));
            var ordered = order.FindLine(lineItemId)
                ?? throw new ShopifyPayloadException(path + ".line_item_id", lineItemId.Value, "is not a line of order " + order.Id.Value);
            if (line.Quantity > ordered.Quantity)
            {
                throw new ShopifyPayloadException(path + ".quantity", line.Quantity.ToString(CultureInfo.InvariantCulture), "exceeds the ordered quantity " + ordered.Quantity.ToString(CultureInfo.InvariantCulture));
            }

            var lineAmount = Math.Min(line.Subtotal, ordered.Net.Amount);
            amount += lineAmount;
            tax += line.Tax;
            lines.Add(new RefundLine(lineItemId, line.Quantity, new Money(lineAmount, order.Currency)));
        }

        var shipping = Math.Min(Shipping, order.Shipping.Amount);
        var adjustment = Math.Max(0m, Math.Min(tax, order.Total.Amount - amount - shipping));
        try
        {
            return new Refund(new RefundId(ShopifyOrder.Text(Id)), order, CreatedAt, lines, new Money(shipping, order.Currency), new Money(adjustment, order.Currency));
        }
        catch (RetentionException e)
        {
            throw new ShopifyPayloadException("$", null, "does not make a valid refund of order " + order.Id.Value + ": " + e.Message, e);
        }
    }

    internal static ShopifyRefund Read(JsonElement root, string path)
    {
        Json.Object(root, path);
        var id = Json.Id(Json.Required(root, path, "id"), path + ".id");
        var orderId = Json.Id(Json.Required(root, path, "order_id"), path + ".order_id");
        var createdAt = Json.Time(Json.Required(root, path, "created_at"), path + ".created_at");
        Currency? currency = null;
        var lines = new List<ShopifyRefundLine>();
        foreach (var (item, itemPath, _) in Json.Array(root, path, "refund_line_items"))
        {
            Json.Object(item, itemPath);
            var lineItemId = Json.Id(Json.Required(item, itemPath, "line_item_id"), itemPath + ".line_item_id");
            var quantity = Json.Count(Json.Required(item, itemPath, "quantity"), itemPath + ".quantity", 1);
            var subtotal = Json.ShopAmount(item, itemPath, "subtotal", ref currency) ?? throw new ShopifyPayloadException(itemPath + ".subtotal", null, "is missing but required");
            var tax = Json.ShopAmount(item, itemPath, "total_tax", ref currency) ?? 0m;
            lines.Add(new ShopifyRefundLine(lineItemId, quantity, subtotal, tax));
        }

        var shipping = 0m;
        foreach (var (item, itemPath, _) in Json.Array(root, path, "order_adjustments"))
        {
            Json.Object(item, itemPath);
            if (Json.OptionalString(item, itemPath, "kind") == "shipping_refund")
            {
                shipping += Math.Abs(Json.ShopAmount(item, itemPath, "amount", ref currency, allowNegative: true) ?? 0m);
            }
        }

        return new ShopifyRefund(id, orderId, createdAt, currency, new ReadOnlyCollection<ShopifyRefundLine>(lines), shipping);
    }
}

/// <summary>One refunded line of a <see cref="ShopifyRefund"/>.</summary>
/// <remarks>Equality compares all members. Thread safety: immutable value type.</remarks>
/// <param name="LineItemId">The order line refunded (<c>line_item_id</c>).</param>
/// <param name="Quantity">The units returned (<c>quantity</c>), at least 1.</param>
/// <param name="Subtotal">The amount paid back for them before tax, in the shop currency (<c>subtotal_set.shop_money</c>).</param>
/// <param name="Tax">The tax paid back for them, in the shop currency (<c>total_tax_set.shop_money</c>).</param>
public readonly record struct ShopifyRefundLine(long LineItemId, int Quantity, decimal Subtotal, decimal Tax);
