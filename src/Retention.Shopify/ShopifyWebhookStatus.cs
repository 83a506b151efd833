namespace Retention.Shopify;

/// <summary>What <see cref="ShopifyWebhookHandler"/> did with one delivery.</summary>
/// <remarks>
/// Suggested HTTP answers: <see cref="Applied"/>, <see cref="Duplicate"/> and <see cref="Ignored"/> 200 (Shopify stops
/// retrying); <see cref="Refused"/> 409 or 503 (Shopify retries, which is what an order not received yet needs);
/// <see cref="Unauthorized"/> 401; <see cref="Malformed"/> 400.
/// </remarks>
public enum ShopifyWebhookStatus
{
    /// <summary>At least one event changed the ledger and none was refused.</summary>
    Applied = 0,

    /// <summary>The delivery (by <c>X-Shopify-Webhook-Id</c>) was processed before, or every event it maps to was already applied; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>Valid, but nothing to award or reverse: a test order, a guest checkout, an unhandled topic, or events the ledger ignored.</summary>
    Ignored = 2,

    /// <summary>The ledger refused an event (for example a refund of an order not received yet, or an event out of time order); the delivery is not remembered, so a retry can apply.</summary>
    Refused = 3,

    /// <summary>The <c>X-Shopify-Hmac-Sha256</c> header is missing or wrong; nothing was read.</summary>
    Unauthorized = 4,

    /// <summary>The body cannot be mapped (see <see cref="ShopifyWebhookResult.Error"/>); nothing changed.</summary>
    Malformed = 5,
}
