using Retention.Rfm;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/rsquaredacademy/rfm/issues/56">rsquaredacademy/rfm#56</see> ("Champions and
/// Others") and <see href="https://github.com/rsquaredacademy/rfm/issues/67">rsquaredacademy/rfm#67</see>
/// ("rfm_segment() overwrites existing assignment in current implementation").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> The vignette's Champions ranges (R, F, M 4-5) lie inside Loyal Customers' (R 2-5,
/// F 3-5, M 3-5), and <c>rfm_segment()</c> assigned the segments in a loop where a later matching rule overwrote an
/// earlier one: a customer scored 555 (Agness O'Keefe in the vignette) came out "Loyal Customers" and the Champions
/// segment stayed empty.</para>
/// <para><b>What the library does.</b> A <see cref="SegmentMap"/> is tried in order and the first matching rule wins,
/// so 555 is a Champion; and building a map refuses any rule that can never match because earlier rules already take
/// every score it covers, naming it, so an overlap that would leave a segment empty is caught when the map is built,
/// not discovered in a report. Every segment of the <see cref="SegmentMap.RfmPackage"/> preset is reachable.</para>
/// <para><b>Mutations seen killed:</b> letting the last matching rule win when the lookup table is built; dropping the
/// "can never match" check in <c>SegmentMapBuilder.Build</c>.</para>
/// </remarks>
public sealed class RsquaredacademyRfm56_67_OverlappingSegmentRules
{
    [Fact]
    public void CustomerScored555_IsAChampion_NotALoyalCustomer()
    {
        var map = SegmentMap.RfmPackage;

        Assert.Equal("Champions", map.SegmentName(map.Classify(5, 5, 5)));
        Assert.Equal("Champions", map.Explain(5, 5, 5)!.Name);
        Assert.Equal("Loyal Customers", map.SegmentName(map.Classify(3, 5, 5)));
    }

    [Fact]
    public void ScoredPopulation_TheBestCustomerIsAChampion()
    {
        // Ten customers; the last is the most recent, most frequent and biggest spender.
        var values = Enumerable.Range(0, 10).Select(i => new RfmValues(100 - (i * 10), 1 + i, 50d * (i + 1))).ToArray();
        var scores = new RfmScore[values.Length];

        RfmScoring.ScoreQuantiles(values, scores, SegmentMap.RfmPackage);

        Assert.Equal(new RfmScore(5, 5, 5, SegmentMap.RfmPackage.Classify(5, 5, 5)), scores[^1]);
        Assert.Equal("Champions", SegmentMap.RfmPackage.SegmentName(scores[^1].Segment));
        Assert.Equal("Champions", SegmentMap.RfmPackage.SegmentName(scores[^2].Segment));
    }

    [Fact]
    public void LoyalCustomersListedBeforeChampions_IsRejected_NamingTheEmptySegment()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(5)
            .Add("Loyal Customers", new ScoreRange(2, 5), new ScoreRange(3, 5), new ScoreRange(3, 5))
            .Add("Champions", new ScoreRange(4, 5), new ScoreRange(4, 5), new ScoreRange(4, 5))
            .WithFallback("Others")
            .Build());

        Assert.Equal(nameof(SegmentMap), ex.Subject);
        Assert.Equal(
            ["Rule 2 ('Champions') can never match: every score it covers is taken by earlier rules (first match wins), so its segment would stay empty."],
            ex.Errors);
    }

    [Fact]
    public void RfmPackagePreset_FillsEverySegment_AndOnlyTheUncoveredScoresAreOthers()
    {
        var map = SegmentMap.RfmPackage;
        var names = new List<string>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    names.Add(map.SegmentName(map.Classify(r, f, m)));
                }
            }
        }

        Assert.All(map.Rules, rule => Assert.Contains(rule.Name, names));
        Assert.Equal(map.Rules.Count, names.Where(n => n != "Others").Distinct().Count());
        Assert.All(
            Enumerable.Range(0, 125).Where(i => names[i] == "Others"),
            i => Assert.Null(map.Explain((i / 25) + 1, (i / 5 % 5) + 1, (i % 5) + 1)));
    }
}
