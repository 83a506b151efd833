using System.Runtime.Intrinsics;
using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The mathematics shared by BG/NBD (Fader, Hardie and Lee 2005) and MBG/NBD (Batislam, Denizel and Filiztekin 2007),
/// in log space. <c>m</c> is 0 for BG/NBD and 1 for MBG/NBD: MBG/NBD's formulas are BG/NBD's with <c>b</c> replaced by
/// <c>b + 1</c> where the drop-out term appears, and with the drop-out possible also before the first repeat purchase.
/// </summary>
/// <remarks>
/// Per customer, LL = A1 + A2 + A3 + ln(1 + e^(A4 - A3)) where A1 = ln Γ(r+x) - ln Γ(r) + r ln α,
/// A2 = ln B(a, b+x+m) - ln B(a, b), A3 = -(r+x) ln(α+T) and A4 = ln a - ln(b+x-1+m) - (r+x) ln(α+tₓ); for BG/NBD the
/// A4 term is absent when x = 0. Everything stays finite for x in the thousands.
/// </remarks>
internal static class BgNbdFamily
{
    internal static readonly string[] Names = ["r", "alpha", "a", "b"];

    internal static bool HasDropoutTerm(double x, int m) => m == 1 || x > 0d;

    internal static double LogLikelihood(double r, double alpha, double a, double b, int m, double x, double tx, double age)
    {
        var a1 = LogRising(r, x) + (r * Math.Log(alpha));
        var a2 = LogRisingRatio(b, a, x + m); // ln B(a, b+x+m) - ln B(a, b)
        var a3 = -(r + x) * Math.Log(alpha + age);
        if (!HasDropoutTerm(x, m))
        {
            return a1 + a2 + a3;
        }

        return a1 + a2 + a3 + Softplus(LogOdds(r, alpha, a, b, m, x, tx, age));
    }

    /// <summary>P(alive | x, tₓ, T) = 1 / (1 + [a / (b+x-1+m)] ((α+T)/(α+tₓ))^(r+x)), or 1 for BG/NBD at x = 0.</summary>
    internal static double ProbabilityAlive(double r, double alpha, double a, double b, int m, double x, double tx, double age)
    {
        if (!HasDropoutTerm(x, m))
        {
            return 1d;
        }

        return 1d / (1d + Math.Exp(LogOdds(r, alpha, a, b, m, x, tx, age)));
    }

    /// <summary>
    /// ln of the odds of having dropped out, ln(a / (b+x-1+m)) + (r+x) ln((α+T)/(α+tₓ)), with the last logarithm taken
    /// as ln(1 + (T-tₓ)/(α+tₓ)): as the difference ln(α+T) - ln(α+tₓ) it carries an ulp of ln(α+T), which r+x
    /// multiplies (with r in the tens of thousands, 2e-10 relative error in P(alive)); the ratio keeps its relative
    /// accuracy. Where the ratio overflows (α + tₓ below 1e-308 T) the logarithm is large and the difference exact
    /// enough.
    /// </summary>
    private static double LogOdds(double r, double alpha, double a, double b, int m, double x, double tx, double age)
    {
        var logRatio = Log1PRatio(age - tx, alpha + tx);
        return Math.Log(a) - Math.Log(b + (x - 1d + m)) + ((r + x) * logRatio); // b last: b + x - 1 is 0 for b below 1e-16 and x = 1
    }

