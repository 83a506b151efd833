namespace Retention.BenchmarkGate.Tests;

/// <summary>A real brief JSON report written by the check mode (RFM class, one calibration run) read by the checker.</summary>
public sealed class RealReportTests
{
    private static IReadOnlyList<Measurement> Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "RfmBenchmarks-report-brief.json");
        return Report.Parse(File.ReadAllText(path), path);
    }

    [Fact]
    public void EveryBenchmark_IsRead_WithItsStatisticsAndAllocation()
    {
        var measurements = Read();

        Assert.Equal(
            ["RfmBenchmarks.CutPointsFromQuantiles", "RfmBenchmarks.ReadValuesOnce", "RfmBenchmarks.ScoreAgainstKnownCutPoints", "RfmBenchmarks.ScoreQuantiles"],
            measurements.Select(m => m.Name).Order(StringComparer.Ordinal));
        var reference = measurements.Single(m => m.Name == "RfmBenchmarks.ReadValuesOnce");
        Assert.Equal("Customers=200000", reference.Parameters);
        Assert.Equal(8, reference.Iterations);
        Assert.Equal(376_591.47869674186, reference.Median, 6);
        Assert.Equal(371_157.8947368421, reference.Min, 6);
        // A plain loop over an array: the 16 B per operation (6 KB over the 399 operations) are the runtime's own
        // threads, counted because BenchmarkDotNet counts the whole process; hence the budget file's noise floor.
        Assert.Equal(16, reference.BytesAllocatedPerOperation);
        Assert.Equal(0, measurements.Single(m => m.Name == "RfmBenchmarks.ScoreAgainstKnownCutPoints").BytesAllocatedPerOperation);
        Assert.Equal(4_803_694, measurements.Single(m => m.Name == "RfmBenchmarks.CutPointsFromQuantiles").BytesAllocatedPerOperation);
        Assert.All(measurements, m => Assert.True(m.Min <= m.Median && m.Median > 0));
    }

    [Fact]
    public void TheRfmBudgets_HoldOnTheRealReport_AndATighterOneFails()
    {
        const string Budgets = """
            { "statistic": "Median", "defaultTolerance": 1.0, "allocationNoiseBytes": 16384, "benchmarks": [
              { "name": "RfmBenchmarks.ScoreQuantiles", "reference": "RfmBenchmarks.ReadValuesOnce", "ratio": 29, "allocatedBytes": 8192 },
              { "name": "RfmBenchmarks.CutPointsFromQuantiles", "reference": "RfmBenchmarks.ReadValuesOnce", "ratio": 105, "allocatedBytes": 5290000 },
              { "name": "RfmBenchmarks.ScoreAgainstKnownCutPoints", "reference": "RfmBenchmarks.ReadValuesOnce", "ratio": 2.9, "allocatedBytes": 0 } ] }
            """;

        Assert.True(Gate.Check(BudgetFile.Parse(Budgets, "b.json"), Read()).Passed);

        // The same report against a committed ratio a third of the measured one (as if the code had become three times
        // slower than committed): caught.
        var tight = Gate.Check(BudgetFile.Parse(Budgets.Replace("\"ratio\": 2.9", "\"ratio\": 0.93", StringComparison.Ordinal), "b.json"), Read());
        var finding = Assert.Single(tight.Findings);
        Assert.Equal((FindingKind.RatioExceeded, "RfmBenchmarks.ScoreAgainstKnownCutPoints"), (finding.Kind, finding.Benchmark));
    }
}
