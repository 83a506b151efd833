using NodaTime;
using Retention.Metrics;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Metrics;

public sealed class RevenueSummaryTests
{
    private static readonly Instant Later = PlacedAt + Duration.FromDays(2);

    [Fact]
    public void Compute_SumsOrdersAndRefunds_ExcludingCancelled()
    {
        var paid = TwoLineOrder(id: "#1", customer: "ann");
        var again = TwoLineOrder(id: "#2", customer: "ann");
        var guest = TwoLineOrder(id: "#3", customer: null);
        var cancelled = TwoLineOrder(OrderStatus.Cancelled, id: "#4", customer: "bob");
        var refunds = new[]
        {
            new Refund(new RefundId("r1"), paid, Later, [], Usd(5m)),
            Refund.Full(new RefundId("r2"), cancelled, Later),
        };

        var summary = RevenueSummary.Compute([paid, again, guest, cancelled], refunds, Currency.Usd);

        Assert.Equal(3, summary.OrderCount);
        Assert.Equal(1, summary.CancelledOrderCount);
        Assert.Equal(1, summary.GuestOrderCount);
        Assert.Equal(1, summary.CustomerCount);
        Assert.Equal(Usd(291.90m), summary.GrossSales);
        Assert.Equal(Usd(5m), summary.Refunded);
        Assert.Equal(Usd(286.90m), summary.NetSales);
        Assert.Equal(Usd(97.30m), summary.AverageOrderValue);
    }

    [Fact]
    public void Compute_NoOrders_HasNoAverage()
    {
        var summary = RevenueSummary.Compute([], [], Currency.Eur);
        Assert.Equal(0, summary.OrderCount);
        Assert.Null(summary.AverageOrderValue);
        Assert.Equal(new Money(0m, Currency.Eur), summary.NetSales);
    }

    [Fact]
    public void Compute_RefundsAddingUpToMoreThanTheOrder_AreRejected()
    {
        var order = TwoLineOrder();
        var first = new Refund(new RefundId("r1"), order, Later, [new RefundLine(new LineItemId("2"), 1, Usd(60m))]);
        var second = new Refund(new RefundId("r2"), order, Later, [new RefundLine(new LineItemId("2"), 1, Usd(60m))]);
        var ex = Assert.Throws<InvalidValueException>(() => RevenueSummary.Compute([order], [first, second], Currency.Usd));
        Assert.Equal("refunds[r2].amount", ex.Field);
        Assert.Equal("Invalid refunds[r2].amount: 60 USD brings the refunds of order #1001 to 120 USD, more than its total 97.30 USD.", ex.Message);
    }

    [Fact]
    public void Compute_RejectsForeignCurrencyDuplicatesAndOrphans()
    {
        var order = TwoLineOrder();
        Assert.Equal("orders[#1001]", Assert.Throws<CurrencyMismatchException>(() => RevenueSummary.Compute([order], [], Currency.Eur)).Field);
        Assert.Equal("orderId", Assert.Throws<InvalidValueException>(() => RevenueSummary.Compute([order, order], [], Currency.Usd)).Field);
        var refund = Refund.Full(new RefundId("r1"), order, Later);
        Assert.Equal("refundId", Assert.Throws<InvalidValueException>(() => RevenueSummary.Compute([order], [refund, refund], Currency.Usd)).Field);
        Assert.Equal("refunds[r1].orderId", Assert.Throws<InvalidValueException>(() => RevenueSummary.Compute([], [refund], Currency.Usd)).Field);
    }

    [Fact]
    public void Compute_ARefundInAnotherCurrency_IsNamedByTheRefund()
    {
        // A refund is in the currency of the order it was built from. Here that is a euro copy of order #1001, while the
        // orders passed hold the dollar one: the refund's own field is named, not the running total it would break.
        var usdOrder = TwoLineOrder();
        var eurOrder = new Order(usdOrder.Id, usdOrder.CustomerId, PlacedAt, Currency.Eur, [new OrderLine(new LineItemId("1"), new ProductId("P"), 1, new Money(10m, Currency.Eur))]);
        var refund = Refund.Full(new RefundId("r1"), eurOrder, Later);

        var ex = Assert.Throws<CurrencyMismatchException>(() => RevenueSummary.Compute([usdOrder], [refund], Currency.Usd));

        Assert.Equal("refunds[r1].amount", ex.Field);
        Assert.Equal(Currency.Usd, ex.Expected);
        Assert.Equal(Currency.Eur, ex.Actual);
    }
}
