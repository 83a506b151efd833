using System.Text.Json.Nodes;
using NodaTime;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>Order payloads mapped field by field: Shopify's own examples from ../shared, and targeted variations.</summary>
public sealed class ShopifyOrderTests
{
    [Fact]
    public void Parse_PaidOrderWithCustomer_MapsIdsTimeMoneyAndStatus()
    {
        var payload = ShopifyOrder.Parse(Fixture(PaidWithCustomer));

        Assert.Equal(1073459964L, payload.Id);
        Assert.Equal(1073339459L, payload.CustomerId);
        Assert.False(payload.IsGuest);
        Assert.False(payload.IsTest);
        Assert.Null(payload.CancelledAt);
        Assert.Equal("paid", payload.FinancialStatus);
        Assert.Equal(Currency.Usd, payload.PresentmentCurrency);
        Assert.Empty(payload.Refunds);

        var order = payload.Order;
        Assert.Equal(new OrderId("1073459964"), order.Id);
        Assert.Equal(new CustomerId("1073339459"), order.CustomerId);
        Assert.Equal(Instant.FromUtc(2024, 4, 2, 14, 3, 41), order.PlacedAt); // 09:03:41-05:00
        Assert.Equal(payload.CreatedAt, order.PlacedAt);
        Assert.Equal(Currency.Usd, order.Currency);
        Assert.Equal(OrderStatus.Fulfilled, order.Status);
        var line = Assert.Single(order.Lines);
        Assert.Equal(new LineItemId("1071823194"), line.Id);
        Assert.Equal(new ProductId("921728736"), line.ProductId);
        Assert.Equal(1, line.Quantity);
        Assert.Equal(new Money(199.00m, Currency.Usd), line.UnitPrice);
        Assert.Equal(Money.Zero(Currency.Usd), line.Discount);
        Assert.Null(line.Category);
        Assert.Equal(Money.Zero(Currency.Usd), order.OrderDiscount);
        Assert.Equal(Money.Zero(Currency.Usd), order.Shipping);
        Assert.Equal(Money.Zero(Currency.Usd), order.Tax);
    }

    [Fact]
    public void Parse_PartiallyRefundedOrder_PutsEachDiscountAllocationOnItsLine_AndReadsEmbeddedRefunds()
    {
        var payload = ShopifyOrder.Parse(Fixture(PartiallyRefunded));
        var order = payload.Order;

        Assert.Equal(new CustomerId("207119551"), order.CustomerId);
        Assert.Equal(Instant.FromUtc(2008, 1, 10, 16, 0), order.PlacedAt);
        Assert.Equal(OrderStatus.Paid, order.Status); // partially_refunded, not fulfilled: refunds are events, not a status
        Assert.Equal("partially_refunded", payload.FinancialStatus);
        Assert.Equal(
            [("466157049", 3.34m), ("518995019", 3.33m), ("703073504", 3.33m)],
            order.Lines.Select(l => (l.Id.Value, l.Discount.Amount)));
        Assert.All(order.Lines, l => Assert.Equal(new ProductId("632910392"), l.ProductId));
        Assert.All(order.Lines, l => Assert.Equal(new Money(199.00m, Currency.Usd), l.UnitPrice));
        Assert.Equal(Money.Zero(Currency.Usd), order.OrderDiscount); // TENOFF is already on the lines
        Assert.Equal(new Money(11.94m, Currency.Usd), order.Tax);
        Assert.Equal(Money.Zero(Currency.Usd), order.Shipping); // one free shipping line, 0.00

        var refund = Assert.Single(payload.Refunds);
        Assert.Equal(509562969L, refund.Id);
        Assert.Equal(450789469L, refund.OrderId);
        Assert.Equal(
            [new ShopifyRefundLine(703073504, 1, 195.66m, 3.98m), new ShopifyRefundLine(466157049, 1, 195.67m, 3.98m)],
            refund.Lines);
    }

