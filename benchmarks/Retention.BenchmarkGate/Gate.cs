using System.Globalization;
using System.Text;

namespace Retention.BenchmarkGate;

/// <summary>What a check found wrong.</summary>
internal enum FindingKind
{
    /// <summary>A budgeted benchmark is not in the report (not run, or it failed).</summary>
    MissingBenchmark,

    /// <summary>A budget's reference workload is not in the report.</summary>
    MissingReference,

    /// <summary>The report holds the name more than once (several parameter sets): the gate cannot tell which is meant.</summary>
    Ambiguous,

    /// <summary>More bytes allocated per operation than the budget.</summary>
    AllocationExceeded,

    /// <summary>The report has no allocation figure (run without the memory diagnoser).</summary>
    AllocationUnknown,

    /// <summary>The time relative to the reference exceeds the committed ratio by more than the tolerance.</summary>
    RatioExceeded,

    /// <summary>The reference measured zero time: no ratio can be formed.</summary>
    ReferenceTooFast,

    /// <summary>A benchmark in the report has no budget and is no budget's reference.</summary>
    Unbudgeted,
}

/// <summary>One failure of the check, naming the benchmark, the measured value and the budget.</summary>
internal sealed record Finding(FindingKind Kind, string Benchmark, string Message);

/// <summary>One line of the gate's table.</summary>
internal sealed record GateRow(Budget Budget, Measurement? Hot, Measurement? Reference, double? Ratio, IReadOnlyList<Finding> Findings)
{
    /// <summary>Gets a value indicating whether this hot path is within its budget.</summary>
    public bool Passed => Findings.Count == 0;
}

/// <summary>The outcome of a check: one row per budget, and every finding (rows' and unbudgeted benchmarks').</summary>
internal sealed record GateResult(RatioStatistic Statistic, long AllocationNoiseBytes, IReadOnlyList<GateRow> Rows, IReadOnlyList<Finding> Findings)
{
    /// <summary>Gets a value indicating whether every budget held and nothing was missing.</summary>
    public bool Passed => Findings.Count == 0;
}

/// <summary>Compares measurements with budgets.</summary>
internal static class Gate
{
    public static GateResult Check(BudgetFile budgets, IReadOnlyList<Measurement> measurements)
    {
        var byName = measurements.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var rows = new List<GateRow>();
        var all = new List<Finding>();
        foreach (var budget in budgets.Budgets)
        {
            var findings = new List<Finding>();
            var hot = Find(byName, budget.Name, budget.Name, FindingKind.MissingBenchmark, "not in the report (not run, filtered out, or it failed)", findings);
            var reference = Find(byName, budget.Reference, budget.Name, FindingKind.MissingReference, $"its reference {budget.Reference} is not in the report", findings);
            double? ratio = null;
            if (hot is not null)
            {
                if (hot.BytesAllocatedPerOperation is not { } bytes)
                {
                    findings.Add(new Finding(FindingKind.AllocationUnknown, budget.Name, "the report has no allocation figure (run with the memory diagnoser)"));
                }
                else if (bytes > budget.AllocationLimit)
                {
                    var noise = budget.AllocationNoiseBytes > 0 ? $" (+ {Bytes(budget.AllocationNoiseBytes)} noise floor)" : "";
                    findings.Add(new Finding(FindingKind.AllocationExceeded, budget.Name, $"allocated {Bytes(bytes)} per operation, budget {Bytes(budget.AllocatedBytes)}{noise}"));
                }
            }

            if (hot is not null && reference is not null)
            {
                var referenceTime = reference.Time(budgets.Statistic);
                if (referenceTime <= 0)
                {
                    findings.Add(new Finding(FindingKind.ReferenceTooFast, budget.Name, $"its reference {budget.Reference} measured {referenceTime} ns: no ratio"));
                }
                else
                {
                    ratio = hot.Time(budgets.Statistic) / referenceTime;
                    if (ratio > budget.RatioLimit)
                    {
                        findings.Add(new Finding(
                            FindingKind.RatioExceeded,
                            budget.Name,
                            FormattableString.Invariant($"time ratio to {budget.Reference} {ratio:0.00} ({budgets.Statistic} {Time(hot.Time(budgets.Statistic))} / {Time(referenceTime)}), committed {budget.Ratio:0.00}, limit {budget.RatioLimit:0.00} (tolerance {budget.Tolerance:P0})")));
                    }
                }
            }

            rows.Add(new GateRow(budget, hot, reference, ratio, findings));
            all.AddRange(findings);
        }

        var known = budgets.Budgets.SelectMany(b => new[] { b.Name, b.Reference }).ToHashSet(StringComparer.Ordinal);
        foreach (var name in byName.Keys.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal))
        {
            all.Add(new Finding(FindingKind.Unbudgeted, name, "in the report but has no budget and is no budget's reference: add one to the budget file"));
        }

