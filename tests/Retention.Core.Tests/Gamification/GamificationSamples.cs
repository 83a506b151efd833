using NodaTime;

namespace Retention.Tests.Gamification;

/// <summary>The badge story of docs/engagement.md: Alice in New York, three orders in three ISO weeks and three reviews.</summary>
internal static class GamificationSamples
{
    internal static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    internal static readonly CustomerProfile Alice = new(new CustomerId("alice"), Local(2026, 1, 10), NewYork);

    internal static Instant Local(int year, int month, int day, int hour = 12) =>
        NewYork.AtLeniently(new LocalDateTime(year, month, day, hour, 0)).ToInstant();

    internal static Order Bought(string id, Instant at, decimal amount, CustomerId? customer = null) =>
        new(new OrderId(id), customer ?? Alice.Id, at, Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p-" + id), 1, new Money(amount, Currency.Usd))]);

    internal static CustomerAction Review(string key, Instant at, string? product, ActionKind kind = ActionKind.Review) =>
        new(new EventKey(key), Alice.Id, kind, at, rating: 5, reference: product);

    /// <summary>o1 Mon 2 March $80 (ISO week 10), o2 Tue 10 March $130 (week 11), o3 Wed 18 March $20 (week 12).</summary>
    internal static Order[] Orders() =>
    [
        Bought("o1", Local(2026, 3, 2), 80m),
        Bought("o2", Local(2026, 3, 10), 130m),
        Bought("o3", Local(2026, 3, 18), 20m),
    ];

    /// <summary>Two reviews of the tent (one product) and a photo review of the stove.</summary>
    internal static CustomerAction[] Reviews() =>
    [
        Review("r1", Local(2026, 3, 5), "tent"),
        Review("r2", Local(2026, 3, 6), "tent"),
        Review("r3", Local(2026, 3, 20), "stove", ActionKind.PhotoReview),
    ];
}
