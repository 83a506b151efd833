using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Metrics;

namespace Retention.Tests.Metrics;

public sealed class SurveysTests
{
    [Fact]
    public void Nps_WorkedExample_WithStandardErrorAndInterval()
    {
        // 5 promoters, 3 passives, 2 detractors: NPS = 50 - 20 = 30.
        var nps = Surveys.Nps([10, 9, 9, 10, 9, 8, 7, 7, 3, 6])!;
        Assert.Equal((5, 3, 2, 10), (nps.Promoters, nps.Passives, nps.Detractors, nps.Answers));
        Assert.Equal(30d, nps.Score, 10);
        // Variance of the +1/0/-1 score: 0.5 + 0.2 - 0.3^2 = 0.61; SE = 100 sqrt(0.61 / 10).
        Assert.Equal(100 * Math.Sqrt(0.061), nps.StandardError, 10);
        Assert.Equal(30 - (1.96 * nps.StandardError), nps.Lower95, 10);
        Assert.Equal(30 + (1.96 * nps.StandardError), nps.Upper95, 10);
    }

    [Fact]
    public void Nps_EdgeCases()
    {
        Assert.Null(Surveys.Nps([]));
        var single = Surveys.Nps([10])!;
        Assert.Equal(100d, single.Score);
        Assert.Equal(0d, single.StandardError);
        Assert.Equal(100d, single.Upper95);
        var allDetractors = Surveys.Nps([0, 6, 3])!;
        Assert.Equal(-100d, allDetractors.Score);
        var split = Surveys.Nps([0, 10])!;
        Assert.Equal(-100d, split.Lower95); // 0 +/- 1.96 x 100 is clipped to the scale
        Assert.Equal(100d, split.Upper95);
    }

    [Theory]
    [InlineData(new[] { 5, 11 }, "answers[1]", "11")]
    [InlineData(new[] { -1 }, "answers[0]", "-1")]
    public void Nps_OutOfRange_NamesThePositionAndValue(int[] answers, string field, string value)
    {
        var ex = Assert.Throws<InvalidValueException>(() => Surveys.Nps(answers));
        Assert.Equal(field, ex.Field);
        Assert.Equal(value, ex.Value);
        Assert.Equal($"Invalid {field}: {value} is outside the 0-10 NPS scale.", ex.Message);
    }

    [Fact]
    public void Csat_IsTheShareOfFoursAndFives()
    {
        var csat = Surveys.Csat([5, 4, 3, 1, 5])!;
        Assert.Equal(60d, csat.Score);
        Assert.Equal((5, 3), (csat.Answers, csat.Satisfied));
        Assert.Null(Surveys.Csat([]));
        Assert.Equal("answers[2]", Assert.Throws<InvalidValueException>(() => Surveys.Csat([1, 2, 0])).Field);
        Assert.Equal("answers[0]", Assert.Throws<InvalidValueException>(() => Surveys.Csat([6])).Field);
    }

    [Fact]
    public void NpsBy_GroupsInFirstAppearanceOrder()
    {
        var answers = new[] { ("Champions", 10), ("At Risk", 3), ("Champions", 9), ("At Risk", 8) };
        var groups = Surveys.NpsBy(answers, a => a.Item1, a => a.Item2);
        Assert.Equal(["Champions", "At Risk"], groups.Select(g => g.Key));
        Assert.Equal(100d, groups[0].Value.Score);
        Assert.Equal(-50d, groups[1].Value.Score);
        Assert.Equal("answers[1]", Assert.Throws<InvalidValueException>(() => Surveys.NpsBy(new[] { 1, 12 }, _ => 0, a => a)).Field);
    }

    public static Arbitrary<int[]> Answers() => Gen.ArrayOf(Gen.Choose(0, 10)).Where(a => a.Length > 0).ToArbitrary();

    [Property(Arbitrary = [typeof(SurveysTests)], MaxTest = 500)]
    public bool Nps_IsWithinTheScale_AndIgnoresOrder(int[] answers, int seed)
    {
        var nps = Surveys.Nps(answers)!;
        var shuffled = (int[])answers.Clone();
        new Random(seed).Shuffle(shuffled);
        var again = Surveys.Nps(shuffled)!;
        return nps.Score is >= -100 and <= 100
            && nps.Lower95 <= nps.Score && nps.Score <= nps.Upper95
            && nps.StandardError >= 0
            && again.Score == nps.Score && again.StandardError == nps.StandardError;
    }
}
