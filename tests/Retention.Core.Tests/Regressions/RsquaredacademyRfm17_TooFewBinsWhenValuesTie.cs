using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Rfm;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/rsquaredacademy/rfm/issues/17">rsquaredacademy/rfm#17</see> ("Trying to
/// understand you're binning").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> The package bins with <c>quantile()</c> breaks; on data where most customers share
/// a frequency, the breaks coincide and the reporter's default five frequency bins came out as only two scores, 1 and 5,
/// so customers were rated "good or worst" only.</para>
/// <para><b>What the library does.</b> The default, <see cref="RfmScoring.ScoreQuantiles"/>, is SQL's exact
/// <c>NTILE(5)</c>: ties are split by customer order, every score 1-5 is used and the buckets differ in size by at most
/// one, however many customers tie. Value breaks (<see cref="RfmCutPoints.FromQuantiles"/>), for when equal values must
/// share a score, document the collapse and use contiguous scores from 1 up, never a jump from 1 to 5.</para>
/// <para><b>Mutation seen killed:</b> giving tied values the score of the first of them in the NTILE ranker (ties share
/// a score, as with value breaks).</para>
/// </remarks>
public sealed class RsquaredacademyRfm17_TooFewBinsWhenValuesTie
{
    /// <summary>Twenty customers: sixteen with one order, four with two to five orders (recent, spend varied).</summary>
    private static RfmValues[] MostlyOneOrder() =>
        [.. Enumerable.Range(0, 20).Select(i => new RfmValues(10 + i, i < 16 ? 1 : i - 14, 20d + i))];

    [Fact]
    public void FrequencyWithSixteenOfTwentyTied_NtileStillUsesAllFiveScores_FourCustomersEach()
    {
        var values = MostlyOneOrder();
        var scores = new RfmScore[values.Length];

        RfmScoring.ScoreQuantiles(values, scores);

        Assert.Equal(
            [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5],
            scores.Select(s => s.Frequency));
        Assert.All(Enumerable.Range(1, 5), f => Assert.Equal(4, scores.Count(s => s.Frequency == f)));
    }

    [Fact]
    public void FrequencyWithSixteenOfTwentyTied_ValueBreaksCollapseToScoresOneAndTwo_NotOneAndFive()
    {
        var values = MostlyOneOrder();
        var cuts = RfmCutPoints.FromQuantiles(values);
        var scores = new RfmScore[values.Length];

        cuts.Score(values, scores);

        // Type-7 quantiles of sixteen 1s and 2, 3, 4, 5 are 1, 1, 1 and 1.2 (rounded down to 1): one break, at 1.
        Assert.Equal([1], cuts.Frequency);
        Assert.Equal([.. Enumerable.Repeat(1, 16), 2, 2, 2, 2], scores.Select(s => s.Frequency));
    }

    public static Arbitrary<int[]> TieHeavyFrequencies() =>
        Gen.Sized(size => Gen.ArrayOf(Gen.Frequency((8, Gen.Constant(1)), (1, Gen.Choose(2, 4)), (1, Gen.Choose(5, 500))), Math.Max(5, Math.Min(size * 10, 400)))).ToArbitrary();

    /// <summary>With at least five customers, any tie-heavy frequency data gets all five NTILE scores, buckets within one of each other.</summary>
    [Property(Arbitrary = [typeof(RsquaredacademyRfm17_TooFewBinsWhenValuesTie)], MaxTest = 200)]
    public bool AnyTieHeavyData_UsesEveryScore_InBucketsOfEqualSize(int[] frequencies)
    {
        var values = frequencies.Select((f, i) => new RfmValues(i % 7, f, f * 10d)).ToArray();
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores);
        var counts = Enumerable.Range(1, 5).Select(s => scores.Count(x => x.Frequency == s)).ToArray();
        var n = values.Length;
        return counts.All(c => c == n / 5 || c == (n / 5) + 1)
            && counts.Sum() == n
            && counts.SequenceEqual(counts.OrderDescending())
            && counts.Take(n % 5).All(c => c == (n / 5) + 1);
    }
}
