using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Loyalty;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Loyalty;

public sealed class PointsTests
{
    [Fact]
    public void Default_IsZero_AndContractsHold()
    {
        Assert.Equal(0L, default(Points).Value);
        Assert.Equal(Points.Zero, Points.AdditiveIdentity);
        TestHelper.TestEqualsStruct(new Points(5), new Points(5), new Points(6), new Points(-5), default);
        TestHelper.TestCompareToStruct(new Points(-1), new Points(-1), new Points(0), new Points(1), new Points(long.MaxValue));
    }

    [Fact]
    public void Arithmetic_Overflow_Throws_NeverWraps()
    {
        Assert.Throws<OverflowException>(() => new Points(long.MaxValue) + new Points(1));
        Assert.Throws<OverflowException>(() => new Points(long.MinValue) - new Points(1));
        Assert.Throws<OverflowException>(() => -new Points(long.MinValue));
    }

    [Fact]
    public void Formatting_AndHelpers()
    {
        Assert.Equal("1250 pts", new Points(1250).ToString());
        Assert.Equal("1,250 pts", new Points(1250).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new Points(3), Points.Min(new Points(3), new Points(7)));
        Assert.Equal(new Points(7), Points.Max(new Points(3), new Points(7)));
        Assert.True(new Points(-1).IsNegative);
        Assert.False(Points.Zero.IsNegative);
    }

    public static Arbitrary<Points> AnyPoints() =>
        Gen.Frequency(
            (3, Gen.Choose(-1000, 1000).Select(v => new Points(v))),
            (1, Gen.Elements(0L, 1L, -1L, 1_000_000_000_000L).Select(v => new Points(v))))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(PointsTests)], MaxTest = 500)]
    public bool Addition_IsCommutativeAndAssociative_AndSubtractionUndoesIt(Points a, Points b, Points c) =>
        a + b == b + a && (a + b) + c == a + (b + c) && a + b - b == a && a - a == Points.Zero && -(-a) == a;

    [Property(Arbitrary = [typeof(PointsTests)], MaxTest = 500)]
    public bool Ordering_AgreesWithTheCount(Points a, Points b) =>
        (a < b) == (a.Value < b.Value) && (a <= b) == (a.Value <= b.Value) && (a == b) == (a.Value == b.Value)
        && Points.Min(a, b) <= Points.Max(a, b);
}
