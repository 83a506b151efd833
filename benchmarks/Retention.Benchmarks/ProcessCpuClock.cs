using Perfolizer.Horology;

namespace Retention.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the process's CPU time (user and system, every thread:
/// <see cref="Environment.CpuUsage"/>) instead of the wall clock. The gate (<c>--check</c>) measures with it so that
/// time the process spends waiting for a core, which on a shared 2-core CI machine can double or triple a wall-clock
/// measurement, is not counted: a ratio of CPU times moves far less with the machine's load than a ratio of wall
/// times. Used only with the in-process toolchain (the clock is an object of this process).
/// </summary>
/// <remarks>
/// What it cannot see: a two-core path that stops using the second core costs the same CPU time, so a lost
/// parallel speed-up does not fail the gate (the full suite's wall-clock tables show it). Other threads of the
/// process (a parallel path's second worker, the JIT's and the GC's background threads) are counted.
/// </remarks>
internal sealed class ProcessCpuClock : IClock
{
    /// <summary>The one instance.</summary>
    internal static readonly ProcessCpuClock Instance = new();

    private ProcessCpuClock()
    {
    }

    /// <inheritdoc/>
    public string Title => "Process CPU time";

    /// <inheritdoc/>
    public bool IsAvailable => true;

    /// <inheritdoc/>
    public Frequency Frequency => new(TimeSpan.TicksPerSecond);

    /// <inheritdoc/>
    public long GetTimestamp() => Environment.CpuUsage.TotalTime.Ticks;
}
