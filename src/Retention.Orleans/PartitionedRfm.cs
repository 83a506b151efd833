using Orleans;
using Retention.Rfm;

namespace Retention.Orleans;

/// <summary>The scores of a partitioned RFM batch (<see cref="PartitionedRfm.ScoreAsync"/>).</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class PartitionedRfmResult
{
    internal PartitionedRfmResult(int[] customers, RfmScore[] scores, int rounds)
    {
        Customers = customers;
        Scores = scores;
        Rounds = rounds;
    }

    /// <summary>Gets the global indexes of the customers scored (those who purchased in the calibration period), ascending.</summary>
    /// <value>One per score.</value>
    public IReadOnlyList<int> Customers { get; }

    /// <summary>Gets the scores: <c>Scores[i]</c> is the score of <c>Customers[i]</c>.</summary>
    /// <value>Exactly what <see cref="RfmScoring.ScoreQuantiles"/> gives those customers' values in that order.</value>
    public IReadOnlyList<RfmScore> Scores { get; }

    /// <summary>Gets how many counting rounds the distributed selection of the tile boundaries took.</summary>
    /// <value>At most 96 (a bisection over the 64-bit key and the 32-bit customer index).</value>
    public int Rounds { get; }
}

/// <summary>
/// RFM scoring of a population split over partition grains, with scores equal to the single-machine
/// <see cref="RfmScoring.ScoreQuantiles"/> for every customer, ties and bucket sizes included.
/// </summary>
/// <remarks>
/// <para>Customers are partitioned by global index modulo the partition count; each transaction is routed to its
/// customer's partition, which computes that customer's summary with <see cref="CustomerSummaries.Compute"/> and its
/// RFM values. Exact NTILE needs each customer's global rank only through the tile starts: with n customers, tile
/// <c>t + 1</c> starts at rank <c>s_t = t * (n / bins) + min(t, n % bins)</c>. The coordinator finds the point (key,
/// customer index) at each rank <c>s_t</c> of each dimension by bisection, asking every partition in each round how
/// many of its points are at or below the probes (a binary search in its sorted points); then every partition scores
/// its own customers: tile = 1 + the number of tile starts at or below the customer's point. Traffic is
/// O(partitions x bins x 96) small messages, independent of n; no partition ever sees another's customers.</para>
/// <para>The partition grains hold the batch in memory for its duration; if a silo fails mid-batch, rerun it with a
/// new job id (the result is deterministic).</para>
/// </remarks>
public static class PartitionedRfm
{
    private const int Dimensions = 3;
    private const int ChunkSize = 20_000;

