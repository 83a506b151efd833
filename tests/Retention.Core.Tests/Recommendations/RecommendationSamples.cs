using System.Globalization;
using NodaTime;
using Retention.Recommendations;

namespace Retention.Tests.Recommendations;

/// <summary>Small hand-checkable order histories for the recommendation tests.</summary>
internal static class RecommendationSamples
{
    internal static readonly Instant AsOf = Instant.FromUtc(2026, 6, 1, 0, 0);

    internal static ProductId P(string id) => new(id);

    internal static Order Basket(string id, string? customer, Instant at, params string[] products) =>
        new(
            new OrderId(id),
            customer is null ? null : new CustomerId(customer),
            at,
            Currency.Usd,
            products.Select((p, i) => new OrderLine(new LineItemId(id + "-" + i.ToString(CultureInfo.InvariantCulture)), new ProductId(p), 1, new Money(10m, Currency.Usd))));

    /// <summary>
    /// The camping store of docs/engagement.md: six orders; n(tent) = 4, n(stove) = 4, n(mug) = 3, n(lamp) = 2;
    /// together: tent+stove 3, tent+lamp 2, stove+mug 2, tent+mug 1, stove+lamp 1.
    /// </summary>
    internal static Order[] Camping()
    {
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        return
        [
            Basket("o1", "alice", day, "tent", "stove", "mug"),
            Basket("o2", "bob", day + Duration.FromDays(1), "tent", "stove"),
            Basket("o3", "carol", day + Duration.FromDays(2), "tent", "lamp"),
            Basket("o4", "dave", day + Duration.FromDays(3), "stove", "mug"),
            Basket("o5", "erin", day + Duration.FromDays(4), "mug"),
            Basket("o6", "frank", day + Duration.FromDays(5), "tent", "stove", "lamp"),
        ];
    }

    /// <summary>An apparel catalog: two oxford shirts of one style, a polo, two trousers and a durable watch.</summary>
    internal static ProductCatalog Apparel() => new(
    [
        new CatalogProduct(P("oxford-blue"), new CategoryId("shirts"), attributes: new Dictionary<string, string> { ["style"] = "oxford", ["colour"] = "blue" }),
        new CatalogProduct(P("oxford-white"), new CategoryId("shirts"), attributes: new Dictionary<string, string> { ["style"] = "oxford", ["colour"] = "white" }),
        new CatalogProduct(P("polo"), new CategoryId("shirts")),
        new CatalogProduct(P("chino"), new CategoryId("trousers")),
        new CatalogProduct(P("jeans"), new CategoryId("trousers")),
        new CatalogProduct(P("watch"), new CategoryId("accessories"), isDurable: true),
    ]);

    /// <summary>Apparel orders; c1 falls before the 30-day popularity window ending at <see cref="AsOf"/>.</summary>
    internal static Order[] ApparelOrders()
    {
        static Instant On(int month, int day) => Instant.FromUtc(2026, month, day, 15, 0);
        return
        [
            Basket("a1", "alice", On(5, 20), "oxford-blue", "watch"),
            Basket("b1", "bob", On(5, 10), "polo", "chino"),
            new Order(new OrderId("b2"), new CustomerId("bob"), On(5, 25), Currency.Usd, [new OrderLine(new LineItemId("b2-0"), P("polo"), 2, new Money(20m, Currency.Usd))]),
            Basket("c1", "carol", On(4, 1), "jeans", "oxford-white"),
            Basket("d1", "dave", On(5, 28), "jeans", "chino"),
            Basket("e1", "erin", On(5, 30), "chino"),
        ];
    }
}