    [Fact]
    public void Parse_GuestOrderInEuros_HasNoCustomer_AndALineWithoutProductGetsItsLineId()
    {
        var payload = ShopifyOrder.Parse(Fixture(GuestEur));

        Assert.True(payload.IsGuest);
        Assert.Null(payload.CustomerId);
        Assert.True(payload.Order.IsGuest);
        Assert.Equal(Currency.Eur, payload.Order.Currency);
        var line = Assert.Single(payload.Order.Lines);
        Assert.Equal(new ProductId("line-item:1071823207"), line.ProductId);
        Assert.Equal(3, line.Quantity);
        Assert.Equal(new Money(74.99m, Currency.Eur), line.UnitPrice);
        Assert.Equal(new Money(13.50m, Currency.Eur), payload.Order.Tax);
    }

    [Fact]
    public void Parse_CancelledTestOrder_ReadsMinusZeroOffset_TestFlag_NullCustomerIdAndPlainAmounts()
    {
        var payload = ShopifyOrder.Parse(Fixture(CancelledVoided));

        Assert.True(payload.IsTest);
        Assert.True(payload.IsGuest); // "customer": {"id": null, ...}
        Assert.Equal(Instant.FromUtc(2016, 5, 17, 4, 14, 36), payload.CreatedAt); // -00:00 is UTC
        Assert.Equal(Instant.FromUtc(2016, 5, 17, 8, 14, 36), payload.CancelledAt); // -04:00
        Assert.Equal(OrderStatus.Cancelled, payload.Order.Status);
        Assert.Equal(
            [("254721536", "111475476", 0.00m, 0.00m), ("5", "5410685889", 5.00m, 5.00m)],
            payload.Order.Lines.Select(l => (l.Id.Value, l.ProductId.Value, l.UnitPrice.Amount, l.Discount.Amount)));
        Assert.Equal(new Money(10.00m, Currency.Usd), payload.Order.Shipping); // shipping_lines[0].price, no *_set
        Assert.Equal(Money.Zero(Currency.Usd), payload.Order.Tax); // "total_tax": null
    }

    [Fact]
    public void Parse_IdsAbove2To53_KeepEveryDigit()
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["id"] = 820982911946154508L;
        node["customer"]!["id"] = 9223372036854775807L;
        node["line_items"]![0]!["id"] = 866550311766439020L;

        var order = ShopifyOrder.Parse(Bytes(node)).Order;

