using FsCheck.Xunit;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Model;

public sealed class OrderTests
{
    [Fact]
    public void Amounts_AreComputedFromLinesDiscountsShippingAndTax()
    {
        var order = TwoLineOrder();
        Assert.Equal(Usd(40m), order.Lines[0].Gross);
        Assert.Equal(Usd(36m), order.Lines[0].Net);
        Assert.Equal(Usd(96m), order.Subtotal);
        Assert.Equal(Usd(86m), order.MerchandiseNet);
        Assert.Equal(Usd(97.30m), order.Total);
        Assert.False(order.IsGuest);
        Assert.Same(order.Lines[1], order.FindLine(new LineItemId("2")));
        Assert.Null(order.FindLine(new LineItemId("3")));
    }

    [Fact]
    public void OptionalAmounts_DefaultToZeroInTheOrderCurrency()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10m)]);
        Assert.True(order.IsGuest);
        Assert.Equal(Usd(0m), order.Shipping);
        Assert.Equal(Usd(0m), order.Tax);
        Assert.Equal(Usd(0m), order.OrderDiscount);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Usd(10m), order.Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Line_NonPositiveQuantity_IsRejected(int quantity)
    {
        var ex = Assert.Throws<InvalidValueException>(() => Line("1", 10m, quantity));
        Assert.Equal("quantity", ex.Field);
        Assert.Equal(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Value);
        Assert.Equal($"Invalid quantity: {quantity} must be at least 1.", ex.Message);
    }

    [Fact]
    public void Line_NegativePrice_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Line("1", -0.01m));
        Assert.Equal("unitPrice", ex.Field);
        Assert.Equal("-0.01 USD", ex.Value);
    }

    [Fact]
    public void Line_DiscountAboveGross_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Line("1", 10m, quantity: 2, discount: 20.01m));
        Assert.Equal("discount", ex.Field);
        Assert.Equal("Invalid discount: 20.01 USD must not exceed the line's gross amount 20 USD.", ex.Message);
        Assert.Equal(Usd(0m), Line("1", 10m, quantity: 2, discount: 20m).Net);
    }

    [Fact]
    public void Line_DiscountInAnotherCurrency_IsRejected()
    {
        var ex = Assert.Throws<CurrencyMismatchException>(() =>
            new OrderLine(new LineItemId("1"), new ProductId("P"), 1, Usd(10m), new Money(1m, Currency.Eur)));
        Assert.Equal("discount", ex.Field);
        Assert.Equal(Currency.Usd, ex.Expected);
        Assert.Equal(Currency.Eur, ex.Actual);
    }

    [Fact]
    public void Line_UnassignedIdentifiers_AreRejected()
    {
        Assert.Equal("lineItemId", Assert.Throws<InvalidValueException>(() => new OrderLine(default, new ProductId("P"), 1, Usd(1m))).Field);
        Assert.Equal("productId", Assert.Throws<InvalidValueException>(() => new OrderLine(new LineItemId("1"), default, 1, Usd(1m))).Field);
        Assert.Equal("category", Assert.Throws<InvalidValueException>(() => new OrderLine(new LineItemId("1"), new ProductId("P"), 1, Usd(1m), category: default(CategoryId))).Field);
    }

    [Fact]
    public void Order_WithoutLines_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, []));
        Assert.Equal("lines", ex.Field);
    }

    [Fact]
    public void Order_LineInAnotherCurrency_IsRejectedWithItsPosition()
    {
        var eurLine = new OrderLine(new LineItemId("2"), new ProductId("P"), 1, new Money(5m, Currency.Eur));
        var ex = Assert.Throws<CurrencyMismatchException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 1m), eurLine]));
        Assert.Equal("lines[1].unitPrice", ex.Field);
        Assert.Equal("Invalid lines[1].unitPrice: an amount in EUR where USD is expected.", ex.Message);
    }

    [Fact]
    public void Order_DuplicateLineIds_AreRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("A", 1m), Line("A", 2m)]));
        Assert.Equal("lines[1].id", ex.Field);
        Assert.Equal("\"A\"", ex.Value);
    }

    [Fact]
    public void Order_CouponAboveSubtotal_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10m)], Usd(10.01m)));
        Assert.Equal("orderDiscount", ex.Field);
    }

    [Theory]
    [InlineData("orderDiscount")]
    [InlineData("shipping")]
    [InlineData("tax")]
    public void Order_NegativeAmounts_AreRejected(string field)
    {
        var negative = Usd(-1m);
        var ex = Assert.Throws<InvalidValueException>(() => new Order(
            new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10m)],
            field == "orderDiscount" ? negative : null,
            field == "shipping" ? negative : null,
            field == "tax" ? negative : null));
        Assert.Equal(field, ex.Field);
        Assert.Equal("-1 USD", ex.Value);
    }

    [Fact]
    public void Order_UndefinedStatusOrUnassignedIds_AreRejected()
    {
        Assert.Equal("status", Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 1m)], status: (OrderStatus)9)).Field);
        Assert.Equal("orderId", Assert.Throws<InvalidValueException>(() => new Order(default, null, PlacedAt, Currency.Usd, [Line("1", 1m)])).Field);
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), default(CustomerId), PlacedAt, Currency.Usd, [Line("1", 1m)])).Field);
        Assert.Throws<ArgumentNullException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, null!));
        Assert.Throws<ArgumentNullException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [null!]));
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public bool Total_IsLineNetsMinusCouponPlusShippingAndTax_AndNeverNegative(Order order)
    {
        var nets = order.Lines.Aggregate(Money.Zero(order.Currency), (sum, line) => sum + (line.UnitPrice * line.Quantity) - line.Discount);
        return order.Total == nets - order.OrderDiscount + order.Shipping + order.Tax
            && !order.Total.IsNegative
            && !order.MerchandiseNet.IsNegative
            && order.Lines.All(l => !l.Net.IsNegative);
    }
}
