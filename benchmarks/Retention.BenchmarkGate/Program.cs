namespace Retention.BenchmarkGate;

/// <summary>
/// The benchmark gate: <c>Retention.BenchmarkGate --budgets budgets.json report-or-folder...</c> reads BenchmarkDotNet
/// JSON reports (a folder: every <c>*-report*.json</c> in it) and the budget file, prints a table, and exits 0 when
/// every hot path is within its budget, 1 when any is not (each failure names benchmark, measured value and budget),
/// and 2 when the input cannot be used (missing or malformed file, empty report, bad arguments).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var (budgetPath, reports) = ParseArguments(args);
            var budgets = BudgetFile.Parse(ReadFile(budgetPath), budgetPath);
            var measurements = reports.SelectMany(ReportFiles).SelectMany(file => Report.Parse(ReadFile(file), file)).ToArray();
            var result = Gate.Check(budgets, measurements);
            Console.Write(Gate.Render(result));
            return result.Passed ? 0 : 1;
        }
        catch (GateInputException e)
        {
            Console.Error.WriteLine("Benchmark gate: " + e.Message);
            return 2;
        }
    }

    internal static (string Budgets, IReadOnlyList<string> Reports) ParseArguments(IReadOnlyList<string> args)
    {
        string? budgets = null;
        var reports = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--budgets")
            {
                budgets = i + 1 < args.Count ? args[++i] : throw new GateInputException("--budgets needs a file.");
            }
            else
            {
                reports.Add(args[i]);
            }
        }

        return budgets is null || reports.Count == 0
            ? throw new GateInputException("usage: Retention.BenchmarkGate --budgets budgets.json <report.json or folder>...")
            : (budgets, reports);
    }

    /// <summary>A file as given, or a folder's BenchmarkDotNet reports; a folder without any is an error.</summary>
    internal static IEnumerable<string> ReportFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new GateInputException($"{path}: no such file or folder.");
        }

        var files = Directory.GetFiles(path, "*-report*.json").Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : throw new GateInputException($"{path}: no BenchmarkDotNet JSON report (*-report*.json) in this folder.");
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException($"{path}: cannot be read ({e.Message})", e);
        }
    }
}
