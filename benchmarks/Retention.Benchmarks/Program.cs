using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Retention.Benchmarks;

/// <summary>
/// Runs the benchmarks. <c>--smoke</c> runs every benchmark once (BenchmarkDotNet's Dry job) so CI proves they build and
/// run; any other arguments go to BenchmarkDotNet's switcher (for example <c>--filter '*'</c>, <c>--job short</c>).
/// </summary>
/// <remarks>
/// BenchmarkDotNet exits 0 even when a benchmark throws, so the exit code here is computed from the summaries: 1 when
/// any benchmark failed or a summary has critical validation errors, 0 otherwise.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var rest = args.Where(a => a != "--smoke").ToArray();
        var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        if (smoke)
        {
            Environment.SetEnvironmentVariable(BenchmarkSizes.SmokeVariable, "1");
            config = config.AddJob(Job.Dry.WithId("Smoke"));
            if (!rest.Contains("--filter"))
            {
                rest = [.. rest, "--filter", "*"];
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToArray();
        return ExitCode(summaries);
    }

    internal static int ExitCode(IReadOnlyCollection<Summary> summaries)
    {
        if (summaries.Count == 0)
        {
            Console.Error.WriteLine("No benchmark ran: check --filter.");
            return 1;
        }

        var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).ToArray();
        foreach (var summary in failed)
        {
            Console.Error.WriteLine($"Benchmark failure in {summary.Title}: " + string.Join(", ", summary.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)));
            foreach (var error in summary.ValidationErrors)
            {
                Console.Error.WriteLine("  " + error.Message);
            }
        }

        return failed.Length == 0 ? 0 : 1;
    }
}
