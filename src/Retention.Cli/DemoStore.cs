using NodaTime;
using Retention.Loyalty;

namespace Retention.Cli;

/// <summary>
/// A deterministic demo store: customer profiles, two years of orders with discounts, shipping and taxes, refunds and
/// cancellations, drawn from a seeded generator so the same seed always gives the same store.
/// </summary>
internal sealed class DemoStore
{
    internal const int DefaultCustomers = 5_000;
    internal const int DefaultSeed = 20_261_123;

    private static readonly (string Product, string Category, decimal Price)[] Catalog =
    [
        ("tshirt", "shirts", 19.99m), ("oxford-shirt", "shirts", 49.00m), ("chinos", "trousers", 59.00m),
        ("jeans", "trousers", 79.50m), ("sneakers", "shoes", 89.90m), ("boots", "shoes", 149.00m),
        ("socks-3pack", "accessories", 12.00m), ("belt", "accessories", 29.95m), ("cap", "accessories", 17.50m),
        ("gift-card-50", "gift-cards", 50.00m),
    ];

    private DemoStore(int seed, IReadOnlyList<CustomerProfile> profiles, IReadOnlyList<Order> orders, IReadOnlyList<Refund> refunds)
    {
        Seed = seed;
        Profiles = profiles;
        Orders = orders;
        Refunds = refunds;
    }

    internal int Seed { get; }

    internal DateTimeZone TimeZone { get; } = DateTimeZoneProviders.Tzdb["America/New_York"];

    internal Currency Currency { get; } = Currency.Usd;

    internal IReadOnlyList<CustomerProfile> Profiles { get; }

    internal IReadOnlyList<Order> Orders { get; }

    internal IReadOnlyList<Refund> Refunds { get; }

    /// <summary>The last day of the generated history, in the store's time zone: the demo's "as of" date.</summary>
    internal LocalDate AsOf { get; } = new(2026, 10, 31);

    /// <summary>Gets the store's points program: a point per dollar, a first-order bonus, a 5-off reward for 500 points.</summary>
    internal PointsProgram LoyaltyProgram => field ??= PointsProgram.CreateBuilder("Demo Stars", Currency, TimeZone)
        .ReturnWindow(Period.FromDays(30))
        .Expiry(PointsExpiry.AfterEarning(12))
        .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50)))
        .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, Currency)))
        .Tiers(new TierLadder(
            TierBasis.Spend,
            QualificationWindow.CalendarYear,
            [
                new Tier("Member", 0m),
                new Tier("Silver", 250m, new TierBenefits { EarningMultiplier = 1.25m }),
                new Tier("Gold", 750m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true, EarlyAccess = true }),
            ],
            Period.FromMonths(1),
            maxLevelsDown: 1))
        .Build();

    internal static DemoStore Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var currency = Currency.Usd;
        var start = new LocalDate(2024, 11, 1).AtStartOfDayInZone(zone).ToInstant();
        var end = new LocalDate(2026, 11, 1).AtStartOfDayInZone(zone).ToInstant();
        var span = (end - start).TotalSeconds;
        var zones = new[] { "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Australia/Sydney" };

        var profiles = new List<CustomerProfile>(customers);
        var orders = new List<Order>();
        var refunds = new List<Refund>();
        var orderNumber = 1000;
        for (var c = 0; c < customers; c++)
        {
            var id = new CustomerId("C" + (c + 1).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
            var signup = start + Duration.FromSeconds((long)(random.NextDouble() * span * 0.9));
            var birthday = random.NextDouble() < 0.6 ? new AnnualDate(random.Next(1, 13), random.Next(1, 29)) : (AnnualDate?)null;
            var consent = random.NextDouble() < 0.7 ? new[] { new ConsentChange(Channel.Email, true, signup) } : [];
            profiles.Add(new CustomerProfile(id, signup, DateTimeZoneProviders.Tzdb[zones[random.Next(zones.Length)]], birthday, consent));

            // Heterogeneous purchase rates: most buy once or twice, a few buy often.
            var rate = -Math.Log(1 - random.NextDouble()) * 0.15; // orders per week
            var at = signup;
            while (at < end)
            {
                var order = NewOrder(random, ref orderNumber, random.NextDouble() < 0.03 ? null : id, at, currency);
                orders.Add(order);
                if (order.Status != OrderStatus.Cancelled && random.NextDouble() < 0.06)
                {
                    var when = order.PlacedAt + Duration.FromDays(random.Next(1, 30));
                    var refundId = new RefundId("R" + order.Id.Value);
                    refunds.Add(random.NextDouble() < 0.5 ? Refund.Full(refundId, order, when) : ReturnOneUnit(refundId, order, when));
                }

                var weeks = rate <= 0 ? double.MaxValue : -Math.Log(1 - random.NextDouble()) / rate;
                if (weeks > 200)
                {
                    break;
                }

                at += Duration.FromSeconds((long)(weeks * 7 * 24 * 3600));
            }
        }

        return new DemoStore(seed, profiles, orders, refunds);
    }

    /// <summary>A partial refund: one unit of the first line, at its share of the discounted merchandise.</summary>
    private static Refund ReturnOneUnit(RefundId id, Order order, Instant when)
    {
        var line = order.Lines[0];
        var ratio = order.MerchandiseNet.Amount / order.Subtotal.Amount;
        var amount = (line.Net / line.Quantity * ratio).Round(MidpointRounding.ToZero);
        return new Refund(id, order, when, [new RefundLine(line.Id, 1, amount)]);
    }

    private static Order NewOrder(Random random, ref int orderNumber, CustomerId? customer, Instant at, Currency currency)
    {
        orderNumber++;
        var lineCount = 1 + (random.NextDouble() < 0.35 ? 1 : 0) + (random.NextDouble() < 0.1 ? 1 : 0);
        var lines = new List<OrderLine>(lineCount);
        for (var i = 0; i < lineCount; i++)
        {
            var (product, category, price) = Catalog[random.Next(Catalog.Length)];
            var quantity = random.NextDouble() < 0.85 ? 1 : 2;
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
            new OrderId("#" + orderNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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
