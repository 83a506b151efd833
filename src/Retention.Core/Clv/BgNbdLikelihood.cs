using static Retention.Clv.SpecialFunctions;

namespace Retention.Clv;

/// <summary>
/// The weighted BG/NBD or MBG/NBD log-likelihood of a data set and its analytic gradient in (r, α, a, b).
/// </summary>
/// <remarks>
/// The terms that depend on x only (the gamma and digamma functions) are computed once per distinct x, so the loop over
/// customers costs two logarithms and one exponential each; large data sets run the loop in two halves on two cores.
/// </remarks>
internal sealed class BgNbdLikelihood
{
    private const int ParallelThreshold = 50_000;

    private readonly int _m;
    private readonly double[] _distinctX;
    private readonly double[] _groupWeight;
    private readonly int[] _group;
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
        var index = new Dictionary<double, int>();
        _group = new int[n];
        var distinct = new List<double>();
        var groupWeight = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var x = frequency[i];
            if (!index.TryGetValue(x, out var g))
            {
                g = distinct.Count;
                index.Add(x, g);
                distinct.Add(x);
                groupWeight.Add(0d);
            }

            _group[i] = g;
            groupWeight[g] += weights.IsEmpty ? 1d : weights[i];
        }

        _distinctX = [.. distinct];
        _groupWeight = [.. groupWeight];
        _recency = recency.ToArray();
        _age = age.ToArray();
        _weights = weights.IsEmpty ? null : weights.ToArray();
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
        for (var i = 0; i < _age.Length; i++)
        {
            var w = _weights?[i] ?? 1d;
            sw += w;
            sx += w * _distinctX[_group[i]];
            st += w * _age[i];
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
        double value = 0, gr = 0, gAlpha = 0, q = 0, gb = 0;
        var group = _group;
        var age = _age;
        var recency = _recency;
        var weights = _weights;
        for (var i = from; i < to; i++)
        {
            var g = group[i];
            var w = weights is null ? 1d : weights[i];
            var rx = _groupRx[g];
            var alphaT = alpha + age[i];
            var logT = Math.Log(alphaT);
            var a3 = -rx * logT;
            if (!_groupDropout[g])
            {
                value += w * a3;
                if (wantGradient)
                {
                    gr -= w * logT;
                    gAlpha -= w * rx / alphaT;
                }

                continue;
            }

            var alphaTx = alpha + recency[i];
            var logTx = Math.Log(alphaTx);
            var d = _groupC4[g] - (rx * (logTx - logT));

            // softplus(d) and sigmoid(d) from one exponential.
            var e = Math.Exp(-Math.Abs(d));
            var softplus = Math.Max(d, 0d) + Log1P(e);
            value += w * (a3 + softplus);
            if (wantGradient)
            {
                var sigmoid = d >= 0d ? 1d / (1d + e) : e / (1d + e);
                var wq = w * sigmoid;
                var wp = w - wq;
                gr -= (wp * logT) + (wq * logTx);
                gAlpha -= rx * ((wp / alphaT) + (wq / alphaTx));
                q += wq;
                gb += wq * _groupDb[g];
            }
        }

        sums.Value += value;
        sums.R += gr;
        sums.Alpha += gAlpha;
        sums.Q += q;
        sums.B += gb;
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
