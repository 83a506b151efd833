using System.Collections.ObjectModel;
using System.Globalization;
using Retention.Loyalty;

namespace Retention.Shopify;

/// <summary>
/// Receives Shopify webhooks for one shop: verifies the signature, maps the payload, and applies the resulting events
/// to a <see cref="PointsLedger"/>, so that a redelivered webhook never awards twice.
/// </summary>
/// <remarks>
/// <para><b>Order of work.</b> (1) The <c>X-Shopify-Hmac-Sha256</c> header is checked against the raw body; a bad or
/// missing signature is <see cref="ShopifyWebhookStatus.Unauthorized"/> and nothing else happens. (2) A delivery whose
/// <c>X-Shopify-Webhook-Id</c> was processed before is a <see cref="ShopifyWebhookStatus.Duplicate"/>. (3) The payload is
/// mapped completely, refunds bound to their order, before any event reaches the ledger; a mapping error is
/// <see cref="ShopifyWebhookStatus.Malformed"/> and changes nothing. (4) The events are applied in time order.</para>
/// <para><b>Idempotency, two layers.</b> The handler remembers the webhook ids of deliveries it finished (applied,
/// ignored or duplicate; not refused or rejected ones, so Shopify's retry can still apply). Independently, every event
/// carries a ledger key derived from Shopify's ids: <c>order:</c> + order id for the order (from any order topic),
/// <c>refund:</c> + refund id (from <c>refunds/create</c> or from the <c>refunds</c> an order payload embeds),
/// <c>cancel:</c> + order id, and <c>shopify-customer:</c> + customer id for a sign-up. The ledger applies a key at most
/// once, so the same order sent as <c>orders/create</c>, then <c>orders/updated</c>, then redelivered under a new webhook
/// id still earns once, and a refund seen both in <c>refunds/create</c> and in <c>orders/updated</c> reverses once. The
/// webhook-id set lives in memory; the ledger keys are what survive a restart when the ledger is rebuilt from its events.</para>
/// <para><b>Orders the handler knows.</b> A refund payload names only its order's id, and a
/// <see cref="Refund"/> is validated against its order, so the handler keeps the first mapping of every order it
/// received (test and guest orders too, so that their refunds are ignored rather than refused). A refund of an order not
/// received yet is <see cref="ShopifyWebhookStatus.Refused"/>: Shopify retries it, and the retry applies once the order is in.</para>
/// <para><b>What earns nothing.</b> Test orders (<c>"test": true</c>) and guest checkouts (no customer id) are
/// <see cref="ShopifyWebhookStatus.Ignored"/> with the reason; so are topics other than those in <see cref="ShopifyTopics"/>.</para>
/// <para>Thread safety: mutable and not safe for concurrent use, like the ledger; serialize calls (one lock per shop).</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var handler = new ShopifyWebhookHandler(new PointsLedger(program), appSecret);
/// var result = handler.Handle(topic, bodyBytes, request.Headers["X-Shopify-Hmac-Sha256"], request.Headers["X-Shopify-Webhook-Id"]);
/// // result.Status: Applied, Duplicate, Ignored, Refused, Unauthorized or Malformed
/// ]]></code>
/// </example>
public sealed class ShopifyWebhookHandler
{
    /// <summary>The name of the header that identifies a delivery; Shopify sends the same value when it retries.</summary>
    public const string WebhookIdHeaderName = "X-Shopify-Webhook-Id";

    private readonly byte[] _key;
    private readonly HashSet<string> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ShopifyOrder> _orders = [];

