namespace Retention.BenchmarkGate.Tests;

/// <summary>The command line: exit codes 0 (within budget), 1 (a budget exceeded), 2 (unusable input), files and folders.</summary>
public sealed class ProgramTests : IDisposable
{
    private const string Budgets = """
        { "statistic": "Median", "benchmarks": [
          { "name": "RfmBenchmarks.ScoreQuantiles", "reference": "RfmBenchmarks.ReadValuesOnce", "ratio": 20, "tolerance": 0.5, "allocatedBytes": 4096 } ] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gate-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Rfm(double hotMs, long bytes) => GateTests.ReportJson(
        ("RfmBenchmarks.ReadValuesOnce", 1_000_000, 0),
        ("RfmBenchmarks.ScoreQuantiles", hotMs * 1e6, bytes));

    [Fact]
    public void WithinBudget_ExitsZero_FromAFolderOfReports()
    {
        var budgets = Write("budgets.json", Budgets);
        Write("results/Retention.Benchmarks.RfmBenchmarks-report-brief.json", Rfm(21, 632));
        Write("results/unrelated.json", "not a report, and not read");

        Assert.Equal(0, Program.Main(["--budgets", budgets, Path.Combine(_folder, "results")]));
    }

    [Fact]
    public void BudgetExceeded_ExitsOne()
    {
        var budgets = Write("budgets.json", Budgets);
        var report = Write("r-report-brief.json", Rfm(63, 632));

        Assert.Equal(1, Program.Main(["--budgets", budgets, report]));
    }

    [Fact]
    public void UnusableInput_ExitsTwo()
    {
        var budgets = Write("budgets.json", Budgets);
        var malformed = Write("m-report-brief.json", "{ \"Benchmarks\": [");
        var empty = Write("e-report-brief.json", "{ \"Benchmarks\": [] }");
        Directory.CreateDirectory(Path.Combine(_folder, "nothing"));

        Assert.Equal(2, Program.Main(["--budgets", budgets, malformed]));
        Assert.Equal(2, Program.Main(["--budgets", budgets, empty]));
        Assert.Equal(2, Program.Main(["--budgets", budgets, Path.Combine(_folder, "missing.json")]));
        Assert.Equal(2, Program.Main(["--budgets", budgets, Path.Combine(_folder, "nothing")]));
        Assert.Equal(2, Program.Main(["--budgets", Path.Combine(_folder, "no-budgets.json"), empty]));
        Assert.Equal(2, Program.Main([budgets]));
        Assert.Equal(2, Program.Main(["--budgets"]));
    }
}
