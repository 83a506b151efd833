using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/odoo/odoo/pull/257854">odoo/odoo#257854</see> ("pos_loyalty: reverse
/// loyalty points when a POS refund is processed").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> A refund in the point of sale copied the product lines with negative quantities
/// but never touched the loyalty point changes, so the points earned on the order were never deducted: buy, earn,
/// refund, keep the points, repeat for unlimited points at no cost.</para>
/// <para><b>What the library does.</b> <see cref="OrderRefunded"/> reverses the order's points in proportion to the
/// basis refunded; a full refund reverses exactly what the order earned, pending or confirmed. However many buy-refund
/// cycles a customer runs, the balance ends where it started and the reversed total equals the earned total.</para>
/// <para><b>Mutation seen killed:</b> making <c>ApplyRefund</c> return <c>Ignored</c> without reversing.</para>
/// </remarks>
public sealed class Odoo257854_BuyRefundKeepThePoints
{
    [Fact]
    public void BuyEarnRefund_LeavesNoPoints()
    {
        var ledger = new PointsLedger(Builder().Build());
        var order = Order("POS/0001", Alice, Local(2026, 4, 7, 11, 0), 265m);

        var earned = ledger.Apply(new OrderPlaced(order));
        var refunded = ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("POS/0001-R"), order, Local(2026, 4, 7, 11, 20))));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 265, null), earned);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -265, null), refunded);
        Assert.Equal(
            new PointsBalance(Points.Zero, Points.Zero, new Points(265), Points.Zero, Points.Zero, new Points(265), Points.Zero),
            ledger.GetBalance(Alice, Local(2026, 4, 8)));
        var reversal = ledger.History(Alice)[^1];
        Assert.Equal(LedgerEntryKind.Reversed, reversal.Kind);
        Assert.Equal(new Points(-265), reversal.Available);
        Assert.Equal("refund", reversal.Rule);
        Assert.Equal(new EventKey("refund:POS/0001-R"), reversal.Cause);
    }

    public static Arbitrary<(int Cycles, int Dollars, bool Pending)> Cycles() =>
        (from cycles in Gen.Choose(1, 25)
         from dollars in Gen.Choose(1, 5000)
         from pending in Gen.Elements(true, false)
         select (cycles, dollars, pending)).ToArbitrary();

    /// <summary>Any number of cycles, any amount, with or without a return window: nothing is left to spend.</summary>
    [Property(Arbitrary = [typeof(Odoo257854_BuyRefundKeepThePoints)], MaxTest = 100)]
    public bool RepeatedBuyRefundCycles_NeverAccumulatePoints((int Cycles, int Dollars, bool Pending) c)
    {
        var builder = Builder();
        if (c.Pending)
        {
            builder.ReturnWindow(Period.FromDays(14));
        }

        var ledger = new PointsLedger(builder.Build());
        var at = Local(2026, 1, 5, 9, 0);
        for (var i = 0; i < c.Cycles; i++)
        {
            var order = Order("o" + i, Alice, at, c.Dollars);
            ledger.Apply(new OrderPlaced(order));
            at += Duration.FromHours(c.Pending ? 1 : 400); // within or after the return window
            ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r" + i), order, at)));
            at += Duration.FromHours(1);
        }

        var balance = ledger.GetBalance(Alice, at + Duration.FromDays(30));
        return balance.Available == Points.Zero
            && balance.Pending == Points.Zero
            && balance.Earned == new Points((long)c.Cycles * c.Dollars)
            && balance.Reversed == balance.Earned;
    }
}
