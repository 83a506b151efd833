using NodaTime;
using Retention.Offers;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>A decision allocates nothing once warm, with a contact log that holds history, for a catalog on the stack
/// path (up to 64 offers) and one that rents its candidates from the pool.</summary>
public sealed class OfferAllocationTests
{
    internal static OfferCatalog Catalog(int offers)
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd).Budget("all", Usd(1_000_000m));
        var segments = Retention.Rfm.SegmentMap.Default.SegmentNames;
        for (var i = 0; i < offers; i++)
        {
            builder.Add(new Offer("offer-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture), OfferKind.PercentOff, (Channel)(i % 3))
            {
                Percent = 10m,
                Rule = OfferRule.All(OfferRule.InSegment(segments[i % segments.Count], segments[(i + 3) % segments.Count]), OfferRule.Any(OfferRule.DaysSinceLastOrder(i % 200), OfferRule.BoughtAny(Shirts))),
                Margin = Usd(20m + (i % 7)),
                Cost = Usd(2m),
                Budget = "all",
                Cooldown = Duration.FromDays(i % 5),
                ExclusiveGroup = i % 4 == 0 ? "g" : null,
            });
        }

        return builder.Build();
    }

    internal static OfferCustomer[] Customers(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new OfferCustomer
        {
            Index = i,
            Segment = random.Next(-1, 11),
            Orders = random.Next(0, 5),
            DaysSinceLastOrder = random.Next(0, 400),
            CategoriesBought = (ulong)random.Next(0, 2),
            ConsentedChannels = random.Next(0, 32),
            ProbabilityAlive = random.NextDouble(),
        })];
    }

    [Theory]
    [InlineData(50)]
    [InlineData(80)]
    public void Choose_AllocatesNothingPerDecision(int offers)
    {
        var catalog = Catalog(offers);
        var selector = new OfferSelector(catalog);
        var customers = Customers(2_000, 3);
        var log = new ContactLog(catalog);
        var now = Instant.FromUtc(2026, 6, 1, 9, 0);
        var choices = new OfferChoice[3];
        var made = 0;
        for (var i = 0; i < 500; i++)
        {
            // History for some customers, so caps and cooldowns read real lists.
            var n = selector.Choose(customers[i], now - Duration.FromDays(3), log, choices);
            selector.Commit(choices.AsSpan(0, n), log);
        }

        for (var round = 0; round < 3; round++)
        {
            foreach (var customer in customers)
            {
                made += selector.Choose(customer, now, log, choices);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 5; round++)
        {
            foreach (var customer in customers)
            {
                made += selector.Choose(customer, now, log, choices);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(made > 1_000, "too few choices to be meaningful: " + made);
        Assert.Equal(0, allocated);
    }
}
