using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// <see cref="Hypergeometric"/>'s three sums against mpmath (40 digits, at the doubles given): ln ₂F₁ and its four
/// derivatives (mpmath's numeric derivative of ln hyp2f1), and (₂F₁ - 1)/b with its condition number Σ|tₖ| / |Σ tₖ|
/// (the series summed term by term). The models reach these only through their own values; here each branch is
/// pinned: z = 0, the rescaling of sums past 1e250, the term limit and the overflow guard.
/// </summary>
public sealed class HypergeometricTests
{
    public static TheoryData<double, double, double, double, double, double, double, double, double> Positive => new()
    {
        { 1.5, 2.5, 3.5, 0.3, 0.37347045298193902586, 0.25348052445525541338, 0.15802259769720695476, -0.11535633899182248752, 1.46101480887108239 },
        { 0.5, 0.7, 1.7, 0.9, 0.34127872029080298564, 0.77953638794980082991, 0.59674632799957561342, -0.30062860392498941892, 0.97061927427944820212 },
        // ₂F₁ about e^1379: the sums are rescaled by 1e250 several times on the way.
        { 500, 600, 501, 0.9, 1379.0845085642460699, 2.4666856615805181609, 2.3010575198973260308, -2.4648556805056807103, 5989.8317099211586669 },
        // z near 1 with a small b: a long sum of small terms.
        { 2.5, 0.01, 40, 0.999, 0.00065319073789944727268, 0.00026999754746265666811, 0.065327609403165283104, -0.000017088487105823282394, 0.00068505144735082854325 },
    };

    [Theory]
    [MemberData(nameof(Positive))]
    public void LogPositive_AndItsDerivatives_EqualMpmath(double a, double b, double c, double z, double value, double da, double db, double dc, double dz)
    {
        // A logarithm of a sum near 1 (the fourth row's ₂F₁ is 1.00065): within an ulp or so of 1, not of the value.
        var log = Hypergeometric.LogPositive(a, b, c, z);
        Assert.True(Math.Abs(log - value) <= 1e-13 * Math.Max(1d, Math.Abs(value)), $"{log:R} vs {value:R}");

        var derivatives = new double[4];
        Hypergeometric.LogPositiveDerivatives(a, b, c, z, derivatives);

        Assert.Equal(da, derivatives[0], Tolerance.Relative(1e-12));
        Assert.Equal(db, derivatives[1], Tolerance.Relative(1e-12));
        Assert.Equal(dc, derivatives[2], Tolerance.Relative(1e-12));
        Assert.Equal(dz, derivatives[3], Tolerance.Relative(1e-12));
    }

    [Fact]
    public void AtZ0_TheLogIs0_AndOnlyTheZDerivativeIsNot()
    {
        var derivatives = new double[] { double.NaN, double.NaN, double.NaN, double.NaN };

        Hypergeometric.LogPositiveDerivatives(1.5, 2.5, 3.5, 0d, derivatives);

        Assert.Equal(0d, Hypergeometric.LogPositive(1.5, 2.5, 3.5, 0d));
        Assert.Equal([0d, 0d, 0d, 1.5 * 2.5 / 3.5], derivatives);
    }

    [Fact]
    public void ASeriesLongerThanTheTermLimit_IsNaN()
    {
        // ₂F₁(1, 1; 1; z) = 1/(1 - z): with z = 1 - 1e-7 the terms fall by z each, and the tail bound reaches 1e-17 of
        // the sum only after about 4e8 of them.
        const double Z = 1 - 1e-7;
        var derivatives = new double[4];

        Hypergeometric.LogPositiveDerivatives(1, 1, 1, Z, derivatives);

        Assert.True(double.IsNaN(Hypergeometric.LogPositive(1, 1, 1, Z)));
        Assert.All(derivatives, d => Assert.True(double.IsNaN(d)));
        Assert.True(double.IsNaN(Hypergeometric.MinusOneOverB(1, 1, 1, Z, out _)));
    }

    [Theory]
    // Positive terms (condition 1); b = 0, where the value is ∂₂F₁/∂b at b = 0; and two alternating series (z < 0),
    // whose terms cancel about 14 and 11 times over.
    [InlineData(1.5, 2.5, 3.5, 0.3, 0.18110705518307763513, 1d)]
    [InlineData(1.5, 0d, 3.5, 0.3, 0.14090814215711628721, 1d)]
    [InlineData(1.5, 2.5, 3.5, -0.9, -0.20439326642397848919, 14.296776601198602511)]
    [InlineData(0.8, 3d, 1.2, -0.6, -0.19450696855699205918, 11.221903851521933106)]
    public void MinusOneOverB_AndItsCondition_EqualMpmath(double a, double b, double c, double z, double expected, double expectedCondition)
    {
        var actual = Hypergeometric.MinusOneOverB(a, b, c, z, out var condition);

        Assert.Equal(expected, actual, Tolerance.Relative(1e-13));
        Assert.Equal(expectedCondition, condition, Tolerance.Relative(1e-12));
    }

    [Fact]
    public void MinusOneOverB_OfA0_Is0_WithCondition1()
    {
        Assert.Equal(0d, Hypergeometric.MinusOneOverB(0d, 2d, 3d, 0.5, out var condition));
        Assert.Equal(1d, condition);
    }

    [Fact]
    public void MinusOneOverB_HeadingForOverflow_IsNaN_WithAnInfiniteCondition()
    {
        // The terms of ₂F₁(500, 600; 501; 0.9) pass 1e300 long before they fall: the caller must take another form.
        Assert.True(double.IsNaN(Hypergeometric.MinusOneOverB(500, 600, 501, 0.9, out var condition)));
        Assert.Equal(double.PositiveInfinity, condition);
    }
}
