using System.Text.Json;

namespace Retention.BenchmarkGate;

/// <summary>Which of BenchmarkDotNet's statistics the time ratios are computed from.</summary>
internal enum RatioStatistic
{
    /// <summary>The median of the measured iterations (outliers removed).</summary>
    Median,

    /// <summary>The least measured iteration: the one least disturbed by other work on the machine.</summary>
    Min,

    /// <summary>The arithmetic mean of the measured iterations (outliers removed).</summary>
    Mean,
}

/// <summary>
/// One hot path's budget: <see cref="Name"/> and <see cref="Reference"/> are <c>Type.Method</c> of benchmarks in the
/// same report. The check fails when the hot path allocates more than <see cref="AllocatedBytes"/> per operation, or
/// when its time divided by the reference's time exceeds <see cref="Ratio"/> × (1 + <see cref="Tolerance"/>).
/// <see cref="AllocationNoiseBytes"/> is added to the allocation budget (the file's default unless the budget gives
/// its own: 0 for benchmarks whose operation is one event or customer of a larger invocation, where the runtime's
/// noise is already divided away).
/// </summary>
internal sealed record Budget(string Name, string Reference, double Ratio, double Tolerance, long AllocatedBytes, long AllocationNoiseBytes, string? Note)
{
    /// <summary>Gets the most bytes per operation that pass.</summary>
    public long AllocationLimit => AllocatedBytes + AllocationNoiseBytes;

    /// <summary>Gets the highest ratio that passes.</summary>
    public double RatioLimit => Ratio * (1 + Tolerance);
}

/// <summary>
/// The budget file (<c>benchmarks/Retention.Benchmarks/budgets.json</c>). <see cref="AllocationNoiseBytes"/> is added to
/// every allocation budget that does not set its own: BenchmarkDotNet counts the whole process's allocations during an operation, and the
/// runtime's own threads (thread pool, tiered compilation) now and then add a few kilobytes that the hot path did not
/// make.
/// </summary>
internal sealed record BudgetFile(RatioStatistic Statistic, long AllocationNoiseBytes, IReadOnlyList<Budget> Budgets)
{
    /// <summary>Reads a budget file; throws <see cref="GateInputException"/> naming the file and the problem.</summary>
    public static BudgetFile Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new GateInputException($"{source}: not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GateInputException($"{source}: expected a JSON object with \"statistic\", \"defaultTolerance\" and \"benchmarks\".");
            }

            var statistic = RatioStatistic.Median;
            if (root.TryGetProperty("statistic", out var s))
            {
                if (s.ValueKind != JsonValueKind.String || !Enum.TryParse(s.GetString(), ignoreCase: false, out statistic) || !Enum.IsDefined(statistic))
                {
                    throw new GateInputException($"{source}: \"statistic\" must be \"Median\", \"Min\" or \"Mean\", not {s.GetRawText()}.");
                }
            }

            long noise = 0;
            if (root.TryGetProperty("allocationNoiseBytes", out var a) && (a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out noise) || noise < 0))
            {
                throw new GateInputException($"{source}: \"allocationNoiseBytes\" must be a whole number of bytes, 0 or more, not {a.GetRawText()}.");
            }

            var defaultTolerance = root.TryGetProperty("defaultTolerance", out var t) ? Number(t, source, "defaultTolerance") : 1.0;
            if (!root.TryGetProperty("benchmarks", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new GateInputException($"{source}: \"benchmarks\" must be an array of budgets.");
            }

            var budgets = new List<Budget>();
            foreach (var item in list.EnumerateArray())
            {
                var name = Text(item, "name", source, "a budget");
                var where = $"budget \"{name}\"";
                var ratio = Number(Required(item, "ratio", source, where), source, where + " ratio");
                var tolerance = item.TryGetProperty("tolerance", out var tt) ? Number(tt, source, where + " tolerance") : defaultTolerance;
                var bytes = Required(item, "allocatedBytes", source, where);
                if (bytes.ValueKind != JsonValueKind.Number || !bytes.TryGetInt64(out var allocated) || allocated < 0)
                {
                    throw new GateInputException($"{source}: {where} allocatedBytes must be a whole number of bytes, 0 or more, not {bytes.GetRawText()}.");
                }

                if (ratio <= 0 || tolerance < 0)
                {
                    throw new GateInputException($"{source}: {where} needs a positive ratio and a tolerance of 0 or more (ratio {ratio}, tolerance {tolerance}).");
                }

                var itemNoise = noise;
                if (item.TryGetProperty("allocationNoiseBytes", out var ia) && (ia.ValueKind != JsonValueKind.Number || !ia.TryGetInt64(out itemNoise) || itemNoise < 0))
                {
                    throw new GateInputException($"{source}: {where} allocationNoiseBytes must be a whole number of bytes, 0 or more, not {ia.GetRawText()}.");
                }

                var note = item.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (budgets.Any(b => b.Name == name))
                {
                    throw new GateInputException($"{source}: two budgets for \"{name}\".");
                }

                budgets.Add(new Budget(name, Text(item, "reference", source, where), ratio, tolerance, allocated, itemNoise, note));
            }

            if (budgets.Count == 0)
            {
                throw new GateInputException($"{source}: no budgets.");
            }

            return new BudgetFile(statistic, noise, budgets);
        }
    }

    private static JsonElement Required(JsonElement item, string property, string source, string where) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value)
            ? value
            : throw new GateInputException($"{source}: {where} lacks \"{property}\".");

    private static string Text(JsonElement item, string property, string source, string where)
    {
        var value = Required(item, property, source, where);
        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new GateInputException($"{source}: {where} \"{property}\" must be a non-empty string, not {value.GetRawText()}.");
    }

    private static double Number(JsonElement value, string source, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new GateInputException($"{source}: {what} must be a number, not {value.GetRawText()}.");
}
