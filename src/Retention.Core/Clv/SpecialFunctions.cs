using System.Runtime.Intrinsics;

namespace Retention.Clv;

/// <summary>
/// Log-gamma, digamma and log-beta for positive arguments: the BCL has none of them. ln Γ is within about 4e-15 (an ulp
/// of ln Γ(15)) below 15, where it crosses 0 at 1 and 2, and about 1e-15 relative from 15 on; ψ about 1e-15 relative
/// away from its zero near 1.46.
/// </summary>
/// <remarks>
/// Both functions shift small arguments up by the recurrence (Γ(x+1) = xΓ(x), ψ(x+1) = ψ(x) + 1/x) and then use the
/// asymptotic Stirling series, which at x ≥ 15 is accurate to rounding with the terms kept here.
/// </remarks>
internal static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;
    private const double Shift = 15d;

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    internal static double LogGamma(double x)
    {
        if (!(x > 0d))
        {
            return double.NaN;
        }

        if (x >= Shift)
        {
            return Stirling(x);
        }

        // ln Γ(x) = ln Γ(x + n) - ln(x (x+1) ... (x+n-1)); the product stays well inside double range.
        var product = 1d;
        var y = x;
        while (y < Shift)
        {
            product *= y;
            y += 1d;
        }

        return Stirling(y) - Math.Log(product);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x) for x &gt; 0.</summary>
    internal static double Digamma(double x)
    {
        if (!(x > 0d))
        {
            return double.NaN;
        }

        var result = 0d;
        while (x < Shift)
        {
            result -= 1d / x;
            x += 1d;
        }

        var inv = 1d / x;
        var inv2 = inv * inv;
        // ln x - 1/(2x) - sum B_2k / (2k x^2k)
        var series = inv2 * (1d / 12 - inv2 * (1d / 120 - inv2 * (1d / 252 - inv2 * (1d / 240 - inv2 * (1d / 132 - inv2 * (691d / 32760 - inv2 / 12))))));
        return result + Math.Log(x) - (0.5 * inv) - series;
    }

    /// <summary>
    /// [ln Γ(z) - ln Γ(z - h)] / h, the mean slope of ln Γ over [z - h, z], for z &gt; 0 and z - h &gt; 0; ψ(z) at h = 0.
    /// Unlike the difference of two log-gammas divided by h, it keeps its digits for small h and for large z.
    /// </summary>
    /// <remarks>Both ends are shifted up by the recurrence, each step taking (ln z - ln(z - h)) / h = L(-h/z) / z with
    /// L(u) = ln(1 + u) / u, until both are at least <see cref="Shift"/>; the rest is the difference of the two Stirling
    /// series with h divided out of every term by hand: (z - ½) ln z - (w - ½) ln w - h over h is ln z + (w - ½) L(-h/z) / z
    /// - 1, and (z^-m - w^-m) / h is -(1/z)(1/w) Σᵢ₌₀^{m-1} z^-i w^-(m-1-i).</remarks>
    internal static double LogGammaSlope(double z, double h)
    {
        var w = z - h;
        if (!(z > 0d && w > 0d))
        {
            return double.NaN;
        }

        var result = 0d;
        while (z < Shift || w < Shift)
        {
            result -= LogOnePlusOver(-h / z) / z;
            z += 1d;
            w += 1d;
        }

        var a = 1d / z;
        var b = 1d / w;
        result += Math.Log(z) + ((w - 0.5) * a * LogOnePlusOver(-h * a)) - 1d;

        // Σ c_k (a^m - b^m) / h for m = 2k - 1, with power = Σᵢ₌₀^{m-1} aⁱ b^(m-1-i) grown two powers at a time.
        ReadOnlySpan<double> stirling = [1d / 12, -1d / 360, 1d / 1260, -1d / 1680, 1d / 1188, -691d / 360360];
        var power = 1d;
        var aPower = 1d;
        var series = 0d;
        foreach (var c in stirling)
        {
            series += c * power;
            power = (aPower * a * (a + b)) + (b * b * power);
            aPower *= a * a;
        }

        return result - (a * b * series);
    }

    /// <summary>
    /// ln Γ(b + n) - ln Γ(b), the logarithm of the rising factorial b (b+1) ⋯ (b+n-1), for b &gt; 0 and n ≥ 0 (any real
    /// n). When 1 ≤ b and n ≤ b it is n times <see cref="LogGammaSlope"/>: the two log-gammas there are large and close
    /// and cancel (at b = 1e300 nothing of the difference was left, and at b = 1e5 it lost an ulp of 1e6). Otherwise
    /// their difference loses nothing that matters: below 1, ln Γ is at most 745 (and the slope's recurrence, dividing by
    /// b + n, overflows for a subnormal b); with n above b, ln Γ(b + n) is the larger by far, while the slope's recurrence
    /// takes ln(1 - n/z) with n/z rounded near 1, keeping about 1e-16 z/b of it, and was NaN once b + n rounded to n (b =
    /// 2.5, n = 1e300: a Gamma-Gamma log-likelihood with q = 1e300).
    /// </summary>
    internal static double LogRising(double b, double n) =>
        n == 0d ? 0d : b >= 1d && n <= b ? n * LogGammaSlope(b + n, n) : LogGamma(b + n) - LogGamma(b);

    /// <summary>
    /// ln[B(a + x, b + k) / B(a, b)] for a, b &gt; 0 and x, k ≥ 0, as the two ratios of rising factorials
    /// (a)ₓ / (a+b+k)ₓ and (b)ₖ / (a+b)ₖ (<see cref="LogRisingRatio"/>). The difference of the two log-betas cancels where
    /// a parameter is tiny (ln Γ(5e-324) is 744) or large: it gave BG/BB log-likelihoods above 0, sBG survivals above 1,
    /// and an sBG survival that rose between 10⁴ and 2³¹ periods.
    /// </summary>
    internal static double LogBetaRatio(double a, double b, double x, double k) =>
        LogRisingRatio(a, b + k, x) + LogRisingRatio(b, a, k);

    /// <summary>
    /// ln[(u)ₙ / (u+d)ₙ] = ln Γ(u+n) - ln Γ(u) - ln Γ(u+d+n) + ln Γ(u+d), for u, d &gt; 0 and n ≥ 0, grouped so that the two
    /// parts that cancel are each of the size of min(d, n) ln(…): G(u, d) - G(u+n, d) when d ≤ n, else G(u, n) - G(u+d, n),
    /// with G(w, h) = ln Γ(w+h) - ln Γ(w) = ln (w)ₕ (<see cref="LogRising"/>). Taken as the difference of two rising
    /// factorials as they stand it kept only about 1e-16 n ln(u+n) (4e-6 at n = 2³¹, where an sBG survival rose with t).
    /// </summary>
    internal static double LogRisingRatio(double u, double d, double n) =>
        n == 0d ? 0d : d <= n ? LogRising(u, d) - LogRising(u + n, d) : LogRising(u, n) - LogRising(u + d, n);

    /// <summary>ln(1 + u) / u for u &gt; -1, 1 at u = 0.</summary>
    private static double LogOnePlusOver(double u) => u == 0d ? 1d : Log1P(u) / u;

    /// <summary>
    /// ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b); when the larger argument is <see cref="Shift"/> or more, as
    /// ln Γ(s) - s [ln Γ(a + b) - ln Γ(a + b - s)] / s with s the smaller (<see cref="LogGammaSlope"/>), since there the
    /// plain sum's two large log-gammas cancel and it keeps only an ulp of ln Γ of the larger (B(1e5, 2) was 1.2e-12
    /// relative off).
    /// </summary>
    internal static double LogBeta(double a, double b)
    {
        var (small, large) = a <= b ? (a, b) : (b, a);
        return large < Shift ? LogGamma(a) + LogGamma(b) - LogGamma(a + b) : LogGamma(small) - (small * LogGammaSlope(a + b, small));
    }

    /// <summary>ln(e^a + e^b) without overflow; -∞ when both are -∞.</summary>
    internal static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + Log1P(Math.Exp(b - a)) : b + Log1P(Math.Exp(a - b));
    }

    /// <summary>ln(e^a - e^b) for a ≥ b; -∞ when they are equal.</summary>
    internal static double LogSubExp(double a, double b)
    {
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        var d = b - a;
        return d > -0.693 ? a + Math.Log(-ExpM1(d)) : a + Log1P(-Math.Exp(d));
    }

    /// <summary>ln(1 + e^d), the softplus, without overflow.</summary>
    internal static double Softplus(double d) => d > 0d ? d + Log1P(Math.Exp(-d)) : Log1P(Math.Exp(d));

    /// <summary>ln(1 + x) accurate for small x (Kahan's trick); +∞ at +∞.</summary>
    internal static double Log1P(double x)
    {
        var u = 1d + x;
        if (u == 1d || double.IsPositiveInfinity(u))
        {
            return u == 1d ? x : u; // at +∞ the ratio below is ∞/∞
        }

        return Math.Log(u) * (x / (u - 1d)); // the ratio first: x ln(1+x) overflows above about 2.5e305
    }

    /// <summary>ln(1 + x/y) for x ≥ 0 and y &gt; 0, also where the ratio overflows (y subnormal, or below 1e-308 x): it is
    /// then ln x - ln y, exact to the last bit since 1 is nothing next to the ratio.</summary>
    internal static double Log1PRatio(double x, double y)
    {
        var ratio = x / y;
        return double.IsPositiveInfinity(ratio) ? Math.Log(x) - Math.Log(y) : Log1P(ratio);
    }

    /// <summary>ln(1 + x) in four lanes, accurate for small x: Kahan's trick as in <see cref="Log1P(double)"/>, with
    /// <see cref="Vector256.Log(Vector256{double})"/>.</summary>
    internal static Vector256<double> Log1P(Vector256<double> x)
    {
        var u = Vector256<double>.One + x;
        var um1 = u - Vector256<double>.One;
        var exact = Vector256.Equals(um1, Vector256<double>.Zero) | Vector256.Equals(u, Vector256.Create(double.PositiveInfinity));
        var kahan = Vector256.Log(u) * (x / Vector256.ConditionalSelect(exact, Vector256<double>.One, um1));
        return Vector256.ConditionalSelect(exact, x, kahan);
    }

    /// <summary>e^x - 1 accurate for small x (Kahan's trick); +∞ where e^x overflows.</summary>
    internal static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1d)
        {
            return x;
        }

        var um1 = u - 1d;
        if (um1 == -1d || double.IsPositiveInfinity(u))
        {
            return um1; // -1 far below 0, and +∞ above about 709.78, where the ratio below is 0 times ∞
        }

        return um1 * (x / Math.Log(u)); // the ratio first: (e^x - 1) x overflows for x above about 703
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b) for a, b &gt; 0, from ln x and ln(1 - x) (so that x near 1
    /// keeps its digits), where its continued fraction converges quickly: for x below (a + 1)/(a + b + 2). There it keeps
    /// its relative accuracy however small the value (the prefactor x^a (1-x)^b / (a B(a, b)) is taken in log space).
    /// Returns NaN for x at or above that bound, or when the fraction has not converged after
    /// <see cref="MaxFractionSteps"/> steps. The fraction is evaluated by the modified Lentz method (Press et al.,
    /// Numerical Recipes, 3rd ed., §6.4).
    /// </summary>
    internal static double RegularizedIncompleteBeta(double a, double b, double logX, double logOneMinusX)
    {
        var x = Math.Exp(logX);
        if (!(x < (a + 1d) / (a + b + 2d)))
        {
            return double.NaN;
        }

        const double Tiny = 1e-300;
        static double AwayFromZero(double v) => Math.Abs(v) < Tiny ? Tiny : v;
        var c = 1d;
        var d = 1d / AwayFromZero(1d - ((a + b) * x / (a + 1d)));
        var fraction = d;
        for (var m = 1; m <= MaxFractionSteps; m++)
        {
            var m2 = 2 * m;
            var even = m * (b - m) * x / ((a - 1d + m2) * (a + m2));
            d = 1d / AwayFromZero(1d + (even * d));
            c = AwayFromZero(1d + (even / c));
            fraction *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1d + m2));
            d = 1d / AwayFromZero(1d + (odd * d));
            c = AwayFromZero(1d + (odd / c));
            var step = d * c;
            fraction *= step;
            if (Math.Abs(step - 1d) <= 2.5e-16) // an ulp of 1 either side: the last steps may round to 1 ± ulp, not 1
            {
                return Math.Exp((a * logX) + (b * logOneMinusX) - Math.Log(a) - LogBeta(a, b)) * fraction;
            }
        }

        return double.NaN;
    }

    /// <summary>The most steps <see cref="RegularizedIncompleteBeta"/> takes of its continued fraction.</summary>
    internal const int MaxFractionSteps = 10_000;

    private static double Stirling(double x)
    {
        var inv = 1d / x;
        var inv2 = inv * inv;
        // 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9) - 691/(360360x^11) + 1/(156x^13)
        var series = inv * (1d / 12 - inv2 * (1d / 360 - inv2 * (1d / 1260 - inv2 * (1d / 1680 - inv2 * (1d / 1188 - inv2 * (691d / 360360 - inv2 / 156))))));
        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series;
    }
}
