using NodaTime;
using Retention.Gamification;
using Retention.Loyalty;
using Retention.Tests.Loyalty;
using static Retention.Tests.Gamification.GamificationSamples;

namespace Retention.Tests.Gamification;

/// <summary>Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing).</summary>
public sealed class GamificationMutationGapTests
{
    private static readonly Interval November = new(Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 12, 1, 0, 0));

    /// <summary>A customer in UTC, for dates around 0001-01-01 (a Monday, where the week numbering starts).</summary>
    private static readonly CustomerProfile AliceInUtc = new(Alice.Id, Instant.FromUtc(1, 1, 1, 0, 0), DateTimeZone.Utc);

    private static InvalidValueException Invalid(Action act, string field, string rule)
    {
        var error = Assert.Throws<InvalidValueException>(act);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        Assert.EndsWith(" " + rule + ".", error.Message, StringComparison.Ordinal);
        return error;
    }

    private static void Null(Action act, string parameter) => Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(act).ParamName);

    [Fact]
    public void BadgeRules_RejectBadValues_WithTheRuleInTheMessage()
    {
        // Survived: BadgeRule.cs:64, 76, 89, 90, 102, 115 string mutants; 89 and 102 statement removal; 114 ThrowIfNull removed.
        Invalid(() => BadgeRule.Orders("x", 0), "badge.count", "must be at least 1");
        Invalid(() => BadgeRule.Spent("x", new Money(0m, Currency.Usd)), "badge.amount", "must be greater than zero");
        Invalid(() => BadgeRule.Streak("x", 0, StreakPeriod.IsoWeek), "badge.periods", "must be at least 1");
        Invalid(() => BadgeRule.Streak("x", 2, (StreakPeriod)7), "badge.period", "is not a defined streak period");
        Invalid(() => BadgeRule.ProductsReviewed("x", 0), "badge.count", "must be at least 1");
        Invalid(() => BadgeRule.FirstOrder(" "), "badge.id", "must not be empty");
        Null(() => BadgeRule.FirstOrder(null!), "badgeId");
    }

    [Fact]
    public void BadgeRules_AcceptACountOfOne_AndDescribeTheFirstOrder()
    {
        // Survived: BadgeRule.cs:54 "a first order" -> ""; 64 and 102 `count >= 1` -> `count > 1`.
        Assert.Equal("welcome: a first order", BadgeRule.FirstOrder("welcome").ToString());
        Assert.Equal("one: 1 order", BadgeRule.Orders("one", 1).ToString());
        Assert.Equal(1, BadgeRule.Orders("one", 1).Threshold);
        Assert.Equal("one: 1 product reviewed", BadgeRule.ProductsReviewed("one", 1).ToString());
        Assert.Equal("one: a streak of 1 ISO week", BadgeRule.Streak("one", 1, StreakPeriod.IsoWeek).ToString());
    }

    [Fact]
    public void BadgeEngine_BadRules_AreRejected()
    {
        // Survived: BadgeEngine.cs:38 and 44 ThrowIfNull removed; 40 statement removal, `> 0` -> `>= 0` and both strings; 45 rule string.
        Null(() => _ = new BadgeEngine(null!), "rules");
        Null(() => _ = new BadgeEngine([BadgeRule.FirstOrder("a"), null!]), "rules");
        var empty = Invalid(() => _ = new BadgeEngine([]), "rules", "must hold at least one rule");
        Assert.Equal("0", empty.Value);
        Invalid(() => _ = new BadgeEngine([BadgeRule.FirstOrder("a"), BadgeRule.Orders("b", 2), BadgeRule.Orders("a", 2)]), "rules[2].badgeId", "is awarded by an earlier rule");
    }

    [Fact]
    public void BadgeEngine_Evaluate_BadArguments_NameTheArgumentAndTheIndex()
    {
        // Survived: BadgeEngine.cs:65, 66, 72, 85 ThrowIfNull removed; 73 and 86 strings; 86 statement removal;
        // 79 and 92 `i++` removed or `i--` (the second element is the bad one, so the index must be 1).
        var engine = BadgeEngineTests.Engine();
        var good = Bought("o1", Local(2026, 3, 2), 10m);
        var bobs = Bought("o2", Local(2026, 3, 3), 10m, new CustomerId("bob"));
        var bobsReview = new CustomerAction(new EventKey("rb"), new CustomerId("bob"), ActionKind.Review, Local(2026, 3, 4), rating: 5, reference: "tent");

        Null(() => engine.Evaluate(null!, [good]), "customer");
        Null(() => engine.Evaluate(Alice, null!), "orders");
        Null(() => engine.Evaluate(Alice, [good, null!]), "orders");
        Null(() => engine.Evaluate(Alice, [good], [Review("r1", Local(2026, 3, 4), "tent"), null!]), "actions");
        Invalid(() => engine.Evaluate(Alice, [good, bobs]), "orders[1].customerId", "must be the customer alice");
        Invalid(() => engine.Evaluate(Alice, [good], [Review("r1", Local(2026, 3, 4), "tent"), bobsReview]), "actions[1].customerId", "must be the customer alice");
    }

    [Fact]
    public void BadgeEngine_AnOrderAndAReviewAtOneInstant_TheOrderComesFirst()
    {
        // Survived: BadgeEngine.cs:104 `c != 0 ? c : CompareOrdinal` -> `false ? c : CompareOrdinal` (ranks ignored:
        // the review "a" would sort before the order "z").
        var at = Local(2026, 3, 2);
        var engine = new BadgeEngine([BadgeRule.ProductsReviewed("critic", 1), BadgeRule.FirstOrder("welcome")]);

        var awards = engine.Evaluate(Alice, [Bought("z", at, 10m)], [Review("a", at, "tent")]);

        Assert.Equal([new BadgeAward("welcome", Alice.Id, at, "order:z"), new BadgeAward("critic", Alice.Id, at, "a")], awards);
    }

    [Fact]
    public void BadgeEngine_ProductAndActionKeys_DoNotCollide()
    {
        // Survived: BadgeEngine.cs:125 "product:" -> "" and "action:" -> "". A product named "action:k" and a review
        // without a product whose key is "k" are two products; so are a review keyed "product:x" and the product "x".
        var engine = new BadgeEngine([BadgeRule.ProductsReviewed("critic", 2)]);

        var first = engine.Evaluate(Alice, [], [Review("r1", Local(2026, 3, 2), "action:k"), Review("k", Local(2026, 3, 3), null)]);
        var second = engine.Evaluate(Alice, [], [Review("product:x", Local(2026, 3, 2), null), Review("r2", Local(2026, 3, 3), "x")]);

        Assert.Equal([new BadgeAward("critic", Alice.Id, Local(2026, 3, 3), "k")], first);
        Assert.Equal([new BadgeAward("critic", Alice.Id, Local(2026, 3, 3), "r2")], second);
    }

    [Fact]
    public void BadgeEngine_SpendingExactlyTheAmount_EarnsTheBadge()
    {
        // Survived: BadgeEngine.cs:144 `>=` -> `>`.
        var engine = new BadgeEngine([BadgeRule.Spent("big-spender", new Money(200m, Currency.Usd))]);

        var awards = engine.Evaluate(Alice, [Bought("o1", Local(2026, 3, 2), 150m), Bought("o2", Local(2026, 3, 9), 50m)]);

        Assert.Equal([new BadgeAward("big-spender", Alice.Id, Local(2026, 3, 9), "order:o2")], awards);
    }

    [Fact]
    public void BadgeEngine_AStreakInTheFirstWeekOfTheCalendar_Counts()
    {
        // Survived: BadgeEngine.cs:166 `Length > 0` -> `Length >= 0`. The week of 0001-01-01 is week 0, the same number
        // as the run's initial "last period", so the mutant took the first order for a repeat of that week.
        var engine = new BadgeEngine([BadgeRule.Streak("first-week", 1, StreakPeriod.IsoWeek), BadgeRule.Streak("two-weeks", 2, StreakPeriod.IsoWeek)]);
        Order At(string id, int day) => new(new OrderId(id), Alice.Id, Instant.FromUtc(1, 1, day, 12, 0), Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(5m, Currency.Usd))]);

        var awards = engine.Evaluate(AliceInUtc, [At("a", 3), At("b", 9)]);

        Assert.Equal(
            [new BadgeAward("first-week", Alice.Id, Instant.FromUtc(1, 1, 3, 12, 0), "order:a"), new BadgeAward("two-weeks", Alice.Id, Instant.FromUtc(1, 1, 9, 12, 0), "order:b")],
            awards);
    }

    [Fact]
    public void Leaderboard_BadArguments_AreRejected()
    {
        // Survived: Leaderboard.cs:37 and 69 ThrowIfNull removed; 43, 91, 92, 93 strings; 92 statement removal;
        // 70 `Check(...)` removed from FromLedger; 49 `i++` removed or `i--` (the second record is the bad one).
        var ledger = new PointsLedger(LoyaltySamples.Builder().Build());
        var fine = new PointsRecord(new CustomerId("a"), new Points(5), Instant.FromUtc(2026, 11, 2, 0, 0));

        Null(() => Leaderboard.Rank(null!, November), "records");
        Null(() => Leaderboard.FromLedger(null!, November), "ledger");
        Invalid(() => Leaderboard.Rank([fine, default], November), "records[1].customerId", "must be assigned");
        Invalid(() => Leaderboard.Rank([fine], new Interval(November.Start, null)), "period", "must have a start and an end");
        Invalid(() => Leaderboard.Rank([fine], November, (LeaderboardRanking)9), "ranking", "is not a defined ranking");
        Invalid(() => Leaderboard.Rank([fine], November, top: 0), "top", "must be at least 1 when given");
        Invalid(() => Leaderboard.FromLedger(ledger, new Interval(null, November.End)), "period", "must have a start and an end");
        Invalid(() => Leaderboard.FromLedger(ledger, November, (LeaderboardRanking)9), "ranking", "is not a defined ranking");
        Invalid(() => Leaderboard.FromLedger(ledger, November, top: 0), "top", "must be at least 1 when given");
    }

    [Fact]
    public void Leaderboard_ASumThatDoesNotFitIn64Bits_Throws()
    {
        // Documents the overflow contract. The "remove checked" mutants of Leaderboard.cs:46 and 79 survive it: the
        // project compiles with CheckForOverflowUnderflow, so the addition is checked with or without the keyword.
        var at = Instant.FromUtc(2026, 11, 2, 0, 0);
        Assert.Throws<OverflowException>(() => Leaderboard.Rank([new(new CustomerId("a"), new Points(long.MaxValue), at), new(new CustomerId("a"), new Points(1), at)], November));
    }

    [Fact]
    public void Streaks_BadArguments_NameTheArgumentAndTheIndex()
    {
        // Survived: PurchaseStreaks.cs:39, 40, 45, 68, 69 ThrowIfNull removed; 46 and 70 strings; 70 statement removal;
        // 52 `i++` removed or `i--` (the second order is the bad one).
        var asOf = Local(2026, 3, 9);
        var good = Bought("o1", Local(2026, 3, 2), 10m);

        Null(() => PurchaseStreaks.Compute(null!, [good], StreakPeriod.IsoWeek, asOf), "customer");
        Null(() => PurchaseStreaks.Compute(Alice, null!, StreakPeriod.IsoWeek, asOf), "orders");
        Null(() => PurchaseStreaks.Compute(Alice, [good, null!], StreakPeriod.IsoWeek, asOf), "orders");
        Invalid(() => PurchaseStreaks.Compute(Alice, [good, Bought("o2", asOf, 1m, new CustomerId("bob"))], StreakPeriod.IsoWeek, asOf), "orders[1].customerId", "must be the customer alice");
        Null(() => PurchaseStreaks.Compute((IEnumerable<Instant>)null!, NewYork, StreakPeriod.IsoWeek, asOf), "orderInstants");
        Null(() => PurchaseStreaks.Compute([], null!, StreakPeriod.IsoWeek, asOf), "zone");
        Invalid(() => PurchaseStreaks.Compute([], NewYork, (StreakPeriod)7, asOf), "period", "is not a defined streak period");
    }

    [Fact]
    public void Streaks_AnOrderAtTheAsOfInstant_Counts()
    {
        // Survived: PurchaseStreaks.cs:71 `at <= asOf` -> `at < asOf`.
        var at = Local(2026, 3, 2);

        Assert.Equal(new StreakSummary(1, 1, 1, new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 2)), PurchaseStreaks.Compute([at], NewYork, StreakPeriod.IsoWeek, at));
    }

    [Fact]
    public void Streaks_BeforeTheYear1_NumberWeeksAndMonthsByFloorDivision()
    {
        // Survived / NoCoverage: PurchaseStreaks.cs:131, every mutant of the negative branch of FloorDiv (and
        // `value >= 0 ? ...` -> `true ? ...`). Weeks before 0001-01-01 have negative numbers: 0000-12-19 is in week -2
        // (from Monday 0000-12-18), 0000-12-26 in week -1, 0001-01-03 in week 0.
        Instant[] weekly = [Instant.FromUtc(0, 12, 19, 12, 0), Instant.FromUtc(0, 12, 26, 12, 0), Instant.FromUtc(1, 1, 3, 12, 0)];
        var weeks = PurchaseStreaks.Compute(weekly, DateTimeZone.Utc, StreakPeriod.IsoWeek, Instant.FromUtc(1, 1, 5, 0, 0));
        Assert.Equal(new StreakSummary(3, 3, 3, new LocalDate(0, 12, 18), new LocalDate(0, 12, 18)), weeks);

        // Months of year -1 are numbered -12 to -1; the start of month -1 is December of year -1.
        Instant[] monthly = [Instant.FromUtc(-1, 11, 30, 12, 0), Instant.FromUtc(-1, 12, 1, 12, 0), Instant.FromUtc(0, 1, 31, 12, 0)];
        var months = PurchaseStreaks.Compute(monthly, DateTimeZone.Utc, StreakPeriod.CalendarMonth, Instant.FromUtc(0, 2, 1, 0, 0));
        Assert.Equal(new StreakSummary(3, 3, 3, new LocalDate(-1, 11, 1), new LocalDate(-1, 11, 1)), months);
    }
}