    /// <summary>
    /// P(alive) of many customers, four at a time in vectors (<see cref="Vector256.Log(Vector256{double})"/> and
    /// <see cref="Vector256.Exp(Vector256{double})"/>), the rest one by one: the same formula as the single-customer
    /// <see cref="ProbabilityAlive(double, double, double, double, int, double, double, double)"/>, equal to it to a few
    /// units in the last place.
    /// </summary>
    internal static void ProbabilityAlive(double r, double alpha, double a, double b, int m, ReadOnlySpan<double> x, ReadOnlySpan<double> tx, ReadOnlySpan<double> age, Span<double> destination)
    {
        var logA = Vector256.Create(Math.Log(a));
        var shift = Vector256.Create(m - 1d);
        var vb = Vector256.Create(b);
        var vr = Vector256.Create(r);
        var vAlpha = Vector256.Create(alpha);
        var one = Vector256<double>.One;
        var infinity = Vector256.Create(double.PositiveInfinity);
        var i = 0;
        for (; i + 4 <= destination.Length; i += 4)
        {
            var vx = Vector256.Create(x.Slice(i, 4));
            var vtx = Vector256.Create(tx.Slice(i, 4));
            var ratio = (Vector256.Create(age.Slice(i, 4)) - vtx) / (vAlpha + vtx);
            if (Vector256.EqualsAny(ratio, infinity))
            {
                // The ratio overflows (α + tₓ below 1e-308 T): these four one by one (LogOdds).
                for (var j = i; j < i + 4; j++)
                {
                    destination[j] = ProbabilityAlive(r, alpha, a, b, m, x[j], tx[j], age[j]);
                }

                continue;
            }

            var logOdds = logA - Vector256.Log((vx + shift) + vb) + ((vr + vx) * Log1P(ratio));
            var alive = one / (one + Vector256.Exp(logOdds));
            if (m == 0)
            {
                // BG/NBD at x = 0: no drop-out term (the logarithm above may be NaN there; it is not used).
                alive = Vector256.ConditionalSelect(Vector256.Equals(vx, Vector256<double>.Zero), one, alive);
            }

            alive.CopyTo(destination.Slice(i, 4));
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = ProbabilityAlive(r, alpha, a, b, m, x[i], tx[i], age[i]);
        }
    }

    /// <summary>
    /// E[Y(t) | x, tₓ, T] = C/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+m+x; C; t/(α+T+t))] × P(alive), with
    /// C = a+b+m+x-1 (FHL 2005 eq. 10). Short horizons use Pfaff's transformation
    /// [...] = 1 - ₂F₁(r+x, a-1; C; -t/(α+T)), summed without the leading 1 and divided by a-1 term by term, so there
    /// is neither cancellation nor a singularity at a = 1; long horizons (and short ones where that series cancels) use
    /// Euler's transformation H = (1-z)^(a-1) ₂F₁(a+b+m-1-r, a-1; C; z), whose parameters do not grow with x; where
    /// neither converges (z near 1), and where C is 0, the integral over the drop-out probability
    /// (<see cref="DropoutIntegral"/>).
    /// </summary>
    internal static double ExpectedPurchases(double r, double alpha, double a, double b, int m, double t, double x, double tx, double age)
    {
        if (t == 0d)
        {
            return 0d;
        }

        var alive = ProbabilityAlive(r, alpha, a, b, m, x, tx, age);
        return alive == 0d ? 0d : ExpectedWhileAlive(r, alpha, a, b, m, t, x, age) * alive;
    }

    /// <summary>E[Y(t)] / (P(alive) (a+b+m+x-1)): the part of the conditional expectation that depends on t. Not
    /// defined where a+b+m+x-1 is 0 (not finite there; <see cref="ExpectedWhileAlive"/> is).</summary>
    internal static double Bracket(double r, double alpha, double a, double b, int m, double t, double x, double age) =>
        t == 0d ? 0d : OneMinusHOverAMinusOne(r, alpha, a, b, m, t, x, age);

    /// <summary>
    /// E[Y(t)] / P(alive), the purchases in the next t of a customer alive now: (a+b+m+x-1) times
    /// <see cref="Bracket"/>. Where a+b+m+x-1 is 0 (for BG/NBD's customers without repeat purchases, a + b = 1) every
    /// series form has 0 as its lower parameter and the bracket is not defined, and the integral over the drop-out
    /// probability answers (<see cref="DropoutIntegral.ExpectedWhileAlive"/>); it was NaN there.
    /// </summary>
    internal static double ExpectedWhileAlive(double r, double alpha, double a, double b, int m, double t, double x, double age)
    {
        if (t == 0d)
        {
            return 0d;
        }

        var c = a + b + (m + x - 1d);
        return c == 0d
            ? DropoutIntegral.ExpectedWhileAlive(r + x, a, b + m + x, Math.Log(t) - Math.Log(alpha + age))
            : c * OneMinusHOverAMinusOne(r, alpha, a, b, m, t, x, age);
    }

