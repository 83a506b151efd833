using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Boundaries of the points ledger that mutation testing found untested (docs/testing.md#mutation-testing): a mutant
/// that moved each of them survived every other test of the area.
/// </summary>
public sealed class LedgerEdgeCaseTests
{
    private static readonly Reward Hundred = Reward.FreeShipping("ship", new Points(100));

    private static Instant StartOfDay(int year, int month, int day) => NewYork.AtStartOfDay(new LocalDate(year, month, day)).ToInstant();

    [Fact]
    public void OncePerCustomerBonus_OnATriggerOtherThanSignUp_PaysOnlyOnce()
    {
        // Survived: the trigger's bit taken as 1 >> trigger (0 for every trigger but SignUp, so never remembered); the
        // tests only had once-per-customer sign-ups (trigger 0, where 1 >> 0 == 1 << 0).
        var program = Builder()
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.SocialShare, new Points(30), oncePerCustomer: true))
            .Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new Points(30), ledger.Apply(Action("share1", Alice, ActionKind.SocialShare, Local(2026, 3, 1))).Change);
        Assert.Equal(new Points(100), ledger.Apply(Action("signup", Alice, ActionKind.SignUp, Local(2026, 3, 2))).Change);
        var second = ledger.Apply(Action("share2", Alice, ActionKind.SocialShare, Local(2026, 3, 3)));
        var third = ledger.Apply(Action("share3", Alice, ActionKind.SocialShare, Local(2026, 3, 4)));

        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "the SocialShare bonus is limited to once per customer for customer alice"), second);
        Assert.Equal(second, third);
        Assert.Equal(new Points(130), ledger.GetBalance(Alice, Local(2026, 3, 5)).Available);
    }

    [Fact]
    public void MonthlyBonusLimit_CountsTheSameMonthOfTheNextYearAfresh()
    {
        // Survived: the month key as year / 12 + month - 1, which is the same for January 2026 and January 2027.
        var program = Builder().Bonus(new ActionBonus(BonusTrigger.Review, new Points(20), maxPerMonth: 1)).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("r1", Alice, ActionKind.Review, Local(2026, 1, 10), rating: 5)).Status);
        Assert.Equal("the Review bonus is limited to 1 per month for customer alice", ledger.Apply(Action("r2", Alice, ActionKind.Review, Local(2026, 1, 20), rating: 5)).Reason);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("r3", Alice, ActionKind.Review, Local(2027, 1, 10), rating: 5)).Status);
        Assert.Equal(new Points(40), ledger.GetBalance(Alice, Local(2027, 1, 11)).Available);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(36_501)]
    [InlineData(int.MinValue)]
    public void ExpiringWithin_RefusesDaysOutsideZeroTo36500(int days)
    {
        var ledger = new PointsLedger(Builder().Build());
        var error = Assert.Throws<InvalidValueException>(() => ledger.ExpiringWithin(Alice, Local(2026, 3, 1), days));
        Assert.Equal("days", error.Field);
        Assert.Contains("must be from 0 to 36500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(36_500)]
    public void ExpiringWithin_AcceptsTheEndsOfTheRange(int days)
    {
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 50m));
        var expiring = ledger.ExpiringWithin(Alice, Local(2026, 3, 2), days);
        Assert.Equal(days == 0 ? 0 : 1, expiring.Count);
    }

    [Fact]
    public void Debt_FromARefundOfSpentPoints_IsPaidByTheNextConfirmation_ThenByAnAdjustment()
    {
        // Survived: the debt grown instead of paid (Debt += pay), the lot grown instead of spent (Remaining += pay), the
        // debt of a reversal recorded as negative (Debt -= need), and the confirmation not paying the debt at all.
        var program = Builder()
            .ReturnWindow(Period.FromDays(10))
            .Expiry(PointsExpiry.AfterEarning(12))
            .Reward(Reward.FreeShipping("big", new Points(500)))
            .Clawback(ClawbackPolicy.AllowNegativeBalance)
            .Build();
        var ledger = new PointsLedger(program);
        var o1 = Order("o1", Alice, Local(2026, 3, 1), 500m);
        ledger.Apply(new OrderPlaced(o1));
        Assert.Equal(new Points(-500), ledger.Apply(Redeem("spend", Alice, "big", Local(2026, 3, 12))).Change);
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 13), 200m)); // pending until 23 March

        var refund = ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("f1"), o1, Local(2026, 3, 14))));
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -500, "500 points already spent; the balance goes negative"), refund);

        // o2's confirmation pays 200 of the 500 owed: its lot is spent, nothing of it can expire.
        var afterConfirmation = ledger.GetBalance(Alice, Local(2026, 3, 24));
        Assert.Equal((new Points(-300), Points.Zero), (afterConfirmation.Available, afterConfirmation.Pending));
        Assert.Empty(ledger.ExpiringWithin(Alice, Local(2026, 3, 24), 36_500));

        // An adjustment of 400 pays the remaining 300: its lot keeps 100, the only points that can expire.
        ledger.Apply(new PointsAdjusted(new EventKey("goodwill"), Alice, new Points(400), Local(2026, 3, 25), "goodwill"));
        Assert.Equal(new Points(100), ledger.GetBalance(Alice, Local(2026, 3, 26)).Available);
        Assert.Equal([new ExpiringPoints(StartOfDay(2027, 3, 26), new LocalDate(2027, 3, 25), new Points(100))], ledger.ExpiringWithin(Alice, Local(2026, 3, 26), 36_500));
        var expired = ledger.GetBalance(Alice, Local(2027, 3, 27));
        Assert.Equal((Points.Zero, new Points(100)), (expired.Available, expired.Expired));
    }

    [Fact]
    public void NegativeAdjustment_AllowedBelowZero_LeavesADebtThatTheNextOrderPays()
    {
        // Survived: the debt of a negative adjustment recorded as negative (Debt -= need - taken), and the overdraw check
        // refusing every negative adjustment (points < 0 || ...).
        var program = Builder().Expiry(PointsExpiry.AfterEarning(12)).Clawback(ClawbackPolicy.AllowNegativeBalance).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -50, null), ledger.Apply(new PointsAdjusted(new EventKey("fix"), Alice, new Points(-50), Local(2026, 3, 1), "correction")));
        Assert.Equal(new Points(-50), ledger.GetBalance(Alice, Local(2026, 3, 1, 13)).Available);
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 2), 100m));

        Assert.Equal(new Points(50), ledger.GetBalance(Alice, Local(2026, 3, 3)).Available);
        Assert.Equal([new ExpiringPoints(StartOfDay(2027, 3, 3), new LocalDate(2027, 3, 2), new Points(50))], ledger.ExpiringWithin(Alice, Local(2026, 3, 3), 36_500));
    }

    [Fact]
    public void NegativeAdjustment_OfExactlyTheAvailableBalance_IsApplied()
    {
        // Survived: the overdraw check as available <= -points, refusing to take the whole balance.
        var ledger = new PointsLedger(Builder().Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 50m));

        var result = ledger.Apply(new PointsAdjusted(new EventKey("fix"), Alice, new Points(-50), Local(2026, 3, 2), "correction"));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -50, null), result);
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, Local(2026, 3, 3)).Available);
    }

    [Fact]
    public void PositiveAdjustment_EarnsALotThatExpiresLikeAnyOther()
    {
        // Survived: the adjustment's lot not added (the balance rose, but nothing could expire or be spent from it).
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(new PointsAdjusted(new EventKey("goodwill"), Alice, new Points(50), Local(2026, 3, 1), "goodwill"));

        Assert.Equal([new ExpiringPoints(StartOfDay(2027, 3, 2), new LocalDate(2027, 3, 1), new Points(50))], ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 36_500));
        var balance = ledger.GetBalance(Alice, StartOfDay(2027, 3, 2));
        Assert.Equal((Points.Zero, new Points(50), new Points(50)), (balance.Available, balance.Expired, balance.Adjusted));
    }

    [Fact]
    public void Redemptions_AndBonuses_RestartTheInactivityClock()
    {
        // Survived: Touch removed from redemptions and from action bonuses (their points then expired a month after the
        // last order instead of a month after the redemption or the bonus).
        var program = Builder()
            .Expiry(PointsExpiry.AfterInactivity(1))
            .Reward(Hundred)
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(40)))
            .Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Placed("a1", Alice, Local(2026, 3, 1), 200m));
        ledger.Apply(Placed("b1", Bob, Local(2026, 3, 1), 200m));
        ledger.Apply(Redeem("spend", Alice, "ship", Local(2026, 3, 20)));
        ledger.Apply(Action("review", Bob, ActionKind.Review, Local(2026, 3, 20), rating: 5));

        // Without the redemption or the review, both balances would have expired at the start of 2 April.
        Assert.Equal((new Points(100), Points.Zero), Available(Alice, Local(2026, 4, 10)));
        Assert.Equal((new Points(240), Points.Zero), Available(Bob, Local(2026, 4, 10)));
        Assert.Equal((Points.Zero, new Points(100)), Available(Alice, StartOfDay(2026, 4, 21)));
        Assert.Equal((Points.Zero, new Points(240)), Available(Bob, StartOfDay(2026, 4, 21)));

        (Points Available, Points Expired) Available(CustomerId customer, Instant at)
        {
            var balance = ledger.GetBalance(customer, at);
            return (balance.Available, balance.Expired);
        }
    }

    [Fact]
    public void InactivityExpiry_AdjustmentsAreNotActivity_TheyNeitherStartNorRestartTheClock()
    {
        // Documented in docs/loyalty-points.md: the clock runs from the last earning or spending. Bob has only ever had
        // an adjustment, so his points wait for a first earning or spending; alice's adjustment does not move her clock,
        // so its points expire with her order's, a month after the order.
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterInactivity(1)).Build());
        ledger.Apply(new PointsAdjusted(new EventKey("bob-opening"), Bob, new Points(70), Local(2026, 3, 1), "migration"));
        ledger.Apply(Placed("a1", Alice, Local(2026, 3, 1), 100m));
        ledger.Apply(new PointsAdjusted(new EventKey("alice-goodwill"), Alice, new Points(30), Local(2026, 3, 20), "goodwill"));

        ledger.AdvanceTo(Local(2027, 3, 1));

        Assert.Equal(new Points(70), ledger.GetBalance(Bob, Local(2027, 3, 1)).Available);
        Assert.Equal(new Points(130), ledger.GetBalance(Alice, StartOfDay(2026, 4, 2)).Expired);
        Assert.Equal(new Points(130), ledger.GetBalance(Alice, StartOfDay(2026, 4, 2) - Duration.Epsilon).Available);
    }

    [Fact]
    public void InactivityExpiry_WithNothingLeftToExpire_WritesNoEntry()
    {
        // Survived: an expiry entry of 0 points written when the whole balance was spent (points >= 0).
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterInactivity(1)).Reward(Hundred).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 100m));
        ledger.Apply(Redeem("spend", Alice, "ship", Local(2026, 3, 2)));

        ledger.AdvanceTo(Local(2026, 5, 1));

        Assert.Equal([LedgerEntryKind.Earned, LedgerEntryKind.Redeemed], ledger.History(Alice).Select(e => e.Kind));
        Assert.Equal(Points.Zero, ledger.GetBalance(Alice, Local(2026, 5, 1)).Expired);
    }

    [Fact]
    public void ActionBonuses_CountTowardsTheDailyCap_AndTheOneThatReachesItIsCut()
    {
        // Survived: the cap not counting bonus points (CountCap removed), and the "capped" note of a cut bonus.
        var program = Builder().MaxPerDay(new Points(100)).Bonus(new ActionBonus(BonusTrigger.Review, new Points(80))).Build();
        var ledger = new PointsLedger(program);

        var first = ledger.Apply(Action("r1", Alice, ActionKind.Review, Local(2026, 3, 1, 9), rating: 5));
        var second = ledger.Apply(Action("r2", Alice, ActionKind.Review, Local(2026, 3, 1, 10), rating: 5));
        var third = ledger.Apply(Action("r3", Alice, ActionKind.Review, Local(2026, 3, 1, 11), rating: 5));
        var nextDay = ledger.Apply(Action("r4", Alice, ActionKind.Review, Local(2026, 3, 2, 9), rating: 5));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 80, null), first);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 20, "capped by the customer's daily or monthly points limit"), second);
        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "customer alice has reached the daily or monthly points limit"), third);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 80, null), nextDay);
    }

    [Fact]
    public void FirstOrderBonus_UnderTheDailyCap_GetsOnlyTheRoomTheOrderLeaves()
    {
        // Survived: the bonus cut to Math.Max(bonus, room - base) or to room + base instead of room - base.
        var program = Builder().MaxPerDay(new Points(100)).Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50))).Build();
        var ledger = new PointsLedger(program);

        var result = ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 80m));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 100, "capped by the customer's daily or monthly points limit (100 points of room left)"), result);
        Assert.Equal([(new Points(80), "order"), (new Points(20), "bonus:FirstOrder")], ledger.History(Alice).Select(e => (e.Available, e.Rule)));
    }

    [Fact]
    public void SecondRefundOfTheSameLine_ReversesNoMoreThanTheOrderEarned()
    {
        // Survived: the share of the order refunded allowed above one (given > whole, or the whole-order test dropped),
        // which took the extra points from the customer's other orders.
        var ledger = new PointsLedger(Builder().Build());
        var order = Order("o1", Alice, Local(2026, 3, 1), Line("a", 60m), Line("b", 40m, product: "mug"));
        ledger.Apply(new OrderPlaced(order));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 2), 200m));

        var first = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r1"), order, Local(2026, 3, 3), [new RefundLine(new LineItemId("a"), 1, Usd(60m))])));
        var again = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r2"), order, Local(2026, 3, 4), [new RefundLine(new LineItemId("a"), 1, Usd(60m))])));
        var third = ledger.Apply(new OrderRefunded(new Refund(new RefundId("r3"), order, Local(2026, 3, 5), [new RefundLine(new LineItemId("b"), 1, Usd(40m))])));

        // 120 of a 100 basis refunded: the whole order's 100 points are reversed, no more.
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -60, null), first);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -40, null), again);
        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "refund r3 reverses no whole point of order o1"), third);
        Assert.Equal(new Points(200), ledger.GetBalance(Alice, Local(2026, 3, 6)).Available);
    }

    [Fact]
    public void Cancellation_AfterRefunds_ReversesOnlyWhatIsLeft()
    {
        // Survived: the points left to reverse as record.Points + reversed, and a cancellation of a fully refunded order
        // applied with a change of 0 (amount < 0).
        var ledger = new PointsLedger(Builder().Build());
        var partly = Order("o1", Alice, Local(2026, 3, 1), Line("a", 60m), Line("b", 40m, product: "mug"));
        var wholly = Order("o2", Alice, Local(2026, 3, 1, 13), 30m);
        ledger.Apply(new OrderPlaced(partly));
        ledger.Apply(new OrderPlaced(wholly));
        ledger.Apply(Placed("o3", Alice, Local(2026, 3, 2), 200m));
        ledger.Apply(new OrderRefunded(new Refund(new RefundId("r1"), partly, Local(2026, 3, 3), [new RefundLine(new LineItemId("b"), 1, Usd(40m))])));
        ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r2"), wholly, Local(2026, 3, 3))));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, -60, null), ledger.Apply(new OrderCancelled(new OrderId("o1"), Alice, Local(2026, 3, 4))));
        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "order o2 has no points left to reverse"), ledger.Apply(new OrderCancelled(new OrderId("o2"), Alice, Local(2026, 3, 4))));
        Assert.Equal(new Points(200), ledger.GetBalance(Alice, Local(2026, 3, 5)).Available);
    }

    [Theory]
    [InlineData(true, 500, 400)]
    [InlineData(false, 400, 400)]
    public void SpendTiers_ARefundOfShippingLowersTheSpend_OnlyWhenShippingEarns(bool includeShipping, int spendBefore, int spendAfter)
    {
        // Survived: the refunded shipping always, or never, taken off the qualifying spend.
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, [new Tier("Member", 0m), new Tier("Silver", 450m)]);
        var ledger = new PointsLedger(Builder().Basis(includeShipping: includeShipping).Tiers(ladder).Build());
        var order = new Order(new OrderId("o1"), Alice, Local(2026, 3, 1), Currency.Usd, [Line("a", 400m)], shipping: Usd(100m));
        ledger.Apply(new OrderPlaced(order));
        Assert.Equal((decimal)spendBefore, ledger.GetTier(Alice, Local(2026, 3, 2)).Qualifying);

        ledger.Apply(new OrderRefunded(new Refund(new RefundId("r1"), order, Local(2026, 3, 3), [], shipping: Usd(100m))));

        Assert.Equal((decimal)spendAfter, ledger.GetTier(Alice, Local(2026, 3, 4)).Qualifying);
    }

    [Fact]
    public void GetBalance_BeforeTheLastEvent_SumsOnlyTheEntriesUpToTheInstant()
    {
        // Survived: the history walk skipped (i < 0), an entry at the instant left out (At >= at), the sums not restarted.
        var ledger = new PointsLedger(Builder().Reward(Hundred).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 150m));
        ledger.Apply(Redeem("spend", Alice, "ship", Local(2026, 3, 5)));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 9), 70m));

        Assert.Equal(default, ledger.GetBalance(Alice, Local(2026, 2, 28)));
        Assert.Equal(new PointsBalance(new Points(150), Points.Zero, new Points(150), Points.Zero, Points.Zero, Points.Zero, Points.Zero), ledger.GetBalance(Alice, Local(2026, 3, 3)));
        var afterRedemption = new PointsBalance(new Points(50), Points.Zero, new Points(150), new Points(100), Points.Zero, Points.Zero, Points.Zero);
        Assert.Equal(afterRedemption, ledger.GetBalance(Alice, Local(2026, 3, 5))); // an entry at the instant itself counts
        Assert.Equal(afterRedemption, ledger.GetBalance(Alice, Local(2026, 3, 7)));
        Assert.Equal(new PointsBalance(new Points(120), Points.Zero, new Points(220), new Points(100), Points.Zero, Points.Zero, Points.Zero), ledger.GetBalance(Alice, Local(2026, 3, 9)));
    }

    [Fact]
    public void ExpiringWithin_AfterTheLastEvent_LeavesOutWhatHasExpiredSince()
    {
        // Survived: the what-if copy not advanced to the instant (its lots that expired in between were still listed).
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(1)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 1, 10), 100m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 1, 20), 40m));

        Assert.Equal([new ExpiringPoints(StartOfDay(2026, 2, 21), new LocalDate(2026, 2, 20), new Points(40))], ledger.ExpiringWithin(Alice, Local(2026, 2, 15), 30));
    }

    [Fact]
    public void ExpiringWithin_GroupsLotsOfTheSameDay_AndSkipsSpentLots()
    {
        // Not covered before: a spent lot between live ones (a refunded order), and two lots expiring at the same instant.
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 100m));
        var refunded = Order("o2", Alice, Local(2026, 3, 2), 50m);
        ledger.Apply(new OrderPlaced(refunded));
        ledger.Apply(Placed("o3", Alice, Local(2026, 3, 3, 9), 30m));
        ledger.Apply(Placed("o4", Alice, Local(2026, 3, 3, 18), 20m));
        ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r2"), refunded, Local(2026, 3, 3, 19))));

        Assert.Equal(
            [
                new ExpiringPoints(StartOfDay(2027, 3, 2), new LocalDate(2027, 3, 1), new Points(100)),
                new ExpiringPoints(StartOfDay(2027, 3, 4), new LocalDate(2027, 3, 3), new Points(50)),
            ],
            ledger.ExpiringWithin(Alice, Local(2026, 3, 4), 36_500));
    }

    [Fact]
    public void ExpiringWithin_AfterInactivity_IncludesTheDueDayItself()
    {
        // Survived: the due instant compared with < to the horizon (the due day's own look-ahead left it out).
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterInactivity(1)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 70m));

        // Due at the start of 2 April; 30 days after 2 March is 1 April, whose look-ahead ends at that same instant.
        Assert.Equal([new ExpiringPoints(StartOfDay(2026, 4, 2), new LocalDate(2026, 4, 1), new Points(70))], ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 30));
        Assert.Empty(ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 29));
    }

    [Fact]
    public void ExpiringWithin_AfterInactivity_LeavesOutPointsStillPendingAtTheDueInstant()
    {
        // Survived: pending lots counted whatever their confirmation (!IsPending negated), and an empty group of 0 points
        // listed (total >= 0). A 40-day return window outlasts the one-month inactivity period.
        var ledger = new PointsLedger(Builder().ReturnWindow(Period.FromDays(40)).Expiry(PointsExpiry.AfterInactivity(1)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 70m));

        Assert.Empty(ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 60));
        var afterDue = ledger.GetBalance(Alice, Local(2026, 4, 3));
        Assert.Equal((Points.Zero, new Points(70), Points.Zero), (afterDue.Available, afterDue.Pending, afterDue.Expired));
    }

    [Fact]
    public void ExpiringWithin_AfterInactivity_CountsPointsConfirmedAtTheDueInstantItself()
    {
        // Survived: a lot confirmed exactly at the due instant left out (AvailableAt < due): at that instant the
        // confirmation is written first, then the expiry takes it.
        var ledger = new PointsLedger(Builder().ReturnWindow(Period.FromDays(32)).Expiry(PointsExpiry.AfterInactivity(1)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1, 0, 0), 70m)); // confirmed at 00:00 on 2 April, when it is due

        Assert.Equal([new ExpiringPoints(StartOfDay(2026, 4, 2), new LocalDate(2026, 4, 1), new Points(70))], ledger.ExpiringWithin(Alice, Local(2026, 3, 2), 31));
        Assert.Equal(new Points(70), ledger.GetBalance(Alice, StartOfDay(2026, 4, 2)).Expired);
    }

    [Fact]
    public void RefundsAndCancellations_OfAnotherCustomersOrder_OrOutOfOrder_AreRefused()
    {
        // Not covered before: the order's owner check and the order check of refunds, redemptions and adjustments.
        var ledger = new PointsLedger(Builder().Reward(Hundred).Build());
        var order = Order("o1", Alice, Local(2026, 3, 1), 150m);
        ledger.Apply(new OrderPlaced(order));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 10), 10m));

        Assert.Equal(
            new ApplyResult(ApplyStatus.Refused, 0, "order o1 belongs to customer alice, not bob"),
            ledger.Apply(new OrderCancelled(new OrderId("o1"), Bob, Local(2026, 3, 11))));
        var late = "is earlier than customer alice's last event at 2026-03-10T16:00:00Z; use Replay to apply events out of order";
        Assert.Equal($"event at 2026-03-05T17:00:00Z {late}", ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("r1"), order, Local(2026, 3, 5)))).Reason);
        Assert.Equal($"event at 2026-03-06T17:00:00Z {late}", ledger.Apply(Redeem("spend", Alice, "ship", Local(2026, 3, 6))).Reason);
        Assert.Equal($"event at 2026-03-07T17:00:00Z {late}", ledger.Apply(new PointsAdjusted(new EventKey("fix"), Alice, new Points(-5), Local(2026, 3, 7), "correction")).Reason);
        Assert.Equal(new Points(160), ledger.GetBalance(Alice, Local(2026, 3, 11)).Available);
    }

    [Fact]
    public void Referral_WithNeitherBonus_IsIgnoredWithBothReasons()
    {
        // Survived: both sides refused still reported as applied (== for !=), and the reasons joined without "; ".
        var ledger = new PointsLedger(Builder().Build());

        var result = ledger.Apply(Action("ref-1", Alice, ActionKind.Referral, Local(2026, 3, 1), referred: Bob));

        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "the program has no ReferralReferrer bonus; the program has no ReferralReferee bonus"), result);
    }

    [Fact]
    public void Birthday_IgnoredForNoBirthdayOnFile_PaysOnceTheBirthdayIsKnown()
    {
        // Survived: the event key remembered when the customer had no birthday on file (_forgetKey = false), so the
        // same year's event, sent again once the birthday is known, was a duplicate.
        var ledger = new PointsLedger(Builder().Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(250))).Build());
        var unknown = new CustomerProfile(Alice, Local(2025, 1, 10), NewYork);
        var known = new CustomerProfile(Alice, Local(2025, 1, 10), NewYork, new AnnualDate(7, 14));

        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "customer alice has no birthday on file"), ledger.Apply(new BirthdayReached(unknown, Local(2026, 7, 14))));
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 250, null), ledger.Apply(new BirthdayReached(known, Local(2026, 7, 14, 13))));
    }

    [Fact]
    public void QueriesOutsideTheSupportedInstants_AndTierQueriesWithoutTiers_Throw()
    {
        // Survived: the range check removed from AdvanceTo, GetTierProgress and ExpiringWithin; the tier ladder check
        // removed from TierHistory, and its message.
        var plain = new PointsLedger(Builder().Build());
        var tiered = new PointsLedger(Builder().Tiers(new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Silver", 500m)])).Build());
        var tooLate = Instant.FromUtc(9000, 1, 1, 0, 0);
        var tooEarly = Instant.FromUtc(1899, 12, 31, 23, 59);

        Assert.Equal("at", Assert.Throws<InvalidValueException>(() => plain.AdvanceTo(tooLate)).Field);
        Assert.Equal("at", Assert.Throws<InvalidValueException>(() => tiered.GetTierProgress(Alice, tooEarly)).Field);
        Assert.Equal("at", Assert.Throws<InvalidValueException>(() => plain.ExpiringWithin(Alice, tooLate, 1)).Field);
        Assert.Equal("The points program \"Stars\" has no tier ladder.", Assert.Throws<InvalidOperationException>(() => plain.TierHistory(Alice)).Message);
        Assert.Empty(tiered.TierHistory(Alice));
        var progress = tiered.GetTierProgress(Alice, Local(2026, 3, 1));
        Assert.Equal(("Member", "Silver", 500m), (progress.Status.Tier.Name, progress.Next?.Name, progress.NeededForNext));
    }
}
