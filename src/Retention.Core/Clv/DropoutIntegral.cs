namespace Retention.Clv;

/// <summary>
/// The BG/NBD family's expected purchases of a customer who is alive, as an integral over the drop-out probability
/// instead of a hypergeometric series: for long horizons (z = t/(α+T+t) near 1) every series form needs more terms
/// than it may take, while this integral is as easy at t = 10^300 as at t = 1.
/// </summary>
/// <remarks>
/// <para>
/// A customer alive now with purchase rate λ and drop-out probability p after each purchase makes, in the next t,
/// ∫₀ᵗ λ e^(-λps) ds = (1 - e^(-λpt))/p purchases on average. Given x purchases in (0, T] and being alive, λ is
/// Gamma(k = r+x, α+T) and p is Beta(a, β = b+m+x) (m = 1 for MBG/NBD), so averaging over λ gives
/// E = ∫₀¹ g(p) p^(a-1) (1-p)^(β-1) dp / B(a, β) with g(p) = (1 - (1 + ps)^(-k))/p and s = t/(α+T); E equals
/// (a+b+m+x-1) (1 - H)/(a - 1) of the closed form.
/// </para>
/// <para>
/// The integral is split at p = 1/2 and each half is taken in logarithmic variables (v = ln p, u = ln(1-p)), where the
/// endpoint powers become exponential decays and the transition of g near p = 1/(ks) has unit width whatever k and s
/// are; 20-point Gauss-Legendre panels of width 1 cover them, and p itself is never formed where it would underflow.
/// The Beta part's peak is narrower than that when a and β are large (its width in v is about 1/√a): within 40 such
/// widths of it the panels are two widths wide (with unit panels, a = 100 and β = 292 were 5·10⁻⁹ off, a and β in the
/// thousands 20% and in the tens of thousands 99.9%).
/// The tails nearest the endpoints (p below 10⁻¹⁶/((k+1)s + |β-1| + 1), 1-p below 10⁻¹⁶/(k + |a-1| + 2)) are
/// integrated in closed form with the integrand's leading term, whose relative error there is below 10⁻¹⁶. Up to about
/// 750 unit panels (t/(α+T) near the largest double) and 41 narrow ones per half: a fallback for the horizons where the
/// series fail, not the fast path.
/// </para>
/// </remarks>
internal static class DropoutIntegral
{
    private const int Points = 20;
    private const double LogTolerance = -36.841361487904734; // ln 1e-16

    private static readonly (double Node, double Weight)[] Rule = GaussLegendre(Points);

    /// <summary>
    /// E[purchases in the next t | alive]: k = r+x, beta = b+m+x, <paramref name="logS"/> = ln(t/(α+T)) (a logarithm,
    /// so that t/(α+T) may exceed the largest double); NaN unless k, a and beta are positive and logS is finite.
    /// </summary>
    internal static double ExpectedWhileAlive(double k, double a, double beta, double logS)
    {
        if (!(k > 0d && a > 0d && beta > 0d && double.IsFinite(logS)))
        {
            return double.NaN;
        }

        var logNorm = SpecialFunctions.LogBeta(a, beta);
        var s = Math.Exp(logS);
        var half = -Math.Log(2d);

        // p in (0, 1/2], v = ln p: g(p) p^(a-1) (1-p)^(β-1) dp = (1 - (1+ps)^(-k)) e^((a-1) v) (1-p)^(β-1) dv, with ps
        // = e^(v + ln s) and e^((a-1) v) computed from v, so that p may underflow. Below p0, g(p) = ks (1 - (k+1)ps/2 +
        // ...) and (1-p)^(β-1) = 1 - (β-1)p + ...: the leading term k s p^(a-1), integrated in closed form.
        var logScale = SpecialFunctions.LogAddExp(Math.Log(k + 1d) + logS, Math.Log(Math.Abs(beta - 1d) + 1d));
        var v0 = Math.Min(half, LogTolerance - logScale);
        var low = Math.Exp(Math.Log(k) + logS + (a * v0) - Math.Log(a) - logNorm);
        var (modeV, widthV) = Peak(a - 1d, beta - 1d);
        low += Panels(v0, half, modeV, widthV, v =>
        {
            var grown = -SpecialFunctions.ExpM1(-k * SpecialFunctions.Softplus(v + logS)); // ln(1 + ps), ps may overflow
            var rest = ((a - 1d) * v) + ((beta - 1d) * SpecialFunctions.Log1P(-Math.Exp(v))) - logNorm;

            // With k below about 1e-290 (r subnormal) k ln(1+ps) underflows while p^(a-1) overflows for a below 1 (α
            // subnormal too, so that v runs to -780): 0 times ∞ was NaN. Then the product is taken in logarithms.
            return grown > 1e-290 && rest < 700d ? grown * Math.Exp(rest) : Math.Exp(LogGrown(k, v + logS) + rest);
        });

        // p in [1/2, 1), u = ln(1-p): (1-p)^(β-1) p^(a-1) dp = e^(β u) p^(a-1) du. Below q0 = 1-p the integrand is
        // g(1) e^(β u) to within q0 (|a-1| + k + 2).
        var u0 = Math.Min(half, LogTolerance - Math.Log(k + Math.Abs(a - 1d) + 2d));
        var high = G(1d, k, s, logS) * Math.Exp((beta * u0) - Math.Log(beta) - logNorm);
        var (modeU, widthU) = Peak(beta, a - 1d);
        high += Panels(u0, half, modeU, widthU, u =>
        {
            var q = Math.Exp(u);
            var p = 1d - q;
            return G(p, k, s, logS) * Math.Exp((beta * u) + ((a - 1d) * SpecialFunctions.Log1P(-q)) - logNorm);
        });

        return low + high;
    }

