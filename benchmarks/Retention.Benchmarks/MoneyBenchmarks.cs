using BenchmarkDotNet.Attributes;

namespace Retention.Benchmarks;

/// <summary>
/// The cost of <see cref="Money"/>'s currency checks against plain <see cref="decimal"/> arithmetic on the same amounts.
/// Judge by Ratio and Alloc Ratio: summing must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class MoneyBenchmarks
{
    private decimal[] _amounts = [];
    private Money[] _money = [];

    [Params(100_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _amounts = Enumerable.Range(0, Count).Select(_ => random.Next(0, 100_000) / 100m).ToArray();
        _money = _amounts.Select(a => new Money(a, Currency.Usd)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public decimal SumDecimal()
    {
        var sum = 0m;
        foreach (var amount in _amounts)
        {
            sum += amount;
        }

        return sum;
    }

    [Benchmark]
    public Money SumMoney()
    {
        var sum = Money.Zero(Currency.Usd);
        foreach (var amount in _money)
        {
            sum += amount;
        }

        return sum;
    }

    [Benchmark]
    public Money RoundEach()
    {
        var sum = Money.Zero(Currency.Usd);
        foreach (var amount in _money)
        {
            sum += (amount * 1.07m).Round(MidpointRounding.ToEven);
        }

        return sum;
    }
}
