using NodaTime;
using Orleans;
using Retention.Rfm;

namespace Retention.Orleans;

/// <summary>A point in one RFM dimension's total order: the dimension's key, then the customer's global index (the
/// NTILE tie-break). On the wire as three fields; in the grain as one 96-bit number.</summary>
[GenerateSerializer]
[Immutable]
internal readonly record struct RankKey([property: Id(0)] byte Dimension, [property: Id(1)] ulong Key, [property: Id(2)] uint Customer)
{
    internal UInt128 Composite => ((UInt128)Key << 32) | Customer;

    internal static RankKey From(byte dimension, UInt128 composite) => new(dimension, unchecked((ulong)(composite >> 32)), unchecked((uint)composite));
}

/// <summary>A chunk of transactions routed to one partition: global customer indexes, days as <see cref="DateOnly.DayNumber"/>.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record RfmTransactionChunk(
    [property: Id(0)] int[] Customers,
    [property: Id(1)] int[] Days,
    [property: Id(2)] decimal[] Amounts,
    [property: Id(3)] bool[] Refunds);

/// <summary>What a partition reports after computing its summaries.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record RfmPartitionSummary(
    [property: Id(0)] int Purchasers,
    [property: Id(1)] int Bins,
    [property: Id(2)] RankKey[] Min,
    [property: Id(3)] RankKey[] Max);

/// <summary>A partition's scores: purchasers by global index, ascending.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record RfmPartitionScores(
    [property: Id(0)] int[] Customers,
    [property: Id(1)] byte[] Recency,
    [property: Id(2)] byte[] Frequency,
    [property: Id(3)] byte[] Monetary,
    [property: Id(4)] int[] Segments);

/// <summary>One partition of an RFM batch: keyed by (partition number, job id); holds the transactions of the customers
/// whose global index is the partition number modulo the partition count.</summary>
[Alias("Retention.Orleans.IRfmPartitionGrain")]
internal interface IRfmPartitionGrain : IGrainWithIntegerCompoundKey
{
    [Alias("Add")]
    Task AddAsync(RfmTransactionChunk chunk);

    [Alias("Summarize")]
    Task<RfmPartitionSummary> SummarizeAsync(int partitions, int population, int calibrationEnd, int? holdoutEnd);

    [Alias("CountAtMost")]
    Task<long[]> CountAtMostAsync(RankKey[] probes);

    [Alias("Assign")]
    Task<RfmPartitionScores> AssignAsync(RankKey[] boundaries);

    [Alias("Release")]
    Task ReleaseAsync();
}

/// <summary>The partition worker. Holds its data in memory for the job's duration only (a failed job is rerun).</summary>
internal sealed class RfmPartitionGrain(RetentionOrleansOptions options) : Grain, IRfmPartitionGrain
{
    private const int Dimensions = 3;
    private List<Transaction> _transactions = [];
    private int _partitions;
    private int _partition;
    private int[] _customers = [];
    private RfmValues[] _values = [];
    private UInt128[][] _sorted = [];

    public Task AddAsync(RfmTransactionChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _partition = checked((int)this.GetPrimaryKeyLong(out _));
        for (var i = 0; i < chunk.Customers.Length; i++)
        {
            // Stored with the global index for now; made local when the partition count is known.
            var date = LocalDate.FromDateOnly(DateOnly.FromDayNumber(chunk.Days[i]));
            _transactions.Add(new Transaction(chunk.Customers[i], date, chunk.Amounts[i], chunk.Refunds[i] ? TransactionKind.Refund : TransactionKind.Purchase));
        }

        return Task.CompletedTask;
    }

