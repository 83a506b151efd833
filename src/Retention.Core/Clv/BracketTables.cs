using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Retention.Clv;

/// <summary>
/// Per-frequency Chebyshev tables of the BG/NBD bracket g(s) = (1 - H) / (a - 1) (see
/// <see cref="BgNbdFamily.Bracket"/>) for the batch predictions: the bracket of a customer with frequency x depends on
/// the horizon t and the age T only through u = t / (α + T), so one table per frequency serves every customer with
/// that frequency. A table replaces a hypergeometric series of tens to hundreds of terms by a Clenshaw sum of about
/// 20 to 40.
/// </summary>
/// <remarks>
/// <para>Variable: s = ln(1 + u) = -ln(1 - z), in which the bracket's only singularities (the branch cut of ₂F₁ at
/// z ≥ 1) lie on the lines Im s = ±π, so a Chebyshev series on [0, S] converges geometrically and fast for every
/// S ≤ <see cref="MaxRange"/>. The table holds q(s) = g(s) / s (g has a simple zero at s = 0), so the bracket keeps
/// its relative accuracy for short horizons.</para>
/// <para>Every table is checked against the series at points between its nodes before it is used (relative difference
/// at most <see cref="Tolerance"/>); a frequency without a table (too few customers to pay for one, not an integer,
/// above <see cref="MaxFrequency"/>, a range above <see cref="MaxRange"/>, or a failed check) is computed by the series,
/// as the single-customer methods do. Batch and single-customer results therefore agree to about 1e-13 relative, not
/// bit for bit (docs/clv.md).</para>
/// <para>Storage is rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>, so repeated
/// batches allocate nothing once the pool is warm. A struct, so that building one allocates nothing either; copies share
/// the storage, and only the one that <see cref="Build"/> returned is disposed. The default value has no tables.</para>
/// </remarks>
internal struct BracketTables : IDisposable
{
    internal const int MaxFrequency = 4096;
    internal const double MaxRange = 10d;
    internal const double Tolerance = 1e-12;

    /// <summary>The batch of horizons <see cref="Brackets"/> evaluates together.</summary>
    internal const int Lanes = 12;

    /// <summary>A table pays for itself when it replaces at least this many series evaluations.</summary>
    internal const int MinEvaluations = 256;

    private const int MaxTerms = 64;
    private const int Checks = 7;
    private const double Plateau = 2e-15;

    private readonly double _r;
    private readonly double _alpha;
    private readonly double _a;
    private readonly double _b;
    private readonly int _m;
    private readonly int _frequencies;
    private readonly double[] _coefficients;
    private readonly int[] _start;
    private readonly int[] _terms;
    private readonly double[] _scale;
    private bool _disposed;

    private BracketTables(double r, double alpha, double a, double b, int m, int frequencies)
    {
        _r = r;
        _alpha = alpha;
        _a = a;
        _b = b;
        _m = m;
        _frequencies = frequencies;
        _coefficients = Scratch.Rent<double>(Math.Max(1, frequencies) * MaxTerms);
        _start = Scratch.Rent<int>(Math.Max(1, frequencies));
        _terms = Scratch.Rent<int>(Math.Max(1, frequencies));
        _scale = Scratch.Rent<double>(Math.Max(1, frequencies));
        Array.Clear(_terms, 0, Math.Max(1, frequencies));
    }

