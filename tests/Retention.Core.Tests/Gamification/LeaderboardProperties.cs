using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Gamification;
using Retention.Loyalty;
using Interval = NodaTime.Interval;

namespace Retention.Tests.Gamification;

/// <summary>Ranks follow their definitions (competition: 1 + customers with more points; dense: 1 + distinct larger
/// totals), ties list by customer id, and the board does not depend on the order of the records.</summary>
public sealed class LeaderboardProperties
{
    private static readonly Interval Period = new(Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 11, 8, 0, 0));

    public static Arbitrary<PointsRecord[]> Records() =>
        Gen.ArrayOf(
            from customer in Gen.Elements("a", "b", "c", "d", "e")
            from points in Gen.Frequency((3, Gen.Elements(10L, 20L, 30L)), (1, Gen.Choose(-50, 100).Select(p => (long)p)))
            from hour in Gen.Choose(-24, 8 * 24)
            select new PointsRecord(new CustomerId(customer), new Points(points), Period.Start + Duration.FromHours(hour))).ToArbitrary();

    [Property(Arbitrary = [typeof(LeaderboardProperties)], MaxTest = 300)]
    public bool Ranks_FollowTheirDefinitions_WhateverTheInputOrder(PointsRecord[] records, bool dense)
    {
        var ranking = dense ? LeaderboardRanking.Dense : LeaderboardRanking.Competition;
        var board = Leaderboard.Rank(records, Period, ranking);
        var reversed = Leaderboard.Rank(records.Reverse(), Period, ranking);
        var sums = records.Where(r => Period.Contains(r.At)).GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => g.Sum(r => r.Points.Value));
        var positive = sums.Where(kv => kv.Value > 0).ToArray();
        foreach (var entry in board)
        {
            var expected = dense
                ? 1 + positive.Select(kv => kv.Value).Where(v => v > entry.Points.Value).Distinct().Count()
                : 1 + positive.Count(kv => kv.Value > entry.Points.Value);
            if (entry.Rank != expected || sums[entry.CustomerId] != entry.Points.Value)
            {
                return false;
            }
        }

        var ordered = board.Zip(board.Skip(1)).All(p => p.First.Points > p.Second.Points || (p.First.Points == p.Second.Points && p.First.CustomerId < p.Second.CustomerId));
        return board.Count == positive.Length && ordered && board.SequenceEqual(reversed);
    }
}
