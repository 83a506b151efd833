using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Rfm;

namespace Retention.Benchmarks;

/// <summary>
/// Customer summaries from transactions (issue target: 30 million transactions per second or more). About 8
/// transactions per customer, in customer order (grouped) or shuffled (as an export sorted by date is, for the
/// summaries), against a baseline that reads the same transactions once.
/// </summary>
[MemoryDiagnoser]
public class CustomerSummariesBenchmarks
{
    private Transaction[] _grouped = [];
    private Transaction[] _shuffled = [];
    private CustomerSummary[] _summaries = [];
    private SummaryWindow _window;

    [ParamsSource(nameof(Sizes))]
    public int Customers { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.OneMillion;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var start = new LocalDate(2024, 1, 1);
        var list = new List<Transaction>(Customers * 8);
        for (var c = 0; c < Customers; c++)
        {
            var count = 1 + random.Next(15);
            var day = random.Next(0, 365);
            for (var k = 0; k < count; k++)
            {
                day += random.Next(0, 60);
                list.Add(random.Next(20) == 0
                    ? Transaction.Refund(c, start.PlusDays(day), 10m)
                    : Transaction.Purchase(c, start.PlusDays(day), random.Next(500, 20_000) / 100m));
            }
        }

        _grouped = [.. list];
        _shuffled = [.. list];
        random.Shuffle(_shuffled);
        _summaries = new CustomerSummary[Customers];
        _window = new SummaryWindow(start.PlusDays(730));
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark(Baseline = true)]
    public decimal ReadTransactionsOnce()
    {
        var sum = 0m;
        foreach (ref readonly var t in _grouped.AsSpan())
        {
            sum += t.Amount;
        }

        return sum;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int Grouped() => CustomerSummaries.Compute(_grouped, _window, _summaries).CustomersWithPurchases;

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int Shuffled() => CustomerSummaries.Compute(_shuffled, _window, _summaries).CustomersWithPurchases;
}
