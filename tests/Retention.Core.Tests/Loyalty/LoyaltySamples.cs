using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Loyalty;

/// <summary>Readable programs, orders and events for the loyalty tests; the store is in New York.</summary>
internal static class LoyaltySamples
{
    internal static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    internal static readonly CustomerId Alice = new("alice");

    internal static readonly CustomerId Bob = new("bob");

    internal static Money Usd(decimal amount) => new(amount, Currency.Usd);

    /// <summary>The instant of a New York local date-time.</summary>
    internal static Instant Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        NewYork.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    internal static PointsProgramBuilder Builder() => PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork);

    internal static OrderLine Line(string id, decimal unitPrice, int quantity = 1, string product = "tee", string? category = "apparel", decimal discount = 0m) =>
        new(new LineItemId(id), new ProductId(product), quantity, Usd(unitPrice), Usd(discount), category is null ? null : new CategoryId(category));

    internal static Order Order(string id, CustomerId customer, Instant at, params OrderLine[] lines) =>
        new(new OrderId(id), customer, at, Currency.Usd, lines);

    internal static Order Order(string id, CustomerId customer, Instant at, decimal amount) =>
        Order(id, customer, at, Line(id + "-1", amount));

    internal static OrderPlaced Placed(string id, CustomerId customer, Instant at, decimal amount) =>
        new(Order(id, customer, at, amount));

    /// <summary>A refund of <paramref name="amount"/> on the first line of <paramref name="order"/>.</summary>
    internal static OrderRefunded Refunded(string id, Order order, Instant at, decimal amount) =>
        new(new Refund(new RefundId(id), order, at, [new RefundLine(order.Lines[0].Id, 1, Usd(amount))]));

    /// <summary>A refund of <paramref name="amount"/> on the first line of the placed order.</summary>
    internal static OrderRefunded Refunded(string id, OrderPlaced placed, Instant at, decimal amount) => Refunded(id, placed.Order, at, amount);

    internal static RewardRedeemed Redeem(string key, CustomerId customer, string reward, Instant at) =>
        new(new EventKey(key), customer, reward, at);

    internal static ActionPerformed Action(string key, CustomerId customer, ActionKind kind, Instant at, int? rating = null, CustomerId? referred = null) =>
        new(new CustomerAction(new EventKey(key), customer, kind, at, rating, referred));
}
