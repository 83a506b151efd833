using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/odoo/odoo/pull/212922">odoo/odoo#212922</see> ("pos_loyalty: prevent
/// points deducted again when refunding").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> An order paid partly with a points reward ($1 per point) was refunded, and the
/// refund deducted the reward's points again, as if the customer had made another purchase with them: the customer lost
/// the points twice.</para>
/// <para><b>What the library does.</b> A redemption is its own event (<see cref="RewardRedeemed"/>, with its own key) and
/// a refund only reverses the points that the refunded order earned; it never spends again. Refunding the order (and
/// receiving the same refund twice) takes back the order's own earning once and leaves the redemption as it was.</para>
/// <para><b>Mutations seen killed:</b> removing the duplicate-key check at the top of <c>PointsLedger.Apply</c> (the
/// second delivery of the refund then deducts again); making the refund's reversal double (<c>reverse * 2</c> in the
/// refund path).</para>
/// </remarks>
public sealed class Odoo212922_PointsDeductedAgainOnRefund
{
    [Fact]
    public void RefundOfAnOrderPaidWithPoints_DoesNotChargeThePointsAgain()
    {
        var program = Builder()
            .Reward(Reward.AmountOff("10-off", new Points(10), Usd(10m)))
            .Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("S0001", Alice, Local(2025, 6, 1), 30m)); // 30 points

        // Order S0002: $25 of goods, $10 of it paid with the 10-point reward; it earns on the $15 paid in money.
        var redeemed = ledger.Apply(Redeem("S0002-reward", Alice, "10-off", Local(2025, 6, 4, 12, 0)));
        var order = Order("S0002", Alice, Local(2025, 6, 4, 12, 0), Line("S0002-1", 25m, discount: 10m));
        var earned = ledger.Apply(new OrderPlaced(order));
        var refund = new OrderRefunded(Refund.Full(new RefundId("S0002-REFUND"), order, Local(2025, 6, 5)));
        var refunded = ledger.Apply(refund);
        var refundAgain = ledger.Apply(refund);

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -10, null), redeemed);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 15, null), earned);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -15, null), refunded);
        Assert.Equal(new ApplyResult(ApplyStatus.Duplicate, 0, null), refundAgain);
        Assert.Equal(
            new PointsBalance(new Points(20), Points.Zero, new Points(45), new Points(10), Points.Zero, new Points(15), Points.Zero),
            ledger.GetBalance(Alice, Local(2025, 6, 6)));
        Assert.Equal(
            [LedgerEntryKind.Earned, LedgerEntryKind.Redeemed, LedgerEntryKind.Earned, LedgerEntryKind.Reversed],
            ledger.History(Alice).Select(e => e.Kind));
        Assert.Single(ledger.History(Alice), e => e.Kind == LedgerEntryKind.Redeemed);
    }

    [Fact]
    public void PartialRefundThatKeepsTheRewardLine_DoesNotChargeThePointsAgain()
    {
        // odoo/odoo#221928, the same report's partial-refund variant: refunding one product but not the reward line.
        var program = Builder().Reward(Reward.AmountOff("10-off", new Points(10), Usd(10m))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("S0001", Alice, Local(2025, 6, 1), 30m));
        ledger.Apply(Redeem("S0003-reward", Alice, "10-off", Local(2025, 6, 4, 12, 0)));
        var order = Order("S0003", Alice, Local(2025, 6, 4, 12, 0), Line("pen", 20m), Line("board", 40m));
        ledger.Apply(new OrderPlaced(order)); // 60 points

        var refunded = ledger.Apply(new OrderRefunded(new Refund(new RefundId("S0003-R1"), order, Local(2025, 6, 5), [new RefundLine(new LineItemId("pen"), 1, Usd(20m))])));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -20, null), refunded);
        var balance = ledger.GetBalance(Alice, Local(2025, 6, 6));
        Assert.Equal(new Points(60), balance.Available);
        Assert.Equal(new Points(10), balance.Redeemed);
    }
}
