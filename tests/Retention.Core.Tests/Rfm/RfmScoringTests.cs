using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Rfm;

namespace Retention.Tests.Rfm;

public sealed class RfmScoringTests
{
    /// <summary>A direct transcription of SQL NTILE: sort by (value, index), then cut into sizes q+1 (first n % bins) and q.</summary>
    internal static int[] NaiveNtile<TKey>(IReadOnlyList<TKey> keys, int bins)
    {
        var n = keys.Count;
        var sorted = Enumerable.Range(0, n).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
        var tiles = new int[n];
        int q = n / bins, larger = n % bins, position = 0;
        for (var tile = 1; tile <= bins; tile++)
        {
            var size = q + (tile <= larger ? 1 : 0);
            for (var k = 0; k < size; k++)
            {
                tiles[sorted[position++]] = tile;
            }
        }

        return tiles;
    }

    internal static RfmScore[] Score(RfmValues[] values, SegmentMap? map = null)
    {
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores, map);
        return scores;
    }

    /// <summary>Values with heavy ties and boundaries: small ranges, equal values, zero and negative money.</summary>
    public static Arbitrary<RfmValues[]> Populations() =>
        (from size in Gen.Frequency((1, Gen.Choose(0, 6)), (3, Gen.Choose(7, 60)), (1, Gen.Choose(61, 400)))
         from spread in Gen.Elements(1, 3, 10, 1000)
         from values in Gen.ArrayOf(
             from r in Gen.Choose(0, spread)
             from f in Gen.Choose(1, Math.Min(spread, 50))
             from m in Gen.Frequency((3, Gen.Choose(0, spread).Select(x => (double)x)), (1, Gen.Choose(-100_000, 100_000).Select(x => x / 100d)))
             select new RfmValues(r, f, m), size)
         select values).ToArbitrary();

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 300)]
    public bool Scores_EqualSqlNtile_OnEveryDimension(RfmValues[] values)
    {
        var scores = Score(values);
        var r = NaiveNtile(values.Select(v => -v.RecencyDays).ToArray(), 5);
        var f = NaiveNtile(values.Select(v => v.Frequency).ToArray(), 5);
        var m = NaiveNtile(values.Select(v => v.Monetary).ToArray(), 5);
        return scores.Select(s => s.Recency).SequenceEqual(r)
            && scores.Select(s => s.Frequency).SequenceEqual(f)
            && scores.Select(s => s.Monetary).SequenceEqual(m);
    }

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 300)]
    public bool Scores_StayInBounds_AndBucketSizesDifferByAtMostOne_LargerFirst(RfmValues[] values)
    {
        var scores = Score(values);
        var n = values.Length;
        foreach (var dimension in new Func<RfmScore, int>[] { s => s.Recency, s => s.Frequency, s => s.Monetary })
        {
            var sizes = Enumerable.Range(1, 5).Select(b => scores.Count(s => dimension(s) == b)).ToArray();
            var expected = Enumerable.Range(1, 5).Select(b => (n / 5) + (b <= n % 5 ? 1 : 0)).ToArray();
            if (!sizes.SequenceEqual(expected))
            {
                return false;
            }
        }

        return scores.All(s => s.Recency is >= 1 and <= 5 && s.Frequency is >= 1 and <= 5 && s.Monetary is >= 1 and <= 5);
    }

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 200)]
    public bool Scores_AreMonotone_InValue(RfmValues[] values)
    {
        var scores = Score(values);
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j++)
            {
                // More spend never gets a lower M score; a more recent purchase never a lower R score.
                if ((values[i].Monetary > values[j].Monetary && scores[i].Monetary < scores[j].Monetary)
                    || (values[i].Frequency > values[j].Frequency && scores[i].Frequency < scores[j].Frequency)
                    || (values[i].RecencyDays < values[j].RecencyDays && scores[i].Recency < scores[j].Recency))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void SevenCustomers_FiveBins_GetSizes2_2_1_1_1_AndTiesSplitByCustomerOrder()
    {
        var values = Enumerable.Range(0, 7).Select(_ => new RfmValues(10, 1, 5d)).ToArray();
        var scores = Score(values);
        Assert.Equal([1, 1, 2, 2, 3, 4, 5], scores.Select(s => s.Monetary));
        Assert.Equal([1, 1, 2, 2, 3, 4, 5], scores.Select(s => s.Recency));
    }

    [Fact]
    public void MostRecent_GetsTheTopRecencyScore()
    {
        var values = new[] { new RfmValues(100, 1, 1), new RfmValues(0, 1, 1), new RfmValues(50, 1, 1), new RfmValues(10, 1, 1), new RfmValues(400, 1, 1) };
        Assert.Equal([2, 5, 3, 4, 1], Score(values).Select(s => s.Recency));
    }

    [Fact]
    public void FewerCustomersThanBins_UseTheLowestScores()
    {
        var values = new[] { new RfmValues(3, 2, 20), new RfmValues(1, 1, 10) };
        var scores = Score(values);
        Assert.Equal([1, 2], scores.Select(s => s.Recency));
        Assert.Equal([2, 1], scores.Select(s => s.Frequency));
        Assert.Equal([2, 1], scores.Select(s => s.Monetary));
    }

    [Fact]
    public void EmptyPopulation_ScoresNothing_AndMismatchedSpansThrow()
    {
        RfmScoring.ScoreQuantiles([], []);
        Assert.Throws<ArgumentException>(() => RfmScoring.ScoreQuantiles([new RfmValues(1, 1, 1)], new RfmScore[2]));
    }

    [Fact]
    public void NegativeAndZeroMonetary_RankBelowPositive()
    {
        var values = new[] { new RfmValues(1, 1, 5), new RfmValues(1, 1, -0.0), new RfmValues(1, 1, -3), new RfmValues(1, 1, 0), new RfmValues(1, 1, 1e-300) };
        Assert.Equal([5, 2, 1, 3, 4], Score(values).Select(s => s.Monetary));
    }

    [Fact]
    public void LargePopulation_TakesTheParallelPath_AndStillEqualsNtile()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 120_000).Select(_ => new RfmValues(random.Next(0, 700), random.Next(1, 30), Math.Round(random.NextDouble() * 5000, 2))).ToArray();
        var scores = Score(values);
        Assert.Equal(NaiveNtile(values.Select(v => v.Monetary).ToArray(), 5), scores.Select(s => s.Monetary));
        Assert.Equal(NaiveNtile(values.Select(v => -v.RecencyDays).ToArray(), 5), scores.Select(s => s.Recency));
    }

    [Fact]
    public void Segments_FollowTheDefaultMap()
    {
        var map = SegmentMap.Default;
        var values = Enumerable.Range(0, 25).Select(i => new RfmValues(i / 5, i % 5 + 1, i)).ToArray();
        var scores = Score(values);
        foreach (var s in scores)
        {
            Assert.Equal(map.Classify(s.Recency, s.Frequency, s.Monetary), s.Segment);
        }

        // Recency 0 days (most recent, R5) with the most orders (F5): Champions.
        Assert.Equal("Champions", map.SegmentName(scores[4].Segment));
    }

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 100)]
    public bool Scores_DoNotDependOnValuesOfOtherDimensions(RfmValues[] values)
    {
        // Replacing every monetary value changes M only.
        var shifted = values.Select(v => new RfmValues(v.RecencyDays, v.Frequency, -v.Monetary)).ToArray();
        var a = Score(values);
        var b = Score(shifted);
        return a.Select(s => (s.Recency, s.Frequency)).SequenceEqual(b.Select(s => (s.Recency, s.Frequency)));
    }
}
