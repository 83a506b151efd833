using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/frappe/erpnext/issues/32951">frappe/erpnext#32951</see> ("Negative
/// Loyalty should be generated on sales return").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> A sales invoice of INR 1000 generated loyalty points; a sales return of INR 100
/// against it left the points as they were, so customers could return every invoice and keep all the points.</para>
/// <para><b>What the library does.</b> The return is an <see cref="OrderRefunded"/> whose lines name what came back; it
/// writes a <see cref="LedgerEntryKind.Reversed"/> entry (the "negative loyalty") of the order's points in proportion
/// to the refunded basis, cumulatively and rounded down, and the last return of the invoice reverses exactly what is
/// left. Here one point per INR 10: 100 points, a return of INR 100 reverses 10, a return of the remaining INR 900
/// reverses the other 90.</para>
/// <para><b>Mutation seen killed:</b> making <c>ApplyRefund</c> return <c>Ignored</c> without reversing.</para>
/// </remarks>
public sealed class Erpnext32951_NoNegativePointsOnReturn
{
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
    private static readonly Currency Inr = Currency.FromCode("INR");
    private static readonly CustomerId Customer = new("CUST-00017");

    private static Money Rupees(decimal amount) => new(amount, Inr);

    private static Instant At(int day, int hour) => Kolkata.AtStrictly(new LocalDateTime(2022, 11, day, hour, 0)).ToInstant();

    [Fact]
    public void SalesReturnOfOneTenth_ReversesOneTenthOfThePoints_AndTheRestReversesTheRest()
    {
        var program = PointsProgram.CreateBuilder("Loyalty", Inr, Kolkata).EarnPerUnit(0.1m).Build();
        var ledger = new PointsLedger(program);
        var invoice = new Order(new OrderId("SINV-0001"), Customer, At(14, 10), Inr,
            [new OrderLine(new LineItemId("1"), new ProductId("ITEM-A"), 10, Rupees(100m))]);

        var earned = ledger.Apply(new OrderPlaced(invoice));
        var firstReturn = ledger.Apply(new OrderRefunded(new Refund(new RefundId("SINV-RET-0001"), invoice, At(15, 10),
            [new RefundLine(new LineItemId("1"), 1, Rupees(100m))])));
        var balanceAfterFirst = ledger.GetBalance(Customer, At(15, 11));
        var secondReturn = ledger.Apply(new OrderRefunded(new Refund(new RefundId("SINV-RET-0002"), invoice, At(16, 10),
            [new RefundLine(new LineItemId("1"), 9, Rupees(900m))])));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 100, null), earned);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -10, null), firstReturn);
        Assert.Equal(new Points(90), balanceAfterFirst.Available);
        Assert.Equal(new Points(10), balanceAfterFirst.Reversed);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -90, null), secondReturn);
        var history = ledger.History(Customer);
        Assert.Equal(3, history.Count);
        Assert.Equal((LedgerEntryKind.Reversed, new Points(-10), "refund", new EventKey("refund:SINV-RET-0001")), (history[1].Kind, history[1].Available, history[1].Rule, history[1].Cause));
        Assert.Equal((LedgerEntryKind.Reversed, new Points(-90), "refund", new EventKey("refund:SINV-RET-0002")), (history[2].Kind, history[2].Available, history[2].Rule, history[2].Cause));
        Assert.Equal(
            new PointsBalance(Points.Zero, Points.Zero, new Points(100), Points.Zero, Points.Zero, new Points(100), Points.Zero),
            ledger.GetBalance(Customer, At(17, 0)));
    }

    [Fact]
    public void SmallReturn_ReversesItsShareRoundedDown_SoTheCustomerKeepsTheFraction()
    {
        // INR 1000 at one point per INR 10 = 100 points; returning INR 15 is 1.5 points: 1 is reversed now, and the
        // half point only when more comes back (cumulative floor), never more than the invoice earned.
        var program = PointsProgram.CreateBuilder("Loyalty", Inr, Kolkata).EarnPerUnit(0.1m).Build();
        var ledger = new PointsLedger(program);
        var invoice = new Order(new OrderId("SINV-0002"), Customer, At(14, 10), Inr,
            [new OrderLine(new LineItemId("1"), new ProductId("ITEM-A"), 200, Rupees(5m))]);
        ledger.Apply(new OrderPlaced(invoice));

        var first = ledger.Apply(new OrderRefunded(new Refund(new RefundId("R1"), invoice, At(15, 10), [new RefundLine(new LineItemId("1"), 3, Rupees(15m))])));
        var second = ledger.Apply(new OrderRefunded(new Refund(new RefundId("R2"), invoice, At(15, 11), [new RefundLine(new LineItemId("1"), 3, Rupees(15m))])));

        Assert.Equal(-1, first.Change.Value);
        Assert.Equal(-2, second.Change.Value);
        Assert.Equal(new Points(97), ledger.GetBalance(Customer, At(15, 12)).Available);
    }
}
