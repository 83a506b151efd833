using System.Runtime.Intrinsics;
using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The weighted BG/NBD or MBG/NBD log-likelihood of a data set and its analytic gradient in (r, α, a, b).
/// </summary>
/// <remarks>
/// The terms that depend on x only (the gamma and digamma functions) are computed once per distinct x, so the loop over
/// customers costs two logarithms and one exponential each. The customers are stored group by group (one group per
/// distinct x), so the loop runs four customers at a time in vectors with the group's constants; large data sets run
/// it in two halves on two cores.
/// </remarks>
internal sealed class BgNbdLikelihood
{
    private const int ParallelThreshold = 50_000;
    private const int SmallFrequencies = 65_536;

    private readonly int _m;
    private readonly double[] _distinctX;
    private readonly double[] _groupWeight;
    private readonly int[] _groupStart;
    private readonly double[] _recency;
    private readonly double[] _age;
    private readonly double[]? _weights;

    // Per-group scratch, refreshed on each evaluation.
    private readonly double[] _groupRx;
    private readonly double[] _groupC4;
    private readonly double[] _groupDb;
    private readonly bool[] _groupDropout;

    internal BgNbdLikelihood(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights, int m)
    {
        _m = m;
        var n = frequency.Length;

        // Group the customers by frequency (small integers through an array, anything else through a dictionary), then
        // store them group after group so that the loop reads each group's constants once and runs in vectors.
        var small = new int[SmallFrequencies];
        var index = new Dictionary<double, int>();
        var group = new int[n];
        var distinct = new List<double>();
        var groupWeight = new List<double>();
        var groupCount = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var x = frequency[i];
            int g;
            if (x >= 0d && x < SmallFrequencies && x == Math.Floor(x))
            {
                g = small[(int)x] - 1;
                if (g < 0)
                {
                    g = distinct.Count;
                    small[(int)x] = g + 1;
                    distinct.Add(x);
                    groupWeight.Add(0d);
                    groupCount.Add(0);
                }
            }
            else if (!index.TryGetValue(x, out g))
            {
                g = distinct.Count;
                index.Add(x, g);
                distinct.Add(x);
                groupWeight.Add(0d);
                groupCount.Add(0);
            }

            group[i] = g;
            groupCount[g]++;
            groupWeight[g] += weights.IsEmpty ? 1d : weights[i];
        }

        _distinctX = [.. distinct];
        _groupWeight = [.. groupWeight];
        _groupStart = new int[_distinctX.Length + 1];
        for (var g = 0; g < _distinctX.Length; g++)
        {
            _groupStart[g + 1] = _groupStart[g] + groupCount[g];
        }

        var next = _groupStart[..^1];
        _recency = new double[n];
        _age = new double[n];
        _weights = weights.IsEmpty ? null : new double[n];
        for (var i = 0; i < n; i++)
        {
            var slot = next[group[i]]++;
            _recency[slot] = recency[i];
            _age[slot] = age[i];
            if (_weights is not null)
            {
                _weights[slot] = weights[i];
            }
        }