        // Through double these would be 820982911946154496 and 866550311766439040.
        Assert.Equal("820982911946154508", order.Id.Value);
        Assert.Equal("9223372036854775807", order.CustomerId!.Value.Value);
        Assert.Equal("866550311766439020", order.Lines[0].Id.Value);
    }

    [Fact]
    public void Parse_Amounts_AreExactDecimals()
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["line_items"]![0]!["price"] = "0.1";
        node["line_items"]![0]!["quantity"] = 3;
        node["total_tax"] = "0.30000000000000000000000001";

        var order = ShopifyOrder.Parse(Bytes(node)).Order;

        Assert.Equal(0.3m, order.Lines[0].Gross.Amount); // 0.1 * 3 in double is 0.30000000000000004
        Assert.Equal(0.30000000000000000000000001m, order.Tax.Amount);
    }

    [Fact]
    public void Parse_ShopAndPresentmentMoney_ReadsShopMoneyOnly()
    {
        var node = JsonNode.Parse("""
            {"id": 2002, "currency": "USD", "presentment_currency": "EUR", "created_at": "2026-03-01T10:00:00Z", "customer": {"id": 42},
             "line_items": [{"id": 1, "product_id": 7, "quantity": 1, "price": "999.99",
               "price_set": {"shop_money": {"amount": "50.00", "currency_code": "USD"}, "presentment_money": {"amount": "46.10", "currency_code": "EUR"}},
               "discount_allocations": [{"amount": "4.61", "amount_set": {"shop_money": {"amount": "5.00", "currency_code": "USD"}, "presentment_money": {"amount": "4.61", "currency_code": "EUR"}}}]}],
             "total_tax_set": {"shop_money": {"amount": "3.60", "currency_code": "USD"}, "presentment_money": {"amount": "3.32", "currency_code": "EUR"}}}
            """)!;

        var payload = ShopifyOrder.Parse(Bytes(node));

        Assert.Equal(Currency.Eur, payload.PresentmentCurrency);
        Assert.Equal(Currency.Usd, payload.Order.Currency);
        Assert.Equal(new Money(50.00m, Currency.Usd), payload.Order.Lines[0].UnitPrice);
        Assert.Equal(new Money(5.00m, Currency.Usd), payload.Order.Lines[0].Discount);
        Assert.Equal(new Money(3.60m, Currency.Usd), payload.Order.Tax);
    }

    [Fact]
    public void Parse_ShopMoneyInAnotherCurrencyThanTheShop_IsAnErrorNamingThePath()
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["total_tax_set"] = JsonNode.Parse("""{"shop_money": {"amount": "1.00", "currency_code": "EUR"}}""");

        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Bytes(node)));

        Assert.Equal("$.total_tax_set.shop_money.currency_code", e.Path);
        Assert.Equal("Invalid Shopify payload at $.total_tax_set.shop_money.currency_code: \"EUR\" is not the shop currency USD.", e.Message);
    }

    [Theory]
    [InlineData("2026-03-01T10:00:00-00:00", 2026, 3, 1, 10, 0)]
    [InlineData("2026-03-01T10:00:00+00:00", 2026, 3, 1, 10, 0)]
    [InlineData("2026-03-01T10:00:00Z", 2026, 3, 1, 10, 0)]
    [InlineData("2026-03-01T10:00:00-05:00", 2026, 3, 1, 15, 0)]
    [InlineData("2026-03-01T01:30:00+05:30", 2026, 2, 28, 20, 0)]
    [InlineData("2026-03-01T10:00:00.250-05:00", 2026, 3, 1, 15, 0)]
    public void Parse_CreatedAt_AppliesTheOffset(string text, int year, int month, int day, int hour, int minute)
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["created_at"] = text;

        var placed = ShopifyOrder.Parse(Bytes(node)).Order.PlacedAt;

        Assert.Equal(Instant.FromUtc(year, month, day, hour, minute), placed - Duration.FromMilliseconds(placed.ToUnixTimeMilliseconds() % 1000));
    }

    [Fact]
    public void Parse_GiftCardLine_GetsTheGiftCardCategory()
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["line_items"]![0]!["gift_card"] = true;

        var line = ShopifyOrder.Parse(Bytes(node)).Order.Lines[0];

        Assert.Equal(new CategoryId(ShopifyOrder.GiftCardCategory), line.Category);
    }

    [Theory]
    [InlineData("pending", null, null, OrderStatus.Pending)]
    [InlineData("authorized", null, null, OrderStatus.Pending)]
    [InlineData("paid", null, null, OrderStatus.Paid)]
    [InlineData("paid", "fulfilled", null, OrderStatus.Fulfilled)]
    [InlineData("refunded", null, null, OrderStatus.Paid)]
    [InlineData("voided", null, null, OrderStatus.Cancelled)]
    [InlineData("paid", "fulfilled", "2026-03-02T10:00:00Z", OrderStatus.Cancelled)]
    public void Parse_Status_FollowsFinancialFulfillmentAndCancellation(string financial, string? fulfillment, string? cancelledAt, OrderStatus expected)
    {
        var node = JsonNode.Parse(MinimalOrder)!.AsObject();
        node["financial_status"] = financial;
        node["fulfillment_status"] = fulfillment;
        node["cancelled_at"] = cancelledAt;

        Assert.Equal(expected, ShopifyOrder.Parse(Bytes(node)).Order.Status);
    }
}
