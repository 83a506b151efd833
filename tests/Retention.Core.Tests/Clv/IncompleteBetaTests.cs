using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// <see cref="SpecialFunctions.RegularizedIncompleteBeta"/> and the negative binomial tail built on it
/// (<see cref="BgNbdFamily.NegativeBinomialTail"/>), which BG/NBD's and MBG/NBD's purchase-count probabilities use.
/// </summary>
public sealed class IncompleteBetaTests
{
    [Theory]
    [InlineData(100d, 10d, 0.5, 7.2034013298712324798e-21)]
    [InlineData(2.5, 0.3, 0.1, 0.00056180967879766208881)]
    [InlineData(0.5, 4d, 0.01, 0.21657559375000000221)]
    public void RegularizedIncompleteBeta_EqualsMpmath(double a, double b, double x, double expected)
    {
        // mpmath.betainc(a, b, 0, x, regularized=True), 40 digits.
        Assert.Equal(expected, SpecialFunctions.RegularizedIncompleteBeta(a, b, Math.Log(x), Math.Log(1d - x)), Tolerance.Relative(1e-13));
    }

    [Theory]
    [InlineData(2d, 2d, 0.5)]
    [InlineData(2d, 2d, 0.99)]
    [InlineData(0.5, 4d, 0.3)]
    public void RegularizedIncompleteBeta_AtOrAboveWhereItsFractionConvergesQuickly_IsNaN(double a, double b, double x)
    {
        // (a + 1)/(a + b + 2) is 0.5 for a = b = 2 and 0.23 for a = 0.5, b = 4: the caller takes another form there.
        Assert.True(double.IsNaN(SpecialFunctions.RegularizedIncompleteBeta(a, b, Math.Log(x), Math.Log(1d - x))));
    }

    [Fact]
    public void NegativeBinomialTail_OfZeroIsOne_AndOfAZeroHorizonIsZero()
    {
        Assert.Equal(1d, BgNbdFamily.NegativeBinomialTail(0.5, 0, Math.Log(0.5), Math.Log(0.5)));
        Assert.Equal(0d, BgNbdFamily.NegativeBinomialTail(0.5, 3, 0d, double.NegativeInfinity));
    }

    /// <summary>Shape r, count n and the probability q = t/(α+t) of the negative binomial.</summary>
    public static Arbitrary<(double R, int N, double Q)> Counts() =>
        (from r in Gen.Elements(0.05, 0.243, 1d, 2.5, 10d, 100d, 2000d)
         from q in Gen.Elements(0.01, 0.2, 0.5, 0.8, 0.95, 0.99)
         from shift in Gen.Choose(-30, 200)
         let mean = r * q / (1d - q)
         select (r, Math.Max(1, (int)Math.Round(mean + (shift * Math.Sqrt(mean / (1d - q)) / 10d))), q)).ToArbitrary();

    [Property(Arbitrary = [typeof(IncompleteBetaTests)], MaxTest = 1000)]
    public Property NegativeBinomialTail_EqualsTheSumOfItsTerms(
        (double R, int N, double Q) c)
    {
        // The oracle sums the tail's positive terms from n on, NB(j+1) = NB(j) (r+j)/(j+1) q, until they no longer
        // change the sum: accurate to a few ulps per term whatever the tail's size. Both the incomplete beta and the
        // 1 - head form (below the far tail) must agree with it.
        var (r, n, q) = c;
        double logP = Math.Log(1d - q), logQ = Math.Log(q);
        var term = Math.Exp(BgNbdFamily.LogNegativeBinomial(r, n, logP, logQ));
        var sum = 0d;
        for (var j = n; term > sum * 1e-18 || (r + j) * q >= j + 1; j++)
        {
            sum += term;
            term *= (r + j) / (j + 1d) * q;
        }

        var tail = BgNbdFamily.NegativeBinomialTail(r, n, logP, logQ);
        var farTail = q < (n + 1d) / (n + r + 2d);
        // In the far tail the error is relative: both sides take the exponential of log-gamma terms, each rounded to an
        // ulp of its size, and the oracle's recurrence adds an ulp or two per term. Where 1 - head answers, its
        // rounding is absolute: a few ulps of 1 per term of the head, and the same log-gamma rounding in each term (at
        // r = 2000, n = 9, q = 0.01 the two sums were 3.4e-12 apart, the terms' exponents about 13,000).
        var size = SpecialFunctions.LogGamma(r + n) + SpecialFunctions.LogGamma(n + 1d) + Math.Abs(SpecialFunctions.LogGamma(r)) + (r * -logP) + (n * -logQ);
        var agree = farTail
            ? Math.Abs(tail - sum) <= (1e-12 + (1e-15 * size)) * sum
            : Math.Abs(tail - sum) <= (1e-13 * n) + (1e-15 * size);
        return agree.ToProperty().Label($"tail {tail:R}, terms {sum:R}, far tail {farTail}");
    }
}