        _groupRx = new double[_distinctX.Length];
        _groupC4 = new double[_distinctX.Length];
        _groupDb = new double[_distinctX.Length];
        _groupDropout = new bool[_distinctX.Length];
    }

    internal int Count => _age.Length;

    /// <summary>The weighted mean of x and T, for starting values.</summary>
    internal (double MeanX, double MeanT) Means()
    {
        double sw = 0, sx = 0, st = 0;
        for (var g = 0; g < _distinctX.Length; g++)
        {
            for (var i = _groupStart[g]; i < _groupStart[g + 1]; i++)
            {
                var w = _weights?[i] ?? 1d;
                sw += w;
                sx += w * _distinctX[g];
                st += w * _age[i];
            }
        }

        return (sx / sw, st / sw);
    }

    /// <summary>Returns the total LL at p = (r, α, a, b) and, when <paramref name="gradient"/> is not empty, ∂LL/∂p.</summary>
    internal double Evaluate(ReadOnlySpan<double> p, Span<double> gradient)
    {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        var wantGradient = !gradient.IsEmpty;
        var logAlpha = Math.Log(alpha);
        var logA = Math.Log(a);
        double total = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        double psiR = 0, psiB = 0, psiAb = 0;
        if (wantGradient)
        {
            psiR = Digamma(r);
            psiB = Digamma(b);
            psiAb = Digamma(a + b);
        }

        var lgR = LogGamma(r);
        var lgB = LogGamma(b);
        var lgAb = LogGamma(a + b);
        for (var g = 0; g < _distinctX.Length; g++)
        {
            var x = _distinctX[g];
            var w = _groupWeight[g];
            var xm = x + _m;
            _groupRx[g] = r + x;
            _groupDropout[g] = BgNbdFamily.HasDropoutTerm(x, _m);
            _groupC4[g] = logA - Math.Log(b + xm - 1d);
            _groupDb[g] = -1d / (b + xm - 1d);
            if (w == 0d)
            {
                continue;
            }

            var a1 = LogGamma(r + x) - lgR + (r * logAlpha);
            var a2 = lgAb + LogGamma(b + xm) - lgB - LogGamma(a + b + xm);
            total += w * (a1 + a2);
            if (wantGradient)
            {
                var psiAbx = Digamma(a + b + xm);
                gr += w * (Digamma(r + x) - psiR + logAlpha);
                gAlpha += w * r / alpha;
                ga += w * (psiAb - psiAbx);
                gb += w * (psiAb + Digamma(b + xm) - psiB - psiAbx);
            }
        }

        var sums = new Sums();
        if (_age.Length >= ParallelThreshold)
        {
            var half = _age.Length / 2;
            var left = new Sums();
            var right = new Sums();
            Parallel.Invoke(
                () => Loop(0, half, alpha, wantGradient, ref left),
                () => Loop(half, _age.Length, alpha, wantGradient, ref right));
            sums.Add(left);
            sums.Add(right);
        }
        else
        {
            Loop(0, _age.Length, alpha, wantGradient, ref sums);
        }

        total += sums.Value;
        if (wantGradient)
        {
            gradient[0] = gr + sums.R;
            gradient[1] = gAlpha + sums.Alpha;
            gradient[2] = ga + (sums.Q / a);
            gradient[3] = gb + sums.B;
        }

        return total;
    }

    private void Loop(int from, int to, double alpha, bool wantGradient, ref Sums sums)
    {
        for (var g = 0; g < _distinctX.Length; g++)
        {
            var lo = Math.Max(from, _groupStart[g]);
            var hi = Math.Min(to, _groupStart[g + 1]);
            if (lo < hi)
            {
                GroupLoop(g, lo, hi, alpha, wantGradient, ref sums);
            }
        }
    }

    /// <summary>The customers [from, to) of group g, all with the same frequency: four at a time in vectors, then the
    /// rest one by one, with the same formulas.</summary>
    private void GroupLoop(int g, int from, int to, double alpha, bool wantGradient, ref Sums sums)
    {
        var rx = _groupRx[g];
        var c4 = _groupC4[g];
        var dropout = _groupDropout[g];
        var age = _age.AsSpan();
        var recency = _recency.AsSpan();
        var weights = _weights;
        var vAlpha = Vector256.Create(alpha);
        var vRx = Vector256.Create(rx);
        var vC4 = Vector256.Create(c4);
        var one = Vector256<double>.One;
        Vector256<double> value = default, gr = default, gAlpha = default, q = default;
        var i = from;
        for (; i + 4 <= to; i += 4)
        {
            var w = weights is null ? one : Vector256.Create(weights.AsSpan(i, 4));
            var alphaT = vAlpha + Vector256.Create(age.Slice(i, 4));
            var logT = Vector256.Log(alphaT);
            if (!dropout)
            {
                value -= w * vRx * logT;
                if (wantGradient)
                {
                    gr -= w * logT;
                    gAlpha -= w * vRx / alphaT;
                }

                continue;
            }

            var alphaTx = vAlpha + Vector256.Create(recency.Slice(i, 4));
            var logTx = Vector256.Log(alphaTx);
            var d = vC4 - (vRx * (logTx - logT));

            // softplus(d) and sigmoid(d) from one exponential. ln(1 + e) is taken plainly: its absolute error (an ulp
            // of 1) is what matters in a sum of log-likelihoods, not its relative error when e is tiny.
            var e = Vector256.Exp(-Vector256.Abs(d));
            var onePlusE = one + e;
            var softplus = Vector256.Max(d, Vector256<double>.Zero) + Vector256.Log(onePlusE);
            value += w * (softplus - (vRx * logT));
            if (wantGradient)
            {
                var sigmoid = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(d, Vector256<double>.Zero), one, e) / onePlusE;
                var wq = w * sigmoid;
                var wp = w - wq;
                gr -= (wp * logT) + (wq * logTx);
                gAlpha -= vRx * (((wp * alphaTx) + (wq * alphaT)) / (alphaT * alphaTx));
                q += wq;
            }
        }

        double sValue = Vector256.Sum(value), sGr = Vector256.Sum(gr), sAlpha = Vector256.Sum(gAlpha), sQ = Vector256.Sum(q);
        for (; i < to; i++)
        {
            var w = weights is null ? 1d : weights[i];
            var alphaT = alpha + age[i];
            var logT = Math.Log(alphaT);
            var a3 = -rx * logT;
            if (!dropout)
            {
                sValue += w * a3;
                if (wantGradient)
                {
                    sGr -= w * logT;
                    sAlpha -= w * rx / alphaT;
                }

                continue;
            }

            var alphaTx = alpha + recency[i];
            var logTx = Math.Log(alphaTx);
            var d = c4 - (rx * (logTx - logT));
            var e = Math.Exp(-Math.Abs(d));
            var softplus = Math.Max(d, 0d) + Log1P(e);
            sValue += w * (a3 + softplus);
            if (wantGradient)
            {
                var sigmoid = d >= 0d ? 1d / (1d + e) : e / (1d + e);
                var wq = w * sigmoid;
                var wp = w - wq;
                sGr -= (wp * logT) + (wq * logTx);
                sAlpha -= rx * ((wp / alphaT) + (wq / alphaTx));
                sQ += wq;
            }
        }

        sums.Value += sValue;
        sums.R += sGr;
        sums.Alpha += sAlpha;
        sums.Q += sQ;
        if (dropout)
        {
            sums.B += sQ * _groupDb[g];
        }
    }

    private struct Sums
    {
        public double Value;
        public double R;
        public double Alpha;
        public double Q;
        public double B;

        public void Add(Sums other)
        {
            Value += other.Value;
            R += other.R;
            Alpha += other.Alpha;
            Q += other.Q;
            B += other.B;
        }
    }
}
