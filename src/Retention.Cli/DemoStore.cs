using System.Globalization;
using NodaTime;
using Retention.Clv;
using Retention.Loyalty;

namespace Retention.Cli;

/// <summary>
/// A deterministic demo store: customer profiles, two years of orders with discounts, shipping and taxes, refunds,
/// cancellations, reviews and NPS answers, drawn from a seeded generator so the same seed always gives the same store.
/// </summary>
internal sealed class DemoStore
{
    internal const int DefaultCustomers = 50_000;
    internal const int DefaultSeed = 20_261_123;

    private static readonly (string Product, string Category, decimal Price)[] Catalog =
    [
        ("tshirt", "shirts", 19.99m), ("oxford-shirt", "shirts", 49.00m), ("chinos", "trousers", 59.00m),
        ("jeans", "trousers", 79.50m), ("sneakers", "shoes", 89.90m), ("boots", "shoes", 149.00m),
        ("socks-3pack", "accessories", 12.00m), ("belt", "accessories", 29.95m), ("cap", "accessories", 17.50m),
        ("gift-card-50", "gift-cards", 50.00m),
    ];

    private DemoStore(int seed, IReadOnlyList<CustomerProfile> profiles, IReadOnlyList<Order> orders, IReadOnlyList<Refund> refunds, IReadOnlyList<CustomerAction> actions, IReadOnlyList<NpsAnswer> npsAnswers)
    {
        Seed = seed;
        Profiles = profiles;
        Orders = orders;
        Refunds = refunds;
        Actions = actions;
        NpsAnswers = npsAnswers;
    }

    /// <summary>Gets the purchase process the histories are drawn from: BG/NBD in weeks (about 3 orders a year while
    /// active, a 17% chance of dropping out after each repeat purchase on average).</summary>
    internal static BgNbdModel PurchaseModel { get; } = new(0.6, 10d, 0.6, 2.9);

    internal int Seed { get; }

    internal DateTimeZone TimeZone { get; } = DateTimeZoneProviders.Tzdb["America/New_York"];

    internal Currency Currency { get; } = Currency.Usd;

    internal IReadOnlyList<CustomerProfile> Profiles { get; }

    internal IReadOnlyList<Order> Orders { get; }

    internal IReadOnlyList<Refund> Refunds { get; }

    /// <summary>Gets the customers' reviews (with and without a photo), each a few days after an order.</summary>
    internal IReadOnlyList<CustomerAction> Actions { get; }

    /// <summary>Gets the NPS survey answers: about a quarter of the buyers answer once.</summary>
    internal IReadOnlyList<NpsAnswer> NpsAnswers { get; }

    /// <summary>The last day of the generated history, in the store's time zone: the demo's "as of" date.</summary>
    internal LocalDate AsOf { get; } = new(2026, 10, 31);

