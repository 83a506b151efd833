using System.Text.Json;

namespace Retention.BenchmarkGate;

/// <summary>One benchmark's result from a BenchmarkDotNet JSON report: times in nanoseconds per operation.</summary>
internal sealed record Measurement(string Name, string Parameters, string Source, double Min, double Median, double Mean, int Iterations, long? BytesAllocatedPerOperation)
{
    /// <summary>Gets the chosen statistic, in nanoseconds per operation.</summary>
    public double Time(RatioStatistic statistic) => statistic switch
    {
        RatioStatistic.Min => Min,
        RatioStatistic.Mean => Mean,
        _ => Median,
    };
}

/// <summary>Reads BenchmarkDotNet's JSON reports (the brief or full JSON exporter; <c>--exporters json</c>).</summary>
internal static class Report
{
    /// <summary>
    /// Reads one report. Each benchmark is named <c>Type.Method</c> (the type without its namespace); BenchmarkDotNet
    /// omits the statistics of a benchmark that failed, and such a benchmark is left out (the check then reports it
    /// missing). Throws <see cref="GateInputException"/> when the text is not a report or holds no benchmark.
    /// </summary>
    public static IReadOnlyList<Measurement> Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GateInputException($"{source}: not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Benchmarks", out var benchmarks)
                || benchmarks.ValueKind != JsonValueKind.Array)
            {
                throw new GateInputException($"{source}: not a BenchmarkDotNet JSON report (no \"Benchmarks\" array).");
            }

            var result = new List<Measurement>();
            foreach (var b in benchmarks.EnumerateArray())
            {
                var type = String(b, "Type");
                var method = String(b, "Method");
                if (type is null || method is null)
                {
                    throw new GateInputException($"{source}: a benchmark without \"Type\" and \"Method\".");
                }

                if (!b.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var name = type + "." + method;
                long? bytes = null;
                if (b.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    && memory.TryGetProperty("BytesAllocatedPerOperation", out var allocated))
                {
                    bytes = allocated.ValueKind == JsonValueKind.Number && allocated.TryGetInt64(out var value) && value >= 0
                        ? value
                        : throw new GateInputException($"{source}: {name} has BytesAllocatedPerOperation {allocated.GetRawText()}.");
                }

                result.Add(new Measurement(
                    name,
                    String(b, "Parameters") ?? "",
                    source,
                    Time(statistics, "Min", source, name),
                    Time(statistics, "Median", source, name),
                    Time(statistics, "Mean", source, name),
                    statistics.TryGetProperty("N", out var n) && n.TryGetInt32(out var count) ? count : 0,
                    bytes));
            }

            if (benchmarks.GetArrayLength() == 0)
            {
                throw new GateInputException($"{source}: the report holds no benchmark.");
            }

            return result;
        }
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Time(JsonElement statistics, string property, string source, string name) =>
        statistics.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0
            ? d
            : throw new GateInputException($"{source}: {name} has no usable Statistics.{property}.");
}
