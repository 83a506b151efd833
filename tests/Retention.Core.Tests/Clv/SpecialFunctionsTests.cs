using System.Runtime.Intrinsics;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// <see cref="SpecialFunctions"/>' log-gamma, digamma, log-beta and the log-space helpers, each against mpmath (40
/// digits, at the double nearest each input). Every model goes through them, but until now only through the models'
/// own values, where an error in a rarely taken branch (a tiny or huge argument, the overflow guards) hides.
/// </summary>
public sealed class SpecialFunctionsTests
{
    [Theory]
    // Below the shift (15), where the recurrence multiplies up to it, at it and above it; 1e-300, whose product with
    // 1 · 2 ⋯ 14 stays above the least double; 1e300, where (x - ½) ln x is near the largest.
    [InlineData(1e-300, 690.77552789821370518)]
    [InlineData(0.5, 0.57236494292470008707)]
    [InlineData(3.78, 1.5224286885969538103)]
    [InlineData(14.999, 25.188546870546927907)]
    [InlineData(15d, 25.1912211827386815)]
    [InlineData(15.5, 26.536914491115613624)]
    [InlineData(100d, 359.13420536957539878)]
    [InlineData(1e6, 12815504.56914761166)]
    [InlineData(1e300, 6.8977552789821374147e+302)]
    public void LogGamma_EqualsMpmath(double x, double expected)
    {
        // Below 15 the value is a difference of two logarithms near 25 (Stirling's series at x + n and ln of the
        // product x (x+1) ⋯ (x+n-1)): within a few ulps of 25, not of the value.
        var tolerance = x < 15d ? 5e-15 : 1e-15 * Math.Abs(expected);
        Assert.True(Math.Abs(SpecialFunctions.LogGamma(x) - expected) <= tolerance, $"{SpecialFunctions.LogGamma(x):R} vs {expected:R}");
    }

    [Theory]
    [InlineData(1d)]
    [InlineData(2d)]
    public void LogGamma_OfOneAndTwo_IsZero_WithinAFewUlpsOf25(double x)
    {
        Assert.Equal(0d, SpecialFunctions.LogGamma(x), 5e-15);
    }

