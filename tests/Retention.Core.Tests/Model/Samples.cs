using NodaTime;

namespace Retention.Tests.Model;

/// <summary>Small, readable domain objects for example-based tests.</summary>
internal static class Samples
{
    internal static readonly Instant PlacedAt = Instant.FromUtc(2026, 3, 14, 15, 0);

    internal static Money Usd(decimal amount) => new(amount, Currency.Usd);

    internal static OrderLine Line(string id, decimal unitPrice, int quantity = 1, decimal discount = 0m, string product = "P") =>
        new(new LineItemId(id), new ProductId(product), quantity, Usd(unitPrice), Usd(discount), new CategoryId("shirts"));

    /// <summary>Two lines (2 x 20.00 with 4.00 off, 1 x 60.00), 10.00 coupon, 5.00 shipping, 6.30 tax: total 97.30.</summary>
    internal static Order TwoLineOrder(OrderStatus status = OrderStatus.Paid, string id = "#1001", string? customer = "C1") =>
        new(
            new OrderId(id),
            customer is null ? null : new CustomerId(customer),
            PlacedAt,
            Currency.Usd,
            [Line("1", 20m, quantity: 2, discount: 4m), Line("2", 60m)],
            Usd(10m),
            Usd(5m),
            Usd(6.30m),
            status);
}
