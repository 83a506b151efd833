using Retention.Rfm;

namespace Retention.Tests.Rfm;

public sealed class SegmentMapTests
{
    [Theory]
    [InlineData(1, 1, "Hibernating")]
    [InlineData(2, 2, "Hibernating")]
    [InlineData(1, 3, "At Risk")]
    [InlineData(2, 4, "At Risk")]
    [InlineData(1, 5, "Can't Lose Them")]
    [InlineData(3, 1, "About To Sleep")]
    [InlineData(3, 2, "About To Sleep")]
    [InlineData(3, 3, "Need Attention")]
    [InlineData(3, 4, "Loyal")]
    [InlineData(4, 5, "Loyal")]
    [InlineData(4, 1, "Promising")]
    [InlineData(5, 1, "New")]
    [InlineData(4, 2, "Potential Loyalist")]
    [InlineData(5, 3, "Potential Loyalist")]
    [InlineData(5, 4, "Champions")]
    [InlineData(5, 5, "Champions")]
    public void Default_NamesEveryCellAsTheIssueDefines(int r, int f, string name)
    {
        var map = SegmentMap.Default;
        for (var m = 1; m <= 5; m++)
        {
            Assert.Equal(name, map.SegmentName(map.Classify(r, f, m)));
            Assert.Equal(name, map.Explain(r, f, m)!.Name);
        }
    }

    [Fact]
    public void Default_CoversAll125Cells_WithoutTheFallback()
    {
        var map = SegmentMap.Default;
        Assert.Equal(5, map.Bins);
        Assert.Equal(11, map.SegmentNames.Count);
        Assert.Equal("Other", map.FallbackName);
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    Assert.NotEqual("Other", map.SegmentName(map.Classify(r, f, m)));
                }
            }
        }
    }

    [Fact]
    public void FirstMatchWins_AndTheFallbackTakesTheRest()
    {
        var map = SegmentMap.CreateBuilder(3)
            .Add("Best", new ScoreRange(3, 3), new ScoreRange(3, 3), new ScoreRange(3, 3))
            .Add("Recent", new ScoreRange(3, 3), ScoreRange.Any)
            .WithFallback("Rest")
            .Build();
        Assert.Equal("Best", map.SegmentName(map.Classify(3, 3, 3)));
        Assert.Equal("Recent", map.SegmentName(map.Classify(3, 1, 3)));
        Assert.Equal("Rest", map.SegmentName(map.Classify(2, 3, 3)));
        Assert.Null(map.Explain(2, 3, 3));
        Assert.Equal("Recent: R 3, F any, M any", map.Explain(3, 1, 1)!.Description);
    }

    [Fact]
    public void ShadowedRule_IsRejected_BecauseItsSegmentWouldStayEmpty()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(5)
            .Add("Loyal", new ScoreRange(3, 5), new ScoreRange(3, 5))
            .Add("Champions", new ScoreRange(4, 5), new ScoreRange(4, 5))
            .Build());
        Assert.Equal(["Rule 2 ('Champions') can never match: every score it covers is taken by earlier rules (first match wins), so its segment would stay empty."], ex.Errors);
    }

    [Fact]
    public void InvalidMaps_ListEveryProblem()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(3)
            .Add(" ", new ScoreRange(1, 1), new ScoreRange(1, 1))
            .Add("Wide", new ScoreRange(1, 4), new ScoreRange(2, 2))
            .Add("Deep", new ScoreRange(1, 1), new ScoreRange(1, 5), new ScoreRange(2, 4))
            .WithFallback(string.Empty)
            .Build());
        Assert.Equal(
        [
            "The fallback segment name must not be empty.",
            "Rule 1 has an empty name.",
            "Rule 2 ('Wide') has R 1-4, beyond the 3 bins.",
            "Rule 3 ('Deep') has F 1-5, beyond the 3 bins.",
            "Rule 3 ('Deep') has M 2-4, beyond the 3 bins.",
        ],
            ex.Errors);
        Assert.Equal(["Bins must be from 1 to 9, not 10."], Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(10).Build()).Errors);
    }

    [Fact]
    public void Builder_CannotBeChangedAfterBuild_ButToBuilderDerivesANewMap()
    {
        var builder = SegmentMap.CreateBuilder(2).Add("Top", new ScoreRange(2, 2), new ScoreRange(2, 2));
        var first = builder.Build();
        Assert.Same(first.Rules[0].Name, builder.Build().Rules[0].Name);
        Assert.Throws<InvalidOperationException>(() => builder.Add("More", ScoreRange.Any, ScoreRange.Any));
        var derived = first.ToBuilder().Add("Low", new ScoreRange(1, 1), ScoreRange.Any).Build();
        Assert.Equal(["Top", "Low", "Other"], derived.SegmentNames);
        Assert.Single(first.Rules);
    }

    [Fact]
    public void ScoreRange_Rules()
    {
        Assert.Equal("min", Assert.Throws<InvalidValueException>(() => new ScoreRange(0, 3)).Field);
        Assert.Equal("max", Assert.Throws<InvalidValueException>(() => new ScoreRange(3, 2)).Field);
        Assert.Equal("max", Assert.Throws<InvalidValueException>(() => new ScoreRange(1, 10)).Field);
        Assert.Equal(ScoreRange.Any, new ScoreRange(1, 9));
        Assert.Equal("4-5", new ScoreRange(4, 5).ToString());
        Assert.Equal("3", ScoreRange.Exactly(3).ToString());
        Assert.True(ScoreRange.Any.Contains(9));
        Assert.False(new ScoreRange(2, 3).Contains(1));
    }

    [Theory]
    [InlineData(0, 1, 1, "recency")]
    [InlineData(6, 1, 1, "recency")]
    [InlineData(1, 0, 1, "frequency")]
    [InlineData(1, 6, 1, "frequency")]
    [InlineData(1, 1, 0, "monetary")]
    [InlineData(1, 1, 6, "monetary")]
    public void Classify_OutOfRange_NamesTheScore(int recency, int frequency, int monetary, string parameter)
    {
        // Each score is checked on both sides; an unchecked one would index the table elsewhere, or past its end.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SegmentMap.Default.Classify(recency, frequency, monetary));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void SegmentName_OutsideTheList_NamesTheSegment(int segment)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SegmentMap.Default.SegmentName(segment));
        Assert.Equal("segment", ex.ParamName);
    }

    [Fact]
    public void RfmScore_ValidatesAndFormats()
    {
        var score = new RfmScore(5, 4, 3, 0);
        Assert.Equal(543, score.Code);
        Assert.Equal("R5 F4 M3 (segment 0)", score.ToString());
        Assert.Equal("recency", Assert.Throws<InvalidValueException>(() => new RfmScore(0, 1, 1, 0)).Field);
        Assert.Equal("segment", Assert.Throws<InvalidValueException>(() => new RfmScore(1, 1, 1, 255)).Field);
        Assert.Equal(0, default(RfmScore).Recency);
    }
}

