namespace Retention.Benchmarks;

/// <summary>
/// Population sizes. The smoke run (<c>--smoke</c>, used by CI to prove the benchmarks run) sets
/// <c>RETENTION_BENCH_SMOKE=1</c>, which the benchmark processes inherit, and uses small sizes.
/// </summary>
internal static class BenchmarkSizes
{
    internal const string SmokeVariable = "RETENTION_BENCH_SMOKE";

    internal static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    internal static IEnumerable<int> Customers => Smoke ? [10_000] : [1_000_000, 10_000_000];

    /// <summary>Loyalty events replayed by the ledger benchmarks, for a tenth as many customers.</summary>
    internal static IEnumerable<int> LedgerEvents => Smoke ? [10_000] : [1_000_000];
}