    [Theory]
    [InlineData(1e-10, -10000000000.57721530041507)]
    [InlineData(0.5, -1.9635100260214234794)]
    [InlineData(1d, -0.57721566490153286061)]
    [InlineData(3.78, 1.1916561873396995823)]
    [InlineData(14.999, 2.6742777210575356123)]
    [InlineData(15d, 2.6743466616607937017)]
    [InlineData(100d, 4.6001618527380874002)]
    [InlineData(1e10, 23.02585092989045684)]
    public void Digamma_EqualsMpmath(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.Digamma(x), Tolerance.Relative(1e-15));
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(-1d)]
    [InlineData(double.NaN)]
    public void LogGammaAndDigamma_AreNaN_AtOrBelowZero(double x)
    {
        Assert.True(double.IsNaN(SpecialFunctions.LogGamma(x)));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(x)));
    }

    [Theory]
    // Both arguments below 15 (the plain sum of log-gammas), and a larger one from 15 up, either way round: there the
    // plain sum lost an ulp of ln Γ(1e5) ≈ 1e6, 1.2e-12 relative, and now goes through the mean slope of ln Γ.
    [InlineData(2.5, 0.3, 0.86377807330324788833)]
    [InlineData(1e5, 2d, -23.025860929890457174)]
    [InlineData(2d, 1e5, -23.025860929890457174)]
    [InlineData(0.66, 2.78, -0.3233980627435760841787)]
    [InlineData(15d, 0.5, -0.7733283654522320367878)]
    [InlineData(3e4, 2.5e4, -37899.34942073719627671)]
    [InlineData(1.2, 1e9, -24.95329309445900830395)]
    public void LogBeta_EqualsMpmath(double a, double b, double expected)
    {
        // Three log-gammas below 15, each within a few ulps of 25: 1e-14 absolute there, relative from 1 up.
        var actual = SpecialFunctions.LogBeta(a, b);
        Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1d, Math.Abs(expected)), $"{actual:R} vs {expected:R}");
    }

    [Fact]
    public void LogBeta_IsNaN_WhereAnArgumentIsNotAbove0()
    {
        Assert.True(double.IsNaN(SpecialFunctions.LogBeta(0d, 20d)));
        Assert.True(double.IsNaN(SpecialFunctions.LogBeta(20d, -1d)));
        Assert.True(double.IsNaN(SpecialFunctions.LogBeta(double.NaN, 20d)));
        Assert.True(double.IsNaN(SpecialFunctions.LogBeta(20d, double.NaN)));
    }

    [Theory]
    [InlineData(3d, 1d, 3.1269280110429724964)]
    [InlineData(1d, 3d, 3.1269280110429724964)]
    [InlineData(0d, -40d, 4.2483542552915889863e-18)]
    [InlineData(1000d, 1000d, 1000.6931471805599453)]
    [InlineData(-745d, -746d, -744.68673831248177717)]
    public void LogAddExp_EqualsMpmath(double a, double b, double expected)
    {
        // e^1000 overflows and e^-746 underflows: taken as the larger plus ln(1 + e^-difference).
        Assert.Equal(expected, SpecialFunctions.LogAddExp(a, b), Tolerance.Relative(1e-15));
    }

    [Fact]
    public void LogAddExp_WithMinusInfinity_IsTheOtherTerm()
    {
        Assert.Equal(-3.5, SpecialFunctions.LogAddExp(double.NegativeInfinity, -3.5));
        Assert.Equal(-3.5, SpecialFunctions.LogAddExp(-3.5, double.NegativeInfinity));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogAddExp(double.NegativeInfinity, double.NegativeInfinity));
    }

    [Theory]
    // Both branches: e^(b-a) above ½ (ln of -expm1) and below it (log1p of -e^(b-a)), each where the other would lose
    // digits: b - a = -1e-10 and -40.
    [InlineData(3d, 1d, 2.854586542131140943)]
    [InlineData(0d, -1e-10, -23.025850929990456804)]
    [InlineData(0d, -0.5, -0.93275212956718857189)]
    [InlineData(0d, -1d, -0.45867514538708189102)]
    [InlineData(0d, -40d, -4.2483542552915890044e-18)]
    [InlineData(700d, 699.5, 699.06724787043281143)]
    public void LogSubExp_EqualsMpmath(double a, double b, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogSubExp(a, b), Tolerance.Relative(1e-14));
    }

    [Fact]
    public void LogSubExp_OfEqualTerms_IsMinusInfinity_AndOfMinusInfinity_IsTheFirst()
    {
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogSubExp(2.5, 2.5));
        Assert.Equal(2.5, SpecialFunctions.LogSubExp(2.5, double.NegativeInfinity));
    }

    [Theory]
    [InlineData(0d, 0.69314718055994530942)]
    [InlineData(40d, 40.000000000000000004)]
    [InlineData(-40d, 4.2483542552915889863e-18)]
    [InlineData(3d, 3.0485873515737420588)]
    [InlineData(-3d, 0.048587351573742058759)]
    [InlineData(800d, 800d)]
    [InlineData(-800d, 0d)]
    public void Softplus_EqualsMpmath(double d, double expected)
    {
        // ln(1 + e^d): e^800 overflows, and e^-800 is below the least double, so 0 is the nearest.
        Assert.Equal(expected, SpecialFunctions.Softplus(d), Tolerance.Relative(1e-15));
    }

    [Theory]
    // 1 + 1e-20 rounds to 1 (the value is x); 1e306 is where x ln(1+x) would overflow, so the ratio is taken first.
    [InlineData(1e-20, 1e-20)]
    [InlineData(-0.5, -0.69314718055994530942)]
    [InlineData(3d, 1.3862943611198906188)]
    [InlineData(1e306, 704.59103845617797933)]
    [InlineData(-0.999999, -13.81551055793551844)]
    [InlineData(1e-10, 9.999999999500000364355e-11)]
    [InlineData(double.MaxValue, 709.78271289338399673)]
    public void Log1P_EqualsMpmath_AndSoDoItsFourLanes(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.Log1P(x), Tolerance.Relative(1e-15));

        // The same x in one lane, ordinary values in the others, so that lanes cannot borrow each other's branch.
        var lanes = SpecialFunctions.Log1P(Vector256.Create(x, 0.25, 1e-300, 7d));
        Assert.Equal(expected, lanes[0], Tolerance.Relative(1e-15));
        Assert.Equal(0.22314355131420975577, lanes[1], Tolerance.Relative(1e-15));
        Assert.Equal(1e-300, lanes[2]);
        Assert.Equal(2.0794415416798359283, lanes[3], Tolerance.Relative(1e-15));
    }

    [Theory]
    // e^1e-20 rounds to 1 (the value is x); e^-800 underflows to 0 (the value is -1); 700 is near where (e^x - 1) x
    // would overflow, so the ratio is taken first.
    [InlineData(1e-20, 1e-20)]
    [InlineData(-1e-5, -9.999950000166667068e-6)]
    [InlineData(5d, 147.41315910257660342)]
    [InlineData(-800d, -1d)]
    [InlineData(700d, 1.0142320547350045095e+304)]
    [InlineData(709.7, 1.6549840276802644031e+308)]
    public void ExpM1_EqualsMpmath(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.ExpM1(x), Tolerance.Relative(1e-15));
    }

    [Theory]
    // ln Γ(b+n) - ln Γ(b). Through the slope (1 ≤ b and n ≤ b): 1e300 + 3 (the plain difference of two log-gammas near
    // 6.9e302 kept nothing), 1e5 + 2, 14.5 + 0.25. By the difference: n above b (1 + 14, 7.25 + 1e4, 3 + 5, and 2.5 +
    // 1e300, where b + n rounds to n and the slope's recurrence was NaN), b below 1 (0.5; 1e-300, where b + n rounds to
    // n); n = 0.
    [InlineData(1e300, 3d, 2072.326583694641115774)]
    [InlineData(1e5, 2d, 23.02586092989045717351)]
    [InlineData(1d, 14d, 25.19122118273868150009)]
    [InlineData(7.25, 1e4, 82159.44254380387146617)]
    [InlineData(0.5, 20d, 40.2591360316060980227)]
    [InlineData(1e-300, 1e6, 12814813.79361971344627)]
    [InlineData(3d, 5d, 7.832014180505468990748)]
    [InlineData(14.5, 0.25, 0.6620354742522886868574)]
    [InlineData(2.5, 1e300, 6.8977552789821374147e+302)]
    [InlineData(2.5, 0d, 0d)]
    public void LogRising_EqualsMpmath(double b, double n, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogRising(b, n), Tolerance.Relative(1e-14));
    }

    [Fact]
    public void LogRising_OfSubnormals_IsFinite()
    {
        // b = n = 5e-324: the slope's recurrence would divide by b + n = 1e-323 and overflow to -∞. The difference of
        // ln Γ(1e-323) and ln Γ(5e-324), each about 744, is 5.5e-14 off the answer (mpmath, 50 digits), about ln(1/2).
        Assert.Equal(-0.69314718055994530942, SpecialFunctions.LogRising(double.Epsilon, double.Epsilon), 1e-12);
    }

    [Fact]
    public void Log1P_AndExpM1_AreInfiniteWhereTheirValueIs()
    {
        // Kahan's ratio is ∞/∞ at ln(1 + ∞), and 0 · ∞ where e^x overflows (above about 709.78): both were NaN, which
        // split every panel of Pareto/NBD's purchase-count quadrature to depth 40 for a subnormal α (2^40 panels).
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Log1P(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.ExpM1(710d));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.ExpM1(double.PositiveInfinity));
        var lanes = SpecialFunctions.Log1P(Vector256.Create(double.PositiveInfinity, 3d, double.MaxValue, 1e-20));
        Assert.Equal(double.PositiveInfinity, lanes[0]);
        Assert.Equal(1.3862943611198906188, lanes[1], Tolerance.Relative(1e-15));
        Assert.Equal(709.78271289338399673, lanes[2], Tolerance.Relative(1e-15));
        Assert.Equal(1e-20, lanes[3]);
    }
}
