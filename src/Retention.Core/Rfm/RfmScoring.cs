namespace Retention.Rfm;

/// <summary>
/// Scores a population on recency, frequency and monetary value and names each customer's segment.
/// </summary>
/// <remarks>
/// <para><see cref="ScoreQuantiles"/> is the default, exact quantile scoring, defined like SQL's <c>NTILE(bins)</c>:</para>
/// <list type="bullet">
/// <item>R = <c>NTILE(bins) OVER (ORDER BY recency_days DESC, customer ASC)</c>: the most recent customers get the top score;</item>
/// <item>F = <c>NTILE(bins) OVER (ORDER BY frequency ASC, customer ASC)</c>;</item>
/// <item>M = <c>NTILE(bins) OVER (ORDER BY monetary ASC, customer ASC)</c>;</item>
/// </list>
/// <para>where "customer" is the position in the input span (give it in customer id order, as <see cref="CustomerIndex"/>
/// does). Bucket sizes differ by at most one, the larger buckets first: with n customers, the first <c>n % bins</c> scores
/// hold <c>n / bins + 1</c> customers each. Ties in value are therefore split between adjacent scores by the customer
/// order; when that is not wanted, use value-based cut points (RfmCutPoints), where ties share a score.</para>
/// <para>Fewer customers than bins: the scores 1..n are used. An empty population scores nothing.</para>
/// <para>Thread safety: stateless; safe to call concurrently on different destinations.</para>
/// </remarks>
public static class RfmScoring
{
    private const int ParallelThreshold = 50_000;

    /// <summary>Scores every customer by exact NTILE quantiles and names their segment.</summary>
    /// <param name="values">One entry per customer, in customer order (the NTILE tie-break).</param>
    /// <param name="destination">Receives customer <c>i</c>'s score at <c>i</c>; the same length as <paramref name="values"/>.</param>
    /// <param name="segments">The segment map, whose <see cref="SegmentMap.Bins"/> sets the number of scores;
    /// <see langword="null"/> for <see cref="SegmentMap.Default"/> (5 bins).</param>
    /// <exception cref="ArgumentException">Thrown when the spans differ in length.</exception>
    public static void ScoreQuantiles(ReadOnlySpan<RfmValues> values, Span<RfmScore> destination, SegmentMap? segments = null)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException("The destination must have one element per customer (" + values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").", nameof(destination));
        }

        var map = segments ?? SegmentMap.Default;
        var bins = map.Bins;
        var n = values.Length;
        if (n == 0)
        {
            return;
        }

        var r = Scratch.Rent<byte>(n);
        var f = Scratch.Rent<byte>(n);
        var m = Scratch.Rent<byte>(n);
        var rKeys = Scratch.Rent<ulong>(n);
        var fKeys = Scratch.Rent<ulong>(n);
        var mKeys = Scratch.Rent<ulong>(n);
        try
        {
            var allCents = true;
            for (var i = 0; i < n; i++)
            {
                ref readonly var v = ref values[i];
                rKeys[i] = (ulong)(int.MaxValue - v.RecencyDays); // ascending key = descending days
                fKeys[i] = (ulong)v.Frequency;
                allCents &= NtileRanker.TryCentsKey(v.Monetary, out mKeys[i]);
            }

            if (!allCents)
            {
                for (var i = 0; i < n; i++)
                {
                    mKeys[i] = NtileRanker.OrderedKey(values[i].Monetary);
                }
            }

            if (n >= ParallelThreshold)
            {
                RankOnTwoCores(rKeys, fKeys, mKeys, n, bins, r, f, m);
            }
            else
            {
                NtileRanker.Assign(rKeys.AsSpan(0, n), bins, r.AsSpan(0, n));
                NtileRanker.Assign(fKeys.AsSpan(0, n), bins, f.AsSpan(0, n));
                NtileRanker.Assign(mKeys.AsSpan(0, n), bins, m.AsSpan(0, n));
            }

            for (var i = 0; i < n; i++)
            {
                destination[i] = new RfmScore(r[i], f[i], m[i], map.ClassifyUnchecked(r[i], f[i], m[i]));
            }
        }
        finally
        {
            Scratch.Return(mKeys);
            Scratch.Return(fKeys);
            Scratch.Return(rKeys);
            Scratch.Return(m);
            Scratch.Return(f);
            Scratch.Return(r);
        }
    }

    /// <summary>
    /// Marks the VIPs: the top <paramref name="topFraction"/> of customers by monetary value, ties broken by customer
    /// order as in the M score (so the count is exact: the ceiling of n x <paramref name="topFraction"/>).
    /// </summary>
    /// <param name="values">The population, in customer order.</param>
    /// <param name="topFraction">The share of customers to mark, above 0 and at most 1 (0.01 for the top 1%).</param>
    /// <param name="isVip">Receives whether customer <c>i</c> is a VIP at <c>i</c>; the same length as <paramref name="values"/>.</param>
    /// <returns>The number of VIPs marked.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="topFraction"/> is not above 0 and at most 1.</exception>
    /// <exception cref="ArgumentException">Thrown when the spans differ in length.</exception>
    public static int MarkVips(ReadOnlySpan<RfmValues> values, double topFraction, Span<bool> isVip)
    {
        Preconditions.CheckValue(topFraction > 0d && topFraction <= 1d, "topFraction", topFraction, "must be above 0 and at most 1");
        if (isVip.Length != values.Length)
        {
            throw new ArgumentException("The destination must have one element per customer.", nameof(isVip));
        }

        var n = values.Length;
        var vips = (int)Math.Min(n, Math.Ceiling(n * topFraction));
        if (n == 0)
        {
            return 0;
        }

        // Two tiles over the monetary order: the bottom n - vips, then the top vips. NTILE sizes would differ, so rank
        // with one bin per customer and cut at the position instead.
        var keys = Scratch.Rent<ulong>(n);
        var order = Scratch.Rent<int>(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                keys[i] = NtileRanker.OrderedKey(values[i].Monetary);
            }

            NtileRanker.Order(keys.AsSpan(0, n), order.AsSpan(0, n));
            isVip.Clear();
            for (var position = n - vips; position < n; position++)
            {
                isVip[order[position]] = true;
            }

            return vips;
        }
        finally
        {
            Scratch.Return(order);
            Scratch.Return(keys);
        }
    }

    /// <summary>Monetary on one core, recency and frequency (one radix digit each, usually) on the other. Kept apart
    /// because the lambdas' closure is allocated on entry to the method that declares what they capture.</summary>
    private static void RankOnTwoCores(ulong[] rKeys, ulong[] fKeys, ulong[] mKeys, int n, int bins, byte[] r, byte[] f, byte[] m) =>
        Parallel.Invoke(
            () => NtileRanker.Assign(mKeys.AsSpan(0, n), bins, m.AsSpan(0, n)),
            () =>
            {
                NtileRanker.Assign(rKeys.AsSpan(0, n), bins, r.AsSpan(0, n));
                NtileRanker.Assign(fKeys.AsSpan(0, n), bins, f.AsSpan(0, n));
            });
}
