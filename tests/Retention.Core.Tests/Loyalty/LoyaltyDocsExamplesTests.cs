using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Loyalty;

/// <summary>
/// The worked examples and edge cases of docs/loyalty-points.md, one test each: the programs and events are the ones the
/// page shows, and every number, status, reason and history row the page prints is asserted here. The expected values
/// were worked out by hand from the documented rules (the XML docs of PointsProgram, PointsLedger and friends), not
/// copied from the engine. The store is in New York; expected instants are written in UTC, as the page's tables show.
/// </summary>
public sealed class LoyaltyDocsExamplesTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    // ---------------------------------------------------------------------------------------------------------------
    // Worked example 1: a stars program.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void StarsProgram_SignUpTwoOrdersRedemptionAndExpiry_MatchesTheWorkedExample()
    {
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .EarnPerUnit(2m)
            .ExcludeProducts(new ProductId("gift-card"))
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .ReturnWindow(Period.FromDays(30))
            .Expiry(PointsExpiry.AfterEarning(12))
            .Reward(Reward.AmountOff("5-off", new Points(500), Dollars(5m)))
            .Build();
        var ledger = new PointsLedger(program);
        var alice = new CustomerId("alice");

        var order1001 = new Order(
            new OrderId("1001"),
            alice,
            NewYorkTime(2026, 3, 5, 14, 30),
            Currency.Usd,
            [
                new OrderLine(new LineItemId("1"), new ProductId("tee"), 2, Dollars(20.00m)),
                new OrderLine(new LineItemId("2"), new ProductId("chinos"), 1, Dollars(60.00m)),
                new OrderLine(new LineItemId("3"), new ProductId("gift-card"), 1, Dollars(50.00m)),
            ],
            orderDiscount: Dollars(15.00m),
            shipping: Dollars(5.00m),
            tax: Dollars(8.10m));
        var order1002 = OneLineOrder("1002", alice, NewYorkTime(2026, 4, 10, 11, 0), 130.75m);

        // The $15 coupon is spread over the lines by net amount: 36 + 54 + 45. The gift card earns nothing; shipping and
        // tax do not count: basis 90, times 2 = 180. $130.75 times 2 = 261.5, floored to 261.
        Assert.Equal(new Points(180), program.PointsFor(order1001));
        Assert.Equal(new Points(261), program.PointsFor(order1002));

        var signUp = ledger.Apply(new ActionPerformed(new CustomerAction(new EventKey("signup:alice"), alice, ActionKind.SignUp, NewYorkTime(2026, 3, 2, 9, 0))));
        var first = ledger.Apply(new OrderPlaced(order1001));
        var second = ledger.Apply(new OrderPlaced(order1002));
        var tooEarly = ledger.Apply(new RewardRedeemed(new EventKey("redemption-1"), alice, "5-off", NewYorkTime(2026, 4, 20, 12, 0)));
        var balanceOnApril20 = ledger.GetBalance(alice, NewYorkTime(2026, 4, 20, 12, 0));
        var redeemed = ledger.Apply(new RewardRedeemed(new EventKey("redemption-1"), alice, "5-off", NewYorkTime(2026, 5, 12, 12, 0)));

        Assert.Equal(Result(ApplyStatus.Applied, 100), signUp);
        Assert.Equal(Result(ApplyStatus.Applied, 180), first);
        Assert.Equal(Result(ApplyStatus.Applied, 261), second);
        Assert.Equal(Result(ApplyStatus.Refused, 0, "reward \"5-off\" costs 500 points; customer alice has 280 available (261 pending)"), tooEarly);
        Assert.Equal(Balance(available: 280, pending: 261, earned: 541), balanceOnApril20);
        Assert.Equal(Result(ApplyStatus.Applied, -500), redeemed);

        // Spent oldest first: the sign-up lot (100), order 1001's lot (180), 220 of order 1002's lot; its 41 left
        // expire at the start of 11 April 2027, New York time (earned 10 April 2026 + 12 months).
        var expiresAt = Utc(2027, 4, 11, 4, 0);
        Assert.Equal(
            [new ExpiringPoints(expiresAt, new LocalDate(2027, 4, 10), new Points(41))],
            ledger.ExpiringWithin(alice, NewYorkTime(2027, 4, 1, 12, 0), 9));
        Assert.Empty(ledger.ExpiringWithin(alice, NewYorkTime(2027, 4, 1, 12, 0), 8));

        ledger.AdvanceTo(Utc(2027, 5, 1, 0, 0));

        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2026, 3, 2, 14, 0), 100, 0, "bonus:SignUp", "signup:alice"),
                new Row(LedgerEntryKind.Pending, Utc(2026, 3, 5, 19, 30), 0, 180, "order", "order:1001"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 4, 4, 18, 30), 180, -180, "return-window", "order:1001"),
                new Row(LedgerEntryKind.Pending, Utc(2026, 4, 10, 15, 0), 0, 261, "order", "order:1002"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 5, 10, 15, 0), 261, -261, "return-window", "order:1002"),
                new Row(LedgerEntryKind.Redeemed, Utc(2026, 5, 12, 16, 0), -500, 0, "reward:5-off", "redemption-1"),
                new Row(LedgerEntryKind.Expired, expiresAt, -41, 0, "expiry", "order:1002"),
            ],
            Rows(ledger, alice));
        var final = ledger.GetBalance(alice, Utc(2027, 5, 1, 0, 0));
        Assert.Equal(Balance(available: 0, pending: 0, earned: 541, redeemed: 500, expired: 41), final);
        AssertReconciles(final);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Worked example 2: a birthday reward.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void BirthdayReward_NightlyJobSendsOnTheCustomersOwnBirthday_PaysOncePerYear()
    {
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(250)))
            .Build();
        var ledger = new PointsLedger(program);
        var bea = new CustomerProfile(new CustomerId("bea"), Utc(2025, 1, 10, 0, 0), DateTimeZoneProviders.Tzdb["America/Los_Angeles"], new AnnualDate(7, 14));

        // The job runs at 01:00 New York time and sends the event for customers whose birthday it is in their own zone.
        var results = new List<(LocalDate JobDay, ApplyResult Result)>();
        for (var day = new LocalDate(2026, 7, 13); day <= new LocalDate(2026, 7, 16); day = day.PlusDays(1))
        {
            var now = NewYorkTime(day.Year, day.Month, day.Day, 1, 0);
            if (bea.IsBirthday(now))
            {
                results.Add((day, ledger.Apply(new BirthdayReached(bea, now))));
            }
        }

        // 01:00 on 14 July in New York is 22:00 on 13 July in Los Angeles: not yet. The 15 July run is 22:00 on 14 July there.
        Assert.False(bea.IsBirthday(NewYorkTime(2026, 7, 14, 1, 0)));
        Assert.Equal([(new LocalDate(2026, 7, 15), Result(ApplyStatus.Applied, 250))], results);

        // A re-run of the job the same year changes nothing: the key carries the year.
        var rerun = ledger.Apply(new BirthdayReached(bea, NewYorkTime(2026, 7, 15, 9, 0)));
        Assert.Equal(Result(ApplyStatus.Duplicate, 0), rerun);

        // Sent outside the window, the event is ignored with the reason (on a ledger that has not seen bea's 2026 key).
        var outside = new PointsLedger(program).Apply(new BirthdayReached(bea, NewYorkTime(2026, 7, 14, 1, 0)));
        Assert.Equal(Result(ApplyStatus.Ignored, 0, "2026-07-13 is not in customer bea's birthday window (OnTheDay, birthday 07-14)"), outside);

        Assert.Equal([new Row(LedgerEntryKind.Earned, Utc(2026, 7, 15, 5, 0), 250, 0, "bonus:Birthday", "birthday:bea:2026")], Rows(ledger, bea.Id));
        var balance = ledger.GetBalance(bea.Id, Utc(2026, 7, 16, 0, 0));
        Assert.Equal(Balance(available: 250, pending: 0, earned: 250), balance);
        AssertReconciles(balance);

        // In birth-month mode the first run whose date in the customer's zone is in July pays: 2 July 01:00 in New York
        // is 1 July 22:00 in Los Angeles.
        var monthly = new PointsLedger(program.ToBuilder().Birthday(BirthdayMode.InBirthMonth).Build());
        var monthlyResult = monthly.Apply(new BirthdayReached(bea, NewYorkTime(2026, 7, 2, 1, 0)));
        Assert.Equal(Result(ApplyStatus.Applied, 250), monthlyResult);
        Assert.Equal([new Row(LedgerEntryKind.Earned, Utc(2026, 7, 2, 5, 0), 250, 0, "bonus:Birthday", "birthday:bea:2026")], Rows(monthly, bea.Id));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Worked example 3: a double-points campaign, across the end of daylight saving time.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void DoublePointsCampaign_AcrossTheEndOfDaylightTime_CoversTheStoresLocalWeekend()
    {
        var weekend = new Campaign("Double points weekend", new LocalDateTime(2026, 10, 30, 0, 0), new LocalDateTime(2026, 11, 2, 0, 0), 2m);
        var flash = new Campaign("Saturday flash sale", new LocalDateTime(2026, 10, 31, 0, 0), new LocalDateTime(2026, 11, 1, 0, 0), 1.5m);
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [new Tier("Member", 0m), new Tier("Gold", 280m, new TierBenefits { EarningMultiplier = 1.5m })]))
            .Campaign(weekend)
            .Campaign(flash)
            .Build();
        var ledger = new PointsLedger(program);
        var carol = new CustomerId("carol");

        // Friday 00:00 EDT to Monday 00:00 EST: 73 hours, because the clocks go back an hour on Sunday 1 November.
        var interval = weekend.IntervalIn(NewYork);
        Assert.Equal(Utc(2026, 10, 30, 4, 0), interval.Start);
        Assert.Equal(Utc(2026, 11, 2, 5, 0), interval.End);
        Assert.Equal(Duration.FromHours(73), interval.Duration);

        var results = new[]
        {
            ledger.Apply(new OrderPlaced(OneLineOrder("4001", carol, NewYorkTime(2026, 10, 29, 23, 59), 40m))),
            ledger.Apply(new OrderPlaced(OneLineOrder("4002", carol, NewYorkTime(2026, 10, 30, 0, 0), 40m))),
            ledger.Apply(new OrderPlaced(OneLineOrder("4003", carol, NewYorkTime(2026, 10, 31, 15, 0), 40m))),
            ledger.Apply(new OrderPlaced(OneLineOrder("4004", carol, Utc(2026, 11, 1, 5, 30), 40m))), // the first 01:30, still EDT
            ledger.Apply(new OrderPlaced(OneLineOrder("4005", carol, NewYorkTime(2026, 11, 1, 23, 30), 45.50m))),
            ledger.Apply(new OrderPlaced(OneLineOrder("4006", carol, NewYorkTime(2026, 11, 2, 0, 0), 40m))),
        };

        // 40 (before), 80, 80 (the overlapping 1.5x sale does not compound), 80 (280 this year: Gold from here on),
        // 45.50 x 1.5 x 2 = 136.5 -> 136, 40 x 1.5 = 60 (the campaign's end is exclusive; Gold stays).
        Assert.Equal([40L, 80, 80, 80, 136, 60], results.Select(r => r.Change.Value));
        Assert.Equal("Gold", ledger.GetTier(carol, Utc(2026, 11, 1, 5, 30)).Tier.Name);
        Assert.Equal("Member", ledger.GetTier(carol, Utc(2026, 11, 1, 5, 29)).Tier.Name);
        Assert.All(results, r => Assert.Equal(ApplyStatus.Applied, r.Status));
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2026, 10, 30, 3, 59), 40, 0, "order", "order:4001"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 10, 30, 4, 0), 80, 0, "order", "order:4002"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 10, 31, 19, 0), 80, 0, "order", "order:4003"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 11, 1, 5, 30), 80, 0, "order", "order:4004"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 11, 2, 4, 30), 136, 0, "order", "order:4005"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 11, 2, 5, 0), 60, 0, "order", "order:4006"),
            ],
            Rows(ledger, carol));
        var balance = ledger.GetBalance(carol, Utc(2026, 11, 3, 0, 0));
        Assert.Equal(Balance(available: 476, pending: 0, earned: 476), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void Campaign_BoundaryInASkippedOrRepeatedHour_IsTheFirstInstantReachingIt()
    {
        // 02:30 on 8 March 2026 does not exist in New York (02:00 EST jumps to 03:00 EDT): the campaign starts when the
        // clocks jump past it, 03:00 EDT (not 03:30, where AtLeniently's shift would put it).
        var spring = new Campaign("Spring", new LocalDateTime(2026, 3, 8, 2, 30), new LocalDateTime(2026, 3, 9, 0, 0), 2m).IntervalIn(NewYork);
        Assert.Equal(Utc(2026, 3, 8, 7, 0), spring.Start);
        Assert.Equal(Utc(2026, 3, 9, 4, 0), spring.End);

        // Both bounds in the skipped hour: the campaign covers nothing, rather than ending before it starts.
        var lost = new Campaign("Lost", new LocalDateTime(2026, 3, 8, 2, 10), new LocalDateTime(2026, 3, 8, 2, 50), 2m).IntervalIn(NewYork);
        Assert.Equal((Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 8, 7, 0)), (lost.Start, lost.End));

        // 01:30 on 1 November 2026 happens twice: the earlier one (EDT) is taken.
        var fall = new Campaign("Fall", new LocalDateTime(2026, 10, 31, 0, 0), new LocalDateTime(2026, 11, 1, 1, 30), 2m).IntervalIn(NewYork);
        Assert.Equal(Utc(2026, 11, 1, 5, 30), fall.End);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Worked example 4: a refund after redemption, under both claw-back policies.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void RefundAfterRedemption_StopAtZero_TakesWhatIsLeftAndForgivesTheRest()
    {
        var program = RefundProgram(ClawbackPolicy.StopAtZero);
        var ledger = new PointsLedger(program);
        var dana = new CustomerId("dana");
        var order2001 = JacketAndBoots(dana);

        var results = new[]
        {
            ledger.Apply(new OrderPlaced(order2001)),
            ledger.Apply(new OrderPlaced(OneLineOrder("2002", dana, NewYorkTime(2026, 5, 3, 10, 0), 250m))),
            ledger.Apply(new RewardRedeemed(new EventKey("redemption-7"), dana, "10-off", NewYorkTime(2026, 5, 20, 10, 0))),
            ledger.Apply(new OrderRefunded(JacketRefund(order2001))),
            ledger.Apply(new OrderRefunded(new Refund(new RefundId("R-2001-2"), order2001, NewYorkTime(2026, 5, 28, 10, 0), [new RefundLine(new LineItemId("boots"), 1, Dollars(300m))]))),
        };

        Assert.Equal(
            [
                Result(ApplyStatus.Applied, 800),
                Result(ApplyStatus.Applied, 250),
                Result(ApplyStatus.Applied, -1000),
                Result(ApplyStatus.Applied, -50, "450 points already spent were forgiven; the balance stops at zero"),
                Result(ApplyStatus.Applied, 0, "300 points already spent were forgiven; the balance stops at zero"),
            ],
            results);
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Pending, Utc(2026, 5, 1, 14, 0), 0, 800, "order", "order:2001"),
                new Row(LedgerEntryKind.Pending, Utc(2026, 5, 3, 14, 0), 0, 250, "order", "order:2002"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 5, 15, 14, 0), 800, -800, "return-window", "order:2001"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 5, 17, 14, 0), 250, -250, "return-window", "order:2002"),
                new Row(LedgerEntryKind.Redeemed, Utc(2026, 5, 20, 14, 0), -1000, 0, "reward:10-off", "redemption-7"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 5, 25, 14, 0), -50, 0, "refund", "refund:R-2001-1"),
            ],
            Rows(ledger, dana));
        var balance = ledger.GetBalance(dana, Utc(2026, 5, 29, 0, 0));
        Assert.Equal(Balance(available: 0, pending: 0, earned: 1050, redeemed: 1000, reversed: 50), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void RefundAfterRedemption_AllowNegativeBalance_LeavesADebtThatTheNextOrderPays()
    {
        var program = RefundProgram(ClawbackPolicy.AllowNegativeBalance);
        var ledger = new PointsLedger(program);
        var dana = new CustomerId("dana");
        var order2001 = JacketAndBoots(dana);

        ledger.Apply(new OrderPlaced(order2001));
        ledger.Apply(new OrderPlaced(OneLineOrder("2002", dana, NewYorkTime(2026, 5, 3, 10, 0), 250m)));
        ledger.Apply(new RewardRedeemed(new EventKey("redemption-7"), dana, "10-off", NewYorkTime(2026, 5, 20, 10, 0)));
        var refund = ledger.Apply(new OrderRefunded(JacketRefund(order2001)));
        var next = ledger.Apply(new OrderPlaced(OneLineOrder("2003", dana, NewYorkTime(2026, 6, 1, 10, 0), 300m)));

        Assert.Equal(Result(ApplyStatus.Applied, -500, "450 points already spent; the balance goes negative"), refund);
        Assert.Equal(Result(ApplyStatus.Applied, 300), next);
        Assert.Equal(Balance(available: -450, pending: 300, earned: 1350, redeemed: 1000, reversed: 500), ledger.GetBalance(dana, Utc(2026, 6, 2, 0, 0)));

        ledger.AdvanceTo(Utc(2026, 6, 16, 0, 0));

        Assert.Equal(
            [
                new Row(LedgerEntryKind.Pending, Utc(2026, 5, 1, 14, 0), 0, 800, "order", "order:2001"),
                new Row(LedgerEntryKind.Pending, Utc(2026, 5, 3, 14, 0), 0, 250, "order", "order:2002"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 5, 15, 14, 0), 800, -800, "return-window", "order:2001"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 5, 17, 14, 0), 250, -250, "return-window", "order:2002"),
                new Row(LedgerEntryKind.Redeemed, Utc(2026, 5, 20, 14, 0), -1000, 0, "reward:10-off", "redemption-7"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 5, 25, 14, 0), -500, 0, "refund", "refund:R-2001-1"),
                new Row(LedgerEntryKind.Pending, Utc(2026, 6, 1, 14, 0), 0, 300, "order", "order:2003"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 6, 15, 14, 0), 300, -300, "return-window", "order:2003"),
            ],
            Rows(ledger, dana));
        var balance = ledger.GetBalance(dana, Utc(2026, 6, 16, 0, 0));
        Assert.Equal(Balance(available: -150, pending: 0, earned: 1350, redeemed: 1000, reversed: 500), balance);
        AssertReconciles(balance);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Edge cases.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void PartialRefund_RoundsTheReversalDown_AndTheLastRefundReversesTheRest()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Build());
        var hana = new CustomerId("hana");
        var order = new Order(
            new OrderId("3001"),
            hana,
            NewYorkTime(2026, 6, 10, 12, 0),
            Currency.Usd,
            [
                new OrderLine(new LineItemId("tee"), new ProductId("tee"), 1, Dollars(25.50m)),
                new OrderLine(new LineItemId("mug"), new ProductId("mug"), 1, Dollars(24.75m)),
            ]);

        var placed = ledger.Apply(new OrderPlaced(order));
        var mug = ledger.Apply(new OrderRefunded(new Refund(new RefundId("R-3001-1"), order, NewYorkTime(2026, 6, 12, 12, 0), [new RefundLine(new LineItemId("mug"), 1, Dollars(24.75m))])));
        var tee = ledger.Apply(new OrderRefunded(new Refund(new RefundId("R-3001-2"), order, NewYorkTime(2026, 6, 14, 12, 0), [new RefundLine(new LineItemId("tee"), 1, Dollars(25.50m))])));

        // 50.25 -> 50 points; the mug gives back 24.75 / 50.25 of them: 24.63 -> 24; the tee reverses the other 26.
        Assert.Equal(Result(ApplyStatus.Applied, 50), placed);
        Assert.Equal(Result(ApplyStatus.Applied, -24), mug);
        Assert.Equal(Result(ApplyStatus.Applied, -26), tee);
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2026, 6, 10, 16, 0), 50, 0, "order", "order:3001"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 6, 12, 16, 0), -24, 0, "refund", "refund:R-3001-1"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 6, 14, 16, 0), -26, 0, "refund", "refund:R-3001-2"),
            ],
            Rows(ledger, hana));
        var balance = ledger.GetBalance(hana, Utc(2026, 6, 15, 0, 0));
        Assert.Equal(Balance(available: 0, pending: 0, earned: 50, reversed: 50), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void PartialRefund_OneOfThreeEqualItems_ReversesExactlyAThird()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Build());
        var hana = new CustomerId("hana");
        var order = new Order(new OrderId("3002"), hana, NewYorkTime(2026, 6, 10, 12, 0), Currency.Usd, [new OrderLine(new LineItemId("tees"), new ProductId("tee"), 3, Dollars(10.00m))]);

        var placed = ledger.Apply(new OrderPlaced(order));
        var results = new[] { 1, 2, 3 }.Select(i => ledger.Apply(new OrderRefunded(new Refund(
            new RefundId("R-3002-" + i), order, NewYorkTime(2026, 6, 10 + i, 12, 0), [new RefundLine(new LineItemId("tees"), 1, Dollars(10.00m))])))).ToArray();

        // $30 -> 30 points. One tee of three gives back exactly a third of the basis: 30 x 10 / 30 = 10, a whole number,
        // so rounding down leaves it at 10; two tees: 20 in all; three: all 30.
        Assert.Equal(Result(ApplyStatus.Applied, 30), placed);
        Assert.Equal([-10L, -10, -10], results.Select(r => r.Change.Value));
        var balance = ledger.GetBalance(hana, Utc(2026, 6, 14, 0, 0));
        Assert.Equal(Balance(available: 0, pending: 0, earned: 30, reversed: 30), balance);
    }

    [Fact]
    public void BirthdayOnTheTwentyNinthOfFebruary_InANonLeapYear_PaysOnTheTwentyEighth()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(250))).Build());
        var kai = new CustomerProfile(new CustomerId("kai"), Utc(2025, 1, 10, 0, 0), DateTimeZoneProviders.Tzdb["Pacific/Auckland"], new AnnualDate(2, 29));

        // The same nightly job at 01:00 New York time, which is 19:00 the same day in Auckland in February.
        var paidOn = new List<LocalDate>();
        foreach (var day in new[] { new LocalDate(2027, 2, 27), new LocalDate(2027, 2, 28), new LocalDate(2027, 3, 1), new LocalDate(2028, 2, 28), new LocalDate(2028, 2, 29), new LocalDate(2028, 3, 1) })
        {
            var now = NewYorkTime(day.Year, day.Month, day.Day, 1, 0);
            if (kai.IsBirthday(now) && ledger.Apply(new BirthdayReached(kai, now)).Status == ApplyStatus.Applied)
            {
                paidOn.Add(day);
            }
        }

        Assert.Equal([new LocalDate(2027, 2, 28), new LocalDate(2028, 2, 29)], paidOn);
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2027, 2, 28, 6, 0), 250, 0, "bonus:Birthday", "birthday:kai:2027"),
                new Row(LedgerEntryKind.Earned, Utc(2028, 2, 29, 6, 0), 250, 0, "bonus:Birthday", "birthday:kai:2028"),
            ],
            Rows(ledger, kai.Id));

        var fresh = new PointsLedger(ledger.Program);
        Assert.Equal(
            Result(ApplyStatus.Ignored, 0, "2027-03-01 is not in customer kai's birthday window (OnTheDay, birthday 02-29)"),
            fresh.Apply(new BirthdayReached(kai, NewYorkTime(2027, 3, 1, 1, 0))));
    }

    [Fact]
    public void BirthdayReached_SentEveryNightForEveryone_StillPaysOnTheBirthday()
    {
        // BirthdayReached is documented as "a check, typically from a daily job, of whether a customer is in their birthday
        // window; the bonus pays at most once per year because the key carries the year". A job that simply sends it every
        // night must therefore pay once, on the birthday.
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(250))).Build());
        var bea = new CustomerProfile(new CustomerId("bea"), Utc(2025, 1, 10, 0, 0), DateTimeZoneProviders.Tzdb["America/Los_Angeles"], new AnnualDate(7, 14));

        var statuses = new List<ApplyStatus>();
        for (var day = new LocalDate(2026, 7, 13); day <= new LocalDate(2026, 7, 16); day = day.PlusDays(1))
        {
            statuses.Add(ledger.Apply(new BirthdayReached(bea, NewYorkTime(day.Year, day.Month, day.Day, 1, 0))).Status);
        }

        Assert.Equal([ApplyStatus.Ignored, ApplyStatus.Ignored, ApplyStatus.Applied, ApplyStatus.Duplicate], statuses);
        Assert.Equal(new Points(250), ledger.GetBalance(bea.Id, Utc(2026, 7, 17, 0, 0)).Available);
    }

    [Fact]
    public void DuplicateWebhook_SameOrderOrRefundTwice_IsADuplicateAndChangesNothing()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).ReturnWindow(Period.FromDays(14)).Build());
        var gus = new CustomerId("gus");
        var placedAt = NewYorkTime(2026, 4, 1, 10, 0);
        var order = OneLineOrder("7001", gus, placedAt, 80m);
        var placed = new OrderPlaced(order);
        var refund = new OrderRefunded(new Refund(new RefundId("R-7001"), order, NewYorkTime(2026, 4, 3, 10, 0), [new RefundLine(new LineItemId("7001-1"), 1, Dollars(30m))]));

        var results = new[]
        {
            ledger.Apply(placed),
            ledger.Apply(placed),
            ledger.Apply(new OrderPlaced(OneLineOrder("7001", gus, placedAt, 80m))), // re-delivered, rebuilt from the payload
            ledger.Apply(refund),
            ledger.Apply(refund),
        };

        Assert.Equal(
            [
                Result(ApplyStatus.Applied, 80),
                Result(ApplyStatus.Duplicate, 0),
                Result(ApplyStatus.Duplicate, 0),
                Result(ApplyStatus.Applied, -30),
                Result(ApplyStatus.Duplicate, 0),
            ],
            results);
        ledger.AdvanceTo(Utc(2026, 4, 16, 0, 0));
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Pending, Utc(2026, 4, 1, 14, 0), 0, 80, "order", "order:7001"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 4, 3, 14, 0), 0, -30, "refund", "refund:R-7001"),
                new Row(LedgerEntryKind.Confirmed, Utc(2026, 4, 15, 14, 0), 50, -50, "return-window", "order:7001"),
            ],
            Rows(ledger, gus));
        var balance = ledger.GetBalance(gus, Utc(2026, 4, 16, 0, 0));
        Assert.Equal(Balance(available: 50, pending: 0, earned: 80, reversed: 30), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void OutOfOrderEvents_ApplyRefusesThem_ReplaySortsThem()
    {
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .Reward(Reward.AmountOff("5-off", new Points(500), Dollars(5m)))
            .Build();
        var erin = new CustomerId("erin");
        var order6001 = new OrderPlaced(OneLineOrder("6001", erin, NewYorkTime(2026, 3, 1, 10, 0), 400m));
        var order6002 = OneLineOrder("6002", erin, NewYorkTime(2026, 3, 3, 10, 0), 200m);
        var redemption = new RewardRedeemed(new EventKey("redemption-9"), erin, "5-off", NewYorkTime(2026, 3, 3, 10, 0));
        var refund = new OrderRefunded(Refund.Full(new RefundId("R-6002"), order6002, NewYorkTime(2026, 3, 5, 10, 0)));
        LoyaltyEvent[] arrived = [redemption, refund, new OrderPlaced(order6002), order6001, new OrderPlaced(order6002)];

        var oneByOne = new PointsLedger(program);
        var results = arrived.Select(oneByOne.Apply).ToArray();

        Assert.Equal(
            [
                Result(ApplyStatus.Refused, 0, "reward \"5-off\" costs 500 points; customer erin has 0 available (0 pending)"),
                Result(ApplyStatus.Refused, 0, "order 6002 is not in the ledger yet; apply the order first, or use Replay"),
                Result(ApplyStatus.Applied, 200),
                Result(ApplyStatus.Refused, 0, "event at 2026-03-01T15:00:00Z is earlier than customer erin's last event at 2026-03-03T15:00:00Z; use Replay to apply events out of order"),
                Result(ApplyStatus.Duplicate, 0),
            ],
            results);
        // The refused refund was not remembered: sent again once its order is in, it applies.
        Assert.Equal(Result(ApplyStatus.Applied, -200), oneByOne.Apply(refund));

        var replayed = new PointsLedger(program);
        var report = replayed.Replay(arrived);

        Assert.Equal((4, 1, 0, 0), (report.Applied, report.Duplicates, report.Ignored, report.RefusedCount));
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2026, 3, 1, 15, 0), 400, 0, "order", "order:6001"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 3, 3, 15, 0), 200, 0, "order", "order:6002"),
                new Row(LedgerEntryKind.Redeemed, Utc(2026, 3, 3, 15, 0), -500, 0, "reward:5-off", "redemption-9"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 3, 5, 15, 0), -100, 0, "refund", "refund:R-6002"),
            ],
            Rows(replayed, erin));
        var balance = replayed.GetBalance(erin, Utc(2026, 3, 6, 0, 0));
        Assert.Equal(Balance(available: 0, pending: 0, earned: 600, redeemed: 500, reversed: 100), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void RefusedEvent_ChangesNothing_SoAnEarlierEventStillApplies()
    {
        // ApplyStatus.Refused: "nothing changed and the key is not remembered"; PointsLedger refuses an event "earlier than
        // that customer's last event". A refused redemption is not an event the ledger took.
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Reward(Reward.AmountOff("5-off", new Points(500), Dollars(5m))).Build());
        var erin = new CustomerId("erin");

        var refused = ledger.Apply(new RewardRedeemed(new EventKey("redemption-9"), erin, "5-off", NewYorkTime(2026, 3, 3, 10, 0)));
        var earlier = ledger.Apply(new OrderPlaced(OneLineOrder("6001", erin, NewYorkTime(2026, 3, 1, 10, 0), 400m)));

        Assert.Equal(ApplyStatus.Refused, refused.Status);
        Assert.Equal(Result(ApplyStatus.Applied, 400), earlier);
    }

    [Fact]
    public void AdvanceTo_ThenAnEarlierEventOfANewCustomer_IsRefused()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Build());
        ledger.Apply(new OrderPlaced(OneLineOrder("9001", new CustomerId("erin"), NewYorkTime(2026, 3, 1, 10, 0), 10m)));
        ledger.AdvanceTo(Utc(2026, 4, 1, 4, 0));

        var late = ledger.Apply(new OrderPlaced(OneLineOrder("9002", new CustomerId("newcomer"), NewYorkTime(2026, 3, 15, 10, 0), 10m)));

        Assert.Equal(
            Result(ApplyStatus.Refused, 0, "event at 2026-03-15T14:00:00Z is earlier than customer newcomer's last event at 2026-04-01T04:00:00Z; use Replay to apply events out of order"),
            late);
    }

    [Fact]
    public void AcceptsEventsFrom_IsTheCustomersLastEventOrTheLastAdvance_WhicheverIsLater()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Build());
        var erin = new CustomerId("erin");
        var newcomer = new CustomerId("newcomer");
        Assert.Equal(Instant.MinValue, ledger.AcceptsEventsFrom(newcomer));

        ledger.Apply(new OrderPlaced(OneLineOrder("9001", erin, NewYorkTime(2026, 3, 1, 10, 0), 10m)));
        Assert.Equal(NewYorkTime(2026, 3, 1, 10, 0), ledger.AcceptsEventsFrom(erin));
        Assert.Equal(Instant.MinValue, ledger.AcceptsEventsFrom(newcomer));

        ledger.AdvanceTo(Utc(2026, 2, 1, 0, 0)); // earlier than erin's order: erin's bound stays
        Assert.Equal(NewYorkTime(2026, 3, 1, 10, 0), ledger.AcceptsEventsFrom(erin));
        Assert.Equal(Utc(2026, 2, 1, 0, 0), ledger.AcceptsEventsFrom(newcomer));

        ledger.AdvanceTo(Utc(2026, 4, 1, 4, 0));
        Assert.Equal(Utc(2026, 4, 1, 4, 0), ledger.AcceptsEventsFrom(erin));
        Assert.Equal(ApplyStatus.Refused, ledger.Apply(new OrderPlaced(OneLineOrder("9002", erin, Utc(2026, 4, 1, 4, 0) - Duration.Epsilon, 10m))).Status);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(new OrderPlaced(OneLineOrder("9003", erin, Utc(2026, 4, 1, 4, 0), 10m))).Status);
    }

    [Fact]
    public void Limits_MinimumOrderPerOrderAndDailyCapsAndBonusLimits_CutOrIgnoreWithTheReason()
    {
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .MinimumOrderValue(Dollars(20.00m))
            .MaxPerOrder(new Points(500))
            .MaxPerDay(new Points(600))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(50), maxPerMonth: 2))
            .Build();
        var ledger = new PointsLedger(program);
        var frank = new CustomerId("frank");
        var big = OneLineOrder("5002", frank, NewYorkTime(2026, 6, 1, 11, 0), 720m);

        var results = new[]
        {
            ledger.Apply(new OrderPlaced(OneLineOrder("5001", frank, NewYorkTime(2026, 6, 1, 10, 0), 15m))),
            ledger.Apply(new OrderPlaced(big)),
            ledger.Apply(new OrderPlaced(OneLineOrder("5003", frank, NewYorkTime(2026, 6, 1, 12, 0), 150m))),
            ledger.Apply(Review("review-1", frank, NewYorkTime(2026, 6, 1, 13, 0))),
            ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("R-5002"), big, NewYorkTime(2026, 6, 1, 14, 0)))),
            ledger.Apply(new OrderPlaced(OneLineOrder("5004", frank, NewYorkTime(2026, 6, 1, 15, 0), 50m))),
            ledger.Apply(Review("review-2", frank, NewYorkTime(2026, 6, 2, 9, 0))),
            ledger.Apply(Review("review-3", frank, NewYorkTime(2026, 6, 3, 9, 0))),
            ledger.Apply(Review("review-4", frank, NewYorkTime(2026, 6, 4, 9, 0))),
            ledger.Apply(Review("review-5", frank, NewYorkTime(2026, 7, 1, 9, 0))),
        };

        Assert.Equal(
            [
                Result(ApplyStatus.Ignored, 0, "order 5001 is below the minimum order value 20.00 USD"),
                Result(ApplyStatus.Applied, 500, "capped at 500 pts per order"),
                Result(ApplyStatus.Applied, 100, "capped by the customer's daily or monthly points limit (100 points of room left)"),
                Result(ApplyStatus.Ignored, 0, "customer frank has reached the daily or monthly points limit"),
                Result(ApplyStatus.Applied, -500),
                Result(ApplyStatus.Ignored, 0, "capped by the customer's daily or monthly points limit (0 points of room left)"),
                Result(ApplyStatus.Applied, 50),
                Result(ApplyStatus.Applied, 50),
                Result(ApplyStatus.Ignored, 0, "the Review bonus is limited to 2 per month for customer frank"),
                Result(ApplyStatus.Applied, 50),
            ],
            results);
        Assert.Equal(
            [
                new Row(LedgerEntryKind.Earned, Utc(2026, 6, 1, 15, 0), 500, 0, "order", "order:5002"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 6, 1, 16, 0), 100, 0, "order", "order:5003"),
                new Row(LedgerEntryKind.Reversed, Utc(2026, 6, 1, 18, 0), -500, 0, "refund", "refund:R-5002"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 6, 2, 13, 0), 50, 0, "bonus:Review", "review-2"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 6, 3, 13, 0), 50, 0, "bonus:Review", "review-3"),
                new Row(LedgerEntryKind.Earned, Utc(2026, 7, 1, 13, 0), 50, 0, "bonus:Review", "review-5"),
            ],
            Rows(ledger, frank));
        var balance = ledger.GetBalance(frank, Utc(2026, 7, 2, 0, 0));
        Assert.Equal(Balance(available: 250, pending: 0, earned: 750, reversed: 500), balance);
        AssertReconciles(balance);
    }

    [Fact]
    public void Expiry_PointsEarnedOnALeapDay_CanBeSpentUntilTheTwentyEighthOfFebruary()
    {
        var ledger = new PointsLedger(PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork).Expiry(PointsExpiry.AfterEarning(12)).Build());
        var ivy = new CustomerId("ivy");
        ledger.Apply(new OrderPlaced(OneLineOrder("8001", ivy, NewYorkTime(2028, 2, 29, 12, 0), 40m)));

        // 29 February 2028 + 12 months = 28 February 2029 (clamped), the last day; expiry at the start of 1 March.
        var expiresAt = Utc(2029, 3, 1, 5, 0);
        Assert.Equal([new ExpiringPoints(expiresAt, new LocalDate(2029, 2, 28), new Points(40))], ledger.ExpiringWithin(ivy, NewYorkTime(2029, 2, 1, 12, 0), 27));
        Assert.Equal(new Points(40), ledger.GetBalance(ivy, expiresAt - Duration.Epsilon).Available);
        var after = ledger.GetBalance(ivy, expiresAt);
        Assert.Equal(Balance(available: 0, pending: 0, earned: 40, expired: 40), after);
        AssertReconciles(after);
    }

    private static PointsProgram RefundProgram(ClawbackPolicy clawback) =>
        PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .ReturnWindow(Period.FromDays(14))
            .Reward(Reward.AmountOff("10-off", new Points(1000), Dollars(10m)))
            .Clawback(clawback)
            .Build();

    private static Order JacketAndBoots(CustomerId customer) => new(
        new OrderId("2001"),
        customer,
        NewYorkTime(2026, 5, 1, 10, 0),
        Currency.Usd,
        [
            new OrderLine(new LineItemId("jacket"), new ProductId("jacket"), 1, Dollars(500m)),
            new OrderLine(new LineItemId("boots"), new ProductId("boots"), 1, Dollars(300m)),
        ]);

    private static Refund JacketRefund(Order order) =>
        new(new RefundId("R-2001-1"), order, NewYorkTime(2026, 5, 25, 10, 0), [new RefundLine(new LineItemId("jacket"), 1, Dollars(500m))]);

    private static ActionPerformed Review(string key, CustomerId customer, Instant at) =>
        new(new CustomerAction(new EventKey(key), customer, ActionKind.Review, at, rating: 5));

    private static Order OneLineOrder(string id, CustomerId customer, Instant at, decimal amount) =>
        new(new OrderId(id), customer, at, Currency.Usd, [new OrderLine(new LineItemId(id + "-1"), new ProductId("item"), 1, Dollars(amount))]);

    private static Money Dollars(decimal amount) => new(amount, Currency.Usd);

    private static Instant NewYorkTime(int year, int month, int day, int hour, int minute) =>
        NewYork.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    private static Instant Utc(int year, int month, int day, int hour, int minute) => Instant.FromUtc(year, month, day, hour, minute);

    private static ApplyResult Result(ApplyStatus status, long change, string? reason = null) => new(status, change, reason);

    private static PointsBalance Balance(long available, long pending, long earned, long redeemed = 0, long expired = 0, long reversed = 0, long adjusted = 0) =>
        new(new Points(available), new Points(pending), new Points(earned), new Points(redeemed), new Points(expired), new Points(reversed), new Points(adjusted));

    private static Row[] Rows(PointsLedger ledger, CustomerId customer) =>
        [.. ledger.History(customer).Select(e => new Row(e.Kind, e.At, e.Available.Value, e.Pending.Value, e.Rule, e.Cause.Value))];

    /// <summary>Earned + Adjusted = Redeemed + Expired + Reversed + Available + Pending.</summary>
    private static void AssertReconciles(PointsBalance b) =>
        Assert.Equal((b.Earned + b.Adjusted).Value, (b.Redeemed + b.Expired + b.Reversed + b.Available + b.Pending).Value);

    /// <summary>The parts of a ledger entry the page's tables show.</summary>
    private readonly record struct Row(LedgerEntryKind Kind, Instant At, long Available, long Pending, string Rule, string Cause);
}
