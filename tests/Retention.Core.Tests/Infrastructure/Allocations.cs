namespace Retention.Tests.Infrastructure;

/// <summary>Allocation measured with the current thread's counter (allocation targets are asserted in tests, speed is not).</summary>
internal static class Allocations
{
    /// <summary>
    /// The least number of bytes one call of <paramref name="action"/> allocated on this thread over
    /// <paramref name="rounds"/> calls: the first calls warm up (JIT tiers, static state, pool buffers), and a one-off
    /// runtime allocation on the thread (a tier-up, a pool resize) is not charged to the code measured.
    /// </summary>
    internal static long LeastOf(int rounds, Action action)
    {
        var least = long.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
