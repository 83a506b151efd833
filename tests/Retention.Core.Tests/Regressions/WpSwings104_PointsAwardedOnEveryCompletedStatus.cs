using System.Text.Json.Nodes;
using Retention.Loyalty;
using Retention.Shopify;
using Retention.Tests.Shopify;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/wpswings/points-and-rewards-for-woocommerce/issues/104">wpswings/points-and-rewards-for-woocommerce#104</see>
/// ("Customer is getting product assigned points multiple time if completed the order status multiple time").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> The plugin awarded an order's points on the transition to "completed"; an admin
/// who moved the order out of "completed" and back (or saved it as completed again) paid the points again each time.</para>
/// <para><b>What the library does.</b> Every status change arrives as another <c>orders/updated</c> webhook with a new
/// webhook id, so the webhook-id layer cannot help; the order maps to the ledger key <c>order:</c> + Shopify order id,
/// which the ledger applies once. The first delivery earns; every later status change is a duplicate.</para>
/// <para><b>Mutation seen killed:</b> removing the duplicate-key check at the top of <c>PointsLedger.Apply</c> (the
/// handler's webhook-id set alone does not stop it, since each status change has its own webhook id).</para>
/// </remarks>
public sealed class WpSwings104_PointsAwardedOnEveryCompletedStatus
{
    [Fact]
    public void OrderCompletedThreeTimes_ThroughStatusChanges_EarnsOnce()
    {
        var handler = ShopifySamples.Handler();
        var customer = new CustomerId("42");
        string[] statuses = ["pending", "paid", "fulfilled", "refunded-then-reopened", "paid", "fulfilled"];
        var results = new List<ShopifyWebhookResult>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var order = JsonNode.Parse(ShopifySamples.MinimalOrder)!.AsObject();
            order["financial_status"] = statuses[i] == "fulfilled" ? "paid" : statuses[i];
            order["fulfillment_status"] = statuses[i] == "fulfilled" ? "fulfilled" : null;
            var topic = i == 0 ? ShopifyTopics.OrdersCreate : ShopifyTopics.OrdersUpdated;
            results.Add(handler.Deliver(topic, ShopifySamples.Bytes(order), "webhook-" + i));
        }

        Assert.Equal(ShopifyWebhookStatus.Applied, results[0].Status);
        Assert.Equal(20, results[0].Events.Single().Result.Change.Value);
        Assert.All(results.Skip(1), r => Assert.Equal(ShopifyWebhookStatus.Duplicate, r.Status));
        Assert.All(results.Skip(1), r => Assert.Equal(new ApplyResult(ApplyStatus.Duplicate, 0, null), r.Events.Single().Result));
        var entry = Assert.Single(handler.Ledger.History(customer));
        Assert.Equal(new Points(20), entry.Available);
        Assert.Equal(new EventKey("order:1001"), entry.Cause);
    }

    [Fact]
    public void SameStatusChangeRedeliveredWithItsWebhookId_IsADuplicateDelivery()
    {
        var handler = ShopifySamples.Handler();
        var body = ShopifySamples.Bytes(ShopifySamples.MinimalOrder);

        var first = handler.Deliver(ShopifyTopics.OrdersUpdated, body, "webhook-7");
        var retry = handler.Deliver(ShopifyTopics.OrdersUpdated, body, "webhook-7");

        Assert.Equal(ShopifyWebhookStatus.Applied, first.Status);
        Assert.Equal(ShopifyWebhookStatus.Duplicate, retry.Status);
        Assert.Equal("webhook webhook-7 was already processed", retry.Reason);
        Assert.Equal(new Points(20), handler.Ledger.GetBalance(new CustomerId("42"), NodaTime.Instant.FromUtc(2026, 4, 1, 0, 0)).Available);
    }
}