    /// <summary>Scores a population on the cluster.</summary>
    /// <param name="grains">The cluster's grain factory (a client's or a grain's).</param>
    /// <param name="transactions">Every transaction of the population, customers by global index, in any order.</param>
    /// <param name="population">The number of customers; every transaction's customer is below it.</param>
    /// <param name="window">The calibration end (and optional holdout end).</param>
    /// <param name="partitions">The number of partition grains, 1 or more.</param>
    /// <param name="jobId">A name unique to this run (the partition grains are keyed by it).</param>
    /// <param name="cancellationToken">Cancels between phases.</param>
    /// <returns>The scores of the customers who purchased, by global index.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="grains"/> or <paramref name="jobId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="partitions"/> is below 1, <paramref name="population"/> is negative,
    /// or a transaction's customer is not below <paramref name="population"/>.</exception>
    public static async Task<PartitionedRfmResult> ScoreAsync(
        IGrainFactory grains,
        ReadOnlyMemory<Transaction> transactions,
        int population,
        SummaryWindow window,
        int partitions,
        string jobId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(jobId);
        if (partitions < 1)
        {
            throw new InvalidValueException("partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 1 or more");
        }

        if (population < 0)
        {
            throw new InvalidValueException("population", population.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative");
        }

        var workers = new IRfmPartitionGrain[partitions];
        for (var p = 0; p < partitions; p++)
        {
            workers[p] = grains.GetGrain<IRfmPartitionGrain>(p, jobId);
        }

        try
        {
            await RouteAsync(workers, transactions, population).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var calibrationEnd = window.CalibrationEnd.ToDateOnly().DayNumber;
            int? holdoutEnd = window.HoldoutEnd is { } h ? h.ToDateOnly().DayNumber : null;
            var summaries = await Task.WhenAll(workers.Select(w => w.SummarizeAsync(partitions, population, calibrationEnd, holdoutEnd))).ConfigureAwait(false);
            var n = summaries.Sum(s => (long)s.Purchasers);
            if (n == 0)
            {
                return new PartitionedRfmResult([], [], 0);
            }

            var bins = summaries[0].Bins;
            if (summaries.Any(s => s.Bins != bins))
            {
                throw new InvalidOperationException("The silos are configured with different segment maps.");
            }

            // The ranks where tiles 2..bins start, when there are customers for them.
            var size = n / bins;
            var larger = n % bins;
            var starts = Enumerable.Range(1, bins - 1).Select(t => (t * size) + Math.Min(t, larger)).Where(s => s < n).ToArray();

            // One bisection per (dimension, tile start) over [global min, global max]; all advance together, one
            // counting call per partition per round.
            var searches = new List<(byte Dimension, long Rank, UInt128 Lo, UInt128 Hi)>();
            for (byte d = 0; d < Dimensions; d++)
            {
                var lo = summaries.Where(s => s.Purchasers > 0).Min(s => s.Min[d].Composite);
                var hi = summaries.Where(s => s.Purchasers > 0).Max(s => s.Max[d].Composite);
                searches.AddRange(starts.Select(s => (d, s, lo, hi)));
            }

            var rounds = 0;
            while (searches.Any(s => s.Lo < s.Hi))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var active = Enumerable.Range(0, searches.Count).Where(i => searches[i].Lo < searches[i].Hi).ToArray();
                var probes = active.Select(i => RankKey.From(searches[i].Dimension, searches[i].Lo + ((searches[i].Hi - searches[i].Lo) / 2))).ToArray();
                var counts = await Task.WhenAll(workers.Select(w => w.CountAtMostAsync(probes))).ConfigureAwait(false);
                rounds++;
                for (var j = 0; j < active.Length; j++)
                {
                    var total = counts.Sum(c => c[j]);
                    var (dimension, rank, lo, hi) = searches[active[j]];
                    var mid = probes[j].Composite;

                    // The point at rank s is the smallest point with more than s points at or below it.
                    searches[active[j]] = total > rank ? (dimension, rank, lo, mid) : (dimension, rank, mid + 1, hi);
                }
            }

            var boundaries = searches.Select(s => RankKey.From(s.Dimension, s.Lo)).ToArray();
            var parts = await Task.WhenAll(workers.Select(w => w.AssignAsync(boundaries))).ConfigureAwait(false);
            return Merge(parts, checked((int)n), rounds);
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.ReleaseAsync())).ConfigureAwait(false);
        }
    }

    private static async Task RouteAsync(IRfmPartitionGrain[] workers, ReadOnlyMemory<Transaction> transactions, int population)
    {
        var partitions = workers.Length;
        var buffers = new List<Transaction>[partitions];
        for (var p = 0; p < partitions; p++)
        {
            buffers[p] = new List<Transaction>(ChunkSize);
        }

        var pending = new List<Task>();
        for (var i = 0; i < transactions.Length; i++)
        {
            var t = transactions.Span[i];
            if ((uint)t.Customer >= (uint)population)
            {
                throw new InvalidValueException("transactions[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].customer", t.Customer.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be below the population " + population.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var buffer = buffers[t.Customer % partitions];
            buffer.Add(t);
            if (buffer.Count == ChunkSize)
            {
                pending.Add(workers[t.Customer % partitions].AddAsync(ToChunk(buffer)));
                buffer.Clear();
            }
        }

        for (var p = 0; p < partitions; p++)
        {
            if (buffers[p].Count > 0)
            {
                pending.Add(workers[p].AddAsync(ToChunk(buffers[p])));
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static RfmTransactionChunk ToChunk(List<Transaction> buffer) => new(
        [.. buffer.Select(t => t.Customer)],
        [.. buffer.Select(t => t.Date.ToDateOnly().DayNumber)],
        [.. buffer.Select(t => t.Amount)],
        [.. buffer.Select(t => t.Kind == TransactionKind.Refund)]);

    private static PartitionedRfmResult Merge(RfmPartitionScores[] parts, int n, int rounds)
    {
        var customers = new int[n];
        var scores = new RfmScore[n];
        var k = 0;
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Customers.Length; i++, k++)
            {
                customers[k] = part.Customers[i];
                scores[k] = new RfmScore(part.Recency[i], part.Frequency[i], part.Monetary[i], part.Segments[i]);
            }
        }

        Array.Sort(customers, scores);
        return new PartitionedRfmResult(customers, scores, rounds);
    }
}