    /// <summary>
    /// Builds the tables worth building for these customers: frequencies held by enough customers that
    /// <paramref name="pointsPerCustomer"/> evaluations each add up to <see cref="MinEvaluations"/>.
    /// </summary>
    /// <param name="r">BG/NBD r.</param>
    /// <param name="alpha">BG/NBD α.</param>
    /// <param name="a">BG/NBD a.</param>
    /// <param name="b">BG/NBD b.</param>
    /// <param name="m">0 for BG/NBD, 1 for MBG/NBD.</param>
    /// <param name="frequency">The customers' frequencies (validated by the caller).</param>
    /// <param name="age">The customers' ages (validated by the caller).</param>
    /// <param name="longestHorizon">The largest t that will be asked for.</param>
    /// <param name="pointsPerCustomer">How many horizons each customer will be evaluated at.</param>
    /// <returns>The tables; dispose them when the batch is done.</returns>
    internal static BracketTables Build(double r, double alpha, double a, double b, int m, ReadOnlySpan<double> frequency, ReadOnlySpan<double> age, double longestHorizon, int pointsPerCustomer)
    {
        var highest = -1;
        foreach (var x in frequency)
        {
            if (x >= 0d && x < MaxFrequency && x == Math.Floor(x) && x > highest)
            {
                highest = (int)x;
            }
        }

        var tables = new BracketTables(r, alpha, a, b, m, highest + 1);
        if (highest < 0 || longestHorizon <= 0d)
        {
            return tables;
        }

        var count = Scratch.Rent<int>(highest + 1);
        var youngest = Scratch.Rent<double>(highest + 1);
        try
        {
            Array.Clear(count, 0, highest + 1);
            Array.Fill(youngest, double.PositiveInfinity, 0, highest + 1);
            for (var i = 0; i < frequency.Length; i++)
            {
                var x = frequency[i];
                if (x >= 0d && x <= highest && x == Math.Floor(x))
                {
                    var index = (int)x;
                    count[index]++;
                    youngest[index] = Math.Min(youngest[index], age[i]);
                }
            }

            var needed = (MinEvaluations + pointsPerCustomer - 1) / pointsPerCustomer;
            for (var x = 0; x <= highest; x++)
            {
                if (count[x] >= needed)
                {
                    var range = SpecialFunctions.Log1P(longestHorizon / (alpha + youngest[x]));
                    if (range > 0d && range <= MaxRange)
                    {
                        tables.TryBuild(x, range);
                    }
                }
            }
        }
        finally
        {
            Scratch.Return(count);
            Scratch.Return(youngest);
        }

        return tables;
    }

    /// <summary>Returns the number of Chebyshev terms for frequency <paramref name="x"/>, 0 when it has no table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly int TermsFor(double x)
    {
        if (x >= 0d && x < _frequencies && x == Math.Floor(x))
        {
            return _terms[(int)x];
        }

        return 0;
    }

    /// <summary>The bracket at u = t / (α + T) for a frequency with a table, or NaN when u is beyond the table's
    /// range (the caller then uses the series).</summary>
    internal readonly double Bracket(int x, double u)
    {
        var s = SpecialFunctions.Log1P(u);
        var scale = _scale[x];
        var y = (s * scale) - 1d;
        if (!(y <= 1d + 1e-12))
        {
            return double.NaN;
        }

        var c = _coefficients.AsSpan(_start[x], _terms[x]);
        double b1 = 0d, b2 = 0d;
        var twoY = 2d * y;
        for (var k = c.Length - 1; k >= 1; k--)
        {
            var b0 = Math.FusedMultiplyAdd(twoY, b1, c[k] - b2);
            b2 = b1;
            b1 = b0;
        }

        return s * Math.FusedMultiplyAdd(y, b1, c[0] - b2);
    }

    /// <summary>
    /// Writes the brackets at u₁ … u_n (n = <paramref name="u"/>.Length, a multiple of <see cref="Lanes"/>) into
    /// <paramref name="destination"/>, twelve at a time in three vectors whose Clenshaw recurrences run side by side, or
    /// returns <see langword="false"/> when one is beyond the table's range.
    /// </summary>
    internal readonly bool Brackets(int x, ReadOnlySpan<double> u, Span<double> destination)
    {
        var c = _coefficients.AsSpan(_start[x], _terms[x]);
        var scale = Vector256.Create(_scale[x]);
        var limit = Vector256.Create(1d + 1e-12);
        for (var offset = 0; offset < u.Length; offset += Lanes)
        {
            var s0 = SpecialFunctions.Log1P(Vector256.Create(u.Slice(offset, 4)));
            var s1 = SpecialFunctions.Log1P(Vector256.Create(u.Slice(offset + 4, 4)));
            var s2 = SpecialFunctions.Log1P(Vector256.Create(u.Slice(offset + 8, 4)));
            var y0 = (s0 * scale) - Vector256<double>.One;
            var y1 = (s1 * scale) - Vector256<double>.One;
            var y2 = (s2 * scale) - Vector256<double>.One;
            if (!Vector256.LessThanOrEqualAll(Vector256.Max(Vector256.Max(y0, y1), y2), limit))
            {
                return false;
            }

            Vector256<double> a0 = default, a1 = default, a2 = default; // b(k+1)
            Vector256<double> d0 = default, d1 = default, d2 = default; // b(k+2)
            var t0 = y0 + y0;
            var t1 = y1 + y1;
            var t2 = y2 + y2;
            // b(k) = 2y b(k+1) + (c(k) - b(k+2)): the subtraction does not wait for b(k+1), so each step costs one
            // fused multiply-add of latency.
            for (var k = c.Length - 1; k >= 1; k--)
            {
                var ck = Vector256.Create(c[k]);
                var n0 = Vector256.FusedMultiplyAdd(t0, a0, ck - d0);
                var n1 = Vector256.FusedMultiplyAdd(t1, a1, ck - d1);
                var n2 = Vector256.FusedMultiplyAdd(t2, a2, ck - d2);
                d0 = a0;
                d1 = a1;
                d2 = a2;
                a0 = n0;
                a1 = n1;
                a2 = n2;
            }

            var c0 = Vector256.Create(c[0]);
            (s0 * Vector256.FusedMultiplyAdd(y0, a0, c0 - d0)).CopyTo(destination.Slice(offset, 4));
            (s1 * Vector256.FusedMultiplyAdd(y1, a1, c0 - d1)).CopyTo(destination.Slice(offset + 4, 4));
            (s2 * Vector256.FusedMultiplyAdd(y2, a2, c0 - d2)).CopyTo(destination.Slice(offset + 8, 4));
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed && _coefficients is not null)
        {
            _disposed = true;
            Scratch.Return(_coefficients);
            Scratch.Return(_start);
            Scratch.Return(_terms);
            Scratch.Return(_scale);
        }
    }

