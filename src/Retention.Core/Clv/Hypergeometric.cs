namespace Retention.Clv;

/// <summary>
/// The Gaussian hypergeometric series ₂F₁(a, b; c; z) in the forms the CLV models need, summed in a way that neither
/// overflows nor loses the small differences the models take.
/// </summary>
/// <remarks>
/// Terms follow t₀ = 1, tₖ₊₁ = tₖ (a+k)(b+k) z / ((c+k)(k+1)). Summation stops when a bound on the tail falls below
/// 1e-17 of the sum, or returns NaN after <see cref="MaxTerms"/> terms (or, for the signed series, once the terms head
/// for overflow).
/// </remarks>
internal static class Hypergeometric
{
    internal const int MaxTerms = 200_000;
    private const double Tiny = 1e-17;
    private const double RescaleAbove = 1e250;
    private const double Overflow = 1e300;
    private static readonly double LogRescale = Math.Log(RescaleAbove);

    /// <summary>ln ₂F₁(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1 (all terms positive), rescaled so that huge
    /// sums (a and b in the thousands, z near 1) stay finite.</summary>
    internal static double LogPositive(double a, double b, double c, double z)
    {
        if (z == 0d)
        {
            return 0d;
        }

        var sum = 1d;
        var term = 1d;
        var logScale = 0d;
        for (var k = 0; k < MaxTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1d)) * z;
            term *= ratio;
            sum += term;
            if (ratio < 1d)
            {
                var bound = Math.Max(ratio, z);
                if (term * bound / (1d - bound) <= Tiny * sum)
                {
                    return logScale + Math.Log(sum);
                }
            }

            if (sum > RescaleAbove)
            {
                sum /= RescaleAbove;
                term /= RescaleAbove;
                logScale += LogRescale;
            }
        }

        return double.NaN;
    }

    /// <summary>
    /// The derivatives of ln ₂F₁(a, b; c; z) with respect to a, b, c and z (into <paramref name="derivatives"/>, in that
    /// order), for the same domain as <see cref="LogPositive"/>. ∂tₖ/∂a = tₖ Σⱼ&lt;ₖ 1/(a+j), likewise for b and (with a
    /// minus sign) c, and ∂tₖ/∂z = k tₖ / z; the sums of those are positive (c's negative), so each derivative is a ratio
    /// of sums without cancellation, rescaled together with the series.
    /// </summary>
    internal static void LogPositiveDerivatives(double a, double b, double c, double z, Span<double> derivatives)
    {
        if (z == 0d)
        {
            derivatives[0] = 0d;
            derivatives[1] = 0d;
            derivatives[2] = 0d;
            derivatives[3] = a * b / c;
            return;
        }

        double sum = 1d, term = 1d, sumA = 0d, sumB = 0d, sumC = 0d, sumK = 0d;
        double harmonicA = 0d, harmonicB = 0d, harmonicC = 0d;
        for (var k = 0; k < MaxTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1d)) * z;
            harmonicA += 1d / (a + k);
            harmonicB += 1d / (b + k);
            harmonicC += 1d / (c + k);
            term *= ratio;
            sum += term;
            sumA += term * harmonicA;
            sumB += term * harmonicB;
            sumC += term * harmonicC;
            sumK += term * (k + 1d);
            if (ratio < 1d)
            {
                // The weighted terms fall more slowly than the series (by the harmonic factors and k): a tighter bound.
                var bound = Math.Max(ratio, z);
                if (term * bound / (1d - bound) * (k + 2d) * (harmonicA + harmonicB + harmonicC + 1d) <= Tiny * sum)
                {
                    derivatives[0] = sumA / sum;
                    derivatives[1] = sumB / sum;
                    derivatives[2] = -sumC / sum;
                    derivatives[3] = sumK / (sum * z);
                    return;
                }
            }

            if (sum > RescaleAbove || sumK > RescaleAbove)
            {
                sum /= RescaleAbove;
                term /= RescaleAbove;
                sumA /= RescaleAbove;
                sumB /= RescaleAbove;
                sumC /= RescaleAbove;
                sumK /= RescaleAbove;
            }
        }

        derivatives.Fill(double.NaN);
    }

    /// <summary>
    /// (₂F₁(a, b; c; z) - 1) / b for |z| &lt; 1, summed without the leading 1 and without dividing by b, so that it is
    /// accurate when the sum is tiny and finite when b is 0: Σₖ≥₁ (a)ₖ (b+1)ₖ₋₁ zᵏ / ((c)ₖ k!).
    /// <paramref name="condition"/> receives Σ|tₖ| / |Σ tₖ|: the factor by which rounding errors are amplified when
    /// terms of both signs cancel.
    /// </summary>
    internal static double MinusOneOverB(double a, double b, double c, double z, out double condition)
    {
        // First term: a z / c; then t_{k+1} = t_k (a+k)(b+k) z / ((c+k)(k+1)) for k ≥ 1.
        var term = a * z / c;
        var sum = term;
        var absSum = Math.Abs(term);
        var absZ = Math.Abs(z);
        condition = 1d;
        for (var k = 1; k < MaxTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1d)) * z;
            term *= ratio;
            sum += term;
            absSum += Math.Abs(term);
            if (absSum > Overflow)
            {
                // Heading for infinity (parameters far above c with z near 1): the caller takes another form.
                condition = double.PositiveInfinity;
                return double.NaN;
            }

            var absRatio = Math.Abs(ratio);
            if (term == 0d || (absRatio < 1d && Math.Abs(term) * Math.Max(absRatio, absZ) / (1d - Math.Max(absRatio, absZ)) <= Tiny * Math.Abs(sum)))
            {
                condition = sum == 0d ? (absSum == 0d ? 1d : double.PositiveInfinity) : absSum / Math.Abs(sum);
                return sum;
            }
        }

        return double.NaN;
    }
}
