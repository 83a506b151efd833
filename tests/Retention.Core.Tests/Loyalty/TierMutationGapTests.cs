using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Tier ladders' errors and the tier engine's edges that the first mutation-testing run of the tier files left
/// untested (docs/testing.md#mutation-testing): each test names the mutants it kills.
/// </summary>
public sealed class TierMutationGapTests
{
    private static readonly Tier Member = new("Member", 0m);
    private static readonly Tier Silver = new("Silver", 500m);
    private static readonly Tier Gold = new("Gold", 1000m);

    private static TierLadder SpendLadder(QualificationWindow window) => new(TierBasis.Spend, window, [Member, Silver, Gold]);

    private static PointsLedger Ledger(TierLadder ladder) => new(Builder().Tiers(ladder).Build());

    private static string[] LadderErrors(Func<TierLadder> create) => [.. Assert.Throws<InvalidConfigurationException>(() => create()).Errors];

    // Survived: the undefined-basis, empty-ladder, rolling maxLevelsDown and negative-grace errors removed or emptied,
    // the exception's subject emptied, the null-tier check removed, and the "a year" text of a grace that is too long.
    [Fact]
    public void Ladder_Errors_NameTheSettingAndTheRule()
    {
        Assert.Equal(
            ["tiers.basis: 9 is not a defined tier basis"],
            LadderErrors(() => new TierLadder((TierBasis)9, QualificationWindow.Lifetime, [Member])));
        var empty = Assert.Throws<InvalidConfigurationException>(() => new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, []));
        Assert.Equal("tier ladder", empty.Subject);
        Assert.Equal(["tiers.levels: the ladder must have at least one tier"], empty.Errors);
        Assert.Equal(
            ["tiers.maxLevelsDown: 1 cannot be used with a rolling window, whose status falls to the highest level of its last N months"],
            LadderErrors(() => new TierLadder(TierBasis.Points, QualificationWindow.RollingMonths(12), [Member, Silver], maxLevelsDown: 1)));
        Assert.Equal(
            ["tiers.gracePeriod: \"P-1D\" must not have a negative component"],
            LadderErrors(() => new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [Member, Silver], Period.FromDays(-1))));
        Assert.Equal(
            ["tiers.gracePeriod: \"P12M\" must be shorter than the window's period (a year)"],
            LadderErrors(() => new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [Member, Silver], Period.FromMonths(12))));
        Assert.Equal("tiers", Assert.Throws<ArgumentNullException>(() => new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [Member, null!])).ParamName);

        // The longest grace that fits is a day short of the shortest year-long period's end; 11 months always fit.
        Assert.Equal(Period.FromMonths(11), new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [Member, Silver], Period.FromMonths(11)).GracePeriod);
    }

    // Survived: GraceFits' catch made to let the exception through (e is not ...), and its "return false" as "return
    // true": a grace so long that adding it to a date leaves NodaTime's range is too long, not an exception.
    [Fact]
    public void Ladder_GraceBeyondTheCalendar_IsReportedAsTooLong()
    {
        Assert.Equal(
            ["tiers.gracePeriod: \"P20000Y\" must be shorter than the window's period (a year)"],
            LadderErrors(() => new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear, [Member, Silver], Period.FromYears(20000))));
        Assert.Equal(
            ["tiers.gracePeriod: \"P20000Y\" must be shorter than the window's period (3 months)"],
            LadderErrors(() => new TierLadder(TierBasis.Points, QualificationWindow.RollingMonths(3), [Member, Silver], Period.FromYears(20000))));
    }

    // Survived: the message of QualifiedLevels' length check emptied.
    [Fact]
    public void QualifiedLevels_ShortDestination_SaysBothLengths()
    {
        var ladder = SpendLadder(QualificationWindow.Lifetime);
        var error = Assert.Throws<ArgumentException>(() => ladder.QualifiedLevels([1m, 2m], new int[1]));
        Assert.Equal("levels", error.ParamName);
        Assert.StartsWith("The levels span (1) is shorter than the qualifying values (2).", error.Message, StringComparison.Ordinal);
    }

    // Survived: Progress' "at >= book.Clock ? StatusOf(whatIf) : Status(book)" as always the first (true) or swapped
    // (at < clock): progress asked for an instant before the ledger's clock must read the written history.
    // NeededForNext as threshold + qualifying; NextBy given for a rolling window (true ? PeriodEnd : null).
    [Fact]
    public void Progress_InThePast_ReadsTheHistory_AndCountsWhatIsStillNeeded()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        ledger.Apply(Placed("A1", Alice, Local(2026, 3, 10), 600m));
        ledger.Apply(Placed("A2", Alice, Local(2026, 6, 5), 500m));

        var april = ledger.GetTierProgress(Alice, Local(2026, 4, 1));
        Assert.Equal(("Silver", "Gold", 400m), (april.Status.Tier.Name, april.Next?.Name, april.NeededForNext));
        Assert.Equal(Local(2027, 1, 1, 0, 0), april.NextBy);
        var now = ledger.GetTierProgress(Alice, Local(2026, 7, 1));
        Assert.Equal(("Gold", null, 0m), (now.Status.Tier.Name, now.Next?.Name, now.NeededForNext));

        var rolling = Ledger(SpendLadder(QualificationWindow.RollingMonths(12)));
        rolling.Apply(Placed("B1", Alice, Local(2026, 3, 10), 200m));
        var progress = rolling.GetTierProgress(Alice, Local(2026, 4, 1));
        Assert.Equal(("Member", "Silver", 300m), (progress.Status.Tier.Name, progress.Next?.Name, progress.NeededForNext));
        Assert.Null(progress.NextBy);
    }

    // Survived: TierEngine.Reduce's "contribution.Remaining -= taken" as "+=": a cancellation after a refund takes
    // the order's remaining contribution, which then was the order plus the refund.
    [Fact]
    public void Cancellation_AfterARefund_TakesOnlyWhatTheOrderStillContributes()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        var big = Placed("A1", Alice, Local(2026, 3, 10), 800m);
        ledger.Apply(big);
        ledger.Apply(Placed("A2", Alice, Local(2026, 3, 11), 300m));
        ledger.Apply(Refunded("R1", big, Local(2026, 4, 1), 200m));
        Assert.Equal(900m, ledger.GetTier(Alice, Local(2026, 4, 2)).Qualifying);

        ledger.Apply(new OrderCancelled(big.Order.Id, Alice, Local(2026, 5, 1)));

        Assert.Equal(300m, ledger.GetTier(Alice, Local(2026, 5, 2)).Qualifying);
    }

    // A refund at exactly a review's instant lowers the new year, not the year reviewed: the review reads the window up
    // to the instant before it, and a refund counts from its own instant. (For the same reason the surviving mutant
    // that removes TierEngine.Reduce's Advance call is equivalent: this test pins the behaviour it would have broken.)
    [Fact]
    public void Refund_AtTheReviewInstant_IsAppliedAfterTheReview()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        var order = Placed("A1", Alice, Local(2027, 3, 10), 1050m);
        ledger.Apply(order);
        var review = Local(2028, 1, 1, 0, 0);

        ledger.Apply(Refunded("R1", order, review, 100m));

        // 2027 had 1,050 at its review: Gold is kept for 2028; the refund counts from its own instant.
        var status = ledger.GetTier(Alice, Local(2028, 6, 1));
        Assert.Equal("Gold", status.Tier.Name);
        Assert.Equal(Local(2029, 1, 1, 0, 0), status.ValidUntil);
    }

    // Survived: the Advance call of TierEngine.TierAt removed: a birthday pays the tier the customer holds on the day,
    // after the reviews since their last event.
    [Fact]
    public void Birthday_AfterAReviewThatDowngraded_PaysTheLowerTiersBonus()
    {
        var vip = new Tier("VIP", 100m, new TierBenefits { BirthdayPoints = new Points(500) });
        var program = Builder()
            .Tiers(new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, [Member, vip]))
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(50)))
            .Build();
        var ledger = new PointsLedger(program);
        var dana = new CustomerProfile(new CustomerId("dana"), Local(2025, 1, 10), NewYork, new AnnualDate(6, 1));
        ledger.Apply(Placed("D1", dana.Id, Local(2026, 5, 1), 150m));
        Assert.Equal(500L, ledger.Apply(new BirthdayReached(dana, Local(2026, 6, 1, 8))).Change.Value);

        var birthday = Local(2028, 6, 1, 8);
        Assert.Equal("Member", ledger.GetTier(dana.Id, birthday).Tier.Name);
        Assert.Equal(50L, ledger.Apply(new BirthdayReached(dana, birthday)).Change.Value);
    }

    // ---- The 60 s re-run of loyalty-tiers (2 December) ----

    // Survived: TierEngine.cs:446 'years - 1' -> 'years + 1' (before this year's anniversary, the membership year is the
    // one that started on last year's).
    [Fact]
    public void MembershipYear_BeforeTheAnniversary_CountsSinceLastYearsAnniversary()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.MembershipYear));
        ledger.Apply(Placed("o1", Alice, Local(2025, 6, 1), 300m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 1), 300m));

        var status = ledger.GetTier(Alice, Local(2026, 3, 2));
        Assert.Equal(("Silver", 600m), (status.Tier.Name, status.Qualifying));
    }

    // Survived: TierEngine.cs:428 'PeriodStart - Epsilon' -> '+ Epsilon' (an order at the very first instant of the
    // calendar year belongs to it).
    [Fact]
    public void CalendarYear_AnOrderAtLocalMidnightOnNewYearsDay_CountsForTheNewYear()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.CalendarYear));
        ledger.Apply(Placed("o1", Alice, Local(2025, 12, 31, 23, 59), 100m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 1, 1, 0, 0), 600m));

        var status = ledger.GetTier(Alice, Local(2026, 1, 2));
        Assert.Equal(("Silver", 600m), (status.Tier.Name, status.Qualifying));
    }

    // Survived: TierEngine.cs:127 'DowngradeAt != MaxValue' -> '==' and 'until > ValidUntil' -> '>=' (a second
    // qualifying order at the same instant renewed the status again, to the same end).
    [Fact]
    public void RollingWindow_TwoOrdersAtOneInstant_RenewTheStatusOnce()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.RollingMonths(12)));
        ledger.Apply(Placed("o1", Alice, Local(2026, 1, 5), 600m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 3, 1), 100m));
        ledger.Apply(Placed("o3", Alice, Local(2026, 3, 1), 100m));

        var renewal = Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Renewal);
        Assert.Equal((Local(2026, 3, 1), Local(2027, 3, 1)), (renewal.At, renewal.ValidUntil));
    }

    // Survived: TierEngine.cs:211 'validUntil <= at' -> '<' (read from the history exactly at the end of a status's
    // validity, the grace it then enters was left out). The what-if path of a ledger not yet there must agree.
    [Fact]
    public void StatusReadFromTheHistory_AtTheEndOfItsValidity_ShowsTheGraceItEnters()
    {
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, [Member, Silver, Gold], Period.FromMonths(1));
        var past = Ledger(ladder);
        var ahead = Ledger(ladder);
        foreach (var ledger in new[] { past, ahead })
        {
            ledger.Apply(Placed("o1", Alice, Local(2025, 3, 1), 600m));
        }

        past.AdvanceTo(Local(2027, 6, 1));
        var end = Local(2027, 1, 1, 0, 0);

        var fromHistory = past.GetTier(Alice, end);
        Assert.Equal(("Silver", end, Local(2027, 2, 1, 0, 0)), (fromHistory.Tier.Name, fromHistory.ValidUntil, fromHistory.DowngradeAt));
        Assert.Equal(ahead.GetTier(Alice, end), fromHistory);
    }

    // Survived: TierEngine.cs:286 'endedLevel >= book.Level' -> '>' (a year that reached the tier exactly again went
    // into grace at its review, and the renewal came at the grace's end, carrying the new year's value).
    [Fact]
    public void CalendarYear_AReviewAtTheSameLevel_RenewsAtOnce_WithTheEndedYearsValue()
    {
        var ladder = new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, [Member, Silver, Gold], Period.FromMonths(1));
        var ledger = Ledger(ladder);
        ledger.Apply(Placed("o1", Alice, Local(2025, 3, 1), 600m)); // Silver, valid through 2026
        ledger.Apply(Placed("o2", Alice, Local(2026, 5, 1), 550m)); // 2026 reaches Silver again
        ledger.AdvanceTo(Local(2027, 3, 1));

        var renewal = Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Renewal);
        Assert.Equal((Local(2027, 1, 1, 0, 0), 550m, (Instant?)Local(2028, 1, 1, 0, 0)), (renewal.At, renewal.Qualifying, renewal.ValidUntil));
        Assert.Null(ledger.GetTier(Alice, Local(2027, 1, 15)).DowngradeAt);
    }

    // ---- The rolling window's reviews, grace and window edge (the 60 s re-run's TierEngine survivors) ----

    private static readonly Duration Nanosecond = Duration.Epsilon;

    private static PointsLedger RollingWithGrace() =>
        Ledger(new TierLadder(TierBasis.Spend, QualificationWindow.RollingMonths(12), [Member, Silver, Gold], Period.FromMonths(1)));

    // Survived: LastQualified's 'Qualifying(before - Epsilon) >= threshold' as '>' and 'before - Epsilon' as '+' (the
    // check and the instant it returns): an order reaching Gold exactly keeps it for 12 months after the last instant
    // it was in the window, not 12 months after the review. EndRollingGrace's 'Plus(...) > at' as '>=': at the end of
    // the grace, Silver (last reached at the same instant as Gold) has run out too, and the fall to Member is one step.
    [Fact]
    public void RollingWindow_TierReachedExactlyOnce_IsKeptUntil12MonthsAfterItsLastInstant_ThenFallsInOneStep()
    {
        var ledger = RollingWithGrace();
        ledger.Apply(Placed("o1", Alice, Local(2025, 3, 10), 1000m));
        ledger.AdvanceTo(Local(2027, 6, 1));

        var lastInWindow = Local(2026, 3, 10) - Nanosecond;
        var graceEnds = Local(2027, 4, 10) - Nanosecond;
        Assert.Equal(
            new (TierChangeKind, Instant, int, int, Instant?)[]
            {
                (TierChangeKind.Upgrade, Local(2025, 3, 10), 0, 2, Local(2026, 3, 10)),
                (TierChangeKind.Renewal, Local(2026, 3, 10), 2, 2, Local(2027, 3, 10) - Nanosecond),
                (TierChangeKind.Downgrade, graceEnds, 2, 0, null),
            },
            ledger.TierHistory(Alice).Select(c => (c.Kind, c.At, c.FromLevel, c.ToLevel, c.ValidUntil)));
        Assert.Equal(1000m, ledger.TierHistory(Alice)[1].Qualifying);
        Assert.Equal(1000m, ledger.GetTier(Alice, lastInWindow).Qualifying);
    }

    // Survived: LastQualified's 'contribution.Amount > 0m ? ValidUntilReached : EffectiveAt' as always the first (a
    // refund's drop taken as its order's leaving the window) and 'Qualifying(book, drop - Epsilon) >= threshold' as '>':
    // a refund that takes the value below Gold ends the last instant Gold was reached, exactly at the threshold.
    [Fact]
    public void RollingWindow_ARefundBelowTheTier_KeepsIt12MonthsFromJustBeforeTheRefund()
    {
        var ledger = RollingWithGrace();
        var order = Placed("o1", Alice, Local(2025, 3, 10), 1000m);
        ledger.Apply(order);
        ledger.Apply(Refunded("r1", order, Local(2025, 6, 1), 100m));
        ledger.AdvanceTo(Local(2026, 4, 1));

        var renewal = Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Renewal);
        Assert.Equal(
            (Local(2026, 3, 10), (Instant?)(Local(2026, 6, 1) - Nanosecond), 1000m),
            (renewal.At, renewal.ValidUntil, renewal.Qualifying));
        // The order has left the window, and Gold is held on what it reached before the refund.
        var now = ledger.GetTier(Alice, Local(2026, 4, 1));
        Assert.Equal(("Gold", 0m), (now.Tier.Name, now.Qualifying));
    }

    // Survived: EndRollingGrace's 'LastQualified(book, at + Epsilon, level)' as 'at - Epsilon': at the grace's end
    // Silver is still reached (a later order in the window), so it holds for 12 months from that very instant.
    [Fact]
    public void RollingWindow_GraceEndingWhileSilverIsReached_KeepsSilver12MonthsFromTheGracesEnd()
    {
        var ledger = RollingWithGrace();
        ledger.Apply(Placed("o1", Alice, Local(2025, 3, 10), 1000m));
        ledger.Apply(Placed("o2", Alice, Local(2026, 5, 1), 500m));
        ledger.AdvanceTo(Local(2027, 6, 1));

        var graceEnds = Local(2027, 4, 10) - Nanosecond;
        var downgrade = Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Downgrade);
        Assert.Equal(
            (graceEnds, 2, 1, (Instant?)(Local(2028, 4, 10) - Nanosecond), 500m),
            (downgrade.At, downgrade.FromLevel, downgrade.ToLevel, downgrade.ValidUntil, downgrade.Qualifying));
    }

    // Survived: LastQualified's 'drop - Epsilon > last' as 'drop + Epsilon > last': of two instants a nanosecond apart
    // at which the value drops (a refund, then the first order leaving the window), the later one is the last instant
    // Gold was reached; the earlier drop, listed after it, must not replace it.
    [Fact]
    public void RollingWindow_TheLastQualifyingInstant_IsTheLaterOfTwoDropsANanosecondApart()
    {
        var ledger = RollingWithGrace();
        ledger.Apply(Placed("o1", Alice, Local(2025, 3, 10), 1000m));
        var second = Placed("o2", Alice, Local(2025, 3, 11), 100m); // renews Gold to 2026-03-11
        ledger.Apply(second);
        ledger.Apply(Refunded("r2", second, Local(2026, 3, 10) - Nanosecond, 100m));
        ledger.AdvanceTo(Local(2026, 4, 1));

        var review = Assert.Single(ledger.TierHistory(Alice), c => c.Kind == TierChangeKind.Renewal && c.At == Local(2026, 3, 11));
        Assert.Equal(((Instant?)(Local(2027, 3, 10) - Nanosecond), 1000m), (review.ValidUntil, review.Qualifying));
    }

    // Survived: SumFrom's 'contribution.At > from' as '>=': a rolling window is the N months after (not at) the instant
    // N months back, so an order, and a later refund of it, leave it together exactly 12 months after the order. (An
    // order alone stops the sum before that comparison: its instant is where the scan breaks off.)
    [Fact]
    public void RollingWindow_AnOrderAndItsRefundLeaveTheWindowTogether_Exactly12MonthsAfterTheOrder()
    {
        var ledger = Ledger(SpendLadder(QualificationWindow.RollingMonths(12)));
        var order = Placed("o1", Alice, Local(2025, 3, 10), 600m);
        ledger.Apply(order);
        ledger.Apply(Refunded("r1", order, Local(2025, 4, 10), 100m));

        Assert.Equal(500m, ledger.GetTier(Alice, Local(2026, 3, 10) - Nanosecond).Qualifying);
        Assert.Equal(0m, ledger.GetTier(Alice, Local(2026, 3, 10)).Qualifying);
    }
}
