using System.Globalization;
using System.Text.Json;

namespace Retention.BenchmarkGate.Tests;

/// <summary>The gate's decisions on synthetic reports: every way a budget can hold or fail, and unusable input.</summary>
public sealed class GateTests
{
    private const string Budgets = """
        {
          "statistic": "Median",
          "defaultTolerance": 0.5,
          "benchmarks": [
            { "name": "RfmBenchmarks.ScoreQuantiles", "reference": "RfmBenchmarks.ReadValuesOnce", "ratio": 20, "allocatedBytes": 4096 },
            { "name": "OfferBenchmarks.ChooseBest", "reference": "OfferBenchmarks.ReadSnapshotsOnce", "ratio": 100, "tolerance": 1.0, "allocatedBytes": 0 }
          ]
        }
        """;

    internal static string ReportJson(params (string Name, double MedianNs, long? Bytes)[] benchmarks)
    {
        var items = benchmarks.Select(b =>
        {
            var dot = b.Name.IndexOf('.', StringComparison.Ordinal);
            var item = new Dictionary<string, object?>
            {
                ["DisplayInfo"] = b.Name,
                ["Namespace"] = "Retention.Benchmarks",
                ["Type"] = b.Name[..dot],
                ["Method"] = b.Name[(dot + 1)..],
                ["Parameters"] = "Customers=100000",
                ["Statistics"] = new Dictionary<string, object> { ["N"] = 8, ["Min"] = b.MedianNs * 0.9, ["Median"] = b.MedianNs, ["Mean"] = b.MedianNs * 1.05 },
            };
            if (b.Bytes is { } bytes)
            {
                item["Memory"] = new Dictionary<string, object> { ["Gen0Collections"] = 0, ["BytesAllocatedPerOperation"] = bytes };
            }

            return item;
        });
        return JsonSerializer.Serialize(new { Title = "synthetic", Benchmarks = items });
    }

    private static GateResult Check(string report, string budgets = Budgets) =>
        Gate.Check(BudgetFile.Parse(budgets, "budgets.json"), Report.Parse(report, "report.json"));

    private static string WithinBudget => ReportJson(
        ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
        ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
        ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
        ("OfferBenchmarks.ChooseBest", 60_000_000, 0));

