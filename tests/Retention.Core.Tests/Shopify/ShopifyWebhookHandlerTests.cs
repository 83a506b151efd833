using System.Text.Json.Nodes;
using NodaTime;
using Retention.Loyalty;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>The handler end to end on Shopify's example payloads: signatures, redelivery, refunds, cancellations, test and guest orders.</summary>
public sealed class ShopifyWebhookHandlerTests
{
    private static readonly CustomerId Customer1073339459 = new("1073339459");
    private static readonly CustomerId Bob = new("207119551");
    private static readonly Instant Later = Instant.FromUtc(2030, 1, 1, 0, 0);

    [Fact]
    public void Handle_OrdersCreate_AwardsTheOrderInTheShopCurrency()
    {
        var handler = Handler();

        var result = handler.Deliver(ShopifyTopics.OrdersCreate, Fixture(PaidWithCustomer), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Applied, result.Status);
        Assert.Equal("Applied +199 pts", result.ToString());
        var single = Assert.Single(result.Events);
        Assert.Equal(new EventKey("order:1073459964"), single.Key);
        Assert.Equal(ApplyStatus.Applied, single.Result.Status);
        Assert.Equal(new Points(199), handler.Ledger.GetBalance(Customer1073339459, Later).Available);
    }

    [Fact]
    public void Handle_SameWebhookIdTwice_IsADuplicateDelivery_AndChangesNothing()
    {
        var handler = Handler();
        var body = Fixture(PaidWithCustomer);
        handler.Deliver(ShopifyTopics.OrdersCreate, body, "w-1");
        var before = Snapshot(handler.Ledger);

        var again = handler.Deliver(ShopifyTopics.OrdersCreate, body, "w-1");

        Assert.Equal(ShopifyWebhookStatus.Duplicate, again.Status);
        Assert.Equal("webhook w-1 was already processed", again.Reason);
        Assert.Empty(again.Events);
        Assert.Equal(before, Snapshot(handler.Ledger));
    }

    [Theory]
    [InlineData(ShopifyTopics.OrdersCreate, "w-2")]
    [InlineData(ShopifyTopics.OrdersUpdated, "w-3")]
    [InlineData(ShopifyTopics.OrdersCreate, null)]
    public void Handle_SameOrderUnderAnotherWebhookId_IsADuplicateByOrderId(string topic, string? webhookId)
    {
        var handler = Handler();
        var body = Fixture(PaidWithCustomer);
        handler.Deliver(ShopifyTopics.OrdersCreate, body, "w-1");
        var before = Snapshot(handler.Ledger);

        var again = handler.Deliver(topic, body, webhookId);

        Assert.Equal(ShopifyWebhookStatus.Duplicate, again.Status);
        Assert.Equal(ApplyStatus.Duplicate, Assert.Single(again.Events).Result.Status);
        Assert.Equal(Points.Zero, again.Change);
        Assert.Equal(before, Snapshot(handler.Ledger));
    }

    [Fact]
    public void Handle_OrderWithEmbeddedRefund_EarnsThenReverses_AndRefundsCreateOfThatRefundIsADuplicate()
    {
        var handler = Handler();

        var created = handler.Deliver(ShopifyTopics.OrdersUpdated, Fixture(PartiallyRefunded), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Applied, created.Status);
        Assert.Equal(
            [("order:450789469", ApplyStatus.Applied), ("refund:509562969", ApplyStatus.Applied)],
            created.Events.Select(e => (e.Key.Value, e.Result.Status)));
        Assert.True(created.Events[0].Result.Change.Value > 0);
        Assert.True(created.Events[1].Result.Change.Value < 0);
        var balance = handler.Ledger.GetBalance(Bob, Later);
        Assert.Equal(created.Events[0].Result.Change, balance.Earned);
        Assert.Equal(-created.Events[1].Result.Change.Value, balance.Reversed.Value);
        var before = Snapshot(handler.Ledger);

        var refund = handler.Deliver(ShopifyTopics.RefundsCreate, Fixture(RefundTwoLines), "w-2");

        Assert.Equal(ShopifyWebhookStatus.Duplicate, refund.Status);
        Assert.Equal(new EventKey("refund:509562969"), Assert.Single(refund.Events).Key);
        Assert.Equal(before, Snapshot(handler.Ledger));
    }

