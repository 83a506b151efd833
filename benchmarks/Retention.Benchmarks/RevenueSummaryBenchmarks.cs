using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Metrics;

namespace Retention.Benchmarks;

/// <summary>Summing orders and refunds with all of <see cref="RevenueSummary"/>'s checks.</summary>
[MemoryDiagnoser]
public class RevenueSummaryBenchmarks
{
    private Order[] _orders = [];
    private Refund[] _refunds = [];

    [Params(100_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        _orders = new Order[Orders];
        var refunds = new List<Refund>();
        for (var i = 0; i < Orders; i++)
        {
            var price = new Money(random.Next(500, 20_000) / 100m, Currency.Usd);
            var line = new OrderLine(new LineItemId("1"), new ProductId("p" + random.Next(50)), random.Next(1, 3), price);
            var customer = new CustomerId("c" + random.Next(Orders / 4));
            _orders[i] = new Order(new OrderId("o" + i), customer, start + Duration.FromMinutes(i), Currency.Usd, [line], shipping: new Money(4.95m, Currency.Usd));
            if (i % 20 == 0)
            {
                refunds.Add(Refund.Full(new RefundId("r" + i), _orders[i], _orders[i].PlacedAt + Duration.FromDays(3)));
            }
        }

        _refunds = [.. refunds];
    }

    [Benchmark]
    public Money Compute() => RevenueSummary.Compute(_orders, _refunds, Currency.Usd).NetSales;
}
