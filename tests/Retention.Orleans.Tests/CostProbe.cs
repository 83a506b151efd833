using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Retention.Loyalty;
using Retention.Orleans.Tests.Infrastructure;
using Retention.Rfm;

namespace Retention.Orleans.Tests;

/// <summary>
/// Measures the costs docs/scale-out.md quotes: memory per active customer grain and per stored customer, events per
/// second through the grains, and partitioned batch scoring time. Explicit (run with <c>-- --explicit only</c>): it
/// asserts only that the work was done, and writes the numbers to <c>/tmp/retention-orleans-probe.txt</c>.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class CostProbe(ClusterFixture fixture)
{
    [Fact(Explicit = true)]
    public async Task Measure()
    {
        var cancel = TestContext.Current.CancellationToken;
        var client = fixture.Cluster.Client;
        var management = client.GetGrain<IManagementGrain>(0);
        var lines = new List<string> { "silos: " + fixture.Cluster.Silos.Count + " in one process; " + Environment.ProcessorCount + " cores (shared)" };

        // Memory: N customers with 9 events each.
        const int N = 4_000;
        var events = Samples.Events(N, seed: 1, prefix: "probe-").Select(e => (e.CustomerId.Value, Wire: CustomerEvent.From(e))).ToArray();
        var before = Heap();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(events.GroupBy(e => e.Value), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancel }, async (group, _) =>
        {
            foreach (var (id, wire) in group)
            {
                await client.GetGrain<ICustomerGrain>(id).DeliverAsync(wire);
            }
        });
        watch.Stop();
        lines.Add(Line("events delivered (first delivery, activation + apply + storage write), 64 customers in flight", events.Length, watch.Elapsed));
        var active = Heap();
        await management.ForceActivationCollection(TimeSpan.Zero, cancel);
        await Task.Delay(2000, cancel);
        var stored = Heap();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"heap: before {before / 1e6:F1} MB, {N} active grains + storage {active / 1e6:F1} MB, storage only {stored / 1e6:F1} MB"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"per customer: active grain {(active - stored) / (double)N:F0} B ({events.Length / N} events each)"));

        // What of that is the grain's own data: a one-customer ledger rebuilt by replay plus the event log, and the
        // stored blob's size in Orleans' format (memory storage keeps it base64 inside JSON, 4/3 larger).
        var byCustomer = Samples.Events(N, seed: 1, prefix: "probe-").GroupBy(e => e.CustomerId).ToArray();
        var own = Heap();
        var kept = new List<object>(N);
        foreach (var group in byCustomer)
        {
            var ledger = new PointsLedger(Samples.Program);
            ledger.Replay(group);
            kept.Add((ledger, group.Select(CustomerEvent.From).ToList()));
        }

        var withOwn = Heap();
        GC.KeepAlive(kept);
        var primary = Assert.IsType<global::Orleans.TestingHost.InProcessSiloHandle>(fixture.Cluster.Primary);
        var serializer = primary.SiloHost.Services.GetRequiredService<global::Orleans.Serialization.Serializer<CustomerState>>();
        var blob = byCustomer.Average(g => (double)serializer.SerializeToArray(new CustomerState { Events = [.. g.Select(CustomerEvent.From)] }).Length);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"per customer: ledger + event log in memory {(withOwn - own) / (double)N:F0} B; stored blob {blob:F0} B"));

        // Throughput on warm grains: duplicates (read path: key lookup) and new adjustments (apply + write).
        watch.Restart();
        await Parallel.ForEachAsync(events.GroupBy(e => e.Value), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancel }, async (group, _) =>
        {
            foreach (var (id, wire) in group)
            {
                await client.GetGrain<ICustomerGrain>(id).DeliverAsync(wire);
            }
        });
        watch.Stop();
        lines.Add(Line("redeliveries (reactivation from storage + duplicate check)", events.Length, watch.Elapsed));

        var at = Samples.Start + Duration.FromDays(900);
        var adjustments = Enumerable.Range(0, 20_000).Select(i => (Id: "probe-" + (i % N).ToString(CultureInfo.InvariantCulture), Wire: (CustomerEvent)new PointsAdjustedEvent
        {
            At = at + Duration.FromSeconds(i),
            AdjustmentKey = "adj-" + i.ToString(CultureInfo.InvariantCulture),
            Points = 1,
            Reason = "probe",
        })).ToArray();
        watch.Restart();
        await Parallel.ForEachAsync(adjustments.GroupBy(e => e.Id), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancel }, async (group, _) =>
        {
            foreach (var (id, wire) in group)
            {
                await client.GetGrain<ICustomerGrain>(id).DeliverAsync(wire);
            }
        });
        watch.Stop();
        lines.Add(Line("new events on warm grains (apply + storage write), 64 in flight", adjustments.Length, watch.Elapsed));

        watch.Restart();
        foreach (var (id, wire) in adjustments.Take(2_000))
        {
            await client.GetGrain<ICustomerGrain>(id).DeliverAsync(wire);
        }

        watch.Stop();
        lines.Add(Line("duplicate events one at a time (round-trip latency)", 2_000, watch.Elapsed));

        // Batch: a synthetic population, partitioned vs one machine.
        foreach (var population in new[] { 100_000, 400_000 })
        {
            var random = new Random(population);
            var start = new LocalDate(2023, 1, 1);
            var transactions = new List<Transaction>();
            for (var c = 0; c < population; c++)
            {
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    transactions.Add(Transaction.Purchase(c, start.PlusDays(random.Next(0, 700)), random.Next(100, 30_000) / 100m));
                }
            }

            var array = transactions.ToArray();
            var window = new SummaryWindow(start.PlusDays(730));
            watch.Restart();
            var summaries = new CustomerSummary[population];
            CustomerSummaries.Compute(array, window, summaries);
            var values = summaries.Select(s => RfmValues.FromSummary(s)).ToArray();
            var scores = new RfmScore[population];
            RfmScoring.ScoreQuantiles(values, scores);
            watch.Stop();
            lines.Add(Line("single machine: summaries + ScoreQuantiles, customers", population, watch.Elapsed) + ", " + array.Length + " transactions");
            foreach (var partitions in new[] { 4, 8 })
            {
                watch.Restart();
                var result = await PartitionedRfm.ScoreAsync(client, array, population, window, partitions, "probe-" + population + "-" + partitions, cancel);
                watch.Stop();
                Assert.Equal(scores, result.Scores);
                lines.Add(Line("partitioned (" + partitions + " partitions, " + result.Rounds + " rounds): customers", population, watch.Elapsed));
            }
        }

        await File.WriteAllLinesAsync("/tmp/retention-orleans-probe.txt", lines, cancel);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Line(string what, int count, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: {count} in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:F0}/s");
}