public sealed class RfmPackagePresetTests
{
    [Fact]
    public void PackageOrder_LeavesThreeSegmentsEmpty_WhichTheBuilderRejects()
    {
        // rsquaredacademy/rfm's rfm_segment example, in the package's order (first match wins there too).
        var ex = Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(5)
            .Add("Champions", new ScoreRange(4, 5), new ScoreRange(4, 5), new ScoreRange(4, 5))
            .Add("Loyal Customers", new ScoreRange(2, 5), new ScoreRange(3, 5), new ScoreRange(3, 5))
            .Add("Potential Loyalist", new ScoreRange(3, 5), new ScoreRange(1, 3), new ScoreRange(1, 3))
            .Add("New Customers", new ScoreRange(4, 5), new ScoreRange(1, 1), new ScoreRange(1, 1))
            .Add("Promising", new ScoreRange(3, 4), new ScoreRange(1, 1), new ScoreRange(1, 1))
            .Add("Need Attention", new ScoreRange(2, 3), new ScoreRange(2, 3), new ScoreRange(2, 3))
            .Add("About To Sleep", new ScoreRange(2, 3), new ScoreRange(1, 2), new ScoreRange(1, 2))
            .Add("At Risk", new ScoreRange(1, 2), new ScoreRange(2, 5), new ScoreRange(2, 5))
            .Add("Can't Lose Them", new ScoreRange(1, 1), new ScoreRange(4, 5), new ScoreRange(4, 5))
            .Add("Lost", new ScoreRange(1, 2), new ScoreRange(1, 2), new ScoreRange(1, 2))
            .WithFallback("Others")
            .Build());
        Assert.Equal(3, ex.Errors.Count);
        Assert.StartsWith("Rule 4 ('New Customers') can never match", ex.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Rule 5 ('Promising') can never match", ex.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Rule 9 ('Can't Lose Them') can never match", ex.Errors[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 5, 5, "Champions")]
    [InlineData(2, 3, 3, "Loyal Customers")]
    [InlineData(5, 1, 1, "New Customers")]
    [InlineData(3, 1, 1, "Promising")]
    [InlineData(5, 2, 3, "Potential Loyalist")]
    [InlineData(2, 2, 2, "Need Attention")]
    [InlineData(2, 1, 2, "About To Sleep")]
    [InlineData(1, 5, 4, "Can't Lose Them")]
    [InlineData(1, 3, 2, "At Risk")]
    [InlineData(1, 1, 1, "Lost")]
    [InlineData(5, 5, 1, "Others")]
    public void Preset_ReachesEverySegment(int r, int f, int m, string name)
    {
        var map = SegmentMap.RfmPackage;
        Assert.Equal(name, map.SegmentName(map.Classify(r, f, m)));
    }

    [Fact]
    public void Preset_AgreesWithThePackageWhereverThePackageFillsASegment()
    {
        // The package's own order, evaluated first-match with Explain-free logic: every cell the package fills
        // (not with one of the three unreachable segments) gets the same name from the preset.
        var packageOrder = new (string Name, int R0, int R1, int F0, int F1, int M0, int M1)[]
        {
            ("Champions", 4, 5, 4, 5, 4, 5), ("Loyal Customers", 2, 5, 3, 5, 3, 5), ("Potential Loyalist", 3, 5, 1, 3, 1, 3),
            ("New Customers", 4, 5, 1, 1, 1, 1), ("Promising", 3, 4, 1, 1, 1, 1), ("Need Attention", 2, 3, 2, 3, 2, 3),
            ("About To Sleep", 2, 3, 1, 2, 1, 2), ("At Risk", 1, 2, 2, 5, 2, 5), ("Can't Lose Them", 1, 1, 4, 5, 4, 5),
            ("Lost", 1, 2, 1, 2, 1, 2),
        };
        var differing = 0;
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    var package = packageOrder.FirstOrDefault(s => r >= s.R0 && r <= s.R1 && f >= s.F0 && f <= s.F1 && m >= s.M0 && m <= s.M1).Name ?? "Others";
                    var preset = SegmentMap.RfmPackage.SegmentName(SegmentMap.RfmPackage.Classify(r, f, m));
                    if (package != preset)
                    {
                        differing++;
                        Assert.Contains(preset, new[] { "New Customers", "Promising", "Can't Lose Them" });
                    }
                }
            }
        }

        Assert.Equal(2 + 1 + 4, differing); // R4-5 F1 M1, R3 F1 M1, R1 F4-5 M4-5
    }
}