    /// <summary>(1 - H) / (a - 1), the bracket of <see cref="ExpectedPurchases"/> over a - 1.</summary>
    private static double OneMinusHOverAMinusOne(double r, double alpha, double a, double b, int m, double t, double x, double age)
    {
        var c = a + b + (m + x - 1d);
        var w = -t / (alpha + age);
        if (w >= -0.5)
        {
            // (1 - H) / (a - 1) = -(₂F₁(r+x, a-1; C; w) - 1) / (a - 1). Its terms alternate in sign; when they are
            // large (a or r large) they cancel, and the forms below are the accurate ones.
            var pfaff = -Hypergeometric.MinusOneOverB(r + x, a - 1d, c, w, out var condition);
            if (double.IsFinite(pfaff) && condition <= 1e3)
            {
                return pfaff;
            }
        }

        // Euler's transformation: H = (1-z)^(a-1) ₂F₁(a+b+m-1-r, a-1; C; z), whose parameters stay small however large
        // x is, so the series is short even for heavy buyers and long horizons. Then
        // (1 - H)/(a - 1) = -(1-z)^(a-1) (₂F₁ - 1)/(a - 1) - ((1-z)^(a-1) - 1)/(a - 1), finite through a = 1.
        var z = t / (alpha + age + t);
        var logOneMinusZ = Math.Log((alpha + age) / (alpha + age + t));
        var series = Hypergeometric.MinusOneOverB(a + b + (m - 1d) - r, a - 1d, c, z, out var eulerCondition);
        if (double.IsFinite(series) && eulerCondition <= 1e3)
        {
            var u = (a - 1d) * logOneMinusZ;
            var powerMinusOneOverAm1 = Math.Abs(u) < 1e-8 ? logOneMinusZ * (1d + (u / 2d)) : ExpM1(u) / (a - 1d);
            var scaled = Math.Exp(u) * series;
            var value = -scaled - powerMinusOneOverAm1;

            // The two terms cancel where b is large next to the horizon's effect (b in the tens of thousands: the
            // bracket near 1e-7 from terms near 1); past 1e4 times the series' own condition (about 1e-12 relative
            // lost) the integral below is the accurate one.
            if (eulerCondition * (Math.Abs(scaled) + Math.Abs(powerMinusOneOverAm1)) <= 1e4 * Math.Abs(value))
            {
                return value;
            }
        }

        // Long horizons (z near 1), and wherever the series above fail: the same quantity as an integral over the
        // drop-out probability, E[purchases | alive] / (a+b+m+x-1). The integral is finite for every valid model and
        // customer: it is NaN only for a non-finite ln(t/(α+T)), and that cannot reach here (where w < -0.5, t and
        // α + T are finite; where α + T overflows, w is -0 and Pfaff's series answers). So nothing follows it; it
        // replaced three fallbacks no test could reach (docs/testing.md, the clv-bgnbd run). Where a+b+m+x-1 is 0 the
        // bracket is not defined (infinite here); ExpectedWhileAlive takes the integral itself there.
        return DropoutIntegral.ExpectedWhileAlive(r + x, a, b + m + x, Math.Log(t) - Math.Log(alpha + age)) / c;
    }

    /// <summary>
    /// P(X(t) = n) for a customer just acquired (FHL 2005 eq. 8; for MBG/NBD as in <c>lifetimes</c>):
    /// [B(a, b+m+n)/B(a,b)] NB(n) + δ [B(a+1, b+m+n-1)/B(a,b)] P(NB ≥ n), where NB is the negative binomial count of
    /// a customer who never drops out, and δ is 1 except for BG/NBD at n = 0.
    /// </summary>
    internal static double ProbabilityOfPurchases(double r, double alpha, double a, double b, int m, int n, double t)
    {
        var logP = -Log1P(t / alpha); // ln(α/(α+t)) keeps its digits where t is small next to α (r ln p with r = 1e300)
        var logQ = t == 0d ? double.NegativeInfinity : Math.Log(t / (alpha + t));
        var logNb = LogNegativeBinomial(r, n, logP, logQ);
        // The beta ratios as ratios of rising factorials (LogRisingRatio, LogBetaRatio): B(a, b+k)/B(a, b) = (b)ₖ/(a+b)ₖ
        // and B(a+1, b+k)/B(a, b); as differences of ln B they cancel, and with a and b near 1e300 P(3) came out 1.
        var first = Math.Exp(LogRisingRatio(b, a, m + n) + logNb);
        if (!HasDropoutTerm(n, m))
        {
            return first;
        }

        var k = m + n - 1d;
        var second = LogBetaRatio(a, b, 1d, k);
        return first + (Math.Exp(second) * NegativeBinomialTail(r, n, logP, logQ));
    }

