using NodaTime;
using Retention.Loyalty;
using Retention.Tests.Fuzzing;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Gaps the re-run of the <c>ledger</c> mutation scope found (docs/testing.md#latest-scores): what an overflowing
/// refund puts back (the refund totals and a spend tier's contribution, not only what the snapshot shows), local days
/// before 1970 and at the instant a zone's offset changes, the refused events of a replay, a first-order bonus earned
/// without base points, the refund totals of an order that earned nothing but counts as tier spend, stores of more than
/// one chunk, and a referral between two known customers that overflows; and from the run of <c>PointsLedger.cs</c> alone
/// at the 60 s timeout: the text of the instant range, a null event in a replay, an order of exactly the room left under
/// a cap, a monthly cap alone, a negative adjustment the balance covers, and the entries of a bonus-only order.
/// </summary>
public sealed class LedgerMutationGapTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    [Fact]
    public void ARefundThatOverflows_PutsBackTheOrdersRefundTotals_AndItsSpendTierContribution()
    {
        // LedgerFuzzFindingsTests.RefundWhoseShareOverflows_... compares the snapshot and a cancellation, neither of
        // which reads the refunded share or the tier contribution the failed refund had changed in place.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Gold", 1.5e13m)]);
        var program = Builder().EarnPerUnit(1000m).Tiers(ladder).Build();
        var ledger = new PointsLedger(program);
        var twin = new PointsLedger(program);
        var order = Order("o1", Alice, At, Line("a", 1e13m), Line("b", 1e13m));
        var small = new Refund(new RefundId("f1"), order, At + Duration.FromHours(1), [new RefundLine(new LineItemId("a"), 1, Usd(1m))]);
        foreach (var e in new LoyaltyEvent[] { new OrderPlaced(order), new OrderRefunded(small) })
        {
            ledger.Apply(e);
            twin.Apply(e);
        }

        var big = new Refund(new RefundId("f2"), order, At + Duration.FromDays(3), [new RefundLine(new LineItemId("b"), 1, Usd(1e13m))]);
        Assert.Throws<OverflowException>(() => ledger.Apply(new OrderRefunded(big)));

        var later = At + Duration.FromDays(5);
        Assert.Equal(twin.GetTierProgress(Alice, later), ledger.GetTierProgress(Alice, later));
        Assert.Equal(2e13m - 1m, ledger.GetTier(Alice, later).Qualifying);
        Assert.Equal("Gold", ledger.GetTier(Alice, later).Tier.Name);

        // 1e12 more of line a: 2e16 points x (1 + 1e12) / 2e13 = 1e15 + 1000, of which 1000 are reversed already. Had
        // the failed refund's 1e13 stayed in the refunded share, this refund would overflow too.
        var next = new OrderRefunded(new Refund(new RefundId("f3"), order, At + Duration.FromDays(4), [new RefundLine(new LineItemId("a"), 1, Usd(1e12m))]));
        Assert.Equal(new Points(-1_000_000_000_000_000), ledger.Apply(next).Change);
        Assert.Equal(new Points(-1_000_000_000_000_000), twin.Apply(next).Change);
        Assert.Equal(twin.GetTierProgress(Alice, later), ledger.GetTierProgress(Alice, later));
        Assert.Equal(LedgerFuzzProperties.Snapshot(twin), LedgerFuzzProperties.Snapshot(ledger));
    }

    [Fact]
    public void LocalDaysBefore1970_AreTheirOwnDays_ForTheDailyCap()
    {
        // A local day number before the Unix epoch is a floor division of negative ticks; rounded towards zero, or up,
        // 31 December 1969 (New York) would be taken for 1 or 2 January 1970 (no test had an event before 1970). The daily cap counts one day at a time, so
        // each customer's next order is on the day a wrong rounding lands on.
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).MaxPerDay(new Points(100)).Build());
        var carol = new CustomerId("carol");

        Assert.Equal(new Points(60), ledger.Apply(Placed("a1", Alice, Local(1969, 12, 31, 8), 60m)).Change);
        Assert.Equal(new Points(40), ledger.Apply(Placed("a2", Alice, Local(1969, 12, 31, 20), 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("a3", Alice, Local(1970, 1, 1, 10), 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("b1", Bob, Local(1969, 12, 31, 20), 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("b2", Bob, Local(1970, 1, 2, 10), 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("c1", carol, Local(1969, 12, 30, 23, 30), 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("c2", carol, Local(1969, 12, 31, 0, 30), 60m)).Change);
    }

    [Fact]
    public void AnEventAtTheVeryInstantTheOffsetChanges_TakesTheNewOffsetsLocalDay()
    {
        // São Paulo left summer time at midnight: 2019-02-17 00:00 (UTC-2) became 2019-02-16 23:00 (UTC-3), at
        // 02:00 UTC. An event exactly then is on 16 February; read with the offset of the interval that just ended, as
        // the cached interval's bounds could allow, it would be on 17 February and escape the first event's daily cap.
        var saoPaulo = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];
        var first = Instant.FromUtc(2019, 2, 17, 0, 0);
        var change = Instant.FromUtc(2019, 2, 17, 2, 0);
        Assert.Equal(new LocalDate(2019, 2, 16), first.InZone(saoPaulo).Date);
        Assert.Equal(new LocalDate(2019, 2, 16), change.InZone(saoPaulo).Date);
        Assert.Equal(change, saoPaulo.GetZoneInterval(first).End);
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, saoPaulo).EarnPerUnit(1m).MaxPerDay(new Points(100)).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new Points(60), ledger.Apply(Placed("o1", Alice, first, 60m)).Change);
        Assert.Equal(new Points(40), ledger.Apply(Placed("o2", Alice, change, 60m)).Change);
        Assert.Equal(new Points(60), ledger.Apply(Placed("o3", Alice, change + Duration.FromHours(1), 60m)).Change);

        // Bob's events are earlier than the interval the ledger last looked at: 00:30 on 16 February is summer time
        // (UTC-2); read with the later interval's offset it would be 23:30 on the 15th, a day of its own.
        var early = Instant.FromUtc(2019, 2, 16, 2, 30);
        Assert.Equal(new LocalDateTime(2019, 2, 16, 0, 30), early.InZone(saoPaulo).LocalDateTime);
        Assert.Equal(new Points(60), ledger.Apply(Placed("b1", Bob, early, 60m)).Change);
        Assert.Equal(new Points(40), ledger.Apply(Placed("b2", Bob, early + Duration.FromHours(10), 60m)).Change);
    }

    [Fact]
    public void ALedgerOfMoreRecordsThanAStoreChunkHolds_KeepsEveryCustomersPoints()
    {
        // The stores grow in chunks of 16,384 records; 40,000 orders (and as many entries and lots) take three.
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).Build());
        const int Customers = 20_000;
        for (var i = 0; i < 2 * Customers; i++)
        {
            var customer = new CustomerId("c" + (i % Customers).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), customer, At + Duration.FromSeconds(i), 1 + (i % 7))).Status);
        }

        Assert.Equal(2L * Customers, ledger.EntryCount);
        Assert.Equal(Customers, ledger.CustomerCount);
        var end = At + Duration.FromDays(1);
        foreach (var c in new[] { 0, 1, 9_999, 16_383, 16_384, 19_999 })
        {
            // Customer c placed orders c and c + 20,000: 1 + c mod 7 and 1 + (c + 20,000) mod 7 points.
            var expected = 1 + (c % 7) + 1 + ((c + Customers) % 7);
            var id = new CustomerId("c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(new Points(expected), ledger.GetBalance(id, end).Available);
            Assert.Equal(2, ledger.History(id).Count);
        }
    }

    [Fact]
    public void Replay_ReportsEachRefusedEvent_WithItsResult()
    {
        var ledger = new PointsLedger(Builder().Build());
        var unknown = Redeem("r1", Alice, "no-such-reward", At + Duration.FromHours(1));

        var report = ledger.Replay([Placed("o1", Alice, At, 10m), unknown, Placed("o2", Bob, At, 5m)]);

        Assert.Equal(2, report.Applied);
        Assert.Equal(1, report.RefusedCount);
        var refused = Assert.Single(report.Refused);
        Assert.Same(unknown, refused.Event);
        Assert.Equal(ApplyStatus.Refused, refused.Result.Status);
        Assert.Equal(ledger.Apply(unknown), refused.Result);
        Assert.Contains("no-such-reward", refused.Result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFirstOrderBonusOnAnOrderWithoutBasePoints_IsTheOrdersLot_AndACancellationReversesIt()
    {
        // Half a unit earns no base point (floor), but the first-order bonus is the order's only lot.
        var program = Builder().EarnPerUnit(1m).Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50))).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new Points(50), ledger.Apply(Placed("o1", Alice, At, 0.5m)).Change);
        var cancelled = ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, At + Duration.FromHours(1)));

        Assert.Equal(new Points(-50), cancelled.Change);
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, At + Duration.FromHours(2)).Available);

        // The order wrote its bonus and nothing for the base points it did not earn (no entry of 0).
        Assert.Equal(
            [(LedgerEntryKind.Earned, new Points(50)), (LedgerEntryKind.Reversed, new Points(-50))],
            ledger.History(Alice).Select(entry => (entry.Kind, entry.Available)));
    }

    [Fact]
    public void ARefundOfAnOrderThatEarnedNothingButCountsAsTierSpend_KeepsItsOwnRefundTotals()
    {
        // The order below the minimum gets a record without lots and without refund totals (index -1); its refund must
        // start totals of its own, not add to another order's.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Gold", 1000m)]);
        var program = Builder().EarnPerUnit(1m).MinimumOrderValue(Usd(50m)).Tiers(ladder).Build();
        var ledger = new PointsLedger(program);
        var o1 = Order("o1", Alice, At, 100m);
        var o2 = Order("o2", Alice, At + Duration.FromHours(1), 100m);
        var o3 = Order("o3", Alice, At + Duration.FromHours(2), 20m);
        ledger.Apply(new OrderPlaced(o1));
        ledger.Apply(new OrderPlaced(o2));
        Assert.Equal(ApplyStatus.Ignored, ledger.Apply(new OrderPlaced(o3)).Status);
        Assert.Equal(new Points(-10), ledger.Apply(Refunded("f1", o1, At + Duration.FromHours(3), 10m)).Change);
        Assert.Equal(new Points(-10), ledger.Apply(Refunded("f2", o2, At + Duration.FromHours(3), 10m)).Change);
        Assert.Equal(ApplyStatus.Ignored, ledger.Apply(Refunded("f3", o3, At + Duration.FromHours(4), 20m)).Status);

        // o2 has 20 of 100 refunded now: 20 points reversed in all, 10 of them already.
        Assert.Equal(new Points(-10), ledger.Apply(Refunded("f4", o2, At + Duration.FromHours(5), 10m)).Change);
        Assert.Equal(220m - 10m - 10m - 20m - 10m, ledger.GetTier(Alice, At + Duration.FromHours(6)).Qualifying);
    }

    [Fact]
    public void AReferralBetweenKnownCustomersThatOverflows_PutsBackBothAccounts_AndTheBonusCounters()
    {
        // LedgerFuzzFindingsTests.ReferralWhoseBonusesOverflow_... has two new customers, whose accounts are dropped;
        // known ones are restored from their copies, the referee's (the second account) and the referrer's bonus counts.
        var program = Builder().EarnPerUnit(1m)
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(30), maxPerDay: 1))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(long.MaxValue - 35)))
            .Build();
        var ledger = new PointsLedger(program);
        var twin = new PointsLedger(program);
        var carol = new CustomerId("carol");
        LoyaltyEvent[] story =
        [
            Placed("o1", Alice, At - Duration.FromDays(2), 10m),
            Placed("o2", Bob, At - Duration.FromDays(2), 100m),
            Action("ref0", Alice, ActionKind.Referral, At - Duration.FromDays(1), referred: new CustomerId("dave")), // Alice's bonus counts exist
        ];
        foreach (var e in story)
        {
            ledger.Apply(e);
            twin.Apply(e);
        }

        Assert.Throws<OverflowException>(() => ledger.Apply(Action("ref1", Alice, ActionKind.Referral, At + Duration.FromHours(1), referred: Bob)));

        Assert.Equal(LedgerFuzzProperties.Snapshot(twin), LedgerFuzzProperties.Snapshot(ledger));
        Assert.Equal(new Points(100), ledger.GetBalance(Bob, At + Duration.FromHours(2)).Available);

        // Bob's 100 points and his bonus do not fit in 64 bits; a new customer's bonus does, and with the referrer's 30
        // the event's change is long.MaxValue - 5. The referrer's daily limit of one bonus is still unused, so it pays.
        var next = Action("ref2", Alice, ActionKind.Referral, At + Duration.FromHours(2), referred: carol);
        var paid = ledger.Apply(next);
        Assert.Equal(twin.Apply(next), paid);
        Assert.Equal(ApplyStatus.Applied, paid.Status);
        Assert.Equal(new Points(70), ledger.GetBalance(Alice, At + Duration.FromHours(3)).Available);
        Assert.Equal(LedgerFuzzProperties.Snapshot(twin), LedgerFuzzProperties.Snapshot(ledger));
    }

    [Fact]
    public void Queries_AcceptTheFirstSupportedInstant_AndRefuseTheTickBefore()
    {
        // A Stryker timeout (spot check of 1 December) hid `at > EarliestEvent`: no query was made at exactly
        // 1900-01-01T00:00Z. An unknown customer there is at level 0 of the ladder.
        var ladder = new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Silver", 500m)]);
        var ledger = new PointsLedger(Builder().Tiers(ladder).Build());
        var first = Instant.FromUtc(1900, 1, 1, 0, 0);

        Assert.Equal("Member", ledger.GetTier(Alice, first).Tier.Name);
        Assert.Equal(500m, ledger.GetTierProgress(Alice, first).NeededForNext);
        var error = Assert.Throws<InvalidValueException>(() => ledger.GetTier(Alice, first - Duration.Epsilon));
        Assert.Equal("at", error.Field);
        Assert.Equal("must be from 1900-01-01T00:00:00Z up to (not including) 9000-01-01T00:00:00Z, the instants the ledger supports", error.Rule);
    }

    [Fact]
    public void Replay_RefusesANullEvent_NamingTheEvents_BeforeApplyingAny()
    {
        var ledger = new PointsLedger(Builder().Build());

        var error = Assert.Throws<ArgumentNullException>(() => ledger.Replay([Placed("o1", Alice, At, 10m), null!]));

        Assert.Equal("events", error.ParamName);
        Assert.Equal(0, ledger.CustomerCount);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => ledger.Replay(null!)).ParamName);
    }

    [Fact]
    public void AnOrderOfExactlyTheRoomLeft_IsNotCapped()
    {
        // The daily cap has 100 points of room: an order of 100 fills it without a note, the next is capped to nothing.
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).MaxPerDay(new Points(100)).Build());

        var exact = ledger.Apply(Placed("o1", Alice, At, 100m));
        Assert.Equal(new Points(100), exact.Change);
        Assert.Null(exact.Reason);
        Assert.Equal(ApplyStatus.Ignored, ledger.Apply(Placed("o2", Alice, At + Duration.FromHours(1), 1m)).Status);
    }

    [Fact]
    public void AMonthlyCapWithoutADailyOne_StillCaps()
    {
        // The cap check skips its work when neither limit is set; a monthly limit alone must not be taken for none.
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).MaxPerMonth(new Points(100)).Build());

        Assert.Equal(new Points(80), ledger.Apply(Placed("o1", Alice, At, 80m)).Change);
        Assert.Equal(new Points(20), ledger.Apply(Placed("o2", Alice, At + Duration.FromDays(1), 80m)).Change);
        Assert.Equal(new Points(80), ledger.Apply(Placed("o3", Alice, At + Duration.FromDays(40), 80m)).Change);
    }

    [Fact]
    public void ANegativeAdjustmentTheBalanceCovers_LeavesNoDebt()
    {
        // 50 of alice's 100 points are taken; nothing is owed, so her next order's 30 points are hers in full: 80 expire
        // a year on. Debt counted on top would take them from the new lot.
        var ledger = new PointsLedger(Builder().EarnPerUnit(1m).Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(Placed("o1", Alice, At, 100m));
        Assert.Equal(new Points(-50), ledger.Apply(new PointsAdjusted(new EventKey("adj"), Alice, new Points(-50), At + Duration.FromHours(1), "goodwill reversal")).Change);
        ledger.Apply(Placed("o2", Alice, At + Duration.FromHours(2), 30m));

        var expiring = Assert.Single(ledger.ExpiringWithin(Alice, At + Duration.FromHours(3), 400));
        Assert.Equal(new Points(80), expiring.Points);
        ledger.AdvanceTo(At + Duration.FromDays(400));
        Assert.Equal(new Points(80), ledger.GetBalance(Alice, At + Duration.FromDays(400)).Expired);
    }
}
