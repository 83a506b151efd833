using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

public sealed class PointsLedgerTests
{
    private static readonly Reward FiveOff = Reward.AmountOff("5-off", new Points(500), Usd(5m));

    [Fact]
    public void Order_PendingForTheReturnWindow_ConfirmedAtTheLocalTimeThirtyDaysLater()
    {
        var ledger = new PointsLedger(Builder().ReturnWindow(Period.FromDays(30)).Build());
        var placed = Local(2026, 3, 1, 10); // 15:00Z, before the switch to daylight time on 8 March

        var result = ledger.Apply(Placed("o1", Alice, placed, 120.40m));

        Assert.Equal(ApplyStatus.Applied, result.Status);
        Assert.Equal(new Points(120), result.Change);
        var confirmedAt = Instant.FromUtc(2026, 3, 31, 14, 0); // 10:00 EDT: local days, not 720 elapsed hours
        Assert.Equal(new PointsBalance(Points.Zero, new Points(120), new Points(120), Points.Zero, Points.Zero, Points.Zero, Points.Zero), ledger.GetBalance(Alice, confirmedAt - Duration.Epsilon));
        Assert.Equal(new Points(120), ledger.GetBalance(Alice, confirmedAt).Available);
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, confirmedAt).Pending);

        ledger.AdvanceTo(Instant.FromUtc(2026, 4, 1, 0, 0));
        var key = new EventKey("order:o1");
        Assert.Equal(
            [
                new LedgerEntryView(LedgerEntryKind.Pending, placed, key, 0, 120, "order"),
                new LedgerEntryView(LedgerEntryKind.Confirmed, confirmedAt, key, 120, -120, "return-window"),
            ],
            LedgerEntryView.Of(ledger.History(Alice)));
        Assert.Equal(2, ledger.EntryCount);
    }

    [Fact]
    public void Apply_SameKeyTwice_IsADuplicateAndChangesNothing()
    {
        var ledger = new PointsLedger(Builder().Build());
        var order = Placed("o1", Alice, Local(2026, 3, 1), 50m);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(order).Status);

        var again = ledger.Apply(order);
        var sameOrderNewObject = ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 50m));

        Assert.Equal(ApplyStatus.Duplicate, again.Status);
        Assert.Equal(Points.Zero, again.Change);
        Assert.Equal(ApplyStatus.Duplicate, sameOrderNewObject.Status);
        Assert.Single(ledger.History(Alice));
        Assert.Equal(new Points(50), ledger.GetBalance(Alice, Local(2026, 3, 2)).Available);
    }

    [Fact]
    public void Redeem_MoreThanAvailable_IsRefusedWithTheReason_AndARetryCanSucceedLater()
    {
        var ledger = new PointsLedger(Builder().Reward(FiveOff).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 300m));
        var redeem = Redeem("r1", Alice, "5-off", Local(2026, 3, 2));

        var refused = ledger.Apply(redeem);
        Assert.Equal(ApplyStatus.Refused, refused.Status);
        Assert.Equal("reward \"5-off\" costs 500 points; customer alice has 300 available (0 pending)", refused.Reason);
        Assert.Equal(ApplyStatus.Refused, ledger.Apply(Redeem("r2", Alice, "mug", Local(2026, 3, 2))).Status);

        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 3), 250m));
        var retried = ledger.Apply(Redeem("r1", Alice, "5-off", Local(2026, 3, 4)));

        Assert.Equal(ApplyStatus.Applied, retried.Status);
        Assert.Equal(new Points(-500), retried.Change);
        var balance = ledger.GetBalance(Alice, Local(2026, 3, 4));
        Assert.Equal(new Points(50), balance.Available);
        Assert.Equal(new Points(500), balance.Redeemed);
        Assert.Equal("reward:5-off", ledger.History(Alice)[^1].Rule);
    }

    [Theory]
    [InlineData("redemption")]
    [InlineData("adjustment")]
    public void Refused_WhenAConfirmationAndAnExpiryFellDue_CountsThemInTheReason_AndWritesNothing(string kind)
    {
        // o1's points were confirmed on 4 February and expire on 5 March; o2's are pending until 31 March. Nothing was
        // written since 1 March, so on 10 April both the expiry and the confirmation are due: 250 points available.
        var program = Builder().ReturnWindow(Period.FromDays(30)).Expiry(PointsExpiry.AfterEarning(2)).Reward(FiveOff).Reward(Reward.FreeShipping("ship", new Points(100))).Build();
        var ledger = new PointsLedger(program);
        var twin = new PointsLedger(program);
        foreach (var each in new[] { ledger, twin })
        {
            each.Apply(Placed("o1", Alice, Local(2026, 1, 5), 200m));
            each.Apply(Placed("o2", Alice, Local(2026, 3, 1), 250m));
        }

        var entries = ledger.EntryCount;
        LoyaltyEvent refusedEvent = kind == "redemption"
            ? Redeem("r1", Alice, "5-off", Local(2026, 4, 10))
            : new PointsAdjusted(new EventKey("a1"), Alice, new Points(-300), Local(2026, 4, 10), "correction");
        var refused = ledger.Apply(refusedEvent);

        Assert.Equal(ApplyStatus.Refused, refused.Status);
        Assert.Equal(
            kind == "redemption"
                ? "reward \"5-off\" costs 500 points; customer alice has 250 available (0 pending)"
                : "taking 300 points would leave customer alice below zero (250 available)",
            refused.Reason);
        Assert.Equal(entries, ledger.EntryCount);
        Assert.Equal(twin.AcceptsEventsFrom(Alice), ledger.AcceptsEventsFrom(Alice));
        Assert.Equal(LedgerEntryView.Of(twin.History(Alice)), LedgerEntryView.Of(ledger.History(Alice)));

        // The same event again is refused again (a refused key is not remembered); later events write the same entries.
        Assert.Equal(refused, ledger.Apply(refusedEvent));
        foreach (var each in new[] { ledger, twin })
        {
            Assert.Equal(new Points(-100), each.Apply(Redeem("r2", Alice, "ship", Local(2026, 4, 10, 13))).Change);
        }

        Assert.Equal(LedgerEntryView.Of(twin.History(Alice)), LedgerEntryView.Of(ledger.History(Alice)));
        Assert.Equal(twin.GetBalance(Alice, Local(2026, 6, 1)), ledger.GetBalance(Alice, Local(2026, 6, 1)));
    }

    [Fact]
    public void Expiry_AfterEarning_SpendsOldestFirst_AndExpiresTheRestAtTheStartOfTheLocalDay()
    {
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(1)).Reward(Reward.FreeShipping("ship", new Points(120))).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 1, 31), 100m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 2, 15), 50m));
        ledger.Apply(Redeem("r1", Alice, "ship", Local(2026, 2, 20)));

        // o1's lot (31 Jan + 1 month = 28 Feb) was spent; 30 points of o2's lot (15 Feb + 1 month) expire at the start of
        // 16 March, New York time, which is daylight time by then.
        var expiresAt = Instant.FromUtc(2026, 3, 16, 4, 0);
        Assert.Equal(new Points(30), ledger.GetBalance(Alice, expiresAt - Duration.Epsilon).Available);
        var after = ledger.GetBalance(Alice, expiresAt);
        Assert.Equal(Points.Zero, after.Available);
        Assert.Equal(new Points(30), after.Expired);

        Assert.Equal([new ExpiringPoints(expiresAt, new LocalDate(2026, 3, 15), new Points(30))], ledger.ExpiringWithin(Alice, Local(2026, 3, 10), 5));
        Assert.Empty(ledger.ExpiringWithin(Alice, Local(2026, 3, 10), 4));
        Assert.Empty(ledger.ExpiringWithin(Bob, Local(2026, 3, 10), 30));

        ledger.AdvanceTo(Local(2026, 4, 1));
        var expiry = ledger.History(Alice)[^1];
        Assert.Equal(new LedgerEntryView(LedgerEntryKind.Expired, expiresAt, new EventKey("order:o2"), -30, 0, "expiry"), LedgerEntryView.Of(expiry));
    }

    [Fact]
    public void Expiry_PointsEarnedOnALeapDay_ExpireAtTheStartOfTheFirstOfMarch()
    {
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2024, 2, 29), 40m));

        // 29 Feb 2024 + 12 months = 28 Feb 2025, the last day to spend.
        var expiresAt = Instant.FromUtc(2025, 3, 1, 5, 0);
        Assert.Equal(new Points(40), ledger.GetBalance(Alice, expiresAt - Duration.Epsilon).Available);
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, expiresAt).Available);
        Assert.Equal([new ExpiringPoints(expiresAt, new LocalDate(2025, 2, 28), new Points(40))], ledger.ExpiringWithin(Alice, Local(2025, 2, 1), 27));
    }

    [Fact]
    public void Expiry_AfterInactivity_ExpiresTheWholeBalance_AndActivityRestartsTheClock()
    {
        var program = Builder().Expiry(PointsExpiry.AfterInactivity(6)).Build();
        var quiet = new PointsLedger(program);
        quiet.Apply(Placed("o1", Alice, Local(2026, 1, 10), 100m));
        var due = Instant.FromUtc(2026, 7, 11, 4, 0);
        Assert.Equal(new Points(100), quiet.GetBalance(Alice, due - Duration.Epsilon).Available);
        Assert.Equal(new Points(100), quiet.GetBalance(Alice, due).Expired);

        var active = new PointsLedger(program);
        active.Apply(Placed("o1", Alice, Local(2026, 1, 10), 100m));
        active.Apply(Placed("o2", Alice, Local(2026, 5, 1), 20m));
        Assert.Equal(new Points(120), active.GetBalance(Alice, due).Available);
        var laterDue = Instant.FromUtc(2026, 11, 2, 5, 0); // standard time again after 1 November
        Assert.Equal([new ExpiringPoints(laterDue, new LocalDate(2026, 11, 1), new Points(120))], active.ExpiringWithin(Alice, Local(2026, 10, 20), 20));
        active.AdvanceTo(laterDue);
        Assert.Equal(new LedgerEntryView(LedgerEntryKind.Expired, laterDue, new EventKey("order:o2"), -120, 0, "inactivity"), LedgerEntryView.Of(active.History(Alice)[^1]));
    }

    [Fact]
    public void Refunds_ReverseInProportionToTheWeightedBasis_AndTheLastOneReversesEverything()
    {
        var ledger = new PointsLedger(Builder().CategoryMultiplier(new CategoryId("home"), 2m).Build());
        var order = Order("o1", Alice, Local(2026, 3, 1), Line("a", 60m), Line("b", 40m, product: "mug", category: "home"));
        Assert.Equal(new Points(140), ledger.Apply(new OrderPlaced(order)).Change);

        var mug = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r1"), order, Local(2026, 3, 2), [new RefundLine(new LineItemId("b"), 1, Usd(40m))])));
        var halfTee = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r2"), order, Local(2026, 3, 3), [new RefundLine(new LineItemId("a"), 1, Usd(30m))])));
        var pennyTee = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r3"), order, Local(2026, 3, 4), [new RefundLine(new LineItemId("a"), 1, Usd(0.5m))])));
        var restOfTee = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r4"), order, Local(2026, 3, 5), [new RefundLine(new LineItemId("a"), 1, Usd(29.5m))])));

        Assert.Equal(new Points(-80), mug.Change);
        Assert.Equal(new Points(-30), halfTee.Change);
        Assert.Equal(ApplyStatus.Ignored, pennyTee.Status); // 110.5 of 140: still 110 whole points reversed
        Assert.Equal("refund r3 reverses no whole point of order o1", pennyTee.Reason);
        Assert.Equal(new Points(-30), restOfTee.Change);
        var balance = ledger.GetBalance(Alice, Local(2026, 3, 6));
        Assert.Equal(Points.Zero, balance.Available);
        Assert.Equal(new Points(140), balance.Reversed);
    }

    [Fact]
    public void Refund_AfterThePointsWereSpent_StopAtZero_TakesOtherPointsAndForgivesTheRest()
    {
        var ledger = new PointsLedger(Builder().Reward(FiveOff).Build());
        var order = Order("o1", Alice, Local(2026, 3, 1), 500m);
        ledger.Apply(new OrderPlaced(order));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 2), 200m));
        ledger.Apply(Redeem("r1", Alice, "5-off", Local(2026, 3, 3)));

        var result = ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("f1"), order, Local(2026, 3, 4))));

        Assert.Equal(ApplyStatus.Applied, result.Status);
        Assert.Equal(new Points(-200), result.Change);
        Assert.Equal("300 points already spent were forgiven; the balance stops at zero", result.Reason);
        var balance = ledger.GetBalance(Alice, Local(2026, 3, 5));
        Assert.Equal(new PointsBalance(Points.Zero, Points.Zero, new Points(700), new Points(500), Points.Zero, new Points(200), Points.Zero), balance);
    }

    [Fact]
    public void Refund_AfterThePointsWereSpent_AllowNegative_LeavesADebtThatLaterEarningPays()
    {
        var ledger = new PointsLedger(Builder().Reward(FiveOff).Clawback(ClawbackPolicy.AllowNegativeBalance).Build());
        var order = Order("o1", Alice, Local(2026, 3, 1), 500m);
        ledger.Apply(new OrderPlaced(order));
        ledger.Apply(Redeem("r1", Alice, "5-off", Local(2026, 3, 2)));

        var result = ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("f1"), order, Local(2026, 3, 3))));
        Assert.Equal(new Points(-500), result.Change);
        Assert.Equal("500 points already spent; the balance goes negative", result.Reason);
        Assert.Equal(new Points(-500), ledger.GetBalance(Alice, Local(2026, 3, 3)).Available);

        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 4), 200m));
        Assert.Equal(new Points(-300), ledger.GetBalance(Alice, Local(2026, 3, 4)).Available);
        Assert.Equal(ApplyStatus.Refused, ledger.Apply(Redeem("r2", Alice, "5-off", Local(2026, 3, 5))).Status);
        ledger.Apply(Placed("o3", Alice, Local(2026, 3, 6), 900m));
        Assert.Equal(new Points(600), ledger.GetBalance(Alice, Local(2026, 3, 6)).Available);
        Assert.Equal(new Points(-500), ledger.Apply(Redeem("r3", Alice, "5-off", Local(2026, 3, 7))).Change);
        Assert.Equal(new Points(100), ledger.GetBalance(Alice, Local(2026, 3, 7)).Available);
    }

    [Fact]
    public void Cancellation_WhilePending_ReversesThePendingPoints()
    {
        var ledger = new PointsLedger(Builder().ReturnWindow(Period.FromDays(14)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 100m));

        var result = ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, Local(2026, 3, 2)));

        Assert.Equal(new Points(-100), result.Change);
        Assert.Equal(new LedgerEntryView(LedgerEntryKind.Reversed, Local(2026, 3, 2), new EventKey("cancel:o1"), 0, -100, "cancellation"), LedgerEntryView.Of(ledger.History(Alice)[^1]));
        var unknown = ledger.Apply(new OrderCancelled(new OrderId("o9"), Alice, Local(2026, 3, 3)));
        Assert.Equal(ApplyStatus.Refused, unknown.Status);
        Assert.Equal("order o9 is not in the ledger yet; apply the order first, or use Replay", unknown.Reason);
        ledger.AdvanceTo(Local(2026, 4, 1));
        Assert.Equal(2, ledger.History(Alice).Count); // nothing left to confirm
    }

    [Fact]
    public void Apply_EventEarlierThanTheCustomersLast_IsRefused_ButReplaySortsThem()
    {
        var later = Placed("o2", Alice, Local(2026, 3, 5), 20m);
        var earlier = Placed("o1", Alice, Local(2026, 3, 1), 10m);
        var ledger = new PointsLedger(Builder().Build());
        ledger.Apply(later);

        var refused = ledger.Apply(earlier);

        Assert.Equal(ApplyStatus.Refused, refused.Status);
        Assert.Contains("use Replay", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("b1", Bob, Local(2026, 3, 1), 10m)).Status); // other customers are independent

        var replayed = new PointsLedger(Builder().Build());
        var report = replayed.Replay([later, earlier, later]);
        Assert.Equal((2, 1, 0, 0), (report.Applied, report.Duplicates, report.Ignored, report.RefusedCount));
        Assert.Equal([new EventKey("order:o1"), new EventKey("order:o2")], replayed.History(Alice).Select(e => e.Cause));
    }

    [Fact]
    public void Replay_AtOneInstant_OrdersByKindBeforeKey_SoAnOrderPrecedesItsCancellation()
    {
        // "cancel:o1" sorts before "order:o1" ordinally; the kind (orders before cancellations) must decide first, or
        // the cancellation would be refused as naming an unknown order and the order would then keep its points.
        var at = Local(2026, 3, 1);
        var cancelled = new OrderCancelled(new OrderId("o1"), Alice, at);
        var placed = Placed("o1", Alice, at, 40m);

        foreach (var arrival in new LoyaltyEvent[][] { [cancelled, placed], [placed, cancelled] })
        {
            var ledger = new PointsLedger(Builder().Build());
            var report = ledger.Replay(arrival);

            Assert.Equal((2, 0), (report.Applied, report.RefusedCount));
            Assert.Equal([new EventKey("order:o1"), new EventKey("cancel:o1")], ledger.History(Alice).Select(e => e.Cause));
            Assert.Equal(new PointsBalance(Points.Zero, Points.Zero, new Points(40), Points.Zero, Points.Zero, new Points(40), Points.Zero), ledger.GetBalance(Alice, at));
        }
    }

    [Fact]
    public void AdvanceTo_RefusesLaterEventsBeforeIt_EvenForNewCustomers()
    {
        var ledger = new PointsLedger(Builder().Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 10m));
        ledger.AdvanceTo(Local(2026, 3, 10));

        Assert.Equal(ApplyStatus.Refused, ledger.Apply(Placed("o2", Alice, Local(2026, 3, 5), 10m)).Status);
        Assert.Equal(ApplyStatus.Refused, ledger.Apply(Placed("b1", Bob, Local(2026, 3, 5), 10m)).Status);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Placed("b2", Bob, Local(2026, 3, 10), 10m)).Status);
    }

    [Fact]
    public void ExpiringWithin_AfterInactivity_CountsPendingPointsConfirmedBeforeTheDueDate()
    {
        var ledger = new PointsLedger(Builder().ReturnWindow(Period.FromDays(10)).Expiry(PointsExpiry.AfterInactivity(1)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 70m));

        // Last activity 1 March: the balance expires at the start of 2 April; o1 is confirmed on 11 March.
        var due = Instant.FromUtc(2026, 4, 2, 4, 0);
        Assert.Equal([new ExpiringPoints(due, new LocalDate(2026, 4, 1), new Points(70))], ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 31));
        Assert.Empty(ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 29));
        Assert.Equal(new Points(70), ledger.GetBalance(Alice, due).Expired);
    }

    [Fact]
    public void Bonuses_RespectOncePerCustomerAndPerDayLimits_InTheProgramsZone()
    {
        var program = Builder()
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(20), maxPerDay: 1))
            .Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new Points(100), ledger.Apply(Action("s1", Alice, ActionKind.SignUp, Local(2026, 3, 1))).Change);
        var second = ledger.Apply(Action("s2", Alice, ActionKind.SignUp, Local(2026, 3, 1, 13)));
        Assert.Equal(ApplyStatus.Ignored, second.Status);
        Assert.Equal("the SignUp bonus is limited to once per customer for customer alice", second.Reason);

        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("v1", Alice, ActionKind.Review, Local(2026, 3, 2, 0, 30), rating: 5)).Status);
        var sameDay = ledger.Apply(Action("v2", Alice, ActionKind.Review, Local(2026, 3, 2, 23, 30), rating: 4));
        Assert.Equal("the Review bonus is limited to 1 per day for customer alice", sameDay.Reason);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("v3", Alice, ActionKind.Review, Local(2026, 3, 3, 0, 1), rating: 4)).Status);
        Assert.Equal("the program has no SocialShare bonus", ledger.Apply(Action("x1", Alice, ActionKind.SocialShare, Local(2026, 3, 4))).Reason);
        Assert.Equal(new Points(140), ledger.GetBalance(Alice, Local(2026, 3, 5)).Available);
    }

    [Fact]
    public void Referral_PaysBothSides()
    {
        var ledger = new PointsLedger(Builder()
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(500)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(250)))
            .Build());

        var result = ledger.Apply(Action("ref-1", Alice, ActionKind.Referral, Local(2026, 3, 1), referred: Bob));

        Assert.Equal(new Points(750), result.Change);
        Assert.Equal(new Points(500), ledger.GetBalance(Alice, Local(2026, 3, 2)).Available);
        Assert.Equal(new Points(250), ledger.GetBalance(Bob, Local(2026, 3, 2)).Available);
        Assert.Equal("bonus:ReferralReferee", Assert.Single(ledger.History(Bob)).Rule);
    }

    [Fact]
    public void Referral_WithOnlyTheRefereeBonus_PaysTheRefereeAndSaysWhyTheReferrerGetsNothing()
    {
        var ledger = new PointsLedger(Builder().Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(250))).Build());

        var result = ledger.Apply(Action("ref-1", Alice, ActionKind.Referral, Local(2026, 3, 1), referred: Bob));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 250, "the program has no ReferralReferrer bonus"), result);
    }

    [Fact]
    public void Order_WithOnlyExcludedProducts_IsIgnoredWithTheRightReason()
    {
        var ledger = new PointsLedger(Builder().ExcludeProducts(new ProductId("gift-card")).Build());
        var result = ledger.Apply(new OrderPlaced(Order("o1", Alice, Local(2026, 3, 1), Line("a", 50m, product: "gift-card"))));
        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "order o1 has nothing that earns points (excluded products or a zero amount)"), result);
    }

    [Fact]
    public void FirstOrderBonus_RidesWithTheFirstOrder_AndIsReversedWithIt()
    {
        var ledger = new PointsLedger(Builder().Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50))).Build());
        var first = Order("o1", Alice, Local(2026, 3, 1), 100m);

        Assert.Equal(new Points(150), ledger.Apply(new OrderPlaced(first)).Change);
        Assert.Equal(new Points(30), ledger.Apply(Placed("o2", Alice, Local(2026, 3, 2), 30m)).Change);
        Assert.Equal(["order", "bonus:FirstOrder", "order"], ledger.History(Alice).Select(e => e.Rule));

        Assert.Equal(new Points(-150), ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("f1"), first, Local(2026, 3, 3)))).Change);
        Assert.Equal(new Points(30), ledger.GetBalance(Alice, Local(2026, 3, 4)).Available);
    }

    [Fact]
    public void Birthday_IsJudgedInTheCustomersZone_AndALeapDayBirthdayFallsOnTheTwentyEighth()
    {
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var customer = new CustomerProfile(Alice, Instant.FromUtc(2020, 1, 1, 0, 0), tokyo, new AnnualDate(2, 29));
        var ledger = new PointsLedger(Builder().Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(200))).Build());

        // 27 Feb 2027 20:00 in New York is already 28 Feb in Tokyo, and 2027 is not a leap year.
        var atNewYorkEvening = Local(2027, 2, 27, 20);
        var onTheDay = ledger.Apply(new BirthdayReached(customer, atNewYorkEvening));
        var againThatYear = ledger.Apply(new BirthdayReached(customer, atNewYorkEvening + Duration.FromHours(1)));
        var tooEarly = new PointsLedger(ledger.Program).Apply(new BirthdayReached(customer, Local(2027, 2, 27, 8)));

        Assert.Equal(new Points(200), onTheDay.Change);
        Assert.Equal(ApplyStatus.Duplicate, againThatYear.Status);
        Assert.Equal(ApplyStatus.Ignored, tooEarly.Status);
        Assert.Equal("2027-02-27 is not in customer alice's birthday window (OnTheDay, birthday 02-29)", tooEarly.Reason);
        Assert.Equal(new EventKey("birthday:alice:2027"), ledger.History(Alice)[0].Cause);

        var monthly = new PointsLedger(ledger.Program.ToBuilder().Birthday(BirthdayMode.InBirthMonth).Build());
        Assert.Equal(ApplyStatus.Applied, monthly.Apply(new BirthdayReached(customer, Local(2027, 2, 3))).Status);
        Assert.Equal(ApplyStatus.Ignored, new PointsLedger(monthly.Program).Apply(new BirthdayReached(customer, Local(2027, 3, 1))).Status);
    }

    [Fact]
    public void DailyCap_CutsTheOrderThatCrossesIt_AndResetsAtLocalMidnight()
    {
        var ledger = new PointsLedger(Builder().MaxPerDay(new Points(100)).MaxPerMonth(new Points(150)).Build());

        Assert.Equal(new Points(80), ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1, 9), 80m)).Change);
        var capped = ledger.Apply(Placed("o2", Alice, Local(2026, 3, 1, 23), 80m));
        Assert.Equal(new Points(20), capped.Change);
        Assert.Equal("capped by the customer's daily or monthly points limit (20 points of room left)", capped.Reason);
        Assert.Equal(new Points(50), ledger.Apply(Placed("o3", Alice, Local(2026, 3, 2, 0, 5), 80m)).Change); // monthly cap
        Assert.Equal(ApplyStatus.Ignored, ledger.Apply(Placed("o4", Alice, Local(2026, 3, 3), 80m)).Status);
        Assert.Equal(new Points(80), ledger.Apply(Placed("o5", Alice, Local(2026, 4, 1, 0, 1), 80m)).Change);
    }

    [Fact]
    public void Adjustments_AddAvailablePoints_AndNegativeOnesCannotOverdrawUnlessAllowed()
    {
        var ledger = new PointsLedger(Builder().Build());
        Assert.Equal(new Points(50), ledger.Apply(new PointsAdjusted(new EventKey("a1"), Alice, new Points(50), Local(2026, 3, 1), "goodwill")).Change);
        var overdraw = ledger.Apply(new PointsAdjusted(new EventKey("a2"), Alice, new Points(-80), Local(2026, 3, 2), "correction"));
        Assert.Equal(ApplyStatus.Refused, overdraw.Status);
        Assert.Equal("taking 80 points would leave customer alice below zero (50 available)", overdraw.Reason);
        Assert.Equal(new Points(-30), ledger.Apply(new PointsAdjusted(new EventKey("a3"), Alice, new Points(-30), Local(2026, 3, 2), "correction")).Change);
        var balance = ledger.GetBalance(Alice, Local(2026, 3, 3));
        Assert.Equal((new Points(20), new Points(20)), (balance.Available, balance.Adjusted));
        Assert.Equal("adjustment:correction", ledger.History(Alice)[^1].Rule);
    }

    [Fact]
    public void Events_RejectBadInput_NamingTheField()
    {
        var guest = new Order(new OrderId("g1"), null, Local(2026, 3, 1), Currency.Usd, [Line("a", 10m)]);
        Assert.Equal("order.customerId", Assert.Throws<InvalidValueException>(() => new OrderPlaced(guest)).Field);
        Assert.Equal("points", Assert.Throws<InvalidValueException>(() => new PointsAdjusted(new EventKey("a"), Alice, Points.Zero, Local(2026, 3, 1), "x")).Field);
        Assert.Equal("reason", Assert.Throws<InvalidValueException>(() => new PointsAdjusted(new EventKey("a"), Alice, new Points(1), Local(2026, 3, 1), " ")).Field);
        Assert.Equal("key", Assert.Throws<InvalidValueException>(() => new RewardRedeemed(default, Alice, "x", Local(2026, 3, 1))).Field);
    }

    [Fact]
    public void Apply_OrderInAnotherCurrency_OrCancelled_OrUnknownRefund_SaysWhy()
    {
        var ledger = new PointsLedger(Builder().Build());
        var euros = new Order(new OrderId("e1"), Alice, Local(2026, 3, 1), Currency.Eur, [new OrderLine(new LineItemId("a"), new ProductId("p"), 1, new Money(5m, Currency.Eur))]);
        var cancelled = new Order(new OrderId("c1"), Alice, Local(2026, 3, 1), Currency.Usd, [Line("a", 10m)], status: OrderStatus.Cancelled);
        var unknown = Order("u1", Alice, Local(2026, 3, 1), 10m);

        Assert.Equal(new ApplyResult(ApplyStatus.Refused, 0, "order e1 is in EUR, the program in USD"), ledger.Apply(new OrderPlaced(euros)));
        Assert.Equal("order c1 is cancelled", ledger.Apply(new OrderPlaced(cancelled)).Reason);
        Assert.Equal(new ApplyResult(ApplyStatus.Refused, 0, "order u1 is not in the ledger yet; apply the order first, or use Replay"), ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r1"), unknown, Local(2026, 3, 2)))));
        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "order c1 earned no points in this ledger"), ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r2"), cancelled, Local(2026, 3, 2)))));
        Assert.Equal(0, ledger.EntryCount);
        Assert.Equal(0, ledger.CustomerCount); // nothing reached an account; refused events never add one
    }
}

/// <summary>The parts of a ledger entry a test compares, customer aside.</summary>
internal readonly record struct LedgerEntryView(LedgerEntryKind Kind, Instant At, EventKey Cause, long Available, long Pending, string Rule)
{
    internal static LedgerEntryView Of(LedgerEntry entry) => new(entry.Kind, entry.At, entry.Cause, entry.Available.Value, entry.Pending.Value, entry.Rule);

    internal static LedgerEntryView[] Of(IEnumerable<LedgerEntry> entries) => [.. entries.Select(Of)];
}
