using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// <see cref="SpecialFunctions.LogGammaSlope"/>, [ln Γ(z) - ln Γ(z - h)] / h, which BG/BB's long horizons use
/// (<see cref="BgBbModelTests"/>).
/// </summary>
public sealed class LogGammaSlopeTests
{
    [Theory]
    [InlineData(3.78, 0d, 1.1916561873396995823)]
    [InlineData(0.5, 1e-12, -1.9635100260238908805)]
    [InlineData(3.78, 0.34, 1.1383703146184225898)]
    [InlineData(1.0001, 0.99, -4.6358900808999647455)]
    [InlineData(40d, -2.5, 3.7073240839084283989)]
    [InlineData(15d, -100d, 4.0402317068391288863)]
    [InlineData(1e6, 0.34, 13.815509887964086504)]
    [InlineData(2147483650.78, 0.34, 21.487562598340850005)]
    [InlineData(2.5, -1e5, 10.513162066231987226)]
    public void EqualsMpmath(double z, double h, double expected)
    {
        // mpmath, 40 digits: (loggamma(z) - loggamma(z - h)) / h, digamma(z) at h = 0. The rows cover both ends below
        // the shift (15) and above it, h of 1e-12 (where the plain difference keeps about 4 digits), and z of 2e9.
        Assert.Equal(expected, SpecialFunctions.LogGammaSlope(z, h), Tolerance.Relative(1e-14));
    }

    [Fact]
    public void IsNaN_WhereAnEndIsNotAbove0()
    {
        Assert.True(double.IsNaN(SpecialFunctions.LogGammaSlope(1d, 1d)));
        Assert.True(double.IsNaN(SpecialFunctions.LogGammaSlope(0d, -1d)));
        Assert.True(double.IsNaN(SpecialFunctions.LogGammaSlope(double.NaN, 0d)));
    }

    [Property(MaxTest = 300)]
    public Property IsTheDifferenceOfLogGammas_OverH_AndDigammaAtZero()
    {
        // Where the plain difference is well conditioned (|h| from 0.01 to 50, z from 1 to 60) the two agree; at h = 0
        // the slope is ψ(z) itself.
        var ends = from z in Gen.Choose(100, 6000).Select(i => i / 100d)
                   from h in Gen.Choose(-5000, 98).Select(i => (i < 0 ? i : i + 1) / 100d)
                   select (z, h);
        return Prop.ForAll(ends.ToArbitrary(), e =>
        {
            var (z, h) = e;
            var difference = (SpecialFunctions.LogGamma(z) - SpecialFunctions.LogGamma(z - h)) / h;
            var scale = Math.Max(1d, (Math.Abs(SpecialFunctions.LogGamma(z)) + Math.Abs(SpecialFunctions.LogGamma(z - h))) / Math.Abs(h));
            return (Math.Abs(SpecialFunctions.LogGammaSlope(z, h) - difference) <= 1e-13 * scale)
                .Label($"z={z}, h={h}: slope {SpecialFunctions.LogGammaSlope(z, h):R}, difference {difference:R}")
                .And(Math.Abs(SpecialFunctions.LogGammaSlope(z, 0d) - SpecialFunctions.Digamma(z)) <= 1e-14 * Math.Max(1d, Math.Abs(SpecialFunctions.Digamma(z))));
        });
    }
}
