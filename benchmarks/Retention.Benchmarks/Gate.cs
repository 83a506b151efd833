namespace Retention.Benchmarks;

/// <summary>
/// The benchmark gate (<c>--check</c>): the benchmarks in <see cref="Category"/> are the hot paths and the reference
/// workloads that CI measures in one short run; <c>budgets.json</c> beside this file holds each hot path's allocation
/// budget and committed time ratio to its reference, and <c>benchmarks/Retention.BenchmarkGate</c> compares a run's
/// JSON report with it. See docs/performance.md.
/// </summary>
internal static class Gate
{
    /// <summary>The category of the benchmarks the gate runs.</summary>
    internal const string Category = "Gate";
}