        return new GateResult(budgets.Statistic, budgets.AllocationNoiseBytes, rows, all);
    }

    /// <summary>The table and the findings, as printed by the gate.</summary>
    public static string Render(GateResult result)
    {
        var lines = new List<string[]>
        {
            new[] { "Hot path", "Reference", result.Statistic + " time", "Ratio", "Committed", "Limit", "Allocated/op", "Budget/op", "Verdict" },
        };
        foreach (var row in result.Rows)
        {
            var statistic = result.Statistic;
            var faster = row.Ratio is { } r && r * (1 + row.Budget.Tolerance) < row.Budget.Ratio;
            lines.Add(
            [
                row.Budget.Name,
                row.Budget.Reference,
                row.Hot is null ? "-" : Time(row.Hot.Time(statistic)),
                row.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                row.Budget.Ratio.ToString("0.00", CultureInfo.InvariantCulture),
                row.Budget.RatioLimit.ToString("0.00", CultureInfo.InvariantCulture),
                row.Hot?.BytesAllocatedPerOperation is { } bytes ? Bytes(bytes) : "-",
                Bytes(row.Budget.AllocatedBytes) + (row.Budget.AllocationNoiseBytes > 0 ? " + " + Bytes(row.Budget.AllocationNoiseBytes) : ""),
                row.Passed ? (faster ? "ok (faster: lower the ratio?)" : "ok") : "FAIL",
            ]);
        }

        var widths = Enumerable.Range(0, lines[0].Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (line, index) in lines.Select((line, index) => (line, index)))
        {
            text.AppendLine("| " + string.Join(" | ", line.Select((cell, i) => cell.PadRight(widths[i]))) + " |");
            if (index == 0)
            {
                text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
            }
        }

        text.AppendLine();
        if (result.AllocationNoiseBytes > 0)
        {
            text.AppendLine($"Allocation budgets are per operation; \"+ N B\" is a noise floor for the runtime's own allocations (BenchmarkDotNet counts the whole process), {Bytes(result.AllocationNoiseBytes)} unless a budget sets its own.");
        }

        foreach (var finding in result.Findings)
        {
            text.AppendLine($"FAIL {finding.Benchmark}: {finding.Message}");
        }

        text.AppendLine(result.Passed
            ? $"Benchmark gate passed: {result.Rows.Count} hot paths within their budgets."
            : $"Benchmark gate FAILED: {result.Findings.Count} finding(s) over {result.Rows.Count} budgets.");
        return text.ToString();
    }

    private static Measurement? Find(Dictionary<string, Measurement[]> byName, string name, string budget, FindingKind missing, string message, List<Finding> findings)
    {
        if (!byName.TryGetValue(name, out var found))
        {
            findings.Add(new Finding(missing, budget, message));
            return null;
        }

        if (found.Length > 1)
        {
            findings.Add(new Finding(FindingKind.Ambiguous, budget, $"{name} appears {found.Length} times in the report ({string.Join("; ", found.Select(f => f.Parameters))}): run one parameter set"));
            return null;
        }

        return found[0];
    }

    private static string Bytes(long bytes) => bytes.ToString("#,0", CultureInfo.InvariantCulture) + " B";

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        >= 1e6 => (nanoseconds / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (nanoseconds / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " us",
        _ => nanoseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ns",
    };
}
