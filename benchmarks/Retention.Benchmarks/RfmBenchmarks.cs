using BenchmarkDotNet.Attributes;
using Retention.Rfm;

namespace Retention.Benchmarks;

/// <summary>
/// RFM on a population. ScoreQuantiles: exact NTILE cut points, scores and segment (issue target: 10 million customers
/// in 0.5 s or less on 2 cores). ScoreAgainstKnownCutPoints: scores and segment against value thresholds (target: 200
/// million customers per second or more). The baseline is one plain pass over the same values, so Ratio shows the cost
/// relative to reading the input once. CutPointsFromQuantiles: the exact NTILE cut points alone.
/// </summary>
[MemoryDiagnoser]
public class RfmBenchmarks
{
    private RfmValues[] _values = [];
    private RfmScore[] _scores = [];
    private RfmCutPoints _cutPoints = RfmCutPoints.Fixed([], [], []);

    [ParamsSource(nameof(Sizes))]
    public int Customers { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.Customers;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _values = new RfmValues[Customers];
        for (var i = 0; i < Customers; i++)
        {
            // Recency within two years, a long-tailed order count, spend in cents.
            var orders = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 3);
            _values[i] = new RfmValues(random.Next(0, 730), orders, Math.Round(orders * random.NextDouble() * 120, 2));
        }

        _scores = new RfmScore[Customers];
        _cutPoints = RfmCutPoints.FromQuantiles(_values);
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark(Baseline = true)]
    public long ReadValuesOnce()
    {
        long sum = 0;
        foreach (ref readonly var v in _values.AsSpan())
        {
            sum += v.RecencyDays + v.Frequency + (long)v.Monetary;
        }

        return sum;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int ScoreAgainstKnownCutPoints()
    {
        _cutPoints.Score(_values, _scores);
        return _scores[^1].Segment;
    }

    /// <summary>Exact NTILE cut points only (the quantile thresholds a later <see cref="ScoreAgainstKnownCutPoints"/> uses).</summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int CutPointsFromQuantiles() => RfmCutPoints.FromQuantiles(_values).RecencyDays.Count;

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int ScoreQuantiles()
    {
        RfmScoring.ScoreQuantiles(_values, _scores);
        return _scores[^1].Segment;
    }
}
