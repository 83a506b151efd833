using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace Retention.Shopify;

/// <summary>
/// A Shopify order webhook payload (topics <c>orders/create</c>, <c>orders/updated</c>, <c>orders/cancelled</c>) mapped
/// to the library's <see cref="Retention.Order"/>, with the Shopify facts the mapping does not carry: test flag,
/// cancellation, financial status and the refunds embedded in the payload.
/// </summary>
/// <remarks>
/// <para>Amounts are the shop-currency amounts (<c>*_set.shop_money</c>, or the plain fields when a payload has no
/// <c>*_set</c>); presentment amounts are not read, so points follow the shop currency. Every discount Shopify allocated
/// to a line (<c>discount_allocations</c>, including order-level codes spread across lines) is part of that line's
/// discount, so <see cref="Order.OrderDiscount"/> is zero. See <c>docs/shopify.md</c> for the whole field table.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class ShopifyOrder
{
    /// <summary>The category given to lines Shopify marks <c>gift_card: true</c>, so a program can exclude them.</summary>
    public const string GiftCardCategory = "shopify:gift-card";

    private ShopifyOrder(long id, long? customerId, bool isTest, Instant createdAt, Instant? cancelledAt, string? financialStatus, Currency presentmentCurrency, Order order, IReadOnlyList<ShopifyRefund> refunds)
    {
        Id = id;
        CustomerId = customerId;
        IsTest = isTest;
        CreatedAt = createdAt;
        CancelledAt = cancelledAt;
        FinancialStatus = financialStatus;
        PresentmentCurrency = presentmentCurrency;
        Order = order;
        Refunds = refunds;
    }

    /// <summary>Gets Shopify's order id.</summary>
    /// <value>The 64-bit id (<c>id</c>); <see cref="Order"/>'s <see cref="Retention.Order.Id"/> is its decimal text.</value>
    public long Id { get; }

    /// <summary>Gets Shopify's customer id.</summary>
    /// <value><c>customer.id</c>, or <see langword="null"/> for a guest checkout (no <c>customer</c>, or a customer without an id).</value>
    public long? CustomerId { get; }

    /// <summary>Gets whether the order is a guest checkout.</summary>
    /// <value><see langword="true"/> when <see cref="CustomerId"/> is <see langword="null"/>: such an order earns nothing.</value>
    public bool IsGuest => CustomerId is null;

    /// <summary>Gets whether Shopify marked the order as a test (<c>"test": true</c>).</summary>
    /// <value>Test orders are ignored by <see cref="ShopifyWebhookHandler"/>.</value>
    public bool IsTest { get; }

    /// <summary>Gets when the order was created.</summary>
    /// <value><c>created_at</c>, offset applied.</value>
    public Instant CreatedAt { get; }

    /// <summary>Gets when the order was cancelled.</summary>
    /// <value><c>cancelled_at</c>, or <see langword="null"/> when it is not cancelled.</value>
    public Instant? CancelledAt { get; }

    /// <summary>Gets Shopify's financial status.</summary>
    /// <value><c>financial_status</c> as given (<c>paid</c>, <c>pending</c>, <c>partially_refunded</c>, ...), or <see langword="null"/>.</value>
    public string? FinancialStatus { get; }

    /// <summary>Gets the currency the customer saw.</summary>
    /// <value><c>presentment_currency</c>, or the shop currency when absent. Informational: no amount is read in it.</value>
    public Currency PresentmentCurrency { get; }

    /// <summary>Gets the mapped order, in the shop currency.</summary>
    /// <value>The order; its <see cref="Retention.Order.CustomerId"/> is <see langword="null"/> for a guest checkout.</value>
    public Order Order { get; }

    /// <summary>Gets the refunds embedded in the payload (<c>refunds</c>), in payload order.</summary>
    /// <value>Possibly empty; each can be bound to <see cref="Order"/> with <see cref="ShopifyRefund.ToRefund(Retention.Order)"/>.</value>
    public IReadOnlyList<ShopifyRefund> Refunds { get; }

    /// <summary>Maps an order payload.</summary>
    /// <param name="utf8Json">The raw webhook body.</param>
    /// <returns>The mapped order.</returns>
    /// <exception cref="ShopifyPayloadException">Thrown when the body is not valid JSON, a required field is missing,
    /// a value has the wrong type or is out of range, or the order breaks a rule of <see cref="Retention.Order"/>; the
    /// exception names the JSON path and value.</exception>
    public static ShopifyOrder Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Json.Parse(utf8Json);
        try
        {
            return Read(document.RootElement, "$");
        }
        catch (OverflowException e)
        {
            throw new ShopifyPayloadException("$", null, "holds amounts whose sum or product is too large for a decimal", e);
        }
    }

    internal static ShopifyOrder Read(JsonElement root, string path)
    {
        Json.Object(root, path);
        var id = Json.Id(Json.Required(root, path, "id"), path + ".id");
        var shop = Json.CurrencyCode(Json.Required(root, path, "currency"), path + ".currency");
        var presentment = Json.Optional(root, "presentment_currency") is { } p ? Json.CurrencyCode(p, path + ".presentment_currency") : shop;
        var isTest = Json.Boolean(root, path, "test", false);
        var createdAt = Json.Time(Json.Required(root, path, "created_at"), path + ".created_at");
        var cancelledAt = Json.OptionalTime(root, path, "cancelled_at");
        var financialStatus = Json.OptionalString(root, path, "financial_status");
        var fulfillmentStatus = Json.OptionalString(root, path, "fulfillment_status");

        long? customerId = null;
        if (Json.Optional(root, "customer") is { } customer)
        {
            Json.Object(customer, path + ".customer");
            customerId = Json.OptionalId(customer, path + ".customer", "id");
        }

        Currency? currency = shop;
        var lines = new List<OrderLine>();
        foreach (var (item, itemPath, _) in Json.Array(root, path, "line_items"))
        {
            lines.Add(ReadLine(item, itemPath, ref currency));
        }

        if (lines.Count == 0)
        {
            throw new ShopifyPayloadException(path + ".line_items", Json.Optional(root, "line_items") is { } l ? Json.Text(l) : null, "must hold at least one line item");
        }

        var shipping = 0m;
        foreach (var (item, itemPath, _) in Json.Array(root, path, "shipping_lines"))
        {
            Json.Object(item, itemPath);
            var price = Json.ShopAmount(item, itemPath, "price", ref currency) ?? 0m;
            var discount = Allocations(item, itemPath, ref currency);
            if (discount > price)
            {
                throw new ShopifyPayloadException(itemPath + ".discount_allocations", Render(discount), "exceed the shipping line's price " + Render(price));
            }

            shipping += price - discount;
        }

        var tax = Json.ShopAmount(root, path, "total_tax", ref currency) ?? 0m;

        var status = cancelledAt is not null || financialStatus == "voided" ? OrderStatus.Cancelled
            : financialStatus is "pending" or "authorized" ? OrderStatus.Pending
            : fulfillmentStatus == "fulfilled" ? OrderStatus.Fulfilled
            : OrderStatus.Paid;

        var refunds = new List<ShopifyRefund>();
        foreach (var (item, itemPath, _) in Json.Array(root, path, "refunds"))
        {
            refunds.Add(ShopifyRefund.Read(item, itemPath));
        }

        Order order;
        try
        {
            order = new Order(
                new OrderId(Text(id)),
                customerId is { } c ? new CustomerId(Text(c)) : null,
                createdAt,
                shop,
                lines,
                shipping: new Money(shipping, shop),
                tax: new Money(tax, shop),
                status: status);
        }
        catch (RetentionException e)
        {
            throw new ShopifyPayloadException(path, null, "does not make a valid order: " + e.Message, e);
        }

        return new ShopifyOrder(id, customerId, isTest, createdAt, cancelledAt, financialStatus, presentment, order, new ReadOnlyCollection<ShopifyRefund>(refunds));
    }

    private static OrderLine ReadLine(JsonElement item, string path, ref Currency? currency)
    {
        Json.Object(item, path);
        var id = Json.Id(Json.Required(item, path, "id"), path + ".id");
        var productId = Json.OptionalId(item, path, "product_id");
        var quantity = Json.Count(Json.Required(item, path, "quantity"), path + ".quantity", 1);
        var price = Json.ShopAmount(item, path, "price", ref currency) ?? throw new ShopifyPayloadException(path + ".price", null, "is missing but required");
        decimal discount;
        if (Json.Optional(item, "discount_allocations") is not null)
        {
            discount = Allocations(item, path, ref currency);
        }
        else
        {
            discount = Json.ShopAmount(item, path, "total_discount", ref currency) ?? 0m;
        }

        var shop = currency!.Value;
        var gross = price * quantity;
        if (discount > gross)
        {
            throw new ShopifyPayloadException(path, Render(discount), "discount exceeds the line's gross amount " + Render(gross));
        }

        return new OrderLine(
            new LineItemId(Text(id)),
            new ProductId(productId is { } p ? Text(p) : "line-item:" + Text(id)),
            quantity,
            new Money(price, shop),
            new Money(discount, shop),
            Json.Boolean(item, path, "gift_card", false) ? new CategoryId(GiftCardCategory) : null);
    }

    /// <summary>Sums a line's <c>discount_allocations[].amount_set.shop_money</c> (or <c>amount</c>).</summary>
    private static decimal Allocations(JsonElement item, string path, ref Currency? currency)
    {
        var total = 0m;
        foreach (var (allocation, allocationPath, _) in Json.Array(item, path, "discount_allocations"))
        {
            Json.Object(allocation, allocationPath);
            total += Json.ShopAmount(allocation, allocationPath, "amount", ref currency) ?? 0m;
        }

        return total;
    }

    internal static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Render(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
}
