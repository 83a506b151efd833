using NodaTime;
using Retention.Rfm;

namespace Retention.Tests.Rfm;

/// <summary>
/// Boundaries, argument checks, error messages and rarely taken paths of the RFM scoring code, written to kill the
/// mutants that Stryker showed surviving (docs/testing.md#mutation-testing): each test asserts exact values or the
/// exact message.
/// </summary>
public sealed class RfmEdgeCaseTests
{
    private static void AssertInvalid(Action action, string field, string value, string rule)
    {
        var ex = Assert.Throws<InvalidValueException>(action);
        Assert.Equal($"Invalid {field}: {value} {rule}.", ex.Message);
    }

    [Fact]
    public void RfmValues_RefuseNegativeCountsAndNonFiniteSpend_AndAcceptZeros()
    {
        // Found by the scoring re-run of 1 December: no test refused an RfmValues (the checks could be removed unnoticed).
        AssertInvalid(() => _ = new RfmValues(-1, 1, 1), "recencyDays", "-1", "must not be negative (an order after the as-of date?)");
        AssertInvalid(() => _ = new RfmValues(0, -1, 1), "frequency", "-1", "must not be negative");
        AssertInvalid(() => _ = new RfmValues(0, 0, double.NaN), "monetary", "NaN", "must be a finite number");
        AssertInvalid(() => _ = new RfmValues(0, 0, double.NegativeInfinity), "monetary", "-Infinity", "must be a finite number");
        var zeros = new RfmValues(0, 0, -0d);
        Assert.Equal((0, 0), (zeros.RecencyDays, zeros.Frequency));
        Assert.True(double.IsPositive(zeros.Monetary), "-0.0 is stored as 0.0");
    }

