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

    /// <summary>
    /// As <see cref="LeastOf(int, Action)"/>, with a fresh <paramref name="setUp"/> before each call and
    /// <paramref name="then"/> (the test's checks) after it, neither of them measured; <paramref name="measured"/> is
    /// given what the set-up made (a new ledger, say).
    /// </summary>
    internal static long LeastOf<T>(int rounds, Func<T> setUp, Action<T> measured, Action<T> then)
    {
        var least = long.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var state = setUp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            measured(state);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            then(state);
        }

        return least;
    }
}
