using FsCheck;
using FsCheck.Fluent;

namespace Retention.Tests.Infrastructure;

/// <summary>
/// FsCheck generators for the domain model, biased towards boundaries: zero, one minor unit, equal values, large amounts.
/// </summary>
public static class RetentionArbitraries
{
    internal static readonly Currency[] Currencies = [Retention.Currency.Usd, Retention.Currency.Eur, Retention.Currency.Jpy, Retention.Currency.FromCode("KWD")];

    /// <summary>Amounts with at most 4 decimal places, often on boundaries.</summary>
    public static Gen<decimal> AmountGen { get; } = Gen.Frequency(
        (2, Gen.Constant(0m)),
        (2, Gen.Elements(0.01m, 0.005m, 1m, 0.99m, 100m)),
        (6, Gen.Choose(0, 1_000_000).Select(cents => cents / 100m)),
        (2, Gen.Choose(0, int.MaxValue).Select(v => v / 10_000m)),
        (1, Gen.Choose(0, 100_000).Select(v => v * 1_000_000m)));

    /// <summary>Signed amounts.</summary>
    public static Gen<decimal> SignedAmountGen { get; } =
        from amount in AmountGen
        from negative in ArbMap.Default.GeneratorFor<bool>()
        select negative ? -amount : amount;

    /// <summary>Non-negative money in one of a few currencies.</summary>
    public static Arbitrary<Money> AnyMoney() =>
        (from amount in SignedAmountGen
         from currency in Gen.Elements(Currencies)
         select new Money(amount, currency)).ToArbitrary();

    /// <summary>A currency from the small test set.</summary>
    public static Arbitrary<Currency> AnyCurrency() => Gen.Elements(Currencies).ToArbitrary();

    /// <summary>Orders with 1..4 lines, optional discounts, shipping and tax, all in one currency.</summary>
    public static Arbitrary<Order> AnyOrder() => OrderGen.ToArbitrary();

    internal static Gen<OrderLine> LineGen(Currency currency, int index) =>
        from quantity in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(2, 5)))
        from price in AmountGen
        from discountShare in Gen.Frequency((3, Gen.Constant(0m)), (1, Gen.Constant(1m)), (2, Gen.Choose(1, 99).Select(p => p / 100m)))
        let unit = new Money(price, currency)
        select new OrderLine(
            new LineItemId("L" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new ProductId("P" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            quantity,
            unit,
            (unit * quantity * discountShare).Round(System.MidpointRounding.ToZero));

    internal static Gen<Order> OrderGen { get; } =
        from currency in Gen.Elements(Currencies)
        from count in Gen.Choose(1, 4)
        from lines in Gen.CollectToArray(Enumerable.Range(0, count), i => LineGen(currency, i))
        from couponShare in Gen.Frequency((3, Gen.Constant(0m)), (1, Gen.Constant(1m)), (2, Gen.Choose(1, 99).Select(p => p / 100m)))
        from shipping in AmountGen
        from tax in AmountGen
        from seconds in Gen.Choose(0, 1_000_000_000)
        let subtotal = lines.Aggregate(Money.Zero(currency), (s, l) => s + l.Net)
        select new Order(
            new OrderId("O1"),
            new CustomerId("C1"),
            NodaTime.Instant.FromUnixTimeSeconds(seconds),
            currency,
            lines,
            (subtotal * couponShare).Round(System.MidpointRounding.ToZero),
            new Money(shipping, currency),
            new Money(tax, currency));
}
