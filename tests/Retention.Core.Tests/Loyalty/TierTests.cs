using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>Tier ladders: validation, upgrades, reviews, grace, downgrades, benefits and progress (docs/loyalty-tiers.md).</summary>
public sealed class TierTests
{
    private static readonly Tier Member = new("Member", 0m);
    private static readonly Tier Silver = new("Silver", 500m, new TierBenefits { EarningMultiplier = 1.25m });
    private static readonly Tier Gold = new("Gold", 1000m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true, EarlyAccess = true });

    private static TierLadder SpendLadder(QualificationWindow window, Period? grace = null, int? maxLevelsDown = null) =>
        new(TierBasis.Spend, window, [Member, Silver, Gold], grace, maxLevelsDown);

    private static PointsLedger Ledger(TierLadder ladder) => new(Builder().Tiers(ladder).Build());

    private static Instant Utc(int year, int month, int day, int hour = 0, int minute = 0) => Instant.FromUtc(year, month, day, hour, minute);

    private static OrderPlaced Placed(string id, CustomerId customer, Instant at, decimal amount) => LoyaltySamples.Placed(id, customer, at, amount);

    [Fact]
    public void Ladder_InvalidRules_ReportsEveryProblemWithItsPath()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => new TierLadder(
            TierBasis.Spend,
            QualificationWindow.RollingMonths(3),
            [new Tier("Member", 10m), new Tier("Silver", 5m), new Tier("Member", 20m)],
            Period.FromMonths(3),
            0));

        Assert.Equal(
            [
                "tiers.levels[0].threshold: 10 must be 0 for the first tier, where every customer starts",
                "tiers.levels[1].threshold: 5 must be greater than the tier below (10)",
                "tiers.levels[2].name: \"Member\" is used by a lower tier",
                "tiers.maxLevelsDown: 0 must be at least 1 when given",
                "tiers.gracePeriod: \"P3M\" must be shorter than the window's period (3 months)",
            ],
            error.Errors);
        Assert.Throws<InvalidConfigurationException>(() => new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, []));
        Assert.Throws<InvalidValueException>(() => QualificationWindow.RollingMonths(0));
        Assert.Throws<InvalidValueException>(() => new TierBenefits { EarningMultiplier = 0m });
        Assert.Throws<InvalidValueException>(() => new Tier("Gold", -1m));
    }

    [Fact]
    public void Program_TierBirthdayPointsWithoutABirthdayBonus_IsRejected()
    {
        var ladder = new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [Member, new Tier("VIP", 100m, new TierBenefits { BirthdayPoints = new Points(500) })]);

        var error = Assert.Throws<InvalidConfigurationException>(() => Builder().Tiers(ladder).Build());

        Assert.Equal(["tiers.levels[1].benefits.birthdayPoints: 500 pts needs a Birthday bonus in the program, whose limits it follows"], error.Errors);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(499.99, 0)]
    [InlineData(500, 1)]
    [InlineData(999.99, 1)]
    [InlineData(1000, 2)]
    [InlineData(1e9, 2)]
    [InlineData(-5, 0)]
    public void QualifiedLevel_IsTheHighestThresholdReached(double qualifying, int level)
    {
        var ladder = SpendLadder(QualificationWindow.CalendarYear);
        Assert.Equal(level, ladder.QualifiedLevel((decimal)qualifying));
        Span<int> levels = stackalloc int[1];
        ladder.QualifiedLevels([(decimal)qualifying], levels);
        Assert.Equal(level, levels[0]);
    }

    [Fact]
    public void QualifiedLevel_LongLadder_BinarySearchAgreesWithTheDefinition_AndTheBatchAllocatesNothing()
    {
        var tiers = Enumerable.Range(0, 12).Select(i => new Tier("T" + i, i * i * 10m)).ToArray();
        var ladder = new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, tiers);
        var values = Enumerable.Range(-5, 1300).Select(v => v + 0.5m).Concat(tiers.Select(t => t.Threshold)).ToArray();
        var levels = new int[values.Length];

        ladder.QualifiedLevels(values, levels);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ladder.QualifiedLevels(values, levels);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(Math.Max(0, tiers.Count(t => t.Threshold <= values[i]) - 1), levels[i]);
        }

        Assert.Throws<ArgumentException>(() => ladder.QualifiedLevels(values, new int[1]));
    }

    /// <summary>The worked example of docs/loyalty-tiers.md: an upgrade, a refund, and a downgrade after grace.</summary>
    [Fact]
    public void WorkedYear_UpgradeRefundAndDowngradeAfterGrace()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear, Period.FromMonths(1), maxLevelsDown: 1));
        var a1 = Placed("A1", Alice, Local(2026, 3, 10, 10), 600m);
        var a2 = Placed("A2", Alice, Local(2026, 6, 5, 12), 500m);
        var a3 = Placed("A3", Alice, Local(2027, 3, 1, 9), 1050m);

        var earned = new[]
        {
            ledger.Apply(a1).Change.Value, // at Member: 600
            ledger.Apply(a2).Change.Value, // at Silver: 500 x 1.25 = 625; 1,100 this year: Gold
            ledger.Apply(a3).Change.Value, // at Gold: 1,050 x 1.5 = 1,575
            ledger.Apply(Refunded("R3", a3, Local(2027, 12, 20, 15), 200m)).Change.Value, // 2027 falls to 850
        };

        Assert.Equal([600L, 625, 1575, -300], earned);
        var silverFrom = Local(2026, 3, 10, 10);
        var goldFrom = Local(2026, 6, 5, 12);
        var review = Local(2028, 1, 1, 0, 0);
        var graceEnd = Local(2028, 2, 1, 0, 0);
        Assert.Equal(Utc(2028, 1, 1, 5, 0), review);

        // Before the review: Gold, valid to the end of 2027; 850 of 1,000 spent in 2027, so 150 more keeps it.
        var december = ledger.GetTierProgress(Alice, Local(2027, 12, 21, 0, 0));
        Assert.Equal(new TierStatus(Gold, 2, goldFrom, review, null, 850m), december.Status);
        Assert.Null(december.Next);
        Assert.Equal(150m, december.NeededToKeep);
        Assert.Equal(review, december.KeepBy);

        // In grace: still Gold until 1 February, unless 2028 reaches 1,000 by then.
        var january = ledger.GetTierProgress(Alice, Local(2028, 1, 15));
        Assert.Equal(new TierStatus(Gold, 2, goldFrom, review, graceEnd, 0m), january.Status);
        Assert.Equal(1000m, january.NeededToKeep);
        Assert.Equal(graceEnd, january.KeepBy);

        // After grace: one level down (Silver, which 2027's 850 reached anyway), valid to the end of 2028.
        var nextReview = Local(2029, 1, 1, 0, 0);
        Assert.Equal(new TierStatus(Silver, 1, graceEnd, nextReview, null, 0m), ledger.GetTier(Alice, graceEnd));
        Assert.Equal(Gold, ledger.GetTier(Alice, graceEnd - Duration.Epsilon).Tier);

        // An order after grace earns at Silver and writes the changes due before it.
        Assert.Equal(125L, ledger.Apply(Placed("A4", Alice, Local(2028, 2, 10), 100m)).Change.Value);
        Assert.Equal(
            [
                new TierChange(silverFrom, TierChangeKind.Upgrade, 0, 1, Local(2028, 1, 1, 0, 0), 600m, new EventKey("order:A1")),
                new TierChange(goldFrom, TierChangeKind.Upgrade, 1, 2, review, 1100m, new EventKey("order:A2")),
                new TierChange(graceEnd, TierChangeKind.Downgrade, 2, 1, nextReview, 850m, null),
            ],
            ledger.TierHistory(Alice));

        // Reading the past from the written history agrees with what was true then.
        Assert.Equal(Member, ledger.GetTier(Alice, silverFrom - Duration.Epsilon).Tier);
        Assert.Equal(new TierStatus(Silver, 1, silverFrom, Local(2028, 1, 1, 0, 0), null, 600m), ledger.GetTier(Alice, Local(2026, 4, 1)));
    }

    [Fact]
    public void Review_QualifyingAgainInThePeriod_RenewsForOneMorePeriod()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        ledger.Apply(Placed("B1", Bob, Local(2026, 5, 1), 1200m));
        ledger.Apply(Placed("B2", Bob, Local(2027, 8, 1), 1000m));

        var status = ledger.GetTier(Bob, Local(2028, 6, 1));

        Assert.Equal(Gold, status.Tier);
        Assert.Equal(Local(2029, 1, 1, 0, 0), status.ValidUntil);
        ledger.AdvanceTo(Local(2028, 6, 1));
        Assert.Equal(
            [TierChangeKind.Upgrade, TierChangeKind.Renewal],
            ledger.TierHistory(Bob).Select(c => c.Kind));
    }

    [Fact]
    public void Downgrade_LimitedToOneLevel_StepsDownOnePeriodAtATime()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear, maxLevelsDown: 1));
        ledger.Apply(Placed("B1", Bob, Local(2026, 5, 1), 1200m));

        ledger.AdvanceTo(Local(2030, 6, 1));

        Assert.Equal(
            [
                (TierChangeKind.Upgrade, 0, 2, Local(2026, 5, 1)),
                (TierChangeKind.Downgrade, 2, 1, Local(2028, 1, 1, 0, 0)),
                (TierChangeKind.Downgrade, 1, 0, Local(2029, 1, 1, 0, 0)),
            ],
            ledger.TierHistory(Bob).Select(c => (c.Kind, c.FromLevel, c.ToLevel, c.At)));
        Assert.Null(ledger.GetTier(Bob, Local(2030, 6, 1)).ValidUntil);
    }

    [Fact]
    public void Downgrade_WithoutLimit_GoesStraightToTheTierQualifiedFor()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        ledger.Apply(Placed("B1", Bob, Local(2026, 5, 1), 1200m));

        Assert.Equal(Member, ledger.GetTier(Bob, Local(2028, 1, 1, 0, 0)).Tier);
        Assert.Equal(Gold, ledger.GetTier(Bob, Local(2027, 12, 31, 23, 59)).Tier);
    }

    [Fact]
    public void Grace_QualifyingInTheNewPeriodBeforeItEnds_KeepsTheTier()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear, Period.FromMonths(1)));
        ledger.Apply(Placed("B1", Bob, Local(2026, 5, 1), 1200m));
        ledger.Apply(Placed("B2", Bob, Local(2028, 1, 20), 1000m)); // 2027 was empty; January 2028 reaches Gold again

        var status = ledger.GetTier(Bob, Local(2028, 3, 1));

        Assert.Equal(Gold, status.Tier);
        Assert.Null(status.DowngradeAt);
        Assert.Equal(Local(2029, 1, 1, 0, 0), status.ValidUntil);
    }

    [Fact]
    public void RollingWindow_StatusLastsWhileTheCustomerKeepsQualifying()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.RollingMonths(12)));
        ledger.Apply(Placed("B1", Bob, Local(2026, 1, 10), 900m));
        ledger.Apply(Placed("B2", Bob, Local(2026, 2, 10), 100m)); // Gold: 1,000 in the last 12 months
        ledger.Apply(Placed("B3", Bob, Local(2026, 12, 10), 200m)); // still 1,200: Gold extended to 10 Dec 2027

        Assert.Equal(Local(2027, 12, 10), ledger.GetTier(Bob, Local(2027, 3, 1)).ValidUntil);
        // At the review (10 Dec 2027) the customer last qualified for Gold just before B1 left the window on
        // 10 Jan 2027 (1,200 until then): Gold is kept 12 months from there.
        var renewed = ledger.GetTier(Bob, Local(2027, 12, 10));
        Assert.Equal(Gold, renewed.Tier);
        Assert.Equal(Local(2028, 1, 10) - Duration.Epsilon, renewed.ValidUntil);
        // Then nothing qualifies any more: straight down (no limit, no grace).
        Assert.Equal(Member, ledger.GetTier(Bob, Local(2028, 1, 10)).Tier);
    }

    [Fact]
    public void RollingWindow_LeavesOutTheInstantExactlyNMonthsBefore()
    {
        // The window at t is (t minus 12 months, t]: an order placed exactly 12 months before t has just left it.
        var ledger = Ledger(SpendLadder(QualificationWindow.RollingMonths(12)));
        ledger.Apply(Placed("B1", Bob, Local(2026, 1, 10), 300m));
        ledger.Apply(Placed("B2", Bob, Local(2027, 1, 10), 250m));

        var justBefore = ledger.GetTierProgress(Bob, Local(2027, 1, 10) - Duration.Epsilon);
        var at = ledger.GetTierProgress(Bob, Local(2027, 1, 10));

        Assert.Equal(200m, justBefore.NeededForNext); // B1 alone: 300 of Silver's 500
        Assert.Equal(250m, at.NeededForNext); // B2 alone: 250; B1 and B2 are never in one window
        Assert.Equal(Member, at.Status.Tier);
        Assert.Equal(Member, ledger.GetTier(Bob, Local(2027, 6, 1)).Tier);
    }

    [Fact]
    public void MembershipYear_StartsOnTheFirstEvent_AndALeapDayAnniversaryFallsOnThe28th()
    {
        var ladder = new TierLadder(TierBasis.Points, QualificationWindow.MembershipYear, [Member, new Tier("Insider", 100m)]);
        var program = Builder().Tiers(ladder).Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(150))).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(Action("signup:bob", Bob, ActionKind.SignUp, Local(2024, 2, 29, 9)));

        var progress = ledger.GetTierProgress(Bob, Local(2024, 6, 1));

        // Reached at sign-up; valid through the next membership year, which ends on 28 February 2026.
        Assert.Equal("Insider", progress.Status.Tier.Name);
        Assert.Equal(Local(2026, 2, 28, 0, 0), progress.Status.ValidUntil);
        Assert.Equal(Local(2025, 2, 28, 0, 0), progress.NextBy is null ? null : progress.NextBy); // no next tier, but the window's end
        Assert.Equal(100m, progress.NeededToKeep); // the membership year from 28 Feb 2025 must earn 100
        Assert.Equal("Member", ledger.GetTier(Bob, Local(2026, 2, 28, 0, 0)).Tier.Name);
    }

    [Fact]
    public void PointsBasis_CountsEarnedPointsNotTheBalance_AndReversalsLowerThem()
    {
        var ladder = new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [Member, new Tier("Gold", 1000m)]);
        var program = Builder().Tiers(ladder).Reward(Reward.FreeShipping("ship", new Points(900))).Build();
        var ledger = new PointsLedger(program);
        var first = Placed("C1", Alice, Local(2026, 3, 1), 900m);
        ledger.Apply(first);
        ledger.Apply(Redeem("x1", Alice, "ship", Local(2026, 3, 2))); // spending does not lower qualifying points
        ledger.Apply(Placed("C2", Alice, Local(2026, 3, 3), 100m));

        Assert.Equal("Gold", ledger.GetTier(Alice, Local(2026, 3, 4)).Tier.Name);
        Assert.Equal(1000m, ledger.GetTier(Alice, Local(2026, 3, 4)).Qualifying);
        Assert.Equal(new Points(100), ledger.GetBalance(Alice, Local(2026, 3, 4)).Available);

        ledger.Apply(Refunded("R1", first, Local(2026, 3, 5), 450m));
        Assert.Equal(550m, ledger.GetTier(Alice, Local(2026, 3, 6)).Qualifying);
        Assert.Equal(1000m, ledger.GetTier(Alice, Local(2026, 3, 4)).Qualifying); // before the refund, as it was then
        Assert.Equal("Gold", ledger.GetTier(Alice, Local(2026, 3, 6)).Tier.Name); // the refund answers at the review
    }

    [Fact]
    public void SpendBasis_AnOrderBelowTheMinimumEarnsNothing_ButQualifies_AndItsRefundLowersTheSpend()
    {
        var program = Builder().MinimumOrderValue(Usd(20m)).Tiers(SpendLadder(QualificationWindow.CalendarYear)).Build();
        var ledger = new PointsLedger(program);
        var small = Placed("S1", Alice, Local(2026, 3, 1), 15m);

        var placed = ledger.Apply(small);
        var big = ledger.Apply(Placed("S2", Alice, Local(2026, 3, 2), 490m));

        Assert.Equal(ApplyStatus.Ignored, placed.Status);
        Assert.Equal(490L, big.Change.Value);
        Assert.Equal(Silver, ledger.GetTier(Alice, Local(2026, 3, 3)).Tier); // 15 + 490 = 505
        var refund = ledger.Apply(Refunded("RS1", small, Local(2026, 3, 4), 15m));
        Assert.Equal(ApplyStatus.Ignored, refund.Status); // no points to reverse
        Assert.Equal(490m, ledger.GetTier(Alice, Local(2026, 3, 5)).Qualifying);
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(small).Status);
        Assert.Equal(new Points(490), ledger.GetBalance(Alice, Local(2026, 3, 5)).Available);
    }

    [Fact]
    public void Birthday_TierBirthdayPointsReplaceTheProgramsBonus()
    {
        var vip = new Tier("VIP", 100m, new TierBenefits { BirthdayPoints = new Points(500) });
        var program = Builder()
            .Tiers(new TierLadder(TierBasis.Spend, QualificationWindow.Lifetime, [Member, vip]))
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(50)))
            .Build();
        var ledger = new PointsLedger(program);
        var dana = new CustomerProfile(new CustomerId("dana"), Local(2025, 1, 10), NewYork, new AnnualDate(6, 1));
        var eve = new CustomerProfile(new CustomerId("eve"), Local(2025, 1, 10), NewYork, new AnnualDate(6, 1));
        ledger.Apply(Placed("D1", dana.Id, Local(2026, 5, 1), 150m));
        ledger.Apply(Placed("E1", eve.Id, Local(2026, 5, 1), 50m));

        Assert.Equal(500L, ledger.Apply(new BirthdayReached(dana, Local(2026, 6, 1, 8))).Change.Value);
        Assert.Equal(50L, ledger.Apply(new BirthdayReached(eve, Local(2026, 6, 1, 8))).Change.Value);
    }

    [Fact]
    public void Queries_WithoutALadder_Throw_AndUnknownCustomersAreAtLevelZero()
    {
        var plain = new PointsLedger(Builder().Build());
        Assert.Throws<InvalidOperationException>(() => plain.GetTier(Alice, Local(2026, 1, 1)));

        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        Assert.Equal(new TierStatus(Member, 0, null, null, null, 0m), ledger.GetTier(Alice, Local(2026, 1, 1)));
        var progress = ledger.GetTierProgress(Alice, Local(2026, 1, 1));
        Assert.Equal(Silver, progress.Next);
        Assert.Equal(500m, progress.NeededForNext);
        Assert.Equal(Local(2027, 1, 1, 0, 0), progress.NextBy);
        Assert.Empty(ledger.TierHistory(Alice));
    }
}
