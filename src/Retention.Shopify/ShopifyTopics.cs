namespace Retention.Shopify;

/// <summary>The webhook topics <see cref="ShopifyWebhookHandler"/> maps; subscribe to these (JSON format).</summary>
/// <remarks>Other topics are answered <see cref="ShopifyWebhookStatus.Ignored"/>.</remarks>
public static class ShopifyTopics
{
    /// <summary>The name of the header that carries the topic.</summary>
    public const string HeaderName = "X-Shopify-Topic";

    /// <summary>An order was created: it earns points (pending for the program's return window).</summary>
    public const string OrdersCreate = "orders/create";

    /// <summary>An order changed: earns if not seen yet, and applies its embedded refunds and cancellation.</summary>
    public const string OrdersUpdated = "orders/updated";

    /// <summary>An order was cancelled: its remaining points are reversed.</summary>
    public const string OrdersCancelled = "orders/cancelled";

    /// <summary>A refund was created: the order's points are reversed in proportion.</summary>
    public const string RefundsCreate = "refunds/create";

    /// <summary>A customer account was created: a sign-up bonus, when the program has one.</summary>
    public const string CustomersCreate = "customers/create";
}
