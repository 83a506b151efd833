namespace Retention.Benchmarks;

/// <summary>
/// Population sizes. Three modes, chosen by environment variables that the benchmark processes inherit:
/// the full suite (default: 1M and 10M customers, 1M events), the smoke run (<c>--smoke</c>, used by CI to prove every
/// benchmark runs; <c>RETENTION_BENCH_SMOKE=1</c>, 10,000 customers) and the check mode (<c>--check</c>, the CI
/// benchmark gate; <c>RETENTION_BENCH_CHECK=1</c>, 100,000 to 200,000 customers: large enough that the two-core paths
/// of RFM quantile scoring, customer summaries and CLV run, small enough for a short CI step).
/// </summary>
internal static class BenchmarkSizes
{
    internal const string SmokeVariable = "RETENTION_BENCH_SMOKE";

    internal const string CheckVariable = "RETENTION_BENCH_CHECK";

    internal static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    internal static bool Check => Environment.GetEnvironmentVariable(CheckVariable) == "1";

    /// <summary>RFM populations: in check mode 200,000 (quantile scoring on two cores, cut points on one).</summary>
    internal static IEnumerable<int> Customers => Smoke ? [10_000] : Check ? [200_000] : [1_000_000, 10_000_000];

    /// <summary>Populations of the one-size classes (summaries, tiers, offers).</summary>
    internal static IEnumerable<int> OneMillion => Smoke ? [10_000] : Check ? [100_000] : [1_000_000];

    /// <summary>CLV populations: in check mode 200,000, where the fit takes its subsample warm start as at 1M.</summary>
    internal static IEnumerable<int> ClvCustomers => Smoke ? [10_000] : Check ? [200_000] : [1_000_000];

    /// <summary>
    /// Loyalty events replayed by the ledger benchmarks, for a tenth as many customers: at least 100,000, the gate's
    /// pair's events per invocation.
    /// </summary>
    internal static IEnumerable<int> LedgerEvents => Smoke || Check ? [100_000] : [1_000_000];

    /// <summary>Events replayed into the ledger that <c>TierBenchmarks.LedgerGetTier</c> reads.</summary>
    internal static int TierLedgerEvents => Smoke ? 10_000 : Check ? 100_000 : 1_000_000;
}
