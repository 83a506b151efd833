using FsCheck.Xunit;
using NodaTime;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Model;

public sealed class RefundTests
{
    private static readonly Instant Later = PlacedAt + Duration.FromDays(3);

    [Fact]
    public void Full_RefundsTheWholeTotal_SpreadingTheCouponOverLines()
    {
        var order = TwoLineOrder();
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal(order.Total, refund.Amount);
        Assert.Equal(order.Shipping, refund.Shipping);
        Assert.Equal(order.Tax, refund.Adjustment);
        Assert.Equal(order.MerchandiseNet, refund.Lines.Aggregate(Usd(0m), (s, l) => s + l.Amount));
        Assert.Equal([2, 1], refund.Lines.Select(l => l.Quantity));

        // 10.00 coupon over nets 36 and 60 (ratio 86/96): the lines get 32.25 and 53.75.
        Assert.Equal(Usd(32.25m), refund.Lines[0].Amount);
        Assert.Equal(Usd(53.75m), refund.Lines[1].Amount);
        Assert.Equal(order.Id, refund.OrderId);
        Assert.Equal(order.CustomerId, refund.CustomerId);
        Assert.Equal(Currency.Usd, refund.Currency);
    }

    [Fact]
    public void Partial_SumsLinesShippingAndAdjustment()
    {
        var order = TwoLineOrder();
        var refund = new Refund(new RefundId("R1"), order, Later, [new RefundLine(new LineItemId("1"), 1, Usd(16.13m))], Usd(5m), Usd(1.13m));
        Assert.Equal(Usd(22.26m), refund.Amount);
    }

    [Fact]
    public void RefundLargerThanOrder_IsRejected()
    {
        var order = TwoLineOrder();
        var ex = Assert.Throws<InvalidValueException>(() => new Refund(
            new RefundId("R1"), order, Later,
            [new RefundLine(new LineItemId("1"), 2, Usd(36m)), new RefundLine(new LineItemId("2"), 1, Usd(60m))],
            Usd(5m), Usd(6.30m)));
        Assert.Equal("amount", ex.Field);
        Assert.Equal("Invalid amount: 107.30 USD must not exceed the order total 97.30 USD.", ex.Message);
    }

    [Fact]
    public void LineRules_AreCheckedAgainstTheOrder()
    {
        var order = TwoLineOrder();
        Refund Make(params RefundLine[] lines) => new(new RefundId("R1"), order, Later, lines);

        Assert.Equal("lines[0].lineItemId", Assert.Throws<InvalidValueException>(() => Make(new RefundLine(new LineItemId("9"), 1, Usd(1m)))).Field);
        Assert.Equal("lines[0].quantity", Assert.Throws<InvalidValueException>(() => Make(new RefundLine(new LineItemId("2"), 2, Usd(1m)))).Field);
        Assert.Equal("lines[0].amount", Assert.Throws<InvalidValueException>(() => Make(new RefundLine(new LineItemId("1"), 1, Usd(36.01m)))).Field);
        Assert.Equal("lines[1].lineItemId", Assert.Throws<InvalidValueException>(() => Make(new RefundLine(new LineItemId("1"), 1, Usd(1m)), new RefundLine(new LineItemId("1"), 1, Usd(1m)))).Field);
        Assert.Equal("lines[0].amount", Assert.Throws<CurrencyMismatchException>(() => Make(new RefundLine(new LineItemId("1"), 1, new Money(1m, Currency.Eur)))).Field);
    }

    [Fact]
    public void ShippingAboveCharged_AndNegativeAdjustment_AreRejected()
    {
        var order = TwoLineOrder();
        Assert.Equal("shipping", Assert.Throws<InvalidValueException>(() => new Refund(new RefundId("R1"), order, Later, [], Usd(5.01m))).Field);
        Assert.Equal("adjustment", Assert.Throws<InvalidValueException>(() => new Refund(new RefundId("R1"), order, Later, [], adjustment: Usd(-1m))).Field);
    }

    [Fact]
    public void RefundBeforeTheOrder_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Refund.Full(new RefundId("R1"), TwoLineOrder(), PlacedAt - Duration.FromSeconds(1)));
        Assert.Equal("refundedAt", ex.Field);
        Assert.Equal("2026-03-14T14:59:59Z", ex.Value);
    }

    [Fact]
    public void RefundLine_Rules()
    {
        Assert.Equal("quantity", Assert.Throws<InvalidValueException>(() => new RefundLine(new LineItemId("1"), 0, Usd(1m))).Field);
        Assert.Equal("amount", Assert.Throws<InvalidValueException>(() => new RefundLine(new LineItemId("1"), 1, Usd(-1m))).Field);
        Assert.Equal("lineItemId", Assert.Throws<InvalidValueException>(() => new RefundLine(default, 1, Usd(1m))).Field);
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 2000)]
    public bool Full_AlwaysEqualsTheOrderTotal_AndNoLineExceedsItsNet(Order order)
    {
        var refund = Refund.Full(new RefundId("R"), order, order.PlacedAt);
        return refund.Amount == order.Total
            && refund.Lines.Zip(order.Lines).All(p => p.First.Amount <= p.Second.Net && !p.First.Amount.IsNegative);
    }
}
