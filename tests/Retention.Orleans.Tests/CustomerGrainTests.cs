using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;
using Retention.Loyalty;
using Retention.Orleans.Tests.Infrastructure;

namespace Retention.Orleans.Tests;

/// <summary>The customer grain on a three-silo test cluster, against a single <see cref="PointsLedger"/> replaying the
/// same distinct events (the sequential result).</summary>
[Collection(ClusterGroup.Name)]
public sealed class CustomerGrainTests(ClusterFixture fixture)
{
    private static readonly Instant End = Samples.Start + Duration.FromDays(800);

    [Fact]
    public async Task Concurrent_redelivery_in_any_order_from_several_clients_gives_the_sequential_ledger()
    {
        var cluster = fixture.Cluster;
        var events = Samples.Events(customers: 22, seed: 13, prefix: "conc-");
        Assert.True(events.Count >= 200, "at least 200 events");

        // Four senders on different nodes (the cluster client and each silo's grain factory), each with every event
        // in its own order and a tenth of them twice.
        var factories = new List<IGrainFactory> { cluster.Client };
        factories.AddRange(cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>()));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<DeliveryStatus>();
        var senders = Enumerable.Range(0, 4).Select(i =>
        {
            var random = new Random(100 + i);
            var batch = events.Concat(events.Where(_ => random.Next(10) == 0)).OrderBy(_ => random.Next()).ToList();
            var grains = factories[i % factories.Count];
            return Task.Run(async () =>
            {
                foreach (var e in batch)
                {
                    statuses.Add((await grains.GetGrain<ICustomerGrain>(e.CustomerId.Value).DeliverAsync(CustomerEvent.From(e))).Status);
                }
            }, TestContext.Current.CancellationToken);
        });
        await Task.WhenAll(senders);

        // Every path was taken: in-order applies, late events that forced a replay, duplicates.
        Assert.Contains(DeliveryStatus.Applied, statuses);
        Assert.Contains(DeliveryStatus.Reordered, statuses);
        Assert.Equal(statuses.Count - events.Count, statuses.Count(s => s == DeliveryStatus.Duplicate));

        await AssertSequentialAsync(cluster.Client, events);
    }

    [Fact]
    public async Task Killing_a_silo_mid_stream_loses_no_point_with_at_least_once_redelivery()
    {
        var cluster = fixture.Cluster;
        var events = Samples.Events(customers: 30, seed: 7, prefix: "kill-").OrderBy(e => e.At).ToList();
        var half = events.Count / 2;
        foreach (var e in events.Take(half))
        {
            await DeliverWithRetryAsync(cluster.Client, e);
        }

        // Kill a secondary silo (the primary holds the development membership table) that hosts customer grains: their
        // state survives in the shared storage, their activations and any call in flight do not.
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics(types: null, hostsIds: null, cancellationToken: TestContext.Current.CancellationToken);
        var victim = cluster.SecondarySilos
            .OrderByDescending(s => activations.Count(a => a.SiloAddress.Equals(s.SiloAddress) && a.GrainType.Contains("CustomerGrain", StringComparison.Ordinal)))
            .First();
        var onVictim = activations.Count(a => a.SiloAddress.Equals(victim.SiloAddress) && a.GrainType.Contains("CustomerGrain", StringComparison.Ordinal));
        Assert.True(onVictim > 0, $"no secondary silo hosts a customer grain of {half} events delivered");
        await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        // The rest of the stream, then the whole stream again (a redelivery after the failure), retrying on errors.
        foreach (var e in events.Skip(half).Concat(events))
        {
            await DeliverWithRetryAsync(cluster.Client, e);
        }

        await AssertSequentialAsync(cluster.Client, events);
    }

    [Fact]
    public async Task Next_best_offer_needs_consent_and_commits_to_the_contact_log()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>("offer-1");
        var now = Samples.Start + Duration.FromDays(30);
        await grain.SetProfileAsync(Samples.Start, "Europe/Paris");
        await grain.SetRfmScoreAsync(new RfmScoreView(5, 5, 5, Retention.Rfm.SegmentMap.Default.Classify(5, 5, 5)));
        Assert.Null(await grain.NextBestOfferAsync(now, commit: false));

        await grain.SetConsentAsync(Channel.Email, granted: true, Samples.Start);
        var offer = await grain.NextBestOfferAsync(now, commit: true);
        Assert.NotNull(offer);
        Assert.Equal("welcome-back", offer.OfferId);
        Assert.Equal(Channel.Email, offer.Channel);

        await grain.SetConsentAsync(Channel.Email, granted: false, now);
        Assert.Null(await grain.NextBestOfferAsync(now + Duration.FromHours(1), commit: false));
    }

    [Fact]
    public async Task A_refund_before_its_order_waits_and_counts_once_the_order_arrives()
    {
        var events = Samples.Events(customers: 1, seed: 3, prefix: "wait-");
        var refund = events.OfType<OrderRefunded>().Single();
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(refund.CustomerId.Value);
        Assert.Equal(DeliveryStatus.Waiting, (await grain.DeliverAsync(CustomerEvent.From(refund))).Status);
        foreach (var e in events)
        {
            await grain.DeliverAsync(CustomerEvent.From(e));
        }

        Assert.Equal(events.Count, await grain.GetEventCountAsync());
        await AssertSequentialAsync(fixture.Cluster.Client, events);
    }

    private static async Task DeliverWithRetryAsync(IGrainFactory grains, LoyaltyEvent e)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<ICustomerGrain>(e.CustomerId.Value).DeliverAsync(CustomerEvent.From(e));
                return;
            }
            catch (Exception) when (attempt < 60)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Every customer's balance, history, tier and progress equal those of one ledger replaying the distinct events.</summary>
    private static async Task AssertSequentialAsync(IGrainFactory grains, IReadOnlyList<LoyaltyEvent> events)
    {
        var reference = new PointsLedger(Samples.Program);
        var report = reference.Replay(events);
        Assert.Equal(events.Count, report.Applied + report.Ignored);
        foreach (var customer in events.Select(e => e.CustomerId).Distinct())
        {
            var grain = grains.GetGrain<ICustomerGrain>(customer.Value);
            foreach (var at in new[] { Samples.Start + Duration.FromDays(100), End })
            {
                Assert.Equal(BalanceView.From(reference.GetBalance(customer, at)), await grain.GetBalanceAsync(at));
                Assert.Equal(TierView.From(reference.GetTierProgress(customer, at)), await grain.GetTierAsync(at));
            }

            var expected = reference.History(customer).Select(h => LedgerEntryView.From(h)).ToArray();
            var actual = await grain.GetHistoryAsync();
            Assert.Equal(expected, actual);
        }
    }
}