    [Fact]
    public void Handle_RefundBeforeItsOrder_IsRefusedAndNotRemembered_SoTheRetryAppliesOnceTheOrderIsIn()
    {
        var handler = Handler();
        var withoutRefunds = FixtureNode(PartiallyRefunded);
        withoutRefunds["refunds"] = new JsonArray();

        var early = handler.Deliver(ShopifyTopics.RefundsCreate, Fixture(RefundTwoLines), "w-refund");

        Assert.Equal(ShopifyWebhookStatus.Refused, early.Status);
        Assert.Equal("order 450789469 of refund 509562969 has not been received yet; a retry applies the refund once it has", early.Reason);
        Assert.Equal(0, handler.Ledger.CustomerCount);

        var order = handler.Deliver(ShopifyTopics.OrdersCreate, Bytes(withoutRefunds), "w-order");
        var retry = handler.Deliver(ShopifyTopics.RefundsCreate, Fixture(RefundTwoLines), "w-refund");

        Assert.Equal(ShopifyWebhookStatus.Applied, order.Status);
        Assert.Equal(ShopifyWebhookStatus.Applied, retry.Status);
        Assert.Equal(new EventKey("refund:509562969"), Assert.Single(retry.Events).Key);
        Assert.True(retry.Change.Value < 0);
        Assert.Equal(ShopifyWebhookStatus.Duplicate, handler.Deliver(ShopifyTopics.RefundsCreate, Fixture(RefundTwoLines), "w-refund").Status);
    }

    [Fact]
    public void Handle_OrdersCancelled_ReversesEveryPointOfTheOrder()
    {
        var handler = Handler();
        handler.Deliver(ShopifyTopics.OrdersCreate, Fixture(PaidWithCustomer), "w-1");
        var cancelled = FixtureNode(PaidWithCustomer);
        cancelled["cancelled_at"] = "2024-04-03T10:00:00-00:00";
        cancelled["cancel_reason"] = "customer";

        var result = handler.Deliver(ShopifyTopics.OrdersCancelled, Bytes(cancelled), "w-2");

        Assert.Equal(ShopifyWebhookStatus.Applied, result.Status);
        Assert.Equal(
            [("order:1073459964", ApplyStatus.Duplicate, 0L), ("cancel:1073459964", ApplyStatus.Applied, -199L)],
            result.Events.Select(e => (e.Key.Value, e.Result.Status, e.Result.Change.Value)));
        var balance = handler.Ledger.GetBalance(Customer1073339459, Later);
        Assert.Equal(Points.Zero, balance.Available);
        Assert.Equal(new Points(199), balance.Reversed);
        var entry = handler.Ledger.History(Customer1073339459)[^1];
        Assert.Equal(Instant.FromUtc(2024, 4, 3, 10, 0), entry.At);
        Assert.Equal("cancellation", entry.Rule);
    }

    [Fact]
    public void Handle_OrdersCancelled_OfAnOrderNeverReceived_IsIgnored()
    {
        var handler = Handler();
        var cancelled = FixtureNode(PaidWithCustomer);
        cancelled["cancelled_at"] = "2024-04-03T10:00:00-00:00";

        var result = handler.Deliver(ShopifyTopics.OrdersCancelled, Bytes(cancelled), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Ignored, result.Status);
        Assert.Equal(
            [("order:1073459964", "order 1073459964 is cancelled"), ("cancel:1073459964", "order 1073459964 earned no points in this ledger")],
            result.Events.Select(e => (e.Key.Value, e.Result.Reason)));
        Assert.Equal(0, handler.Ledger.EntryCount);
    }