    [Fact]
    public void SegmentMaps_OfOneBin_AreBuilt_AndNullNamesAndReversedRanges_AreRefused()
    {
        // Survivors of the same run, applied by hand: `_bins is <= 1` (no test built a one-bin map), the null checks of
        // Add and WithFallback removed, and the text of a reversed range's refusal blanked.
        var single = SegmentMap.CreateBuilder(1).Add("Everyone", new ScoreRange(1, 1), new ScoreRange(1, 1)).WithFallback("None").Build();
        Assert.Equal(1, single.Bins);
        Assert.Equal("Everyone", single.SegmentName(single.Classify(1, 1, 1)));
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => SegmentMap.CreateBuilder().Add(null!, ScoreRange.Any, ScoreRange.Any)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => SegmentMap.CreateBuilder().WithFallback(null!)).ParamName);
        AssertInvalid(() => _ = new ScoreRange(3, 2), "max", "2", "must be from min (3) to 9");
    }

    [Fact]
    public void RfmScore_AcceptsNineAnd254_AndNamesTheRejectedComponent()
    {
        var top = new RfmScore(9, 9, 9, 254);
        Assert.Equal((999, 254), (top.Code, top.Segment));
        AssertInvalid(() => _ = new RfmScore(10, 1, 1, 0), "recency", "10", "must be from 1 to 9");
        AssertInvalid(() => _ = new RfmScore(1, 0, 1, 0), "frequency", "0", "must be from 1 to 9");
        AssertInvalid(() => _ = new RfmScore(1, 10, 1, 0), "frequency", "10", "must be from 1 to 9");
        AssertInvalid(() => _ = new RfmScore(1, 1, 0, 0), "monetary", "0", "must be from 1 to 9");
        AssertInvalid(() => _ = new RfmScore(1, 1, 10, 0), "monetary", "10", "must be from 1 to 9");
        AssertInvalid(() => _ = new RfmScore(1, 1, 1, 255), "segment", "255", "must be from 0 to 254");
    }

    [Fact]
    public void RfmScore_And_ScoreRange_HashCodesPackTheirFields()
    {
        Assert.Equal(0x01020304, new RfmScore(1, 2, 3, 4).GetHashCode());
        Assert.True(new RfmScore(1, 2, 3, 4) == new RfmScore(1, 2, 3, 4));
        Assert.True(new RfmScore(1, 2, 3, 4) != new RfmScore(1, 2, 3, 5)); // same scores, another segment
        Assert.True(new RfmScore(1, 2, 3, 4) != new RfmScore(2, 2, 3, 4));
        Assert.Equal((1 << 8) | 2, new ScoreRange(2, 7).GetHashCode()); // stored as min - 1 and 9 - max
        AssertInvalid(() => _ = new ScoreRange(0, 3), "min", "0", "must be from 1 to 9");
    }

    [Fact]
    public void RfmValues_EqualityComparesEveryField()
    {
        var a = new RfmValues(10, 2, 30.5);
        Assert.True(a == new RfmValues(10, 2, 30.5));
        Assert.False(a != new RfmValues(10, 2, 30.5));
        Assert.True(a != new RfmValues(11, 2, 30.5));
        Assert.True(a != new RfmValues(10, 3, 30.5));
        Assert.True(a != new RfmValues(10, 2, 30.25));
        Assert.False(a.Equals(new RfmValues(11, 3, 30.5)));
    }

    [Fact]
    public void RfmValues_FromSummary_RefusesACustomerWithoutPurchases()
    {
        var summaries = new CustomerSummary[2];
        CustomerSummaries.Compute([Transaction.Purchase(0, new LocalDate(2026, 1, 5), 20m)], new SummaryWindow(new LocalDate(2026, 1, 31)), summaries);
        Assert.Equal(new RfmValues(26, 1, 20d), RfmValues.FromSummary(summaries[0]));
        var ex = Assert.Throws<InvalidValueException>(() => RfmValues.FromSummary(summaries[1]));
        Assert.Equal("summary", ex.Field);
        Assert.Equal("has no purchase, so its recency is undefined; score only customers who purchased", ex.Rule);
    }

    [Fact]
    public void SegmentMap_PresetsNameTheirSegmentsInRuleOrder()
    {
        Assert.Equal(
            ["Champions", "Loyal", "Potential Loyalist", "New", "Promising", "Need Attention", "About To Sleep", "Can't Lose Them", "At Risk", "Hibernating", "Other"],
            SegmentMap.Default.SegmentNames);
        Assert.Equal(
            ["Champions", "Loyal Customers", "New Customers", "Promising", "Potential Loyalist", "Need Attention", "About To Sleep", "Can't Lose Them", "At Risk", "Lost", "Others"],
            SegmentMap.RfmPackage.SegmentNames);
    }

    [Fact]
    public void SegmentMapBuilder_BadBins_IsTheOnlyErrorReported()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => SegmentMap.CreateBuilder(0).Add("X", ScoreRange.Exactly(1), ScoreRange.Any).Build());
        Assert.Equal(["Bins must be from 1 to 9, not 0."], ex.Errors);
    }

    [Fact]
    public void SegmentMapBuilder_HoldsAtMost254Segments()
    {
        static SegmentMapBuilder WithRules(int count)
        {
            var builder = SegmentMap.CreateBuilder(9);
            for (var i = 0; i < count; i++)
            {
                builder.Add("S" + i, ScoreRange.Exactly((i / 81) + 1), ScoreRange.Exactly((i / 9 % 9) + 1), ScoreRange.Exactly((i % 9) + 1));
            }

            return builder;
        }

        Assert.Equal(254, WithRules(253).Build().SegmentNames.Count); // 253 rules and the fallback
        var ex = Assert.Throws<InvalidConfigurationException>(() => WithRules(254).Build());
        Assert.Equal(["A map holds at most 254 segments."], ex.Errors);
    }

    [Fact]
    public void SegmentMapBuilder_CannotBeUsedAfterBuild()
    {
        var builder = SegmentMap.CreateBuilder(3).Add("All", ScoreRange.Any, ScoreRange.Any);
        builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => builder.WithFallback("Rest"));
        Assert.Equal("The builder was already used to build a map; start again from SegmentMap.ToBuilder().", ex.Message);
    }

    [Fact]
    public void RfmCutPoints_FromQuantiles_SortsEachDimension_AndKeepsTheGivenMap()
    {
        // Unsorted on purpose: R 0..40, F 1..5, M 10..50 in shuffled orders. Type-7 quantiles at 0.2, 0.4, 0.6, 0.8.
        RfmValues[] values = [new(40, 3, 50), new(10, 1, 10), new(30, 5, 40), new(0, 2, 20), new(20, 4, 30)];
        var map = SegmentMap.CreateBuilder(5).WithFallback("All").Build();
        var cuts = RfmCutPoints.FromQuantiles(values, map);
        Assert.Same(map, cuts.Segments);
        Assert.Equal([8, 16, 24, 32], cuts.RecencyDays);
        Assert.Equal([1, 2, 3, 4], cuts.Frequency);
        Assert.Equal(4, cuts.Monetary.Count);
        double[] monetary = [18, 26, 34, 42];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(monetary[i], cuts.Monetary[i], 1e-9);
        }
    }

    [Fact]
    public void RfmCutPoints_RejectNullListsAndAnEmptyPopulation()
    {
        Assert.Equal("recencyDays", Assert.Throws<ArgumentNullException>(() => RfmCutPoints.Fixed(null!, [], [])).ParamName);
        Assert.Equal("monetary", Assert.Throws<ArgumentNullException>(() => RfmCutPoints.Fixed([], [], null!)).ParamName);
        AssertInvalid(() => RfmCutPoints.FromQuantiles([]), "values", "0", "must hold at least one customer to compute quantiles");
    }

    [Fact]
    public void RfmCutPoints_NineBins_CountMonetaryThresholdsInBothVectorHalves()
    {
        var map = SegmentMap.CreateBuilder(9).WithFallback("All").Build();
        var cuts = RfmCutPoints.Fixed([], [], [1, 2, 3, 4, 5, 6, 7, 8], map);
        Assert.Equal(8, cuts.Score(new RfmValues(0, 0, 7.5)).Monetary);   // above 1..4 (low half) and 5..7 (high half)
        Assert.Equal(9, cuts.Score(new RfmValues(0, 0, 100)).Monetary);
        Assert.Equal(5, cuts.Score(new RfmValues(0, 0, 5)).Monetary);     // at a threshold: not above it
    }

    [Fact]
    public void RfmScoring_DestinationOfTheWrongLength_IsNamed()
    {
        RfmValues[] values = [new(1, 1, 1), new(2, 2, 2), new(3, 3, 3)];
        var ex = Assert.Throws<ArgumentException>(() => RfmScoring.ScoreQuantiles(values, new RfmScore[2]));
        Assert.Equal("The destination must have one element per customer (3). (Parameter 'destination')", ex.Message);
        var vip = Assert.Throws<ArgumentException>(() => RfmScoring.MarkVips(values, 0.5, new bool[2]));
        Assert.Equal("The destination must have one element per customer. (Parameter 'isVip')", vip.Message);
    }

    [Fact]
    public void RfmScoring_SubCentAmounts_RankByTheirExactValue()
    {
        // All five round to 12 cents: ranking by whole cents would tie them all and fall back to customer order.
        RfmValues[] values = [new(1, 1, 0.124), new(1, 1, 0.121), new(1, 1, 0.123), new(1, 1, 0.122), new(1, 1, 0.125)];
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores);
        Assert.Equal([4, 1, 3, 2, 5], scores.Select(s => s.Monetary));
    }

    [Fact]
    public void RfmScoring_And_CutPoints_UseTheGivenMap()
    {
        var map = SegmentMap.CreateBuilder(5).Add("Most recent", ScoreRange.Exactly(5), ScoreRange.Any).WithFallback("Rest").Build();
        RfmValues[] values = [new(0, 1, 1), new(10, 2, 2), new(20, 3, 3), new(30, 4, 4), new(40, 5, 5)];
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores, map);
        Assert.Equal([(5, 1, 0), (4, 2, 1), (3, 3, 1), (2, 4, 1), (1, 5, 1)], scores.Select(s => (s.Recency, s.Frequency, s.Segment)));

        var cuts = RfmCutPoints.FromQuantiles(values);
        var ex = Assert.Throws<ArgumentException>(() => cuts.Score(values, new RfmScore[4]));
        Assert.Equal("The destination must have one element per customer. (Parameter 'destination')", ex.Message);
    }

    [Fact]
    public void RfmScoring_OnTwoCores_RanksEveryDimension_AsNtile()
    {
        // 50,000 customers take the two-core path. Expected tiles by a plain stable sort: NTILE(5) of 10,000 each.
        const int N = 50_000;
        var values = new RfmValues[N];
        for (var i = 0; i < N; i++)
        {
            values[i] = new RfmValues((i * 31) % 997, (i * 7919) % 1000, (i * 104_729L % 10_007) / 100d);
        }

        // Scoring rents its tile buffers from the shared pool, which the test assembly poisons (ScratchPoisoning): a
        // buffer left unwritten (a rank skipped) would otherwise still hold the right tiles from an earlier run of this
        // test in the same host, as Stryker's reused host showed (RfmScoring.cs:159, the F rank removed, survived once).
        var scores = new RfmScore[N];
        RfmScoring.ScoreQuantiles(values, scores);

        static int[] Ntile(Func<int, double> key)
        {
            var tiles = new int[N];
            var position = 0;
            foreach (var i in Enumerable.Range(0, N).OrderBy(key).ThenBy(i => i))
            {
                tiles[i] = (position++ / (N / 5)) + 1;
            }

            return tiles;
        }

        var r = Ntile(i => -values[i].RecencyDays);
        var f = Ntile(i => values[i].Frequency);
        var m = Ntile(i => values[i].Monetary);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal((r[i], f[i], m[i]), (scores[i].Recency, scores[i].Frequency, scores[i].Monetary));
        }
    }

    [Fact]
    public void NtileRanker_EmptyInput_IsANoOp()
    {
        NtileRanker.Order(Span<ulong>.Empty, Span<int>.Empty);
        NtileRanker.Assign(Span<ulong>.Empty, 5, Span<byte>.Empty);
    }

    [Theory]
    [InlineData(12.34, 1234L)]
    [InlineData(-0.05, -5L)]
    [InlineData(0d, 0L)] // and -0.0, below: xunit counts the two as one case
    [InlineData(9_999_999_999_999.99, 999_999_999_999_999L)] // the largest |cents| below the limit, 1e15
    public void NtileRanker_WholeCents_KeyAsCentsPlusTwoToThe62(double value, long cents)
    {
        // The narrow key is what keeps money at two radix passes instead of four; a wrong refusal would still rank right
        // (every value falls back to OrderedKey) but slowly, so it is checked here and not through the scores.
        Assert.True(NtileRanker.TryCentsKey(value, out var key));
        Assert.Equal((ulong)(cents + (1L << 62)), key);
    }

    [Theory]
    [InlineData(0.125)] // not a whole number of cents
    [InlineData(1e13)] // 1e15 cents: at the limit
    [InlineData(-1e13)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NtileRanker_OtherValues_HaveNoCentsKey(double value)
    {
        Assert.False(NtileRanker.TryCentsKey(value, out var key));
        Assert.Equal(0UL, key);
    }

    [Fact]
    public void NtileRanker_OrderedKey_KeepsTheOrderOfDoubles_AndMinusZeroIsZero()
    {
        double[] ascending = [double.NegativeInfinity, -1e300, -1d, -double.Epsilon, 0d, double.Epsilon, 1d, 1e300, double.PositiveInfinity];
        for (var i = 1; i < ascending.Length; i++)
        {
            Assert.True(NtileRanker.OrderedKey(ascending[i - 1]) < NtileRanker.OrderedKey(ascending[i]), $"{ascending[i - 1]} < {ascending[i]}");
        }

        Assert.Equal(NtileRanker.OrderedKey(0d), NtileRanker.OrderedKey(-0d));
        Assert.True(NtileRanker.TryCentsKey(-0d, out var minusZero));
        Assert.Equal(1UL << 62, minusZero);
    }

    [Fact]
    public void NtileRanker_WideKeysWithAnOddNumberOfDigitPasses_SortStably()
    {
        // 65,537 elements need 17 index bits; a key range just under 2^48 needs 48 key bits: 65 bits do not fit in one
        // word, so keys and indexes are sorted apart, in three 16-bit passes (the result ends in the scratch buffer).
        const int N = 65_537;
        var keys = new ulong[N];
        for (var i = 0; i < N; i++)
        {
            keys[i] = 5UL + ((ulong)((i * 7919L) % 1000) << 38);
        }

        var expected = Enumerable.Range(0, N).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
        var order = new int[N];
        NtileRanker.Order(keys.ToArray(), order);
        Assert.Equal(expected, order);
    }
}
