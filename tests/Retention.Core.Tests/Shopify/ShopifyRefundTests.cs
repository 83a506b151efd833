using System.Text.Json.Nodes;
using NodaTime;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>Refund payloads: Shopify's example refund of order 450789469, bound to that order, and binding errors.</summary>
public sealed class ShopifyRefundTests
{
    [Fact]
    public void Parse_RefundWithTwoLines_MapsIdsTimeLinesAndShopCurrency()
    {
        var refund = ShopifyRefund.Parse(Fixture(RefundTwoLines));

        Assert.Equal(509562969L, refund.Id);
        Assert.Equal(450789469L, refund.OrderId);
        Assert.Equal(Instant.FromUtc(2024, 4, 2, 13, 59, 11), refund.CreatedAt);
        Assert.Equal(Currency.Usd, refund.Currency);
        Assert.Equal(
            [new ShopifyRefundLine(703073504, 1, 195.66m, 3.98m), new ShopifyRefundLine(466157049, 1, 195.67m, 3.98m)],
            refund.Lines);
        Assert.Equal(0m, refund.Shipping);
    }

    [Fact]
    public void ToRefund_OnItsOrder_CapsALineAtItsNetAndPassesTaxAsTheAdjustment()
    {
        var order = ShopifyOrder.Parse(Fixture(PartiallyRefunded)).Order;

        var refund = ShopifyRefund.Parse(Fixture(RefundTwoLines)).ToRefund(order);

        Assert.Equal(new RefundId("509562969"), refund.Id);
        Assert.Equal(order.Id, refund.OrderId);
        Assert.Equal(order.CustomerId, refund.CustomerId);
        // 703073504: net 199.00 - 3.33 = 195.67, refunded 195.66 as given; 466157049: net 199.00 - 3.34 = 195.66, but
        // the example refunds 195.67, a cent more than the line's net, so it is capped at 195.66.
        Assert.Equal(
            [("703073504", 1, 195.66m), ("466157049", 1, 195.66m)],
            refund.Lines.Select(l => (l.LineItemId.Value, l.Quantity, l.Amount.Amount)));
        Assert.Equal(new Money(7.96m, Currency.Usd), refund.Adjustment);
        Assert.Equal(Money.Zero(Currency.Usd), refund.Shipping);
    }

    [Fact]
    public void ToRefund_EmbeddedRefund_BindsLikeTheStandaloneOne()
    {
        var payload = ShopifyOrder.Parse(Fixture(PartiallyRefunded));

        var embedded = payload.Refunds[0].ToRefund(payload.Order);
        var standalone = ShopifyRefund.Parse(Fixture(RefundTwoLines)).ToRefund(payload.Order);

        Assert.Equal(standalone.Id, embedded.Id);
        Assert.Equal(standalone.RefundedAt, embedded.RefundedAt);
        Assert.Equal(standalone.Amount, embedded.Amount);
        Assert.Equal(standalone.Lines.Select(l => (l.LineItemId, l.Quantity, l.Amount)), embedded.Lines.Select(l => (l.LineItemId, l.Quantity, l.Amount)));
    }

    [Fact]
    public void Parse_ShippingRefundAdjustment_IsShippingPaidBack()
    {
        var refund = ShopifyRefund.Parse(Bytes("""
            {"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [],
             "order_adjustments": [{"kind": "shipping_refund", "amount": "-5.00", "amount_set": {"shop_money": {"amount": "-5.00", "currency_code": "USD"}}},
                                   {"kind": "refund_discrepancy", "amount": "-1.00"}]}
            """));

        Assert.Equal(5.00m, refund.Shipping);
        Assert.Empty(refund.Lines);
    }

    [Fact]
    public void ToRefund_LineNotInTheOrder_NamesThePathAndValue()
    {
        var order = ShopifyOrder.Parse(Bytes(MinimalOrder)).Order;
        var refund = ShopifyRefund.Parse(Bytes("""
            {"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z",
             "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal": 10.00}, {"line_item_id": 77, "quantity": 1, "subtotal": "1.00"}]}
            """));

        var e = Assert.Throws<ShopifyPayloadException>(() => refund.ToRefund(order));

        Assert.Equal("Invalid Shopify payload at $.refund_line_items[1].line_item_id: 77 is not a line of order 1001.", e.Message);
    }

    [Fact]
    public void ToRefund_MoreUnitsThanOrdered_IsAnError()
    {
        var order = ShopifyOrder.Parse(Bytes(MinimalOrder)).Order;
        var refund = ShopifyRefund.Parse(Bytes("""
            {"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [{"line_item_id": 1, "quantity": 3, "subtotal": "30.00"}]}
            """));

        var e = Assert.Throws<ShopifyPayloadException>(() => refund.ToRefund(order));

        Assert.Equal("$.refund_line_items[0].quantity", e.Path);
        Assert.Equal("3", e.Value);
    }

    [Fact]
    public void ToRefund_OfAnotherOrder_IsAnError()
    {
        var order = ShopifyOrder.Parse(Fixture(PaidWithCustomer)).Order;

        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyRefund.Parse(Fixture(RefundTwoLines)).ToRefund(order));

        Assert.Equal("Invalid Shopify payload at $.order_id: 450789469 is not the order given (1073459964).", e.Message);
    }

    [Fact]
    public void Parse_SubtotalAsAJsonNumber_IsExact()
    {
        var node = JsonNode.Parse("""{"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal": 0.1000000000000000055511151231257827}]}""")!;

        var refund = ShopifyRefund.Parse(Bytes(node));

        Assert.Equal(0.1000000000000000055511151231257827m, refund.Lines[0].Subtotal);
    }
}
