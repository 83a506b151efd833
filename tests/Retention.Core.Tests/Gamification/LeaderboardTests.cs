using NodaTime;
using Retention.Gamification;
using Retention.Loyalty;
using Retention.Tests.Loyalty;

namespace Retention.Tests.Gamification;

public sealed class LeaderboardTests
{
    private static readonly Interval November = new(Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 12, 1, 0, 0));

    private static PointsRecord R(string customer, long points, int day, int month = 11) =>
        new(new CustomerId(customer), new Points(points), Instant.FromUtc(2026, month, day, 12, 0));

    private static PointsRecord[] Records() =>
    [
        R("dave", 30, 3),
        R("bob", 60, 4),
        R("alice", 100, 5),
        R("carol", 50, 6),
        R("erin", 30, 7),
        R("bob", 40, 8),
        R("carol", 500, 30, month: 10), // before the period
        R("frank", 20, 9),
        R("frank", -20, 10), // a reversal: frank ends at zero and is not listed
        R("gina", 70, 1, month: 12), // the end is exclusive
    ];

    [Fact]
    public void Rank_Competition_TiesShareARankAndTheNextSkips()
    {
        var board = Leaderboard.Rank(Records(), November);

        Assert.Equal(
            [(1, "alice", 100L), (1, "bob", 100L), (3, "carol", 50L), (4, "dave", 30L), (4, "erin", 30L)],
            board.Select(e => (e.Rank, e.CustomerId.Value, e.Points.Value)));
    }

    [Fact]
    public void Rank_Dense_TiesShareARankAndTheNextFollows()
    {
        var board = Leaderboard.Rank(Records(), November, LeaderboardRanking.Dense);

        Assert.Equal([1, 1, 2, 3, 3], board.Select(e => e.Rank));
    }

    [Fact]
    public void Rank_Top_KeepsEveryoneTiedAtTheCut()
    {
        Assert.Equal(["alice", "bob"], Leaderboard.Rank(Records(), November, top: 1).Select(e => e.CustomerId.Value));
        Assert.Equal(["alice", "bob", "carol"], Leaderboard.Rank(Records(), November, top: 3).Select(e => e.CustomerId.Value));
        Assert.Equal(5, Leaderboard.Rank(Records(), November, LeaderboardRanking.Dense, top: 3).Count);
    }

    [Fact]
    public void Rank_BadArguments_NameTheField()
    {
        Assert.Equal("top", Assert.Throws<InvalidValueException>(() => Leaderboard.Rank(Records(), November, top: 0)).Field);
        Assert.Equal("period", Assert.Throws<InvalidValueException>(() => Leaderboard.Rank(Records(), new Interval(null, November.End))).Field);
        Assert.Equal("records[0].customerId", Assert.Throws<InvalidValueException>(() => Leaderboard.Rank([default(PointsRecord)], November)).Field);
    }

    [Fact]
    public void FromLedger_CountsEarningLessReversals_InThePeriod()
    {
        var ledger = new PointsLedger(LoyaltySamples.Builder().Build());
        var bobOrder = LoyaltySamples.Order("b1", LoyaltySamples.Bob, LoyaltySamples.Local(2026, 11, 5), 80m);
        ledger.Apply(LoyaltySamples.Placed("a0", LoyaltySamples.Alice, LoyaltySamples.Local(2026, 10, 20), 500m));
        ledger.Apply(LoyaltySamples.Placed("a1", LoyaltySamples.Alice, LoyaltySamples.Local(2026, 11, 3), 120m));
        ledger.Apply(new OrderPlaced(bobOrder));
        ledger.Apply(new OrderRefunded(new Refund(new RefundId("r1"), bobOrder, LoyaltySamples.Local(2026, 11, 10), [new RefundLine(bobOrder.Lines[0].Id, 1, LoyaltySamples.Usd(30m))])));
        ledger.Apply(new PointsAdjusted(new EventKey("adj"), LoyaltySamples.Bob, new Points(1000), LoyaltySamples.Local(2026, 11, 11), "goodwill"));

        var board = Leaderboard.FromLedger(ledger, November);

        Assert.Equal([(1, "alice", 120L), (2, "bob", 50L)], board.Select(e => (e.Rank, e.CustomerId.Value, e.Points.Value)));
    }
}
