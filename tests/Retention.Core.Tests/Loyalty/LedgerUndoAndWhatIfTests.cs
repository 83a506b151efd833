using NodaTime;
using Retention.Loyalty;
using Retention.Tests.Fuzzing;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// What the mutation runs of the ledger at the 60 s timeout (docs/testing.md) showed no test reading: the what-if copy
/// of a customer whose lots are all spent; what a failed event puts back (the lots a redemption spent, the day's bonus
/// counts and a new rule name, an order's record and refund totals after a refund or a cancellation, another order's
/// refund totals, the link of the customer's last lot, a spend tier's contribution, the tier changes its advance
/// wrote); customers and event keys whose hashes are equal; and an advance that overflows for a customer whose totals
/// are each below 2^62.
/// </summary>
public sealed class LedgerUndoAndWhatIfTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static PointsAdjusted Adjust(string key, CustomerId customer, long points, Instant at, string reason = "migration") =>
        new(new EventKey(key), customer, new Points(points), at, reason);

    private static OrderRefunded RefundOf(string id, Order order, Instant at, string line, decimal amount) =>
        new(new Refund(new RefundId(id), order, at, [new RefundLine(new LineItemId(line), 1, Usd(amount))]));

    [Fact]
    public void WhatIf_ForACustomerWhoseLotsAreAllSpent_ListsNothing_AndANewLotAlone()
    {
        // The advance past the spent lot's expiry moves the lot heads past the customer's last lot (-1); the what-if
        // copy behind ExpiringWithin and GetBalance starts from there, with no lot.
        var program = Builder().EarnPerUnit(1m).Expiry(PointsExpiry.AfterEarning(12)).Reward(Reward.FreeShipping("ship", new Points(100))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 100m));
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Redeem("r1", Alice, "ship", At + Duration.FromHours(1))).Status);
        ledger.AdvanceTo(At + Duration.FromDays(400));

        var after = At + Duration.FromDays(410);
        Assert.Empty(ledger.ExpiringWithin(Alice, after, 365));
        Assert.Equal(
            new PointsBalance(Points.Zero, Points.Zero, new Points(100), new Points(100), Points.Zero, Points.Zero, Points.Zero),
            ledger.GetBalance(Alice, after));

        ledger.Apply(Placed("o2", Alice, after, 40m));
        var expiring = Assert.Single(ledger.ExpiringWithin(Alice, after, 400));
        Assert.Equal(new Points(40), expiring.Points);
        Assert.Equal(new Points(40), ledger.GetBalance(Alice, after + Duration.FromDays(364)).Available);
        Assert.Equal(new Points(40), ledger.GetBalance(Alice, after + Duration.FromDays(370)).Expired);
    }

    [Fact]
    public void WhatIf_UnderInactivityExpiry_CountsTheLotsFromTheHeadOn()
    {
        // o1's points were cancelled while pending; an advance past its return window moves the heads past it. Points
        // that lapse for inactivity are the ones in lots from the head on: none, then o2's pending 100, confirmed by then.
        var program = Builder().EarnPerUnit(1m).ReturnWindow(Period.FromDays(30)).Expiry(PointsExpiry.AfterInactivity(12)).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 100m));
        Assert.Equal(new Points(-100), ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, At + Duration.FromDays(1))).Change);
        ledger.AdvanceTo(At + Duration.FromDays(31));

        Assert.Empty(ledger.ExpiringWithin(Alice, At + Duration.FromDays(32), 400));

        ledger.Apply(Placed("o2", Alice, At + Duration.FromDays(40), 100m));
        var expiring = Assert.Single(ledger.ExpiringWithin(Alice, At + Duration.FromDays(41), 400));
        Assert.Equal(new Points(100), expiring.Points);
        Assert.True(expiring.ExpiresAt > At + Duration.FromDays(40 + 365));
    }

    [Fact]
    public void ARedemptionThatOverflows_PutsBackTheLotItSpent()
    {
        // The third redemption takes o1's lot and then overflows the redeemed total (3 x 3.5e18 > 2^63): the lot holds
        // its points again, lists as expiring, and expires whole.
        const long cost = 3_500_000_000_000_000_000;
        var program = Builder().EarnPerUnit(1m).Expiry(PointsExpiry.AfterEarning(12)).Reward(Reward.FreeShipping("big", new Points(cost))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Adjust("a1", Alice, cost, At));
        ledger.Apply(Redeem("r1", Alice, "big", At + Duration.FromHours(1)));
        ledger.Apply(Adjust("a2", Alice, cost, At + Duration.FromHours(2)));
        ledger.Apply(Redeem("r2", Alice, "big", At + Duration.FromHours(3)));
        Assert.Equal(new Points(cost), ledger.Apply(Placed("o1", Alice, At + Duration.FromHours(4), cost)).Change);
        var history = ledger.History(Alice);
        var stored = ledger.StoredRecords;

        Assert.Throws<OverflowException>(() => ledger.Apply(Redeem("r3", Alice, "big", At + Duration.FromHours(5))));

        Assert.Equal(history, ledger.History(Alice));
        Assert.Equal(stored, ledger.StoredRecords); // the redemption's entry is dropped, not left unreachable
        var expiring = Assert.Single(ledger.ExpiringWithin(Alice, At + Duration.FromHours(6), 400));
        Assert.Equal(new Points(cost), expiring.Points);
        ledger.AdvanceTo(At + Duration.FromDays(400));
        Assert.Equal(new Points(cost), ledger.GetBalance(Alice, At + Duration.FromDays(400)).Expired);
    }

    [Fact]
    public void AFailedEvent_PutsBackTheDaysBonusCounts()
    {
        // The failed adjustment's copy of alice holds her bonus counts: one review today, the limit. Restored from a
        // copy that never saw them, a second review the same day would pay.
        var program = Builder().EarnPerUnit(1m).Bonus(new ActionBonus(BonusTrigger.Review, new Points(10), maxPerDay: 1)).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 50m));
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("v1", Alice, ActionKind.Review, At + Duration.FromHours(1), rating: 5)).Status);
        var stored = ledger.StoredRecords;

        Assert.Throws<OverflowException>(() => ledger.Apply(Adjust("big", Alice, long.MaxValue, At + Duration.FromHours(2))));
        Assert.Equal(stored, ledger.StoredRecords); // its entry, lot and new rule name are dropped

        var again = ledger.Apply(Action("v2", Alice, ActionKind.Review, At + Duration.FromHours(3), rating: 4));
        Assert.Equal(ApplyStatus.Ignored, again.Status);
        Assert.Equal("the Review bonus is limited to 1 per day for customer alice", again.Reason);
        Assert.Equal(new Points(60), ledger.GetBalance(Alice, At + Duration.FromHours(4)).Available);

        // The failed adjustment's rule name ("adjustment:migration") was new, and is forgotten with it: the next new
        // name takes its place, and the migration rule, used again, is its own.
        ledger.Apply(Adjust("fix", Alice, 5, At + Duration.FromHours(5), "correction"));
        ledger.Apply(Adjust("m2", Alice, 7, At + Duration.FromHours(6)));
        Assert.Equal(["adjustment:correction", "adjustment:migration"], ledger.History(Alice).TakeLast(2).Select(entry => entry.Rule));
    }

    [Fact]
    public void AFailedCancellation_LeavesTheOrderWithoutRefundTotals()
    {
        // Alice owes long.MaxValue points (a negative balance is allowed) when o1 is cancelled: its 1,000 points, spent
        // already, would take the debt past 2^63 - 1. The cancellation created o1's refund totals before it overflowed;
        // the record must lose them, or o2's first refund takes the same totals and o1's cancellation later reverses
        // 1,000 less what o2 had reversed.
        var program = Builder().EarnPerUnit(1m).Clawback(ClawbackPolicy.AllowNegativeBalance).Reward(Reward.FreeShipping("ship", new Points(1000))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 1000m));
        ledger.Apply(Redeem("r1", Alice, "ship", At + Duration.FromHours(1)));
        ledger.Apply(Adjust("debt", Alice, -long.MaxValue, At + Duration.FromHours(2)));
        Assert.Equal(new Points(-long.MaxValue), ledger.GetBalance(Alice, At + Duration.FromHours(2)).Available);

        Assert.Throws<OverflowException>(() => ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, At + Duration.FromHours(3))));

        var o2 = Order("o2", Alice, At + Duration.FromHours(4), Line("c", 100m), Line("d", 100m));
        ledger.Apply(new OrderPlaced(o2)); // its 200 points pay debt
        Assert.Equal(new Points(-100), ledger.Apply(RefundOf("f2", o2, At + Duration.FromHours(5), "c", 100m)).Change);
        ledger.Apply(Adjust("pay", Alice, 5000, At + Duration.FromHours(6)));
        Assert.Equal(new Points(-1000), ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, At + Duration.FromHours(7))).Change);
    }

    [Fact]
    public void AFailedFirstRefund_LeavesTheOrderWithoutRefundTotals()
    {
        // o1 is the ledger's first order record (index 0). Its first refund creates its refund totals and then overflows
        // (2e16 points x 1e13 / 2e13 in decimal); the record must lose them again, or it keeps the index of totals that
        // are dropped, and which o2's first refund then takes.
        var program = Builder().EarnPerUnit(1000m).Build();
        var ledger = new PointsLedger(program);
        var o1 = Order("o1", Alice, At, Line("a", 1e13m), Line("b", 1e13m));
        var o2 = Order("o2", Alice, At + Duration.FromHours(1), Line("c", 100m), Line("d", 100m));
        ledger.Apply(new OrderPlaced(o1));
        ledger.Apply(new OrderPlaced(o2));
        var stored = ledger.StoredRecords;

        Assert.Throws<OverflowException>(() => ledger.Apply(RefundOf("f1", o1, At + Duration.FromHours(2), "b", 1e13m)));
        Assert.Equal(stored, ledger.StoredRecords); // the refund totals are dropped, not left unreachable

        Assert.Equal(new Points(-100_000), ledger.Apply(RefundOf("f2", o2, At + Duration.FromHours(3), "c", 100m)).Change);
        Assert.Equal(new Points(-1000), ledger.Apply(RefundOf("f3", o1, At + Duration.FromHours(4), "a", 1m)).Change);

        // o2's other line: the rest of its 200,000 points. Sharing totals with o1, it would have 1 more refunded and
        // 1,000 more points reversed.
        Assert.Equal(new Points(-100_000), ledger.Apply(RefundOf("f4", o2, At + Duration.FromHours(5), "d", 100m)).Change);
    }

    [Fact]
    public void AFailedEvent_LeavesAnotherOrdersRefundTotalsAsTheyAre()
    {
        // The last refund saved o2's totals (index 1) before changing them; the failed adjustment after it saved none and
        // must put none back.
        var program = Builder().EarnPerUnit(1m).Build();
        var ledger = new PointsLedger(program);
        var o1 = Order("o1", Alice, At, Line("a", 100m));
        var o2 = Order("o2", Alice, At, Line("c", 50m, quantity: 2), Line("d", 100m));
        ledger.Apply(new OrderPlaced(o1));
        ledger.Apply(new OrderPlaced(o2));
        Assert.Equal(new Points(-10), ledger.Apply(RefundOf("f1", o1, At + Duration.FromHours(1), "a", 10m)).Change);
        Assert.Equal(new Points(-50), ledger.Apply(RefundOf("f2", o2, At + Duration.FromHours(2), "c", 50m)).Change);
        Assert.Equal(new Points(-50), ledger.Apply(RefundOf("f3", o2, At + Duration.FromHours(3), "c", 50m)).Change);

        Assert.Throws<OverflowException>(() => ledger.Apply(Adjust("big", Alice, long.MaxValue, At + Duration.FromHours(4))));

        Assert.Equal(new Points(-100), ledger.Apply(new OrderCancelled(new OrderId("o2"), Alice, At + Duration.FromHours(5))).Change);
        Assert.Equal(new Points(90), ledger.GetBalance(Alice, At + Duration.FromHours(6)).Available);
    }

    [Fact]
    public void AFailedEvent_UnlinksTheLotItAddedAfterTheCustomersLastLot()
    {
        // Alice's only lot is the ledger's first (index 0). The failed adjustment linked its new lot after it; that lot's
        // slot is then bob's, which alice's list must not reach.
        var program = Builder().EarnPerUnit(1m).Expiry(PointsExpiry.AfterEarning(12)).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 100m));
        var stored = ledger.StoredRecords;

        Assert.Throws<OverflowException>(() => ledger.Apply(Adjust("big", Alice, long.MaxValue, At + Duration.FromHours(1))));
        Assert.Equal(stored, ledger.StoredRecords); // the adjustment's lot and entry are dropped
        ledger.Apply(Placed("o2", Bob, At + Duration.FromDays(1), 30m));

        var expiring = Assert.Single(ledger.ExpiringWithin(Alice, At + Duration.FromDays(2), 400));
        Assert.Equal(new Points(100), expiring.Points);
        ledger.AdvanceTo(At + Duration.FromDays(400));
        Assert.Equal(new Points(100), ledger.GetBalance(Alice, At + Duration.FromDays(400)).Expired);
        Assert.Equal(new Points(30), ledger.GetBalance(Bob, At + Duration.FromDays(400)).Expired);
    }

    [Fact]
    public void AFailedRefund_PutsBackTheSpendItTookFromTheTier_SoACancellationTakesItAll()
    {
        // The failed refund lowered o1's remaining qualifying spend (2e13) by 1e13 before it overflowed. Put back, the
        // cancellation takes all 2e13; left lowered, it would take 1e13 and leave 1e13 qualifying.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Gold", 1.5e13m)]);
        var program = Builder().EarnPerUnit(1000m).Tiers(ladder).Build();
        var ledger = new PointsLedger(program);
        var o1 = Order("o1", Alice, At, Line("a", 1e13m), Line("b", 1e13m));
        ledger.Apply(new OrderPlaced(o1));

        Assert.Throws<OverflowException>(() => ledger.Apply(RefundOf("f1", o1, At + Duration.FromHours(1), "b", 1e13m)));
        Assert.Equal(2e13m, ledger.GetTier(Alice, At + Duration.FromHours(2)).Qualifying);

        Assert.Equal(new Points(-20_000_000_000_000_000), ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, At + Duration.FromHours(3))).Change);
        Assert.Equal(0m, ledger.GetTier(Alice, At + Duration.FromHours(4)).Qualifying);
    }

    [Fact]
    public void AFailedRefund_DropsTheTierChangesItsAdvanceWrote()
    {
        // The refund, 13 months on, first advances alice's tier book, which writes the review of her Gold status a year
        // after the upgrade (a renewal: o1, placed exactly a year before, is still in the window). Then the refund
        // overflows, and the renewal goes with it; written again by the next advance, it must appear once.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.RollingMonths(12), [new Tier("Member", 0m), new Tier("Gold", 1.5e13m)]);
        var program = Builder().EarnPerUnit(1000m).Tiers(ladder).Build();
        var ledger = new PointsLedger(program);
        var twin = new PointsLedger(program);
        var o1 = Order("o1", Alice, At, Line("a", 1e13m), Line("b", 1e13m));
        ledger.Apply(new OrderPlaced(o1));
        twin.Apply(new OrderPlaced(o1));
        var later = At + Duration.FromDays(400);

        Assert.Throws<OverflowException>(() => ledger.Apply(RefundOf("f1", o1, later, "b", 1e13m)));

        Assert.Equal(twin.TierHistory(Alice), ledger.TierHistory(Alice));
        ledger.AdvanceTo(later + Duration.FromDays(1));
        twin.AdvanceTo(later + Duration.FromDays(1));
        Assert.Equal(twin.TierHistory(Alice), ledger.TierHistory(Alice));
        Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Renewal);
    }

    [Fact]
    public void CustomersAndEventKeysWhoseHashesAreEqual_StayApart()
    {
        // The account and key tables compare the hash first and the text only when the hashes are equal: two ids with
        // one hash (found here by search, since string hashes are seeded per process) are still two customers, and two
        // orders whose keys share a hash are two orders.
        var (first, second) = Colliding("customer-");
        var (order1, order2) = Colliding("order:o-");
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).Build());
        var one = new CustomerId(first);
        var two = new CustomerId(second);

        Assert.Equal(new Points(100), ledger.Apply(Placed(order1["order:".Length..], one, At, 100m)).Change);
        Assert.Equal(new Points(30), ledger.Apply(Placed(order2["order:".Length..], two, At, 30m)).Change);

        Assert.Equal(2, ledger.CustomerCount);
        Assert.Equal(new Points(100), ledger.GetBalance(one, At).Available);
        Assert.Equal(new Points(30), ledger.GetBalance(two, At).Available);
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(Placed(order2["order:".Length..], two, At, 30m)).Status);
    }

    [Fact]
    public void AnAdvanceThatOverflows_ForTotalsEachBelow2To62_ThrowsBeforeAnyCustomerChanges()
    {
        // Alice's expired 4e18, available 3e18 and pending 3e18 are each below 2^62 but above 2^61, the bound below which
        // three totals cannot overflow: her advance is tried on a copy first, so bob (advanced before her) keeps his
        // pending points and the clock stays.
        var program = Builder().EarnPerUnit(1m).ReturnWindow(Period.FromDays(7)).Expiry(PointsExpiry.AfterEarning(1)).Build();
        var ledger = new PointsLedger(program);
        const long big = 3_000_000_000_000_000_000;
        ledger.Apply(Placed("b1", Bob, At, 40m));
        ledger.Apply(Adjust("a1", Alice, 4_000_000_000_000_000_000, At));
        ledger.AdvanceTo(At + Duration.FromDays(40));
        Assert.Equal(new Points(4_000_000_000_000_000_000), ledger.GetBalance(Alice, At + Duration.FromDays(40)).Expired);

        var second = At + Duration.FromDays(41);
        ledger.Apply(Placed("b2", Bob, second, 10m));
        ledger.Apply(Adjust("a2", Alice, big, second));
        ledger.Apply(Placed("a3", Alice, second, big));
        var before = LedgerFuzzProperties.Snapshot(ledger);
        var entries = ledger.EntryCount;

        Assert.Throws<OverflowException>(() => ledger.AdvanceTo(second + Duration.FromDays(62)));

        Assert.Equal(entries, ledger.EntryCount);
        Assert.Equal(before, LedgerFuzzProperties.Snapshot(ledger));
        Assert.Equal(second, ledger.AcceptsEventsFrom(Bob));
    }

    /// <summary>Two distinct strings, <paramref name="prefix"/> and a number, with the same <see cref="KeyTable.Hash"/>.</summary>
    private static (string First, string Second) Colliding(string prefix)
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var text = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (seen.TryGetValue(KeyTable.Hash(text), out var earlier))
            {
                return (earlier, text);
            }

            seen.Add(KeyTable.Hash(text), text);
        }
    }

    [Fact]
    public void ARedemptionRefusedAfterItsConfirmationsWereWritten_LeavesNoRecord()
    {
        // At the redemption o1's pending points are due to be confirmed, and the ledger writes that before it finds 120
        // points too few for the reward. The refusal undoes the confirmation, and its slots are freed for what follows.
        var program = Builder().EarnPerUnit(1m).ReturnWindow(Period.FromDays(30)).Reward(Reward.FreeShipping("ship", new Points(500))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("o1", Alice, At, 120m));
        var stored = ledger.StoredRecords;
        var entries = ledger.EntryCount;

        var refused = ledger.Apply(Redeem("r1", Alice, "ship", At + Duration.FromDays(40)));

        Assert.Equal(ApplyStatus.Refused, refused.Status);
        Assert.Equal((stored, entries), (ledger.StoredRecords, ledger.EntryCount));
        Assert.Equal(new Points(120), ledger.GetBalance(Alice, At + Duration.FromDays(40)).Available);
        ledger.AdvanceTo(At + Duration.FromDays(40));
        Assert.Equal(stored.Entries + 1, ledger.StoredRecords.Entries); // the confirmation, written once the ledger reaches it
    }

    [Fact]
    public void AnOrderThatOverflowsTheTierSpend_LeavesNoOrderRecord()
    {
        // Capped at 100 points each (5e18 uncapped), two orders of 5e28 earn little, but their qualifying spend passes decimal's 7.9e28:
        // the second order overflows in its tier contribution, after its record was written. The record is dropped.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Gold", 1e28m)]);
        var program = Builder().EarnPerUnit(1e-10m).MaxPerOrder(new Points(100)).Tiers(ladder).Build();
        var ledger = new PointsLedger(program);
        Assert.Equal(new Points(100), ledger.Apply(Placed("o1", Alice, At, 5e28m)).Change);
        var stored = ledger.StoredRecords;

        Assert.Throws<OverflowException>(() => ledger.Apply(Placed("o2", Alice, At + Duration.FromHours(1), 5e28m)));

        Assert.Equal(stored, ledger.StoredRecords);
        Assert.Equal(new Points(100), ledger.GetBalance(Alice, At + Duration.FromHours(2)).Available);
        Assert.Equal(5e28m, ledger.GetTier(Alice, At + Duration.FromHours(2)).Qualifying);
    }

    [Fact]
    public void ChunkedStore_FirstChunkDoubles_ThenWholeChunksAreAdded_AndTruncateClearsWhatItForgets()
    {
        var store = new ChunkedStore<string?>(8);
        for (var i = 0; i < 9; i++)
        {
            store.Add(out _) = "s" + i;
        }

        Assert.Equal((9, 16), (store.Count, store.Capacity)); // doubled from 8, not a whole chunk at once

        store.Truncate(2);

        // The forgotten slots no longer hold their strings (references the collector could not free) and are reused.
        Assert.Equal(2, store.Count);
        Assert.Equal(["s0", "s1", null, null, null, null, null, null, null], Enumerable.Range(0, 9).Select(i => store[i]));
        Assert.Null(store.Add(out var index));
        Assert.Equal(2, index);

        for (var i = store.Count; i <= 16_384; i++)
        {
            store.Add(out _);
        }

        Assert.Equal((16_385, 32_768), (store.Count, store.Capacity)); // the first chunk stops at 16,384; then one more
    }
}