    [Fact]
    public void Handle_TestOrder_IsIgnored_AndItsRefundIsIgnoredToo()
    {
        var handler = Handler();
        var order = handler.Deliver(ShopifyTopics.OrdersCancelled, Fixture(CancelledVoided), "w-1");
        var refund = handler.Deliver(ShopifyTopics.RefundsCreate, Bytes("""{"id": 77, "order_id": 123456, "created_at": "2016-05-18T00:00:00Z"}"""), "w-2");

        Assert.Equal(ShopifyWebhookStatus.Ignored, order.Status);
        Assert.Equal("order 123456 is a test order", order.Reason);
        Assert.Equal(ShopifyWebhookStatus.Ignored, refund.Status);
        Assert.Equal("order 123456 is a test order", refund.Reason);
        Assert.Equal(0, handler.Ledger.CustomerCount);
        Assert.Equal(0, handler.Ledger.EntryCount);
    }

    [Fact]
    public void Handle_GuestCheckout_IsIgnoredWithNothingToAward()
    {
        var handler = Handler(PointsProgram.CreateBuilder("Punkte", Currency.Eur, DateTimeZone.Utc).Build());

        var result = handler.Deliver(ShopifyTopics.OrdersCreate, Fixture(GuestEur), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Ignored, result.Status);
        Assert.Equal("order 1073459975 has no customer (guest checkout): nothing to award", result.Reason);
        Assert.Empty(result.Events);
        Assert.Equal(0, handler.Ledger.CustomerCount);
    }

    [Fact]
    public void Handle_OrderInAnotherCurrencyThanTheProgram_IsRefusedByTheLedger()
    {
        var handler = Handler();
        var eur = FixtureNode(GuestEur);
        eur["customer"] = JsonNode.Parse("""{"id": 5}""");

        var result = handler.Deliver(ShopifyTopics.OrdersCreate, Bytes(eur), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Refused, result.Status);
        Assert.Equal("order:1073459975: order 1073459975 is in EUR, the program in USD", result.Reason);
    }

    [Theory]
    [InlineData("unsigned")]
    [InlineData("tampered")]
    [InlineData("wrong secret")]
    public void Handle_BadSignature_IsUnauthorized_ChangesNothing_AndDoesNotBurnTheWebhookId(string how)
    {
        var handler = Handler();
        var body = Fixture(PaidWithCustomer);
        var sent = (byte[])body.Clone();
        var header = how switch
        {
            "unsigned" => null,
            "wrong secret" => Sign(body, "not the secret"),
            _ => Sign(body),
        };
        if (how == "tampered")
        {
            // "199.00" -> "999.00" in the first price, after signing.
            var text = System.Text.Encoding.UTF8.GetString(sent);
            sent = System.Text.Encoding.UTF8.GetBytes(text.Replace("\"price\": \"199.00\"", "\"price\": \"999.00\"", StringComparison.Ordinal));
            Assert.NotEqual(body, sent);
        }

        var result = handler.Handle(ShopifyTopics.OrdersCreate, sent, header, "w-1");

        Assert.Equal(ShopifyWebhookStatus.Unauthorized, result.Status);
        Assert.Equal(0, handler.Ledger.CustomerCount);
        Assert.Equal(ShopifyWebhookStatus.Applied, handler.Deliver(ShopifyTopics.OrdersCreate, body, "w-1").Status);
    }

    [Fact]
    public void Handle_CustomersCreate_PaysTheSignUpBonusOnce()
    {
        var handler = Handler(UsdProgram(signUpBonus: new Points(50)));
        var body = Bytes("""{"id": 820982911946154508, "created_at": "2026-03-01T10:00:00-05:00", "email": "x@example.com"}""");

        var first = handler.Deliver(ShopifyTopics.CustomersCreate, body, "w-1");
        var redelivered = handler.Deliver(ShopifyTopics.CustomersCreate, body, "w-2");

        Assert.Equal("Applied +50 pts", first.ToString());
        Assert.Equal(ShopifyWebhookStatus.Duplicate, redelivered.Status);
        Assert.Equal(new Points(50), handler.Ledger.GetBalance(new CustomerId("820982911946154508"), Later).Available);
    }

