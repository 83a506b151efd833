using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Benchmarks;

/// <summary>
/// Offer selection (issue target: choosing among 50 offers for 1,000,000 customers at 1 million decisions per second
/// or more on one core, with no allocation per decision). Each benchmark makes one decision per customer of the
/// population: <see cref="ChooseBest"/> the single best offer with an empty contact log, <see cref="ChooseTop3WithHistory"/>
/// the top three with a log holding a send for every tenth customer (caps and cooldowns then read real lists). The
/// baseline reads every snapshot once. Per decision = mean / customers.
/// </summary>
[MemoryDiagnoser]
public class OfferBenchmarks
{
    private OfferCustomer[] _customers = [];
    private OfferSelector _selector = null!;
    private ContactLog _emptyLog = null!;
    private ContactLog _history = null!;
    private readonly OfferChoice[] _choices = new OfferChoice[3];
    private Instant _now;

    /// <summary>Gets or sets the number of customers.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Customers { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.OneMillion;

    [GlobalSetup]
    public void Setup()
    {
        var usd = Currency.Usd;
        var shirts = new CategoryId("shirts");
        var trousers = new CategoryId("trousers");
        var segments = SegmentMap.Default.SegmentNames;
        var builder = OfferCatalog.CreateBuilder(usd)
            .Budget("winback", new Money(50_000m, usd))
            .Budget("vip", new Money(200_000m, usd))
            .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer), Channel.Sms, Channel.Push);
        for (var i = 0; i < 50; i++)
        {
            // Ten rule shapes from the playbook, five variants each on different channels and economics.
            var rule = (i % 10) switch
            {
                0 => OfferRule.All(OfferRule.DaysSinceLastOrder(180 + (i * 3)), OfferRule.Orders(1)),
                1 => OfferRule.Any(OfferRule.InSegment("Champions"), OfferRule.TierLevel(3)),
                2 => OfferRule.BirthdayWithin(3, 7),
                3 => OfferRule.All(OfferRule.LastOrderIn(shirts, 21, 35), OfferRule.Not(OfferRule.BoughtAny(trousers))),
                4 => OfferRule.CartOpen(),
                5 => OfferRule.SpendToNextTier(null, 20m + i),
                6 => OfferRule.All(OfferRule.InSegment(segments[i % segments.Count], segments[(i + 1) % segments.Count]), OfferRule.ProbabilityAlive(0.3m)),
                7 => OfferRule.All(OfferRule.Recency(new ScoreRange(1, 2)), OfferRule.Frequency(new ScoreRange(3, 5)), OfferRule.Clv(100m)),
                8 => OfferRule.All(OfferRule.FirstTimeBuyer(), OfferRule.DaysSinceLastOrder(14, 60)),
                _ => OfferRule.All(OfferRule.TierLevel(2), OfferRule.Not(OfferRule.InSegment("Hibernating"))),
            };
            builder.Add(new Offer("offer-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), OfferKind.PercentOff, (Channel)(i % 3))
            {
                Percent = 5m + (i % 4 * 5m),
                Rule = rule,
                Margin = new Money(20m + (i % 7 * 5m), usd),
                Cost = new Money(2m + (i % 5), usd),
                ContactCost = new Money(0.02m, usd),
                ResponseWeight = 1 + (i % 3),
                Priority = i % 3,
                ExclusiveGroup = i % 2 == 0 ? "discount" : null,
                Cooldown = Duration.FromDays(30),
                Budget = i % 10 == 0 ? "winback" : i % 10 == 1 ? "vip" : null,
                RedemptionLimit = i % 10 == 4 ? 100_000 : null,
            });
        }

        var catalog = builder.Build();
        _selector = new OfferSelector(catalog);
        var random = new Random(42);
        _customers = new OfferCustomer[Customers];
        for (var i = 0; i < Customers; i++)
        {
            var orders = random.Next(0, 8);
            var r = random.Next(1, 6);
            var f = random.Next(1, 6);
            _customers[i] = new OfferCustomer
            {
                Index = i,
                Segment = SegmentMap.Default.Classify(r, f, random.Next(1, 6)),
                Recency = r,
                Frequency = f,
                Monetary = random.Next(1, 6),
                TierLevel = random.Next(0, 5),
                Orders = orders,
                DaysSinceLastOrder = orders == 0 ? null : random.Next(0, 500),
                DaysFromBirthday = random.Next(0, 4) == 0 ? null : random.Next(-182, 183),
                ProbabilityAlive = random.NextDouble(),
                Clv = random.NextDouble() * 500,
                CategoriesBought = (ulong)random.Next(0, 4),
                LastOrderCategories = (ulong)random.Next(0, 4),
                ConsentedChannels = random.Next(0, 32),
                CartOpen = random.Next(0, 10) == 0,
                SpendToNextTier = random.Next(0, 5) == 0 ? null : random.Next(0, 200),
                LocalTime = new LocalTime(random.Next(0, 24), 0),
            };
        }

        _now = Instant.FromUtc(2026, 6, 1, 12, 0);
        _emptyLog = new ContactLog(catalog);
        _history = new ContactLog(catalog);
        for (var i = 0; i < Customers; i += 10)
        {
            var made = _selector.Choose(_customers[i], _now - Duration.FromDays(5), _history, _choices);
            _selector.Commit(_choices.AsSpan(0, made), _history);
        }

        Console.WriteLine($"// {catalog.Offers.Count} offers, {Customers} customers, {_history.Contacts.Count} contacts in the history log");
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark(Baseline = true)]
    public long ReadSnapshotsOnce()
    {
        var sum = 0L;
        foreach (ref readonly var customer in _customers.AsSpan())
        {
            sum += customer.Orders + customer.ConsentedChannels;
        }

        return sum;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int ChooseBest()
    {
        var made = 0;
        var one = _choices.AsSpan(0, 1);
        foreach (ref readonly var customer in _customers.AsSpan())
        {
            made += _selector.Choose(in customer, _now, _emptyLog, one);
        }

        return made;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int ChooseTop3WithHistory()
    {
        var made = 0;
        foreach (ref readonly var customer in _customers.AsSpan())
        {
            made += _selector.Choose(in customer, _now, _history, _choices);
        }

        return made;
    }
}
