namespace Retention.Tests.Infrastructure;

/// <summary>Comparers for floating-point results that are equal up to a stated tolerance.</summary>
internal static class Tolerance
{
    /// <summary>Equal when |expected - actual| ≤ <paramref name="relative"/> × |expected| (exactly equal at 0); the
    /// failure message shows both values at full precision.</summary>
    internal static IEqualityComparer<double> Relative(double relative) => new RelativeComparer(relative);

    private sealed class RelativeComparer(double relative) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => x == y || Math.Abs(x - y) <= relative * Math.Abs(x);

        public int GetHashCode(double obj) => 0;
    }
}