    private void TryBuild(int x, double range)
    {
        Span<double> q = stackalloc double[MaxTerms];
        Span<double> c = stackalloc double[MaxTerms];
        Span<double> cosines = stackalloc double[4 * MaxTerms];
        for (var nodes = 32; nodes <= MaxTerms; nodes *= 2)
        {
            var ok = true;
            for (var j = 0; j < nodes && ok; j++)
            {
                var s = range * (1d + Math.Cos(Math.PI * (j + 0.5) / nodes)) / 2d;
                var g = Series(x, s);
                q[j] = g / s;
                ok = double.IsFinite(q[j]);
            }

            if (!ok)
            {
                return;
            }

            // cos(π k (j + ½) / N) = cos(π k (2j + 1) / 2N), read from one table of cos(π i / 2N), i < 4N.
            for (var i = 0; i < 4 * nodes; i++)
            {
                cosines[i] = Math.Cos(Math.PI * i / (2 * nodes));
            }

            var largest = 0d;
            for (var k = 0; k < nodes; k++)
            {
                var sum = 0d;
                for (var j = 0; j < nodes; j++)
                {
                    sum += q[j] * cosines[k * ((2 * j) + 1) % (4 * nodes)];
                }

                c[k] = 2d * sum / nodes;
                largest = Math.Max(largest, Math.Abs(c[k]));
            }

            c[0] /= 2d;

            // The coefficients fall geometrically to the noise of the series values (about 1e-16 of the largest) and
            // stay there: keep them down to the plateau, and count the table converged when at least eight
            // coefficients at the end lie on it; otherwise try twice the nodes.
            var terms = nodes;
            while (terms > 1 && Math.Abs(c[terms - 1]) <= Plateau * largest)
            {
                terms--;
            }

            if (terms <= nodes - 8)
            {
                var start = x * MaxTerms;
                c[..terms].CopyTo(_coefficients.AsSpan(start, terms));
                _start[x] = start;
                _scale[x] = 2d / range;
                _terms[x] = terms;
                if (Verify(x, range))
                {
                    return;
                }

                _terms[x] = 0;
            }
        }
    }

    private readonly bool Verify(int x, double range)
    {
        for (var i = 0; i < Checks; i++)
        {
            var s = range * (i + 0.37) / Checks;
            var u = SpecialFunctions.ExpM1(s);
            var expected = Series(x, SpecialFunctions.Log1P(u));
            var actual = Bracket(x, u);
            if (!(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected)))
            {

                return false;
            }
        }

        return true;
    }

    /// <summary>The bracket by the series at s = ln(1 + u): with T = 0, t = α u.</summary>
    private readonly double Series(int x, double s) =>
        BgNbdFamily.Bracket(_r, _alpha, _a, _b, _m, _alpha * SpecialFunctions.ExpM1(s), x, 0d);
}