    /// <summary>Gets the store's points program: a point per dollar, a first-order bonus, a 5-off reward for 500 points.</summary>
    internal PointsProgram LoyaltyProgram => field ??= PointsProgram.CreateBuilder("Demo Stars", Currency, TimeZone)
        .ReturnWindow(Period.FromDays(30))
        .Expiry(PointsExpiry.AfterEarning(12))
        .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50)))
        .Bonus(new ActionBonus(BonusTrigger.Review, new Points(25), maxPerMonth: 2))
        .Bonus(new ActionBonus(BonusTrigger.PhotoReview, new Points(50), maxPerMonth: 2))
        .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, Currency)))
        .Tiers(AnalyzeCommand.SampleTiers)
        .Build();

    /// <summary>
    /// Generates the store. Purchase histories come from the BG/NBD process (<see cref="ClvSimulator.SimulateBgNbd"/>
    /// with <see cref="PurchaseModel"/>, in weeks): each customer's first order falls uniformly in the two years, the
    /// simulator gives their repeat purchases x and the time of the last one, and the x - 1 repeats before it are spread
    /// uniformly over (0, tₓ), which is their distribution given x and tₓ under a Poisson process. Order contents,
    /// refunds, cancellations, guest checkouts, reviews and NPS answers are drawn around them from the same seed.
    /// </summary>
    internal static DemoStore Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var currency = Currency.Usd;
        var start = new LocalDate(2024, 11, 1).AtStartOfDayInZone(zone).ToInstant();
        var end = new LocalDate(2026, 11, 1).AtStartOfDayInZone(zone).ToInstant();
        var span = (end - start).TotalSeconds;
        var zones = new[] { "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Australia/Sydney" };
        const double SecondsPerWeek = 7 * 24 * 3600;

        // A few profiles sign up and never order; the others' first orders are spread over the two years.
        var buyers = new bool[customers];
        var first = new Instant[customers];
        var age = new double[customers];
        for (var c = 0; c < customers; c++)
        {
            buyers[c] = random.NextDouble() >= 0.06;
            first[c] = start + Duration.FromSeconds((long)(random.NextDouble() * (span - 60)));
            age[c] = (end - first[c]).TotalSeconds / SecondsPerWeek;
        }

        var frequency = new double[customers];
        var recency = new double[customers];
        ClvSimulator.SimulateBgNbd(PurchaseModel, random, age, frequency, recency);

        // The histories are drawn in chunks of customers, each from its own generator seeded from the store's seed and
        // the chunk's number, on as many cores as there are: the store does not depend on the number of cores.
        const int ChunkSize = 2_500;
        var chunks = new Chunk[(customers + ChunkSize - 1) / ChunkSize];
        Parallel.For(0, chunks.Length, k =>
        {
            var chunk = new Chunk();
            var chunkRandom = new Random(unchecked((seed * 7919) + k));
            for (var c = k * ChunkSize; c < Math.Min(customers, (k + 1) * ChunkSize); c++)
            {
                DrawCustomer(c, chunkRandom, chunk);
            }

            chunks[k] = chunk;
        });

        return new DemoStore(
            seed,
            [.. chunks.SelectMany(c => c.Profiles)],
            [.. chunks.SelectMany(c => c.Orders)],
            [.. chunks.SelectMany(c => c.Refunds)],
            [.. chunks.SelectMany(c => c.Actions)],
            [.. chunks.SelectMany(c => c.Answers)]);

        void DrawCustomer(int c, Random random, Chunk chunk)
        {
            var (profiles, orders, refunds, actions, answers, times) = (chunk.Profiles, chunk.Orders, chunk.Refunds, chunk.Actions, chunk.Answers, chunk.Times);
            var orderNumber = 0;
            var id = new CustomerId("C" + (c + 1).ToString("D6", CultureInfo.InvariantCulture));
            var signup = buyers[c] ? first[c] - Duration.FromMinutes(random.Next(0, 60 * 24 * 30)) : first[c];
            var birthday = random.NextDouble() < 0.6 ? new AnnualDate(random.Next(1, 13), random.Next(1, 29)) : (AnnualDate?)null;
            var consent = random.NextDouble() < 0.7 ? new[] { new ConsentChange(Channel.Email, true, signup) } : [];
            profiles.Add(new CustomerProfile(id, signup, DateTimeZoneProviders.Tzdb[zones[random.Next(zones.Length)]], birthday, consent));
            if (!buyers[c])
            {
                return;
            }

            // Purchase times in weeks after the first order: 0, x - 1 uniform draws before the last, the last at t_x.
            times.Clear();
            times.Add(0d);
            for (var k = 1; k < frequency[c]; k++)
            {
                times.Add(random.NextDouble() * recency[c]);
            }

            if (frequency[c] > 0)
            {
                times.Add(recency[c]);
            }

            times.Sort();
            var basket = random.NextDouble(); // how much this customer tends to buy per order
            var refunded = false;
            foreach (var t in times)
            {
                var at = first[c] + Duration.FromSeconds((long)(t * SecondsPerWeek));
                var order = NewOrder(random, c, ref orderNumber, random.NextDouble() < 0.03 ? null : id, at, currency, basket);
                orders.Add(order);
                if (order.Status == OrderStatus.Cancelled)
                {
                    continue;
                }

                if (random.NextDouble() < 0.06)
                {
                    var when = order.PlacedAt + Duration.FromDays(random.Next(1, 30));
                    if (when < end)
                    {
                        var refundId = new RefundId("R" + order.Id.Value);
                        refunds.Add(random.NextDouble() < 0.5 ? Refund.Full(refundId, order, when) : ReturnOneUnit(refundId, order, when));
                        refunded = true;
                    }
                }

                if (order.CustomerId is not null && random.NextDouble() < 0.12)
                {
                    var when = order.PlacedAt + Duration.FromDays(random.Next(3, 21));
                    if (when < end)
                    {
                        var photo = random.NextDouble() < 0.25;
                        var rating = random.NextDouble() < 0.75 ? 5 - random.Next(0, 2) : random.Next(1, 4);
                        actions.Add(new CustomerAction(new EventKey("review:" + order.Id.Value), id, photo ? ActionKind.PhotoReview : ActionKind.Review, when, rating, reference: order.Id.Value));
                    }
                }
            }

            // About a quarter answer the NPS survey once, some time after their first order; refunds sour the answer.
            if (random.NextDouble() < 0.25)
            {
                var when = first[c] + Duration.FromSeconds((long)(random.NextDouble() * (end - first[c]).TotalSeconds));
                var u = random.NextDouble();
                var (promoter, detractor) = refunded ? (0.25, 0.45) : (0.5, 0.18);
                var score = u < promoter ? random.Next(9, 11) : u < promoter + detractor ? random.Next(0, 7) : random.Next(7, 9);
                answers.Add(new NpsAnswer(id, when.InZone(zone).Date, score));
            }
        }
    }

    /// <summary>A partial refund: one unit of the first line, at its share of the discounted merchandise.</summary>
    private static Refund ReturnOneUnit(RefundId id, Order order, Instant when)
    {
        var line = order.Lines[0];
        var ratio = order.MerchandiseNet.Amount / order.Subtotal.Amount;
        var amount = (line.Net / line.Quantity * ratio).Round(MidpointRounding.ToZero);
        return new Refund(id, order, when, [new RefundLine(line.Id, 1, amount)]);
    }

    private static Order NewOrder(Random random, int customerIndex, ref int orderNumber, CustomerId? customer, Instant at, Currency currency, double basket)
    {
        orderNumber++;
        var lineCount = 1 + (random.NextDouble() < 0.15 + (0.45 * basket) ? 1 : 0) + (random.NextDouble() < 0.05 + (0.2 * basket) ? 1 : 0);
        var lines = new List<OrderLine>(lineCount);
        for (var i = 0; i < lineCount; i++)
        {
            var (product, category, price) = Catalog[random.Next(Catalog.Length)];
            var quantity = random.NextDouble() < 0.95 - (0.2 * basket) ? 1 : 2;
            var unitPrice = new Money(price, currency);
            var discount = random.NextDouble() < 0.15 ? (unitPrice * quantity * 0.2m).Round(MidpointRounding.ToEven) : (Money?)null;
            lines.Add(new OrderLine(new LineItemId((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), new ProductId(product), quantity, unitPrice, discount, new CategoryId(category)));
        }

        var subtotal = lines.Aggregate(Money.Zero(currency), (sum, l) => sum + l.Net);
        var coupon = random.NextDouble() < 0.1 ? Money.Min(new Money(10m, currency), subtotal) : (Money?)null;
        var shipping = subtotal.Amount < 75m ? new Money(5.95m, currency) : (Money?)null;
        var tax = ((subtotal - (coupon ?? Money.Zero(currency))) * 0.07m).Round(MidpointRounding.AwayFromZero);
        var status = random.NextDouble() < 0.02 ? OrderStatus.Cancelled : OrderStatus.Fulfilled;
        return new Order(
            new OrderId(string.Create(CultureInfo.InvariantCulture, $"#{customerIndex + 1:D6}-{orderNumber}")),
            customer,
            at,
            currency,
            lines,
            coupon,
            shipping,
            tax,
            status);
    }
}

/// <summary>What one chunk of customers contributes to the store.</summary>
internal sealed class Chunk
{
    internal List<CustomerProfile> Profiles { get; } = [];

    internal List<Order> Orders { get; } = [];

    internal List<Refund> Refunds { get; } = [];

    internal List<CustomerAction> Actions { get; } = [];

    internal List<NpsAnswer> Answers { get; } = [];

    /// <summary>Gets a scratch list for one customer's purchase times.</summary>
    internal List<double> Times { get; } = [];
}

/// <summary>One NPS survey answer: who, on which day (store calendar), and the score from 0 to 10.</summary>
internal sealed record NpsAnswer(CustomerId Customer, LocalDate Date, int Score);