    [Fact]
    public void Handle_CustomersCreateAfterTheCustomersFirstOrder_PaysTheSignUpAtTheOrdersInstant_Once()
    {
        // Shopify does not order deliveries: the order (created 2024-04-02T14:03:41Z) arrives before customers/create
        // (created a minute earlier), which the ledger alone would refuse as out of order, for ever.
        var handler = Handler(UsdProgram(signUpBonus: new Points(50)));
        Assert.Equal(ShopifyWebhookStatus.Applied, handler.Deliver(ShopifyTopics.OrdersCreate, Fixture(PaidWithCustomer), "w-1").Status);
        var orderAt = Instant.FromUtc(2024, 4, 2, 14, 3, 41);
        Assert.Equal(orderAt, handler.Ledger.AcceptsEventsFrom(Customer1073339459));
        var body = Bytes("""{"id": 1073339459, "created_at": "2024-04-02T09:02:41-05:00"}""");

        var signUp = handler.Deliver(ShopifyTopics.CustomersCreate, body, "w-2");
        var redelivered = handler.Deliver(ShopifyTopics.CustomersCreate, body, "w-3");

        Assert.Equal(ShopifyWebhookStatus.Applied, signUp.Status);
        Assert.Equal(new Points(50), signUp.Change);
        Assert.Equal("the sign-up at 2024-04-02T14:02:41Z arrived after the customer's events up to 2024-04-02T14:03:41Z: applied at 2024-04-02T14:03:41Z", signUp.Reason);
        Assert.Equal(ShopifyWebhookStatus.Duplicate, redelivered.Status);
        Assert.Equal(new Points(249), handler.Ledger.GetBalance(Customer1073339459, Later).Available);
        var entry = Assert.Single(handler.Ledger.History(Customer1073339459), e => e.Cause == new EventKey("shopify-customer:1073339459"));
        Assert.Equal(orderAt, entry.At);
    }

    [Fact]
    public void Handle_UnmappedTopic_IsIgnored()
    {
        var result = Handler().Deliver("products/create", Bytes("""{"id": 1}"""), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Ignored, result.Status);
        Assert.Equal("topic \"products/create\" is not mapped", result.Reason);
    }

    [Fact]
    public void Handle_MalformedBody_IsMalformedWithThePath_AndTheWebhookIdIsNotBurned()
    {
        var handler = Handler();
        var bad = Bytes(MinimalOrder.Replace("\"10.00\"", "\"NaN\"", StringComparison.Ordinal));

        var result = handler.Deliver(ShopifyTopics.OrdersCreate, bad, "w-1");

        Assert.Equal(ShopifyWebhookStatus.Malformed, result.Status);
        Assert.Equal("$.line_items[0].price", result.Error!.Path);
        Assert.Equal("Invalid Shopify payload at $.line_items[0].price: \"NaN\" is not a finite decimal amount.", result.Reason);
        Assert.Equal(0, handler.Ledger.CustomerCount);
        Assert.Equal(ShopifyWebhookStatus.Applied, handler.Deliver(ShopifyTopics.OrdersCreate, Bytes(MinimalOrder), "w-1").Status);
    }

    [Fact]
    public void Handle_OrderWithABadEmbeddedRefund_AppliesNothing()
    {
        var handler = Handler();
        var node = FixtureNode(PartiallyRefunded);
        node["refunds"]![0]!["refund_line_items"]![1]!["line_item_id"] = 999;

        var result = handler.Deliver(ShopifyTopics.OrdersCreate, Bytes(node), "w-1");

        Assert.Equal(ShopifyWebhookStatus.Malformed, result.Status);
        Assert.Equal("$.refund_line_items[1].line_item_id", result.Error!.Path);
        Assert.Equal(0, handler.Ledger.CustomerCount);
        Assert.Equal(0, handler.Ledger.EntryCount);
    }
}
