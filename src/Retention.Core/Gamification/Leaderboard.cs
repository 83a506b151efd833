using System.Collections.ObjectModel;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Gamification;

/// <summary>
/// Ranks customers by the points they earned over a period, from the points ledger or from plain records.
/// </summary>
/// <remarks>
/// <para>A customer's score is the sum of their records with an instant in the period, start inclusive and end
/// exclusive (NodaTime's <see cref="Interval"/>). Customers whose sum is zero or negative are not listed. Customers are
/// listed by points, most first; customers with equal points share a rank (<see cref="LeaderboardRanking"/>) and are
/// listed by customer identifier, ordinally, so the board is the same whatever order the records come in.</para>
/// <para>Thread safety: stateless; safe to call from several threads.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var november = new Interval(start, end);
/// IReadOnlyList<LeaderboardEntry> board = Leaderboard.FromLedger(ledger, november, LeaderboardRanking.Dense, top: 10);
/// ]]></code>
/// </example>
public static class Leaderboard
{
    /// <summary>Ranks customers by the sum of their records in the period.</summary>
    /// <param name="records">The records, in any order; read once.</param>
    /// <param name="period">The period, start inclusive, end exclusive; both ends must be set.</param>
    /// <param name="ranking">How ties are numbered.</param>
    /// <param name="top">When given, only entries whose rank is at most <paramref name="top"/> (every customer tied at the cut is kept); at least 1.</param>
    /// <returns>The leaderboard.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the period is unbounded, a customer is unassigned, <paramref name="ranking"/> is not defined, or <paramref name="top"/> is less than 1.</exception>
    /// <exception cref="OverflowException">Thrown when a sum does not fit in 64 bits.</exception>
    public static IReadOnlyList<LeaderboardEntry> Rank(IEnumerable<PointsRecord> records, Interval period, LeaderboardRanking ranking = LeaderboardRanking.Competition, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        Check(period, ranking, top);
        var sums = new Dictionary<CustomerId, long>();
        var i = 0;
        foreach (var record in records)
        {
            if (record.CustomerId.IsUnassigned)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("records", i) + ".customerId", record.CustomerId, "must be assigned");
            }

            if (period.Contains(record.At))
            {
                sums[record.CustomerId] = checked(sums.GetValueOrDefault(record.CustomerId) + record.Points.Value);
            }

            i++;
        }

        return Ranked(sums, ranking, top);
    }

    /// <summary>Ranks the ledger's customers by the points they earned in the period.</summary>
    /// <remarks>Earning entries count (<see cref="LedgerEntryKind.Earned"/> and <see cref="LedgerEntryKind.Pending"/>: orders
    /// and bonuses, including the referral bonuses) less reversals (<see cref="LedgerEntryKind.Reversed"/>) written in the
    /// period; redemptions, expiries, confirmations and manual adjustments do not. Only the written history counts:
    /// call <see cref="PointsLedger.AdvanceTo"/> first if confirmations matter to the caller (they do not change the sum).</remarks>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The period, start inclusive, end exclusive; both ends must be set.</param>
    /// <param name="ranking">How ties are numbered.</param>
    /// <param name="top">When given, only entries whose rank is at most <paramref name="top"/>; at least 1.</param>
    /// <returns>The leaderboard.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ledger"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the period is unbounded, <paramref name="ranking"/> is not defined, or <paramref name="top"/> is less than 1.</exception>
    public static IReadOnlyList<LeaderboardEntry> FromLedger(PointsLedger ledger, Interval period, LeaderboardRanking ranking = LeaderboardRanking.Competition, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        Check(period, ranking, top);
        var sums = new Dictionary<CustomerId, long>();
        foreach (var customer in ledger.Customers)
        {
            long sum = 0;
            foreach (var entry in ledger.History(customer))
            {
                if (entry.Kind is LedgerEntryKind.Earned or LedgerEntryKind.Pending or LedgerEntryKind.Reversed && period.Contains(entry.At))
                {
                    sum = checked(sum + entry.Total.Value);
                }
            }

            sums[customer] = sum;
        }

        return Ranked(sums, ranking, top);
    }

    private static void Check(Interval period, LeaderboardRanking ranking, int? top)
    {
        Preconditions.CheckValue(period.HasStart && period.HasEnd, "period", period, "must have a start and an end");
        Preconditions.CheckValue(Enum.IsDefined(ranking), "ranking", ranking, "is not a defined ranking");
        Preconditions.CheckValue(top is null or >= 1, "top", top, "must be at least 1 when given");
    }

    private static ReadOnlyCollection<LeaderboardEntry> Ranked(Dictionary<CustomerId, long> sums, LeaderboardRanking ranking, int? top)
    {
        var sorted = sums.Where(kv => kv.Value > 0).ToArray();
        Array.Sort(sorted, static (x, y) =>
        {
            var c = y.Value.CompareTo(x.Value);
            return c != 0 ? c : x.Key.CompareTo(y.Key);
        });

        var board = new List<LeaderboardEntry>(sorted.Length);
        var rank = 0;
        for (var k = 0; k < sorted.Length; k++)
        {
            if (k == 0 || sorted[k].Value != sorted[k - 1].Value)
            {
                rank = ranking == LeaderboardRanking.Dense ? rank + 1 : k + 1;
            }

            if (top is { } limit && rank > limit)
            {
                break;
            }

            board.Add(new LeaderboardEntry(rank, sorted[k].Key, new Points(sorted[k].Value)));
        }

        return board.AsReadOnly();
    }
}
