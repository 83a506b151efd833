using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Fuzzing;

/// <summary>Deterministic reproductions of what <see cref="LedgerFuzzProperties"/> found in the points ledger.</summary>
public sealed class LedgerFuzzFindingsTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    [Fact]
    public void ReferralWhoseBonusesOverflow_ChangesNothing_AndTheNextEventRegistersOnlyItsOwnCustomer()
    {
        // Found: the referrer's and referee's bonuses were written, then their sum overflowed; the two staged new
        // accounts stayed behind and the next applied event registered them.
        var program = Builder()
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(30)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(long.MaxValue)))
            .Build();
        var ledger = new PointsLedger(program);

        Assert.Throws<OverflowException>(() => ledger.Apply(Action("ref1", new CustomerId("c1"), ActionKind.Referral, At, referred: new CustomerId("c0"))));

        Assert.Equal(0, ledger.CustomerCount);
        Assert.Equal(0, ledger.EntryCount);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("o1", new CustomerId("c2"), At, 10m)).Status);
        Assert.Equal([new CustomerId("c2")], ledger.Customers);
        Assert.Empty(ledger.History(new CustomerId("c1")));
        Assert.Empty(ledger.History(new CustomerId("c0")));
    }

    [Fact]
    public void ConfirmationThatOverflows_LeavesTheLotPending_TheHistoryAndTheClockAsTheyWere()
    {
        // The lot was marked confirmed before the running total overflowed, so it was never confirmed afterwards.
        var program = Builder().ReturnWindow(Period.FromDays(7)).Build();
        var ledger = new PointsLedger(program);
        var twin = new PointsLedger(program);
        var alice = new CustomerId("alice");
        LoyaltyEvent[] story =
        [
            new PointsAdjusted(new EventKey("adj"), alice, new Points(long.MaxValue - 10), At, "migration"),
            Placed("o1", alice, At + Duration.FromHours(1), 100m),
        ];
        foreach (var e in story)
        {
            ledger.Apply(e);
            twin.Apply(e);
        }

        var history = ledger.History(alice);
        Assert.Throws<OverflowException>(() => ledger.Apply(Placed("o2", alice, At + Duration.FromDays(10), 1m)));
        Assert.Equal(history, ledger.History(alice));

        // The clock did not move to the failed event: an event between the two is still in order.
        var fix = new PointsAdjusted(new EventKey("adj2"), alice, new Points(-1000), At + Duration.FromDays(2), "fix");
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(fix).Status);
        twin.Apply(fix);
        var afterWindow = At + Duration.FromDays(9);
        Assert.Equal(twin.GetBalance(alice, afterWindow), ledger.GetBalance(alice, afterWindow));
        Assert.Equal(Points.Zero, ledger.GetBalance(alice, afterWindow).Pending);
        Assert.Equal(LedgerFuzzProperties.Snapshot(twin), LedgerFuzzProperties.Snapshot(ledger));
    }

    [Fact]
    public void RefundWhoseShareOverflows_ChangesNothing_AndACancellationStillReversesTheRest()
    {
        // The refunded share was added to the order's refund totals (and the customer advanced) before points x share
        // overflowed decimal.
        var program = Builder().EarnPerUnit(1000m).Build();
        var ledger = new PointsLedger(program);
        var alice = new CustomerId("alice");
        var order = Order("o1", alice, At, Line("a", 1e13m), Line("b", 1e13m));
        Assert.Equal(new Points(20_000_000_000_000_000), ledger.Apply(new OrderPlaced(order)).Change);
        var small = new Refund(new RefundId("f1"), order, At + Duration.FromHours(1), [new RefundLine(new LineItemId("a"), 1, Usd(1m))]);
        Assert.Equal(new Points(-1000), ledger.Apply(new OrderRefunded(small)).Change);
        var before = LedgerFuzzProperties.Snapshot(ledger);

        var big = new Refund(new RefundId("f2"), order, At + Duration.FromDays(3), [new RefundLine(new LineItemId("b"), 1, Usd(1e13m))]);
        Assert.Throws<OverflowException>(() => ledger.Apply(new OrderRefunded(big)));

        Assert.Equal(before, LedgerFuzzProperties.Snapshot(ledger));
        var cancelled = ledger.Apply(new OrderCancelled(order.Id, alice, At + Duration.FromHours(2)));
        Assert.Equal(new Points(-(20_000_000_000_000_000 - 1000)), cancelled.Change);
    }

    [Fact]
    public void AdvanceThatWouldOverflowAConfirmation_ThrowsBeforeAnyCustomerOrTheClockChanges()
    {
        // AdvanceTo wrote each customer's due confirmations in turn: bob's were written (and the clock moved, refusing
        // his earlier events) before alice's overflowed. Now the rare accounts near the 64-bit range are advanced on a
        // copy first.
        var program = Builder().ReturnWindow(Period.FromDays(7)).Build();
        var ledger = new PointsLedger(program);
        var bob = new CustomerId("bob");
        var alice = new CustomerId("alice");
        ledger.Apply(Placed("b1", bob, At - Duration.FromDays(3), 40m));
        ledger.Apply(new PointsAdjusted(new EventKey("adj"), alice, new Points(long.MaxValue - 10), At, "migration"));
        ledger.Apply(Placed("a1", alice, At + Duration.FromHours(1), 100m));
        var before = LedgerFuzzProperties.Snapshot(ledger);
        var entries = ledger.EntryCount;

        Assert.Throws<OverflowException>(() => ledger.AdvanceTo(At + Duration.FromDays(10)));

        Assert.Equal(entries, ledger.EntryCount);
        Assert.Equal(before, LedgerFuzzProperties.Snapshot(ledger));
        Assert.Equal(At - Duration.FromDays(3), ledger.AcceptsEventsFrom(bob));
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("b2", bob, At + Duration.FromDays(2), 10m)).Status);

        // An advance that confirms only bob's order (alice's is still in its return window) writes it.
        ledger.AdvanceTo(At + Duration.FromDays(5));
        Assert.Equal(new Points(40), ledger.GetBalance(bob, At + Duration.FromDays(5)).Available);
        Assert.Equal(LedgerEntryKind.Confirmed, ledger.History(bob)[^1].Kind);
    }

    [Theory]
    [InlineData(9999, 12, 31)]
    [InlineData(9000, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(1899, 12, 31)]
    public void EventsOutsideTheSupportedYears_AreRefused_NotACalendarException(int year, int month, int day)
    {
        // Found: an order at 9999-12-31 or at year 1 threw ArgumentOutOfRangeException from the calendar arithmetic.
        var program = Builder().MaxPerDay(new Points(1000)).Expiry(PointsExpiry.AfterEarning(12)).Build();
        var ledger = new PointsLedger(program);
        var at = Instant.FromUtc(year, month, day, 0, 0);

        var result = ledger.Apply(Placed("o1", new CustomerId("c1"), at, 10m));

        Assert.Equal(ApplyStatus.Refused, result.Status);
        Assert.Contains("outside the instants the ledger supports", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, ledger.CustomerCount);
    }

    [Fact]
    public void EventsJustInsideTheSupportedYears_AreApplied()
    {
        var program = Builder().MaxPerDay(new Points(1000)).Expiry(PointsExpiry.AfterEarning(1200)).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("o1", new CustomerId("c1"), Instant.FromUtc(1900, 1, 1, 0, 0), 10m)).Status);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("o2", new CustomerId("c2"), Instant.FromUtc(8999, 12, 31, 23, 59), 10m)).Status);
    }
}
