using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;
using Retention.Loyalty;
using Retention.Offers;

namespace Retention.Orleans.Tests.Infrastructure;

/// <summary>One test cluster for the whole project: three in-process silos sharing one <see cref="SharedGrainStorage"/>
/// (so any silo can be killed without losing stored state), random placement (Orleans' default since 9.2 places by CPU
/// and memory, which on a loaded machine can put every grain on one silo) and the sample program and catalog.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal const int Silos = 3;

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(Silos);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(RetentionOrleansOptions.StorageName, (services, _) => new SharedGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            siloBuilder.Services.AddRetentionOrleans(Samples.Program, Samples.Catalog);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterGroup : ICollectionFixture<ClusterFixture>
{
    internal const string Name = "cluster";
}

/// <summary>The sample program (return window, expiry, tiers with an earning multiplier, so order matters) and catalog.</summary>
internal static class Samples
{
    internal static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 0, 0);

    internal static readonly PointsProgram Program =
        PointsProgram.CreateBuilder("Stars", Currency.Usd, DateTimeZone.Utc)
            .EarnPerUnit(1m)
            .ReturnWindow(Period.FromDays(14))
            .Expiry(PointsExpiry.AfterEarning(6))
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(50), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(20)))
            .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.Lifetime,
                [new Tier("Member", 0m), new Tier("Silver", 300m, new TierBenefits { EarningMultiplier = 1.25m }), new Tier("Gold", 800m, new TierBenefits { EarningMultiplier = 1.5m })]))
            .Build();

    internal static readonly OfferCatalog Catalog =
        OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("welcome-back", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 10m,
                Margin = new Money(30m, Currency.Usd),
                Cost = new Money(1m, Currency.Usd),
            })
            .Build();

    /// <summary>Events of <paramref name="customers"/> customers, each in time order: sign-up, orders, a review, a
    /// partial refund, a cancellation and an adjustment (about 9 per customer).</summary>
    internal static List<LoyaltyEvent> Events(int customers, int seed, string prefix)
    {
        var random = new Random(seed);
        var events = new List<LoyaltyEvent>();
        for (var c = 0; c < customers; c++)
        {
            var id = new CustomerId(prefix + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var at = Start + Duration.FromHours(random.Next(0, 240));
            events.Add(new ActionPerformed(new CustomerAction(new EventKey("signup:" + id.Value), id, ActionKind.SignUp, at)));
            var orders = new List<Order>();
            for (var o = 0; o < 5; o++)
            {
                at += Duration.FromHours(random.Next(1, 24 * 40));
                var lines = Enumerable.Range(0, random.Next(1, 3)).Select(l => new OrderLine(
                    new LineItemId("l" + l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new ProductId("p" + random.Next(0, 9).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    random.Next(1, 4),
                    new Money(random.Next(500, 20000) / 100m, Currency.Usd))).ToList();
                var order = new Order(new OrderId(id.Value + "-o" + o.ToString(System.Globalization.CultureInfo.InvariantCulture)), id, at, Currency.Usd, lines);
                orders.Add(order);
                events.Add(new OrderPlaced(order));
            }

            at += Duration.FromHours(random.Next(1, 200));
            events.Add(new ActionPerformed(new CustomerAction(new EventKey("review:" + id.Value), id, ActionKind.Review, at, rating: 5)));
            at += Duration.FromHours(random.Next(1, 200));
            var refunded = orders[1];
            var line = refunded.Lines[0];
            events.Add(new OrderRefunded(new Refund(new RefundId(id.Value + "-r1"), refunded, at, [new RefundLine(line.Id, 1, line.UnitPrice)])));
            at += Duration.FromHours(random.Next(1, 48));
            events.Add(new OrderCancelled(orders[4].Id, id, at));
            at += Duration.FromHours(random.Next(1, 48));
            events.Add(new PointsAdjusted(new EventKey("goodwill:" + id.Value), id, new Points(random.Next(-30, 60) is var p && p == 0 ? 5 : p), at, "goodwill"));
        }

        return events;
    }
}
