using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Retention.Benchmarks;

/// <summary>
/// Runs the benchmarks. <c>--smoke</c> runs every benchmark once (BenchmarkDotNet's Dry job, in process) so CI proves
/// they run; <c>--check</c> runs the benchmark gate's hot paths and reference workloads (category <see cref="Gate.Category"/>)
/// with a short in-process job and writes a JSON report for <c>benchmarks/Retention.BenchmarkGate</c>; any other
/// arguments go to BenchmarkDotNet's switcher (for example <c>--filter '*'</c>, <c>--job short</c>,
/// <c>--artifacts dir</c>).
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
        var check = args.Contains("--check");
        if (smoke && check)
        {
            Console.Error.WriteLine("--smoke and --check exclude each other.");
            return 2;
        }

        var rest = args.Where(a => a is not "--smoke" and not "--check").ToArray();
        IConfig config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        if (smoke)
        {
            Environment.SetEnvironmentVariable(BenchmarkSizes.SmokeVariable, "1");
            // In process: no per-class project build (out of process, that build timed out after 120 s under a load
            // average of 22 on the 2 cores and failed CI).
            config = config.AddJob(Job.Dry.WithId("Smoke").WithToolchain(InProcessEmitToolchain.Instance));
        }
        else if (check)
        {
            Environment.SetEnvironmentVariable(BenchmarkSizes.CheckVariable, "1");
            config = CheckConfig();
        }

        if ((smoke || check) && !rest.Contains("--filter"))
        {
            rest = [.. rest, "--filter", "*"];
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToArray();
        return ExitCode(summaries);
    }

    /// <summary>
    /// The gate's configuration: the benchmarks of category <see cref="Gate.Category"/>, in this process (no
    /// per-benchmark project build), timed by the process's CPU time (<see cref="ProcessCpuClock"/>), one launch, one warm-up and eight measured iterations of about 150 ms, no
    /// overhead evaluation (every gated operation takes 0.1 ms or more), at least one invocation per iteration (so that
    /// a 2-second ledger replay is not invoked four times per iteration), the memory diagnoser and a brief JSON report
    /// (statistics and bytes allocated per operation for each benchmark).
    /// </summary>
    internal static IConfig CheckConfig()
    {
        var job = Job.Default
            .WithId("Check")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(ProcessCpuClock.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(8)
            .WithIterationTime(TimeInterval.FromMilliseconds(150))
            .WithUnrollFactor(1)
            .WithMinInvokeCount(1)
            .WithEvaluateOverhead(false);
        return ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Brief)
            .AddFilter(new AnyCategoriesFilter([Gate.Category]));
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
