using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Recommendations;

namespace Retention.Benchmarks;

/// <summary>
/// The recommendation model: <see cref="Build"/> reads an order history of about a million order lines (300,000
/// orders of 1 to 6 lines over 20,000 products with a long tail, 100,000 customers, a year) and builds the whole model;
/// <see cref="RecommendFor"/> asks it for ten recommendations per customer (<c>OperationsPerInvoke</c>: the time and
/// allocations are per customer). The baseline reads every line once.
/// </summary>
[MemoryDiagnoser]
public class RecommendationBenchmarks
{
    private const int QueriesPerInvoke = 10_000;

    private Order[] _orders = [];
    private ProductCatalog _catalog = null!;
    private RecommendationOptions _options = null!;
    private RecommendationModel _model = null!;
    private CustomerId[] _customers = [];
    private Instant _asOf;

    /// <summary>Gets or sets the number of order lines, about.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Lines { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.Smoke ? [10_000] : [1_000_000];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var productCount = Math.Max(200, Lines / 50);
        var customerCount = Math.Max(100, Lines / 10);
        var products = Enumerable.Range(0, productCount).Select(i => new ProductId("P" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        _catalog = new ProductCatalog(products.Select((p, i) => new CatalogProduct(
            p,
            new CategoryId("C" + (i % 200).ToString(CultureInfo.InvariantCulture)),
            isDurable: i % 20 == 0,
            attributes: new Dictionary<string, string> { ["style"] = "S" + (i / 3).ToString(CultureInfo.InvariantCulture) })));
        _options = new RecommendationOptions { MinimumPairOrders = 2, MinimumLift = 1.0, RelatingAttributes = { "style" } };
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        var orders = new List<Order>();
        var lines = 0;
        var price = new Money(10m, Currency.Usd);
        while (lines < Lines)
        {
            var count = 1 + (int)Math.Min(5, -Math.Log(1 - random.NextDouble()) * 2);
            var orderLines = new OrderLine[count];
            for (var j = 0; j < count; j++)
            {
                // Long tail: product index ~ exponential, so a few hundred products carry most baskets.
                var p = (int)Math.Min(productCount - 1, -Math.Log(1 - random.NextDouble()) * productCount / 8);
                orderLines[j] = new OrderLine(new LineItemId("L" + j.ToString(CultureInfo.InvariantCulture)), products[p], 1, price);
            }

            var customer = new CustomerId("c" + random.Next(customerCount).ToString(CultureInfo.InvariantCulture));
            var at = start + Duration.FromSeconds(random.Next(365 * 24 * 3600));
            orders.Add(new Order(new OrderId("o" + orders.Count.ToString(CultureInfo.InvariantCulture)), customer, at, Currency.Usd, orderLines));
            lines += count;
        }

        _orders = [.. orders];
        _asOf = start + Duration.FromDays(366);
        _model = RecommendationModel.Build(_orders, _asOf, _catalog, _options);
        _customers = [.. Enumerable.Range(0, QueriesPerInvoke).Select(i => new CustomerId("c" + (i % customerCount).ToString(CultureInfo.InvariantCulture)))];
        var withTogether = Enumerable.Range(0, productCount).Count(i => _model.FrequentlyBoughtTogether(products[i]).Count > 0);
        Console.WriteLine($"// {_orders.Length} orders, {lines} lines, {productCount} products ({withTogether} with bought-together rules), {customerCount} customers");
    }

    [Benchmark(Baseline = true)]
    public int ReadLinesOnce()
    {
        var sum = 0;
        foreach (var order in _orders)
        {
            foreach (var line in order.Lines)
            {
                sum += line.Quantity;
            }
        }

        return sum;
    }

    [Benchmark]
    public int Build() => RecommendationModel.Build(_orders, _asOf, _catalog, _options).OrderCount;

    [Benchmark(OperationsPerInvoke = QueriesPerInvoke)]
    public int RecommendFor()
    {
        var total = 0;
        foreach (var customer in _customers)
        {
            total += _model.RecommendFor(customer).Count;
        }

        return total;
    }
}