    /// <summary>
    /// P(X(T, T+t] = n | x, tₓ, T): dead at T (probability 1 - P(alive)) means no purchase; alive at T, the customer's
    /// λ and p have the posteriors Gamma(r+x, α+T) and Beta(a, b+x+m), and from T on they buy and drop out after each
    /// purchase exactly as a BG/NBD customer just acquired. So the alive part is <see cref="ProbabilityOfPurchases(double, double, double, double, int, int, double)"/>
    /// with (r+x, α+T, a, b+x+m) and m = 0. For x = tₓ = T = 0 this is the new-customer formula of either model.
    /// </summary>
    internal static double ProbabilityOfPurchases(double r, double alpha, double a, double b, int m, int n, double t, double x, double tx, double age)
    {
        var alive = ProbabilityAlive(r, alpha, a, b, m, x, tx, age);
        var future = alive * ProbabilityOfPurchases(r + x, alpha + age, a, b + x + m, 0, n, t);
        return n == 0 ? (1d - alive) + future : future;
    }

    /// <summary>Validates the data and fits (r, α, a, b) by maximum likelihood with the analytic gradient.</summary>
    internal static FitOutcome Fit(int m, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights, ClvFitOptions? options, out double totalWeight)
    {
        totalWeight = ClvInput.CheckCustomers(frequency, recency, age, weights);
        var likelihood = new BgNbdLikelihood(frequency, recency, age, weights, m);
        var (meanX, meanT) = likelihood.Means();
        // Start at r = 1 with the mean purchase rate of the data, and a flat beta(1, 1) drop-out.
        var alpha0 = meanT > 0d ? meanT / Math.Max(meanX, 0.1) : 1d;
        double[] start = [1d, alpha0, 1d, 1d];
        double[,]? curvature = null;
        if (frequency.Length >= WarmStartThreshold)
        {
            // Large data: fit an evenly spaced subsample first (each k-th customer), and start the full fit at its
            // estimate with its curvature, so that the full data are read in a few quasi-Newton steps instead of a
            // few dozen. The objective is per unit weight, so the subsample's curvature is the full data's, nearly.
            var warm = FitSubsample(m, frequency, recency, age, weights, options);
            if (warm.FailureReason is null && warm.InverseHessian is not null)
            {
                start = warm.Values;
                curvature = warm.InverseHessian;
            }
        }

        return FitRunner.Run(Names, likelihood.Evaluate, analyticGradient: true, totalWeight, start, options, curvature);
    }

    /// <summary>Fits at least this many customers from a subsample's estimate first.</summary>
    internal const int WarmStartThreshold = 200_000;

    internal const int SubsampleSize = 50_000;

    /// <summary>Fits every k-th customer (k = n / <see cref="SubsampleSize"/>) with its weight.</summary>
    internal static FitOutcome FitSubsample(int m, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights, ClvFitOptions? options)
    {
        var step = frequency.Length / SubsampleSize;
        var count = frequency.Length / step;
        var x = new double[count];
        var tx = new double[count];
        var t = new double[count];
        var w = weights.IsEmpty ? [] : new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = frequency[i * step];
            tx[i] = recency[i * step];
            t[i] = age[i * step];
            if (!weights.IsEmpty)
            {
                w[i] = weights[i * step];
            }
        }

        return Fit(m, x, tx, t, w, options, out _);
    }

    /// <summary>
    /// P(NB ≥ n) of the negative binomial count NB(j) = Γ(r+j)/(Γ(r) j!) p^r q^j: in the far tail (q below
    /// (n+1)/(n+r+2), n above about the mean) the regularized incomplete beta function I_q(n, r), which keeps its
    /// relative accuracy however small the tail; elsewhere 1 - Σ_{j&lt;n} NB(j), where the tail is a sizeable share of the
    /// mass. (1 - Σ alone lost the far tail: 8e-7 relative error at P ≈ 4e-12, and 0 once the head rounded to 1.)
    /// </summary>
    internal static double NegativeBinomialTail(double r, int n, double logP, double logQ)
    {
        if (n == 0)
        {
            return 1d;
        }

        var tail = RegularizedIncompleteBeta(n, r, logQ, logP);
        if (!double.IsNaN(tail))
        {
            return tail;
        }

        var head = 0d;
        for (var j = 0; j < n; j++)
        {
            head += Math.Exp(LogNegativeBinomial(r, j, logP, logQ));
        }

        return Math.Max(0d, 1d - head);
    }

    internal static double LogNegativeBinomial(double r, int n, double logP, double logQ) =>
        n == 0 ? r * logP : LogRising(r, n) - LogGamma(n + 1d) + (r * logP) + (n * logQ);
}