    /// <summary>ln(1 - (1 + ps)^(-k)) from ln(ps), also where k ln(1 + ps) underflows (k subnormal): there it is
    /// ln k + ln ln(1 + ps), and ln ln(1 + ps) is ln(ps) below ps = e^-36.</summary>
    private static double LogGrown(double k, double logPs)
    {
        var logX = Math.Log(k) + (logPs < -36d ? logPs : Math.Log(SpecialFunctions.Softplus(logPs)));
        return logX < -690d ? logX : Math.Log(-SpecialFunctions.ExpM1(-Math.Exp(logX)));
    }

    /// <summary>g(p) = (1 - (1 + ps)^(-k))/p, accurate when ps is tiny and when it overflows (s = e^logS): ln(1 + ps) is
    /// then ln p + ln s, which matters when k is small enough that k ln(1 + ps) is not large (r subnormal: taking it as
    /// ∞ gave g = 1/p and an expectation of 1.7 million where it is 15).</summary>
    private static double G(double p, double k, double s, double logS)
    {
        var ps = p * s;
        var log1p = double.IsPositiveInfinity(ps) ? SpecialFunctions.Softplus(Math.Log(p) + logS) : SpecialFunctions.Log1P(ps);
        return -SpecialFunctions.ExpM1(-k * log1p) / p;
    }

    /// <summary>
    /// Where e^(c w) (1 - e^w)^d, the Beta part of the integrand in a logarithmic variable w, peaks, and its width
    /// there (1/√ of the curvature of its logarithm): (mode, width), or (0, ∞) when it has no interior peak (c or d
    /// not positive). With c = a-1, d = β-1 in v = ln p, and c = β, d = a-1 in u = ln(1-p).
    /// </summary>
    private static (double Mode, double Width) Peak(double c, double d) =>
        c > 0d && d > 0d ? (Math.Log(c / (c + d)), Math.Sqrt(d / (c * (c + d)))) : (0d, double.PositiveInfinity);

    /// <summary>
    /// ∫ f over [from, to] by Gauss-Legendre on panels of width at most 1, and at most 2 <paramref name="width"/>
    /// within 40 widths of <paramref name="mode"/>: a peak narrower than the unit panels (a or β large: heavy buyers,
    /// confident drop-out priors) is resolved, and the rest, where the integrand is below e^(-40²/2) of its peak, keeps
    /// the unit panels.
    /// </summary>
    private static double Panels(double from, double to, double mode, double width, Func<double, double> f)
    {
        if (!(2d * width < 1d))
        {
            return Panels(from, to, 1d, f);
        }

        var low = Math.Clamp(mode - (40d * width), from, to);
        var high = Math.Clamp(mode + (40d * width), from, to);
        return Panels(from, low, 1d, f) + Panels(low, high, 2d * width, f) + Panels(high, to, 1d, f);
    }

    /// <summary>∫ f over [from, to] by Gauss-Legendre on equal panels of width at most <paramref name="maxWidth"/>.</summary>
    private static double Panels(double from, double to, double maxWidth, Func<double, double> f)
    {
        if (!(to > from))
        {
            return 0d;
        }

        var count = (int)Math.Ceiling((to - from) / maxWidth);
        var width = (to - from) / count;
        var sum = 0d;
        for (var i = 0; i < count; i++)
        {
            var middle = from + ((i + 0.5d) * width);
            var panel = 0d;
            foreach (var (node, weight) in Rule)
            {
                panel += weight * f(middle + (node * width / 2d));
            }

            sum += panel * width / 2d;
        }

        return sum;
    }

    /// <summary>Nodes and weights of the n-point Gauss-Legendre rule on [-1, 1] (Newton's method on Pₙ).</summary>
    private static (double Node, double Weight)[] GaussLegendre(int n)
    {
        var rule = new (double, double)[n];
        for (var i = 0; i < n; i++)
        {
            var x = Math.Cos(Math.PI * (i + 0.75d) / (n + 0.5d));
            var (p, derivative) = Legendre(n, x);
            for (var iterations = 0; Math.Abs(p / derivative) > 1e-16 && iterations < 100; iterations++)
            {
                x -= p / derivative;
                (p, derivative) = Legendre(n, x);
            }

            rule[i] = (x, 2d / ((1d - (x * x)) * derivative * derivative));
        }

        return rule;
    }

    /// <summary>Pₙ(x) and Pₙ'(x) by the three-term recurrence.</summary>
    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        var (p, previous) = (1d, 0d);
        for (var j = 1; j <= n; j++)
        {
            (p, previous) = ((((2d * j) - 1d) * x * p - ((j - 1d) * previous)) / j, p);
        }

        return (p, n * ((x * p) - previous) / ((x * x) - 1d));
    }
}
