using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/AnthropicBots/compressor/issues/1476">AnthropicBots/compressor#1476</see>
/// ("Loyalty points are awarded again every time ORDER_CREATED is replayed"; fixed by PR #1481, "Pay for an order once,
/// and give the points back when it is returned").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> <c>loyaltyService.award(1, { orderId: 99, amount: 500 })</c> wrote an <c>earn</c>
/// row every time it was called, with nothing tying the credit to its order, and it was driven by a fire-and-forget
/// <c>ORDER_CREATED</c> subscriber: two deliveries of the event left <c>pointsBalance: 1000, lifetimePoints: 1000</c> for
/// a 500-unit order, and the tier followed the inflated lifetime points.</para>
/// <para><b>What the library does.</b> The event's key is <c>order:99</c>; the second delivery is a
/// <see cref="ApplyStatus.Duplicate"/> returning no change, in <c>Apply</c> and in a <c>Replay</c> batch (a backfill over
/// events that were already applied), and neither the balance, the lifetime total nor the tier qualification moves. The
/// return then takes the points back once.</para>
/// <para><b>Mutation seen killed:</b> removing the duplicate-key check at the top of <c>PointsLedger.Apply</c>.</para>
/// </remarks>
public sealed class Compressor1476_OrderCreatedReplayed
{
    private static readonly CustomerId User1 = new("1");

    private static PointsProgram Program() => Builder()
        .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [new Tier("Bronze", 0m), new Tier("Silver", 1000m)]))
        .Build();

    [Fact]
    public void OrderCreatedDeliveredTwice_PaysFiveHundredOnce_AndTheTierDoesNotMove()
    {
        var ledger = new PointsLedger(Program());
        var at = Instant.FromUtc(2026, 8, 6, 12, 0);
        var orderCreated = Placed("99", User1, at, 500m);

        var first = ledger.Apply(orderCreated);
        var replay = ledger.Apply(orderCreated);

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 500, null), first);
        Assert.Equal(new ApplyResult(ApplyStatus.Duplicate, 0, null), replay);
        var balance = ledger.GetBalance(User1, at);
        Assert.Equal(new Points(500), balance.Available);
        Assert.Equal(new Points(500), balance.Earned);
        Assert.Single(ledger.History(User1));
        var tier = ledger.GetTier(User1, at);
        Assert.Equal("Bronze", tier.Tier.Name);
        Assert.Equal(500m, tier.Qualifying);
    }

    [Fact]
    public void BackfillReplayingEventsAlreadyApplied_CountsThemAsDuplicates()
    {
        var ledger = new PointsLedger(Program());
        var at = Instant.FromUtc(2026, 8, 6, 12, 0);
        ledger.Apply(Placed("99", User1, at, 500m));

        // A backfill over the history, with the event re-emitted twice more by two subscribed app instances.
        var report = ledger.Replay([Placed("99", User1, at, 500m), Placed("99", User1, at, 500m), Placed("100", User1, at + Duration.FromHours(1), 40m)]);

        Assert.Equal(1, report.Applied);
        Assert.Equal(2, report.Duplicates);
        Assert.Equal(0, report.Ignored);
        Assert.Equal(0, report.RefusedCount);
        Assert.Equal(new Points(540), ledger.GetBalance(User1, at + Duration.FromHours(2)).Earned);
    }

    [Fact]
    public void ReturnOfTheReplayedOrder_TakesItsPointsBackOnce()
    {
        var ledger = new PointsLedger(Program());
        var at = Instant.FromUtc(2026, 8, 6, 12, 0);
        var order = Order("99", User1, at, 500m);
        ledger.Apply(new OrderPlaced(order));
        ledger.Apply(new OrderPlaced(order));
        var refund = new OrderRefunded(Refund.Full(new RefundId("r-99"), order, at + Duration.FromDays(3)));

        var reversed = ledger.Apply(refund);
        var again = ledger.Apply(refund);

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -500, null), reversed);
        Assert.Equal(ApplyStatus.Duplicate, again.Status);
        var balance = ledger.GetBalance(User1, at + Duration.FromDays(4));
        Assert.Equal(Points.Zero, balance.Available);
        Assert.Equal(new Points(500), balance.Reversed);
        Assert.Equal(0m, ledger.GetTier(User1, at + Duration.FromDays(4)).Qualifying);
    }
}
