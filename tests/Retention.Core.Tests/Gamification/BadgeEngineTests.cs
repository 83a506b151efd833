using NodaTime;
using Retention.Gamification;
using static Retention.Tests.Gamification.GamificationSamples;

namespace Retention.Tests.Gamification;

public sealed class BadgeEngineTests
{
    internal static BadgeEngine Engine() => new(
    [
        BadgeRule.FirstOrder("welcome"),
        BadgeRule.Orders("regular", 3),
        BadgeRule.Spent("big-spender", new Money(200m, Currency.Usd)),
        BadgeRule.Streak("on-a-roll", 3, StreakPeriod.IsoWeek),
        BadgeRule.ProductsReviewed("critic", 2),
    ]);

    [Fact]
    public void Evaluate_AlicesStory_AwardsEachBadgeAtTheEventThatEarnedIt()
    {
        var awards = Engine().Evaluate(Alice, Orders(), Reviews());

        Assert.Equal(
            [
                new BadgeAward("welcome", Alice.Id, Local(2026, 3, 2), "order:o1"),
                new BadgeAward("big-spender", Alice.Id, Local(2026, 3, 10), "order:o2"),
                new BadgeAward("regular", Alice.Id, Local(2026, 3, 18), "order:o3"),
                new BadgeAward("on-a-roll", Alice.Id, Local(2026, 3, 18), "order:o3"),
                new BadgeAward("critic", Alice.Id, Local(2026, 3, 20), "r3"),
            ],
            awards);
    }

    [Fact]
    public void Evaluate_AlreadyAwarded_AreNotAwardedAgain()
    {
        var engine = Engine();
        var first = engine.Evaluate(Alice, Orders().Take(2), Reviews().Take(2));
        Assert.Equal(["welcome", "big-spender"], first.Select(a => a.BadgeId));

        var more = engine.Evaluate(Alice, [.. Orders(), Bought("o4", Local(2026, 3, 25), 10m)], Reviews(), first.Select(a => a.BadgeId));

        Assert.Equal(["regular", "on-a-roll", "critic"], more.Select(a => a.BadgeId));
        Assert.Empty(engine.Evaluate(Alice, Orders(), Reviews(), Engine().Rules.Select(r => r.BadgeId)));
    }

    [Fact]
    public void Evaluate_StreakBrokenByAMissingWeek_WaitsForThreeConsecutiveWeeks()
    {
        var orders = new[]
        {
            Bought("a", Local(2026, 3, 2), 1m),
            Bought("b", Local(2026, 3, 9), 1m),
            Bought("c", Local(2026, 3, 23), 1m),
            Bought("d", Local(2026, 3, 31), 1m),
            Bought("e", Local(2026, 4, 1), 1m),
            Bought("f", Local(2026, 4, 6), 1m),
        };

        var awards = new BadgeEngine([BadgeRule.Streak("on-a-roll", 3, StreakPeriod.IsoWeek), BadgeRule.Streak("monthly", 2, StreakPeriod.CalendarMonth)]).Evaluate(Alice, orders);

        Assert.Equal([new BadgeAward("monthly", Alice.Id, Local(2026, 4, 1), "order:e"), new BadgeAward("on-a-roll", Alice.Id, Local(2026, 4, 6), "order:f")], awards);
    }

    [Fact]
    public void Evaluate_CancelledOrdersOtherCurrenciesAndRatings_DoNotCount()
    {
        var cancelled = new Order(new OrderId("x"), Alice.Id, Local(2026, 3, 1), Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(500m, Currency.Usd))], status: OrderStatus.Cancelled);
        var euros = new Order(new OrderId("y"), Alice.Id, Local(2026, 3, 3), Currency.Eur, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(500m, Currency.Eur))]);
        var rating = new CustomerAction(new EventKey("k"), Alice.Id, ActionKind.Rating, Local(2026, 3, 4), rating: 4, reference: "lamp");

        var awards = Engine().Evaluate(Alice, [cancelled, euros], [rating, Review("r", Local(2026, 3, 5), null), Review("s", Local(2026, 3, 6), null)]);

        Assert.Equal(
            [new BadgeAward("welcome", Alice.Id, Local(2026, 3, 3), "order:y"), new BadgeAward("critic", Alice.Id, Local(2026, 3, 6), "s")],
            awards);
    }

    [Fact]
    public void Rules_DescribeThemselves_AndRejectBadValues()
    {
        Assert.Equal("regular: 3 orders", BadgeRule.Orders("regular", 3).ToString());
        Assert.Equal("on-a-roll: a streak of 3 ISO weeks", BadgeRule.Streak("on-a-roll", 3, StreakPeriod.IsoWeek).ToString());
        Assert.Equal("a streak of 1 calendar month", BadgeRule.Streak("m", 1, StreakPeriod.CalendarMonth).Description);
        Assert.Equal("spending 200 USD", BadgeRule.Spent("b", new Money(200m, Currency.Usd)).Description);
        Assert.Equal("2 products reviewed", BadgeRule.ProductsReviewed("c", 2).Description);

        Assert.Equal("badge.count", Assert.Throws<InvalidValueException>(() => BadgeRule.Orders("x", 0)).Field);
        Assert.Equal("badge.id", Assert.Throws<InvalidValueException>(() => BadgeRule.FirstOrder(" ")).Field);
        Assert.Equal("badge.amount", Assert.Throws<InvalidValueException>(() => BadgeRule.Spent("x", new Money(0m, Currency.Usd))).Field);
        Assert.Equal("badge.period", Assert.Throws<InvalidValueException>(() => BadgeRule.Streak("x", 2, (StreakPeriod)7)).Field);
        var duplicate = Assert.Throws<InvalidValueException>(() => new BadgeEngine([BadgeRule.FirstOrder("a"), BadgeRule.Orders("a", 2)]));
        Assert.Equal("rules[1].badgeId", duplicate.Field);
        Assert.Equal("orders[0].customerId", Assert.Throws<InvalidValueException>(() => Engine().Evaluate(Alice, [Bought("z", Local(2026, 1, 1), 1m, new CustomerId("bob"))])).Field);
    }
}