    public Task<RfmPartitionSummary> SummarizeAsync(int partitions, int population, int calibrationEnd, int? holdoutEnd)
    {
        _partition = checked((int)this.GetPrimaryKeyLong(out _));
        _partitions = partitions;
        var local = Math.Max(0, (population - _partition + partitions - 1) / partitions);
        var transactions = new Transaction[_transactions.Count];
        for (var i = 0; i < transactions.Length; i++)
        {
            var t = _transactions[i];
            if (t.Customer % partitions != _partition)
            {
                throw new InvalidOperationException("Transaction of customer " + t.Customer + " sent to partition " + _partition + " of " + partitions + ".");
            }

            transactions[i] = new Transaction(t.Customer / partitions, t.Date, t.Amount, t.Kind);
        }

        _transactions = [];
        var window = new SummaryWindow(ToDate(calibrationEnd), holdoutEnd is { } h ? ToDate(h) : null);
        var summaries = new CustomerSummary[local];
        CustomerSummaries.Compute(transactions, window, summaries);

        var customers = new List<int>();
        var values = new List<RfmValues>();
        for (var i = 0; i < local; i++)
        {
            if (summaries[i].HasPurchases)
            {
                customers.Add((i * partitions) + _partition);
                values.Add(RfmValues.FromSummary(summaries[i]));
            }
        }

        _customers = [.. customers];
        _values = [.. values];
        _sorted = new UInt128[Dimensions][];
        var min = new RankKey[Dimensions];
        var max = new RankKey[Dimensions];
        for (byte d = 0; d < Dimensions; d++)
        {
            var keys = new UInt128[_customers.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = Composite(d, _values[i], _customers[i]);
            }

            Array.Sort(keys);
            _sorted[d] = keys;
            if (keys.Length > 0)
            {
                min[d] = RankKey.From(d, keys[0]);
                max[d] = RankKey.From(d, keys[^1]);
            }
        }

        return Task.FromResult(new RfmPartitionSummary(_customers.Length, options.Segments.Bins, min, max));
    }

    public Task<long[]> CountAtMostAsync(RankKey[] probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var counts = new long[probes.Length];
        for (var i = 0; i < probes.Length; i++)
        {
            counts[i] = UpperBound(_sorted[probes[i].Dimension], probes[i].Composite);
        }

        return Task.FromResult(counts);
    }

    public Task<RfmPartitionScores> AssignAsync(RankKey[] boundaries)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        var n = _customers.Length;
        var tiles = new byte[Dimensions][];
        for (byte d = 0; d < Dimensions; d++)
        {
            var bounds = boundaries.Where(b => b.Dimension == d).Select(b => b.Composite).ToArray();
            var dimensionTiles = new byte[n];
            for (var i = 0; i < n; i++)
            {
                // The tile is one more than the number of tile starts at or before the customer's point.
                var x = Composite(d, _values[i], _customers[i]);
                var tile = 1;
                foreach (var b in bounds)
                {
                    if (b <= x)
                    {
                        tile++;
                    }
                }

                dimensionTiles[i] = checked((byte)tile);
            }

            tiles[d] = dimensionTiles;
        }

        var segments = new int[n];
        for (var i = 0; i < n; i++)
        {
            segments[i] = options.Segments.Classify(tiles[0][i], tiles[1][i], tiles[2][i]);
        }

        return Task.FromResult(new RfmPartitionScores(_customers, tiles[0], tiles[1], tiles[2], segments));
    }

    public Task ReleaseAsync()
    {
        _transactions = [];
        _customers = [];
        _values = [];
        _sorted = [];
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>The point of a customer in dimension <paramref name="dimension"/>: the ascending key of
    /// <see cref="RfmScoring.ScoreQuantiles"/> (days since the last purchase descending, orders, net spend), then the
    /// customer's global index.</summary>
    internal static UInt128 Composite(byte dimension, in RfmValues v, int customer)
    {
        var key = dimension switch
        {
            0 => (ulong)(int.MaxValue - (long)v.RecencyDays),
            1 => (ulong)v.Frequency,
            _ => OrderedKey(v.Monetary),
        };
        return ((UInt128)key << 32) | (uint)customer;
    }

    /// <summary>Maps a double to an unsigned key with the same order, -0 and +0 alike.</summary>
    internal static ulong OrderedKey(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value + 0d);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static long UpperBound(UInt128[] sorted, UInt128 value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static LocalDate ToDate(int dayNumber) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));
}
