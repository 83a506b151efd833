using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/DivanteLtd/open-loyalty/issues/131">DivanteLtd/open-loyalty#131</see>
/// ("Loyalty levels promotion is based on points BALANCES (wrong?)").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> Level promotion looked at the customer's points balance, the spendable points,
/// instead of the points earned; a customer who spent points on rewards (or let them expire) lost the level the
/// earning had reached, and the reporter asked how to base it on points earned.</para>
/// <para><b>What the library does.</b> <see cref="TierBasis.Points"/> counts qualifying points: points earned from orders
/// and bonuses in the window, less those reversed by refunds. Redeeming or expiring points does not lower them, so the
/// tier stays where the earning put it while the balance goes down; a refund, which undoes the earning, does lower it.</para>
/// <para><b>Mutation seen killed:</b> lowering the tier book by a redemption's cost in <c>ApplyRedemption</c> (the
/// balance-based rule of the report).</para>
/// </remarks>
public sealed class OpenLoyalty131_TierFromBalanceInsteadOfEarned
{
    private static PointsProgram Program() => Builder()
        .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.Lifetime,
            [new Tier("Level 0", 0m), new Tier("Level 1", 500m), new Tier("Level 2", 1000m)]))
        .Reward(Reward.AmountOff("gift", new Points(800), Usd(40m)))
        .Expiry(PointsExpiry.AfterEarning(6))
        .Build();

    [Fact]
    public void SpendingMostOfTheBalance_KeepsTheLevelTheEarningReached()
    {
        var ledger = new PointsLedger(Program());
        ledger.Apply(Placed("T1", Alice, Local(2018, 9, 3), 600m));
        ledger.Apply(Placed("T2", Alice, Local(2018, 9, 10), 400m));
        var beforeSpending = ledger.GetTier(Alice, Local(2018, 9, 10, 13));

        var redeemed = ledger.Apply(Redeem("redeem-1", Alice, "gift", Local(2018, 9, 20)));
        var afterSpending = ledger.GetTier(Alice, Local(2018, 9, 20, 13));

        Assert.Equal(("Level 2", 2, 1000m), (beforeSpending.Tier.Name, beforeSpending.Level, beforeSpending.Qualifying));
        Assert.Equal(ApplyStatus.Applied, redeemed.Status);
        Assert.Equal(new Points(200), ledger.GetBalance(Alice, Local(2018, 9, 20, 13)).Available);
        Assert.Equal(("Level 2", 2, 1000m), (afterSpending.Tier.Name, afterSpending.Level, afterSpending.Qualifying));
        Assert.DoesNotContain(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Downgrade);
    }

    [Fact]
    public void ExpiredPoints_DoNotLowerTheLevel_ButARefundDoes()
    {
        var ledger = new PointsLedger(Program());
        var order = Order("T1", Alice, Local(2018, 9, 3), 600m);
        ledger.Apply(new OrderPlaced(order));

        // Six months later the 600 points have expired: the balance is 0, the earning still counts.
        var afterExpiry = Local(2019, 3, 10);
        ledger.AdvanceTo(afterExpiry);
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, afterExpiry).Available);
        Assert.Equal(new Points(600), ledger.GetBalance(Alice, afterExpiry).Expired);
        Assert.Equal(("Level 1", 600m), (ledger.GetTier(Alice, afterExpiry).Tier.Name, ledger.GetTier(Alice, afterExpiry).Qualifying));

        // Refunding half the order undoes half the earning: qualifying 300, below Level 1's 500.
        ledger.Apply(new OrderRefunded(new Refund(new RefundId("T1-R"), order, Local(2019, 3, 11), [new RefundLine(new LineItemId("T1-1"), 1, Usd(300m))])));
        Assert.Equal(300m, ledger.GetTier(Alice, Local(2019, 3, 11, 13)).Qualifying);
    }
}
