using System.Numerics;

namespace Retention.Rfm;

/// <summary>
/// Exact SQL <c>NTILE(bins) OVER (ORDER BY key ASC, index ASC)</c> for one dimension, by a stable least-significant-digit
/// radix sort of the keys: O(n) per digit, and only as many digits as the keys' range needs (one for day counts).
/// </summary>
internal static class NtileRanker
{
    /// <summary>Writes the 1-based tile of every element into <paramref name="tiles"/>.</summary>
    /// <param name="keys">One key per element; ties are broken by the element's index. Clobbered (used as scratch).</param>
    /// <param name="bins">Number of tiles.</param>
    /// <param name="tiles">Receives the tile of element <c>i</c> at <c>i</c>.</param>
    internal static void Assign(Span<ulong> keys, int bins, Span<byte> tiles)
    {
        var n = keys.Length;
        if (n == 0)
        {
            return;
        }

        var order = Scratch.Rent<int>(n);
        try
        {
            Order(keys, order.AsSpan(0, n));
            WriteTiles(order.AsSpan(0, n), bins, tiles);
        }
        finally
        {
            Scratch.Return(order);
        }
    }

    /// <summary>Writes into <paramref name="order"/> the element indexes sorted by (key, index).</summary>
    /// <param name="keys">One key per element. Clobbered (used as scratch).</param>
    /// <param name="order">Receives the sorted indexes; the same length as <paramref name="keys"/>.</param>
    internal static void Order(Span<ulong> keys, Span<int> order)
    {
        var n = keys.Length;
        if (n == 0)
        {
            return;
        }

        var min = ulong.MaxValue;
        var max = ulong.MinValue;
        foreach (var k in keys)
        {
            min = Math.Min(min, k);
            max = Math.Max(max, k);
        }

        var keyBits = 64 - BitOperations.LeadingZeroCount(max - min);
        var indexBits = 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));
        if (keyBits + indexBits <= 64)
        {
            SortPacked(keys, min, indexBits, keyBits, order);
        }
        else
        {
            SortWide(keys, min, keyBits, order);
        }
    }

    /// <summary>Sorts (key - min) &lt;&lt; indexBits | index as one word, radix only over the key bits: the index bits start
    /// in ascending order and a stable sort keeps them so within equal keys.</summary>
    private static void SortPacked(Span<ulong> keys, ulong min, int indexBits, int keyBits, Span<int> order)
    {
        var n = keys.Length;
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((keys[i] - min) << indexBits) | (uint)i;
        }

        var scratch = Scratch.Rent<ulong>(n);
        try
        {
            var source = keys;
            var target = scratch.AsSpan(0, n);
            var digitBits = n < (1 << 16) ? 8 : 16;
            for (var shift = indexBits; shift < indexBits + keyBits; shift += digitBits)
            {
                RadixPass(source, target, shift, digitBits);
                var swap = source;
                source = target;
                target = swap;
            }

            var mask = (1UL << indexBits) - 1; // indexBits is at most 31: it counts the bits of n - 1, an int
            for (var i = 0; i < n; i++)
            {
                order[i] = (int)(source[i] & mask);
            }
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>Sorts keys that do not fit beside their index in one word: keys and indexes move together.</summary>
    private static void SortWide(Span<ulong> keys, ulong min, int keyBits, Span<int> order)
    {
        var n = keys.Length;
        const int DigitBits = 16;
        var keyScratch = Scratch.Rent<ulong>(n);
        var indexScratch = Scratch.Rent<int>(n);
        var counts = Scratch.Rent<int>(1 << DigitBits);
        try
        {
            for (var i = 0; i < n; i++)
            {
                keys[i] -= min;
                order[i] = i;
            }

            Span<ulong> sourceKeys = keys, targetKeys = keyScratch.AsSpan(0, n);
            Span<int> sourceIndex = order, targetIndex = indexScratch.AsSpan(0, n);
            var passes = 0;
            for (var shift = 0; shift < keyBits; shift += DigitBits, passes++)
            {
                Array.Clear(counts, 0, 1 << DigitBits);
                foreach (var k in sourceKeys)
                {
                    counts[(int)((k >> shift) & 0xFFFF)]++;
                }

                var total = 0;
                for (var d = 0; d < 1 << DigitBits; d++)
                {
                    var c = counts[d];
                    counts[d] = total;
                    total += c;
                }

                for (var i = 0; i < n; i++)
                {
                    var k = sourceKeys[i];
                    var position = counts[(int)((k >> shift) & 0xFFFF)]++;
                    targetKeys[position] = k;
                    targetIndex[position] = sourceIndex[i];
                }

                var swapKeys = sourceKeys;
                sourceKeys = targetKeys;
                targetKeys = swapKeys;
                var swapIndex = sourceIndex;
                sourceIndex = targetIndex;
                targetIndex = swapIndex;
            }

            if (passes % 2 == 1)
            {
                sourceIndex.CopyTo(order);
            }
        }
        finally
        {
            Scratch.Return(counts);
            Scratch.Return(keyScratch);
            Scratch.Return(indexScratch);
        }
    }

    private static void RadixPass(ReadOnlySpan<ulong> source, Span<ulong> target, int shift, int digitBits)
    {
        var buckets = 1 << digitBits;
        var mask = (ulong)(buckets - 1);
        var counts = Scratch.Rent<int>(buckets);
        try
        {
            Array.Clear(counts, 0, buckets);
            foreach (var k in source)
            {
                counts[(int)((k >> shift) & mask)]++;
            }

            var total = 0;
            for (var d = 0; d < buckets; d++)
            {
                var c = counts[d];
                counts[d] = total;
                total += c;
            }

            foreach (var k in source)
            {
                target[counts[(int)((k >> shift) & mask)]++] = k;
            }
        }
        finally
        {
            Scratch.Return(counts);
        }
    }

    /// <summary>Walks the sorted order: the first <c>n % bins</c> tiles hold <c>n / bins + 1</c> elements, the rest
    /// <c>n / bins</c>, exactly as SQL's NTILE.</summary>
    private static void WriteTiles(ReadOnlySpan<int> order, int bins, Span<byte> tiles)
    {
        var n = order.Length;
        var size = n / bins;
        var larger = n % bins;
        var position = 0;
        for (var tile = 1; tile <= bins; tile++) // when n < bins, the last tiles are empty
        {
            var count = size + (tile <= larger ? 1 : 0);
            for (var end = position + count; position < end; position++)
            {
                tiles[order[position]] = (byte)tile;
            }
        }
    }

    /// <summary>
    /// Maps an amount that is a whole number of cents (the double nearest to c / 100, as money converted from decimal is)
    /// to c + 2^62, an unsigned key with a narrow range. The map is exact and order-preserving on such values: distinct
    /// cents give distinct doubles, and rounding to the nearest double is monotone. Returns <see langword="false"/> for
    /// any other value, and the caller then keys every value with <see cref="OrderedKey"/>.
    /// </summary>
    internal static bool TryCentsKey(double value, out ulong key)
    {
        const double Limit = 1e15; // |cents| below 2^53: every such c / 100 is distinct and c is exact
        var scaled = Math.Round(value * 100d);
        if (Math.Abs(scaled) < Limit && scaled / 100d == value)
        {
            key = (ulong)((long)scaled + (1L << 62));
            return true;
        }

        key = 0;
        return false;
    }

    /// <summary>Maps a double to an unsigned key with the same order (negative numbers below positive ones).</summary>
    internal static ulong OrderedKey(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value + 0d);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }
}
