using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;
using static Retention.Tests.Infrastructure.TestHelper;

namespace Retention.Tests.Loyalty;

/// <summary>
/// The loyalty value types' argument checks (each refused value with its field and rule, each boundary accepted), their
/// equality and text. Found by the first mutation-testing run of these files (docs/testing.md#mutation-testing), where
/// the checks survived: the other tests only build valid values.
/// </summary>
public sealed class LoyaltyValueArgumentTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    // Survived: ActionBonus' trigger check removed, the four checks' texts emptied, maxPerMonth's check removed or
    // made "> = 0".
    [Fact]
    public void ActionBonus_RefusedValues_NameTheFieldAndTheRule()
    {
        Refuses(() => new ActionBonus((BonusTrigger)99, new Points(10)), "bonus.trigger", "99 is not a defined bonus trigger");
        Refuses(() => new ActionBonus(BonusTrigger.Review, Points.Zero), "bonus.points", "0 pts must be greater than zero");
        Refuses(() => new ActionBonus(BonusTrigger.Review, new Points(10), maxPerDay: 0), "bonus.maxPerDay", "0 must be at least 1 when given");
        Refuses(() => new ActionBonus(BonusTrigger.Review, new Points(10), maxPerMonth: 0), "bonus.maxPerMonth", "0 must be at least 1 when given");
        Refuses(() => new ActionBonus(BonusTrigger.Review, new Points(10), maxPerMonth: -1), "bonus.maxPerMonth", "-1 must be at least 1 when given");
        var limited = new ActionBonus(BonusTrigger.Review, new Points(1), maxPerDay: 1, maxPerMonth: 1);
        Assert.Equal((1, 1, 1L), (limited.MaxPerDay, limited.MaxPerMonth, limited.Points.Value));
    }

    // Survived: Campaign's name checks removed, "end > start" as ">=", the multiplier's upper bound as "< 1000" and the
    // texts emptied; IntervalIn's null check removed.
    [Fact]
    public void Campaign_RefusedValues_NameTheFieldAndTheRule()
    {
        var start = new LocalDateTime(2026, 11, 27, 0, 0);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new Campaign(null!, start, start.PlusDays(1), 2m)).ParamName);
        Refuses(() => new Campaign(" ", start, start.PlusDays(1), 2m), "campaign.name", "must not be empty");
        Refuses(() => new Campaign("black friday", start, start, 2m), "campaign.end", "must be after the start");
        Refuses(() => new Campaign("black friday", start, start.PlusDays(1), 1000.01m), "campaign.multiplier", "1000.01 must be greater than 0 and at most 1000");
        Refuses(() => new Campaign("black friday", start, start.PlusDays(1), 0m), "campaign.multiplier", "0 must be greater than 0 and at most 1000");
        Assert.Equal(1000m, new Campaign("x", start, start.PlusTicks(1), 1000m).Multiplier);

        var campaign = new Campaign("black friday", start, start.PlusDays(1), 2m);
        Assert.Equal("zone", Assert.Throws<ArgumentNullException>(() => campaign.IntervalIn(null!)).ParamName);
        Assert.Equal(new Interval(Instant.FromUtc(2026, 11, 27, 5, 0), Instant.FromUtc(2026, 11, 28, 5, 0)), campaign.IntervalIn(NewYork));
    }

    // Survived: Reward's amount and percent checks (removed, boundaries moved, texts emptied); not covered: FreeProduct's.
    [Fact]
    public void Reward_RefusedValues_NameTheFieldAndTheRule()
    {
        Refuses(() => Reward.AmountOff("r", new Points(100), Usd(0m)), "reward.amount", "must be greater than zero");
        Refuses(() => Reward.PercentOff("r", new Points(100), 0m), "reward.percent", "0 must be greater than 0 and at most 100");
        Refuses(() => Reward.PercentOff("r", new Points(100), 100.5m), "reward.percent", "100.5 must be greater than 0 and at most 100");
        Refuses(() => Reward.FreeProduct("r", new Points(100), default), "reward.product", "must be assigned");
        Assert.Equal("id", Assert.Throws<ArgumentNullException>(() => Reward.FreeShipping(null!, new Points(100))).ParamName);
        Refuses(() => PointsExpiry.AfterEarning(0), "expiry.months", "must be from 1 to 1200");
        Refuses(() => PointsExpiry.AfterInactivity(1201), "expiry.months", "must be from 1 to 1200");
        Assert.Equal(100m, Reward.PercentOff("r", new Points(100), 100m).Percent);
        Assert.Equal(0.01m, Reward.AmountOff("r", new Points(100), Usd(0.01m)).Amount!.Value.Amount);
        Assert.Equal(new ProductId("mug"), Reward.FreeProduct("r", new Points(100), new ProductId("mug")).Product);
    }

    // Survived: the events' argument checks: an unassigned order id, a null customer, reward id or reason, and the
    // texts of a zero or empty adjustment.
    [Fact]
    public void Events_RefusedArguments_NameTheFieldAndTheRule()
    {
        Refuses(() => new OrderCancelled(default, Alice, At), "orderId", "must be assigned");
        Assert.Equal("customer", Assert.Throws<ArgumentNullException>(() => new BirthdayReached(null!, At)).ParamName);
        Assert.Equal("rewardId", Assert.Throws<ArgumentNullException>(() => new RewardRedeemed(new EventKey("k"), Alice, null!, At)).ParamName);
        Assert.Equal("reason", Assert.Throws<ArgumentNullException>(() => new PointsAdjusted(new EventKey("k"), Alice, new Points(5), At, null!)).ParamName);
        Refuses(() => new PointsAdjusted(new EventKey("k"), Alice, Points.Zero, At, "goodwill"), "points", "0 pts must not be zero");
        Refuses(() => new PointsAdjusted(new EventKey("k"), Alice, new Points(5), At, " "), "reason", "must not be empty");
    }

    // Survived: ApplyResult.Equals with "||" for "&&"; not covered: its text and "!=".
    [Fact]
    public void ApplyResult_EqualsEveryPart_AndReadsAsStatusChangeAndReason()
    {
        var applied = new ApplyResult(ApplyStatus.Applied, 25, null);
        TestEqualsStruct(
            applied,
            new ApplyResult(ApplyStatus.Applied, 25, null),
            new ApplyResult(ApplyStatus.Applied, 26, null),
            new ApplyResult(ApplyStatus.Ignored, 25, null),
            new ApplyResult(ApplyStatus.Applied, 25, "why"));

        Assert.Equal("Applied +25 pts", applied.ToString());
        Assert.Equal("Applied -3 pts: refund", new ApplyResult(ApplyStatus.Applied, -3, "refund").ToString());
        Assert.Equal("Ignored: duplicate", new ApplyResult(ApplyStatus.Ignored, 0, "duplicate").ToString());
    }

    // Survived: LedgerEntry.Equals with "||" for "&&" (or a part dropped); not covered: Total, the default Rule and "!=".
    [Fact]
    public void LedgerEntry_EqualsEveryPart_AndTotalsItsParts()
    {
        var entry = new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o1"), 30, 70, "earn");
        Assert.Equal(new Points(100), entry.Total);
        TestEqualsStruct(
            entry,
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o1"), 30, 70, "earn"),
            new LedgerEntry(new CustomerId("bob"), LedgerEntryKind.Earned, At, new EventKey("o1"), 30, 70, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Adjusted, At, new EventKey("o1"), 30, 70, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At + Duration.Epsilon, new EventKey("o1"), 30, 70, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o2"), 30, 70, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o1"), 31, 70, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o1"), 30, 71, "earn"),
            new LedgerEntry(Alice, LedgerEntryKind.Earned, At, new EventKey("o1"), 30, 70, "bonus"));
        Assert.Equal(string.Empty, default(LedgerEntry).Rule);
    }

    // Survived: Points.Min and Max returning the wrong argument when the larger (smaller) one comes first, and
    // CompareTo(object)'s message emptied.
    [Fact]
    public void Points_MinMaxAndCompareTo()
    {
        Assert.Equal(new Points(3), Points.Min(new Points(5), new Points(3)));
        Assert.Equal(new Points(3), Points.Min(new Points(3), new Points(5)));
        Assert.Equal(new Points(5), Points.Max(new Points(5), new Points(3)));
        Assert.Equal(new Points(5), Points.Max(new Points(3), new Points(5)));

        IComparable comparable = new Points(5);
        Assert.Equal(1, comparable.CompareTo(null));
        Assert.True(comparable.CompareTo(new Points(4)) > 0);
        var error = Assert.Throws<ArgumentException>(() => comparable.CompareTo(5L));
        Assert.Equal("obj", error.ParamName);
        Assert.StartsWith("Object must be of type Points.", error.Message, StringComparison.Ordinal);
    }

    // Survived the 60 s re-run of 2 December (at 15 s they had timed out): the events' null and unassigned checks and
    // the guest-order texts, and an empty reward id (the "> 0" of its length as ">= 0") with the rewards' field names.
    [Fact]
    public void Events_RefuseNullsUnassignedIdsAndGuestOrders_NamingTheField()
    {
        Assert.Equal("order", Assert.Throws<ArgumentNullException>(() => new OrderPlaced(null!)).ParamName);
        Assert.Equal("refund", Assert.Throws<ArgumentNullException>(() => new OrderRefunded(null!)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentNullException>(() => new ActionPerformed(null!)).ParamName);
        Refuses(() => new PointsAdjusted(default, Alice, new Points(5), At, "fix"), "key", "must be assigned");
        Refuses(() => new PointsAdjusted(new EventKey("a1"), default, new Points(5), At, "fix"), "customerId", "must be assigned");

        var guest = new Order(new OrderId("g1"), null, At, Currency.Usd, [Line("a", 10m)]);
        Refuses(() => new OrderPlaced(guest), "order.customerId", "must name a customer to earn points (order g1 is a guest order)");
        var refund = new Refund(new RefundId("f1"), guest, At, [new RefundLine(new LineItemId("a"), 1, Usd(10m))]);
        Refuses(() => new OrderRefunded(refund), "refund.customerId", "must name a customer (order g1 is a guest order)");
    }

    [Fact]
    public void Reward_RefusesAnEmptyIdAndNoCost_NamingTheField()
    {
        Refuses(() => Reward.FreeShipping("", new Points(10)), "reward.id", "must not be empty or start or end with white space");
        Refuses(() => Reward.FreeShipping(" ship", new Points(10)), "reward.id", "must not be empty or start or end with white space");
        Refuses(() => Reward.FreeShipping("ship", Points.Zero), "reward.cost", "must be greater than zero");
        Assert.Equal("s", Reward.FreeShipping("s", new Points(1)).Id);
    }
}