    [Fact]
    public void WithinBudget_Passes()
    {
        var result = Check(WithinBudget);

        Assert.True(result.Passed);
        Assert.Empty(result.Findings);
        Assert.Equal(21.0, result.Rows[0].Ratio!.Value, 9);
        Assert.Equal(100.0, result.Rows[1].Ratio!.Value, 9);
        Assert.Contains("Benchmark gate passed: 2 hot paths", Gate.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void AllocationExceeded_FailsNamingBenchmarkMeasuredValueAndBudget()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 4097),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.AllocationExceeded, finding.Kind);
        Assert.Equal("RfmBenchmarks.ScoreQuantiles", finding.Benchmark);
        Assert.Contains("4,097 B", finding.Message, StringComparison.Ordinal);
        Assert.Contains("budget 4,096 B", finding.Message, StringComparison.Ordinal);
        Assert.Contains("FAIL RfmBenchmarks.ScoreQuantiles: allocated 4,097 B", Gate.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroBudget_OneByteFails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 0),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 1)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.AllocationExceeded, "OfferBenchmarks.ChooseBest"), (finding.Kind, finding.Benchmark));
    }

    [Fact]
    public void NoiseFloor_IsAddedToEveryAllocationBudget()
    {
        var budgets = Budgets.Replace("\"defaultTolerance\": 0.5,", "\"defaultTolerance\": 0.5, \"allocationNoiseBytes\": 1000,", StringComparison.Ordinal);
        string Report(long chooseBestBytes) => ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 5096),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, chooseBestBytes));

        Assert.True(Check(Report(1000), budgets).Passed);
        var findings = Check(Report(1001), budgets).Findings;
        var finding = Assert.Single(findings);
        Assert.Equal((FindingKind.AllocationExceeded, "OfferBenchmarks.ChooseBest"), (finding.Kind, finding.Benchmark));
        Assert.Contains("budget 0 B (+ 1,000 B noise floor)", finding.Message, StringComparison.Ordinal);
        Assert.Throws<GateInputException>(() => BudgetFile.Parse(budgets.Replace("1000", "-1", StringComparison.Ordinal), "b.json"));

        // A budget's own noise floor replaces the file's: here none for the offer benchmark.
        var own = budgets.Replace("\"tolerance\": 1.0, \"allocatedBytes\": 0", "\"tolerance\": 1.0, \"allocatedBytes\": 0, \"allocationNoiseBytes\": 0", StringComparison.Ordinal);
        Assert.NotEqual(budgets, own);
        Assert.Equal(FindingKind.AllocationExceeded, Assert.Single(Check(Report(1), own).Findings).Kind);
        Assert.True(Check(Report(0), own).Passed);
    }

    [Fact]
    public void ThreefoldSlowdown_ExceedsTheRatioBeyondTolerance()
    {
        // Committed 20, tolerance 50%: limit 30. The hot path three times slower than committed, the reference unchanged.
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 60_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.RatioExceeded, "RfmBenchmarks.ScoreQuantiles"), (finding.Kind, finding.Benchmark));
        Assert.Contains("60.00", finding.Message, StringComparison.Ordinal);
        Assert.Contains("committed 20.00, limit 30.00", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JustAboveTheLimit_Fails_JustBelow_Passes()
    {
        string Report(double hotMs) => ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", hotMs * 1e6, 0),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0));

        Assert.True(Check(Report(29.9)).Passed);
        Assert.True(Check(Report(30.0)).Passed);
        Assert.Equal(FindingKind.RatioExceeded, Assert.Single(Check(Report(30.1)).Findings).Kind);
    }

    [Fact]
    public void SlowerWithinTolerance_Passes_AndAMachineTwiceAsSlowPasses()
    {
        // 40% and 83% slower relative to the reference (tolerances 50% and 100%), then everything twice as slow (a slower machine).
        var slower = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 28_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 110_000_000, 0)));
        var slowMachine = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 2_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 42_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 1_200_000, 0),
            ("OfferBenchmarks.ChooseBest", 120_000_000, 0)));

        Assert.True(slower.Passed);
        Assert.True(slowMachine.Passed);
    }

    [Fact]
    public void ReferenceSlowerHotPathUnchanged_Passes()
    {
        // Only the reference got slower: the ratio falls, which passes (and the table suggests lowering the ratio).
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 3_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        Assert.True(result.Passed);
        Assert.Contains("ok (faster: lower the ratio?)", Gate.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBenchmark_Fails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.MissingBenchmark, "OfferBenchmarks.ChooseBest"), (finding.Kind, finding.Benchmark));
        Assert.False(result.Passed);
    }

    [Fact]
    public void FailedBenchmark_WithoutStatistics_CountsAsMissing()
    {
        var report = WithinBudget.Replace("\"Statistics\":{\"N\":8,\"Min\":54000000,\"Median\":60000000,\"Mean\":63000000}", "\"Statistics\":null", StringComparison.Ordinal);
        Assert.NotEqual(WithinBudget, report);

        var finding = Assert.Single(Check(report).Findings);
        Assert.Equal((FindingKind.MissingBenchmark, "OfferBenchmarks.ChooseBest"), (finding.Kind, finding.Benchmark));
    }

    [Fact]
    public void MissingReference_Fails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.MissingReference, "RfmBenchmarks.ScoreQuantiles"), (finding.Kind, finding.Benchmark));
        Assert.Contains("RfmBenchmarks.ReadValuesOnce", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Rows[0].Ratio);
    }

    [Fact]
    public void MissingAllocationFigure_Fails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, null),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        Assert.Equal(FindingKind.AllocationUnknown, Assert.Single(result.Findings).Kind);
    }

    [Fact]
    public void UnbudgetedBenchmark_Fails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
            ("RfmBenchmarks.CutPointsFromQuantiles", 70_000_000, 4_800_000),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.Unbudgeted, "RfmBenchmarks.CutPointsFromQuantiles"), (finding.Kind, finding.Benchmark));
    }

    [Fact]
    public void SeveralParameterSets_AreAmbiguous()
    {
        var report = Report.Parse(WithinBudget, "a.json").Concat(Report.Parse(WithinBudget, "b.json").Where(m => m.Name == "OfferBenchmarks.ChooseBest")).ToArray();

        var result = Gate.Check(BudgetFile.Parse(Budgets, "budgets.json"), report);

        Assert.Equal((FindingKind.Ambiguous, "OfferBenchmarks.ChooseBest"), (Assert.Single(result.Findings).Kind, result.Findings[0].Benchmark));
    }

    [Fact]
    public void ZeroReferenceTime_Fails()
    {
        var result = Check(ReportJson(
            ("RfmBenchmarks.ReadValuesOnce", 0, 0),
            ("RfmBenchmarks.ScoreQuantiles", 21_000_000, 632),
            ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
            ("OfferBenchmarks.ChooseBest", 60_000_000, 0)));

        Assert.Equal(FindingKind.ReferenceTooFast, Assert.Single(result.Findings).Kind);
    }

    [Theory]
    [InlineData("Min", 19.0 / 0.9 * 0.9)]
    [InlineData("Median", 19.0)]
    [InlineData("Mean", 19.0)]
    public void TheStatisticChosenInTheBudgetFile_FormsTheRatio(string statistic, double expected)
    {
        // The synthetic report's Min is 0.9 x and its Mean 1.05 x the Median for every benchmark, so the ratio is the same;
        // the test checks the file's choice is read and used.
        var budgets = Budgets.Replace("\"Median\"", "\"" + statistic + "\"", StringComparison.Ordinal);
        var result = Check(
            ReportJson(
                ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
                ("RfmBenchmarks.ScoreQuantiles", 19_000_000, 632),
                ("OfferBenchmarks.ReadSnapshotsOnce", 600_000, 0),
                ("OfferBenchmarks.ChooseBest", 60_000_000, 0)),
            budgets);

        Assert.Equal(Enum.Parse<RatioStatistic>(statistic), result.Statistic);
        Assert.Equal(expected, result.Rows[0].Ratio!.Value, 9);
    }

    [Fact]
    public void MinStatistic_ReadsTheMinimum()
    {
        var measurement = Assert.Single(Report.Parse(ReportJson(("A.B", 100, 0)), "r.json"));
        Assert.Equal(90, measurement.Time(RatioStatistic.Min), 9);
        Assert.Equal(100, measurement.Time(RatioStatistic.Median), 9);
        Assert.Equal(105, measurement.Time(RatioStatistic.Mean), 9);
    }

    [Theory]
    [InlineData("{ \"Benchmarks\": [ { \"Type\": \"A\", ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public void MalformedReport_IsUnusableInput(string json)
    {
        var e = Assert.Throws<GateInputException>(() => Report.Parse(json, "broken.json"));
        Assert.StartsWith("broken.json: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{ \"Title\": \"x\" }")]
    [InlineData("{ \"Benchmarks\": {} }")]
    public void NotAReport_IsUnusableInput(string json)
    {
        var e = Assert.Throws<GateInputException>(() => Report.Parse(json, "odd.json"));
        Assert.Contains("not a BenchmarkDotNet JSON report", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyReport_IsUnusableInput()
    {
        var e = Assert.Throws<GateInputException>(() => Report.Parse("{ \"Title\": \"x\", \"Benchmarks\": [] }", "empty.json"));
        Assert.Contains("no benchmark", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"benchmarks\": [ { \"name\": \"A.B\", \"reference\": \"A.C\", \"ratio\": 2 } ] }", "lacks \"allocatedBytes\"")]
    [InlineData("{ \"benchmarks\": [ { \"name\": \"A.B\", \"reference\": \"A.C\", \"ratio\": -1, \"allocatedBytes\": 0 } ] }", "positive ratio")]
    [InlineData("{ \"benchmarks\": [ { \"name\": \"A.B\", \"reference\": \"A.C\", \"ratio\": 2, \"allocatedBytes\": 1.5 } ] }", "whole number")]
    [InlineData("{ \"benchmarks\": [ { \"reference\": \"A.C\", \"ratio\": 2, \"allocatedBytes\": 0 } ] }", "lacks \"name\"")]
    [InlineData("{ \"benchmarks\": [] }", "no budgets")]
    [InlineData("{ \"statistic\": \"P95\", \"benchmarks\": [] }", "\"statistic\" must be")]
    [InlineData("{ \"benchmarks\": [ { \"name\": \"A.B\", \"reference\": \"A.C\", \"ratio\": 2, \"allocatedBytes\": 0 }, { \"name\": \"A.B\", \"reference\": \"A.C\", \"ratio\": 2, \"allocatedBytes\": 0 } ] }", "two budgets")]
    [InlineData("{ \"benchmarks\": [ { \"name\": \"A.B\", ", "not valid JSON")]
    public void MalformedBudgets_AreUnusableInput(string json, string expected)
    {
        var e = Assert.Throws<GateInputException>(() => BudgetFile.Parse(json, "budgets.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTolerance_AppliesWhereABudgetGivesNone()
    {
        var file = BudgetFile.Parse(Budgets, "budgets.json");
        Assert.Equal(0.5, file.Budgets[0].Tolerance);
        Assert.Equal(30, file.Budgets[0].RatioLimit, 9);
        Assert.Equal(1.0, file.Budgets[1].Tolerance);
        Assert.Equal(200, file.Budgets[1].RatioLimit, 9);
    }

    [Fact]
    public void CommittedBudgetFile_ParsesAndEveryHotPathHasAReferenceAndAZeroOrPositiveBudget()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "budgets.json");
        var file = BudgetFile.Parse(File.ReadAllText(path), path);

        Assert.True(file.Budgets.Count >= 10, file.Budgets.Count.ToString(CultureInfo.InvariantCulture));
        Assert.All(file.Budgets, b =>
        {
            Assert.NotEqual(b.Name, b.Reference);
            Assert.Equal(b.Name.Split('.')[0], b.Reference.Split('.')[0]);
            Assert.InRange(b.Tolerance, 0.1, 3.0);
        });

        // References are measured workloads, never budgeted hot paths themselves.
        Assert.Empty(file.Budgets.Select(b => b.Reference).Intersect(file.Budgets.Select(b => b.Name)));
    }
}