    /// <summary>Initializes a handler that applies events to <paramref name="ledger"/>.</summary>
    /// <param name="ledger">The ledger of the shop's points program; its currency should be the shop currency.</param>
    /// <param name="secret">The app's client secret, which Shopify signs webhooks with.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ledger"/> or <paramref name="secret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="secret"/> is empty.</exception>
    public ShopifyWebhookHandler(PointsLedger ledger, string secret)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _key = ShopifyHmac.Key(secret);
        Ledger = ledger;
    }

    /// <summary>Gets the ledger the events are applied to.</summary>
    /// <value>The ledger given at construction.</value>
    public PointsLedger Ledger { get; }

    /// <summary>Verifies, maps and applies one webhook delivery.</summary>
    /// <param name="topic">The <c>X-Shopify-Topic</c> header, for example <c>orders/create</c>.</param>
    /// <param name="body">The raw body bytes, exactly as received.</param>
    /// <param name="hmacHeader">The <c>X-Shopify-Hmac-Sha256</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="webhookId">The <c>X-Shopify-Webhook-Id</c> header, or <see langword="null"/> when absent (then only the ledger keys protect against redelivery).</param>
    /// <returns>What was done, with the ledger's result for each event.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="topic"/> is <see langword="null"/>.</exception>
    /// <exception cref="OverflowException">Thrown when a points total would not fit in a 64-bit integer.</exception>
    public ShopifyWebhookResult Handle(string topic, ReadOnlyMemory<byte> body, string? hmacHeader, string? webhookId)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!ShopifyHmac.Verify(body.Span, hmacHeader, _key))
        {
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Unauthorized, "the X-Shopify-Hmac-Sha256 header is missing or does not sign the body");
        }

        if (webhookId is not null && _deliveries.Contains(webhookId))
        {
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Duplicate, "webhook " + webhookId + " was already processed");
        }

        ShopifyWebhookResult result;
        try
        {
            result = topic switch
            {
                ShopifyTopics.OrdersCreate or ShopifyTopics.OrdersUpdated or ShopifyTopics.OrdersCancelled => HandleOrder(body),
                ShopifyTopics.RefundsCreate => HandleRefund(body),
                ShopifyTopics.CustomersCreate => HandleCustomer(body),
                _ => new ShopifyWebhookResult(ShopifyWebhookStatus.Ignored, "topic \"" + topic + "\" is not mapped"),
            };
        }
        catch (ShopifyPayloadException e)
        {
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Malformed, e.Message, error: e);
        }

        if (webhookId is not null && result.Status != ShopifyWebhookStatus.Refused)
        {
            _deliveries.Add(webhookId);
        }

        return result;
    }

    private ShopifyWebhookResult HandleOrder(ReadOnlyMemory<byte> body)
    {
        var payload = ShopifyOrder.Parse(body);
        if (Unawarded(payload) is { } unawarded)
        {
            _orders.TryAdd(payload.Id, payload);
            return unawarded;
        }

        // Refunds bind to the order the ledger has (the first mapping), so they refer to the lines it earned on.
        var order = _orders.TryGetValue(payload.Id, out var first) ? first.Order : payload.Order;
        var events = new List<LoyaltyEvent> { new OrderPlaced(order) };
        foreach (var refund in payload.Refunds)
        {
            events.Add(new OrderRefunded(refund.ToRefund(order)));
        }

        if (payload.CancelledAt is { } cancelledAt)
        {
            events.Add(new OrderCancelled(order.Id, order.CustomerId!.Value, cancelledAt));
        }

        _orders.TryAdd(payload.Id, payload);

        // Time order; at one instant the order first, then its refunds, then the cancellation (a stable sort).
        return Apply([.. events.Select((e, i) => (Event: e, Index: i)).OrderBy(x => x.Event.At).ThenBy(x => Rank(x.Event)).ThenBy(x => x.Index).Select(x => x.Event)]);
    }

    private ShopifyWebhookResult HandleRefund(ReadOnlyMemory<byte> body)
    {
        var refund = ShopifyRefund.Parse(body);
        if (!_orders.TryGetValue(refund.OrderId, out var payload))
        {
            return new ShopifyWebhookResult(
                ShopifyWebhookStatus.Refused,
                Render($"order {refund.OrderId} of refund {refund.Id} has not been received yet; a retry applies the refund once it has"));
        }

        return Unawarded(payload) ?? Apply([new OrderRefunded(refund.ToRefund(payload.Order))]);
    }

    private ShopifyWebhookResult HandleCustomer(ReadOnlyMemory<byte> body)
    {
        // Shopify does not order deliveries: the customer's first order can arrive before customers/create, whose
        // created_at is then earlier than the customer's last event, which the ledger refuses. Retrying cannot heal that,
        // so the sign-up is applied at the earliest instant the ledger accepts (the order's time, usually seconds later).
        var customer = ShopifyCustomer.Parse(body);
        var signUp = customer.ToSignUp();
        var from = Ledger.AcceptsEventsFrom(customer.CustomerId);
        if (signUp.At >= from)
        {
            return Apply([signUp]);
        }

        var late = new ActionPerformed(new CustomerAction(signUp.Key, customer.CustomerId, ActionKind.SignUp, from));
        var result = Apply([late]);
        return result.Status == ShopifyWebhookStatus.Applied
            ? new ShopifyWebhookResult(
                result.Status,
                Render($"the sign-up at {signUp.At} arrived after the customer's events up to {from}: applied at {from}") + (result.Reason is null ? string.Empty : "; " + result.Reason),
                result.Events)
            : result;
    }

    private static ShopifyWebhookResult? Unawarded(ShopifyOrder payload) =>
        payload.IsTest ? new ShopifyWebhookResult(ShopifyWebhookStatus.Ignored, Render($"order {payload.Id} is a test order"))
        : payload.IsGuest ? new ShopifyWebhookResult(ShopifyWebhookStatus.Ignored, Render($"order {payload.Id} has no customer (guest checkout): nothing to award"))
        : null;

    private ShopifyWebhookResult Apply(IReadOnlyList<LoyaltyEvent> events)
    {
        var results = new ShopifyEventResult[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            results[i] = new ShopifyEventResult(events[i].Key, Ledger.Apply(events[i]));
        }

        var list = new ReadOnlyCollection<ShopifyEventResult>(results);
        if (results.FirstOrDefault(r => r.Result.Status == ApplyStatus.Refused) is { Key.IsUnassigned: false } refused)
        {
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Refused, refused.Key + ": " + refused.Result.Reason, list);
        }

        if (results.Any(r => r.Result.Status == ApplyStatus.Applied))
        {
            var notes = results.Where(r => r.Result.Status == ApplyStatus.Applied && r.Result.Reason is not null).Select(r => r.Key + ": " + r.Result.Reason).ToArray();
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Applied, notes.Length == 0 ? null : string.Join("; ", notes), list);
        }

        if (results.All(r => r.Result.Status == ApplyStatus.Duplicate))
        {
            return new ShopifyWebhookResult(ShopifyWebhookStatus.Duplicate, "every event was already applied: " + string.Join(", ", results.Select(r => r.Key.Value)), list);
        }

        var ignored = results.First(r => r.Result.Status == ApplyStatus.Ignored);
        return new ShopifyWebhookResult(ShopifyWebhookStatus.Ignored, ignored.Key + ": " + ignored.Result.Reason, list);
    }

    private static int Rank(LoyaltyEvent e) => e switch
    {
        OrderPlaced => 0,
        OrderRefunded => 1,
        _ => 2,
    };

    private static string Render(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
