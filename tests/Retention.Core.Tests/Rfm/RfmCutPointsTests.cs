using FsCheck.Xunit;
using Retention.Rfm;

namespace Retention.Tests.Rfm;

public sealed class RfmCutPointsTests
{
    private static readonly RfmCutPoints Thresholds = RfmCutPoints.Fixed([30, 90, 180, 365], [1, 2, 4, 8], [50, 100, 250, 500]);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(30, 5)]
    [InlineData(31, 4)]
    [InlineData(90, 4)]
    [InlineData(91, 3)]
    [InlineData(365, 2)]
    [InlineData(366, 1)]
    public void Recency_AtOrBelowAThreshold_ScoresHigher(int days, int expected)
    {
        Assert.Equal(expected, Thresholds.Score(new RfmValues(days, 1, 1)).Recency);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(8, 4)]
    [InlineData(9, 5)]
    public void Frequency_AboveAThreshold_ScoresHigher(int orders, int expected)
    {
        Assert.Equal(expected, Thresholds.Score(new RfmValues(1, orders, 1)).Frequency);
    }

    [Theory]
    [InlineData(-10, 1)]
    [InlineData(50, 1)]
    [InlineData(50.01, 2)]
    [InlineData(500, 4)]
    [InlineData(500.01, 5)]
    public void Monetary_AboveAThreshold_ScoresHigher(double spend, int expected)
    {
        Assert.Equal(expected, Thresholds.Score(new RfmValues(1, 1, spend)).Monetary);
    }

    [Fact]
    public void Score_NamesTheSegment()
    {
        var score = Thresholds.Score(new RfmValues(10, 9, 600));
        Assert.Equal((5, 5, 5), (score.Recency, score.Frequency, score.Monetary));
        Assert.Equal("Champions", SegmentMap.Default.SegmentName(score.Segment));
        Assert.Equal("Hibernating", SegmentMap.Default.SegmentName(Thresholds.Score(new RfmValues(400, 1, 1)).Segment));
    }

    [Fact]
    public void Fixed_InvalidThresholds_AreAllReported()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => RfmCutPoints.Fixed([30, 30], [1, 2, 3, 4, 5], [double.NaN]));
        Assert.Equal(
        [
            "RecencyDays[1] = 30 is not above RecencyDays[0] = 30; thresholds must be strictly ascending.",
            "Frequency has 5 thresholds; 5 bins take at most 4.",
            "Monetary[0] is NaN; thresholds must be finite.",
        ],
            ex.Errors);
    }

    [Fact]
    public void FromQuantiles_AreTheType7Quantiles()
    {
        // Spend 1..10: the 20/40/60/80% quantiles by linear interpolation are 2.8, 4.6, 6.4, 8.2.
        var values = Enumerable.Range(1, 10).Select(i => new RfmValues(i, i, i)).ToArray();
        var cuts = RfmCutPoints.FromQuantiles(values);
        Assert.Equal([2.8, 4.6, 6.4, 8.2], cuts.Monetary.Select(x => Math.Round(x, 10)));
        Assert.Equal([2, 4, 6, 8], cuts.Frequency);
        Assert.Equal([2, 4, 6, 8], cuts.RecencyDays);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], values.Select(v => cuts.Score(v).Monetary));
        Assert.Equal([5, 5, 4, 4, 3, 3, 2, 2, 1, 1], values.Select(v => cuts.Score(v).Recency));
    }

    [Fact]
    public void FromQuantiles_TiesShareAScore_AndScoresStayContiguous()
    {
        // Seven customers with one order, three with more: the 20..60% quantiles are all 1.
        var values = new[] { 1, 1, 1, 1, 1, 1, 1, 2, 3, 9 }.Select(f => new RfmValues(5, f, 10)).ToArray();
        var cuts = RfmCutPoints.FromQuantiles(values);
        Assert.Equal([1, 2], cuts.Frequency);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 2, 3, 3], values.Select(v => cuts.Score(v).Frequency));
        Assert.All(values, v => Assert.Equal(5, cuts.Score(v).Recency)); // all equal: one score, the top one
        Assert.Equal("values", Assert.Throws<InvalidValueException>(() => RfmCutPoints.FromQuantiles([])).Field);
    }

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 200)]
    public bool QuantileScores_AreBounded_Monotone_AndEqualValuesShareScores(RfmValues[] values)
    {
        if (values.Length == 0)
        {
            return true;
        }

        var cuts = RfmCutPoints.FromQuantiles(values);
        var scores = new RfmScore[values.Length];
        cuts.Score(values, scores);
        for (var i = 0; i < values.Length; i++)
        {
            var s = scores[i];
            if (s.Recency is < 1 or > 5 || s.Frequency is < 1 or > 5 || s.Monetary is < 1 or > 5 || s != cuts.Score(values[i]))
            {
                return false;
            }

            for (var j = 0; j < values.Length; j++)
            {
                var t = scores[j];
                if ((values[i].Monetary == values[j].Monetary && s.Monetary != t.Monetary)
                    || (values[i].Monetary < values[j].Monetary && s.Monetary > t.Monetary)
                    || (values[i].RecencyDays < values[j].RecencyDays && s.Recency < t.Recency)
                    || (values[i].Frequency == values[j].Frequency && s.Frequency != t.Frequency))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void SpanScoring_OnALargePopulation_EqualsOneByOne()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 1_100_000).Select(_ => new RfmValues(random.Next(0, 800), random.Next(1, 20), random.Next(0, 100_000) / 100d)).ToArray();
        var scores = new RfmScore[values.Length];
        Thresholds.Score(values, scores);
        for (var i = 0; i < values.Length; i += 997)
        {
            Assert.Equal(Thresholds.Score(values[i]), scores[i]);
        }

        Assert.Equal(Thresholds.Score(values[^1]), scores[^1]);
        Assert.Throws<ArgumentException>(() => Thresholds.Score(values, new RfmScore[1]));
    }
}
