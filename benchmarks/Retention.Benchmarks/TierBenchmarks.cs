using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Benchmarks;

/// <summary>
/// Tier evaluation (issue target: 1,000,000 customers at 10 million customers per second or more on one core).
/// <see cref="QualifiedLevels"/> maps each customer's qualifying spend to a level of a five-tier ladder (the batch path,
/// for values computed elsewhere); the baseline reads the same values once. <see cref="LedgerGetTier"/> asks a ledger
/// that replayed a store's events (see <see cref="LoyaltyEventMix"/>, a tenth as many customers as events) for each
/// customer's full status a year after the last event, which computes the due reviews and downgrades without writing
/// them; it reads per customer (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser]
public class TierBenchmarks
{
    private const int LedgerCustomersPerInvoke = 100_000;

    private decimal[] _qualifying = [];
    private int[] _levels = [];
    private TierLadder _ladder = null!;
    private PointsLedger _ledger = null!;
    private CustomerId[] _customers = [];
    private Instant _at;

    /// <summary>Gets or sets the number of customers for the batch path.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Customers { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.OneMillion;

    /// <summary>The ladder and the qualifying values; the ledger only for <see cref="LedgerGetTier"/> (its replay takes seconds).</summary>
    [GlobalSetup(Targets = [nameof(ReadValuesOnce), nameof(QualifiedLevels)])]
    public void Setup()
    {
        _ladder = new TierLadder(
            TierBasis.Spend,
            QualificationWindow.CalendarYear,
            [
                new Tier("Member", 0m),
                new Tier("Bronze", 100m, new TierBenefits { EarningMultiplier = 1.1m }),
                new Tier("Silver", 500m, new TierBenefits { EarningMultiplier = 1.25m }),
                new Tier("Gold", 1000m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true }),
                new Tier("VIP", 5000m, new TierBenefits { EarningMultiplier = 2m, FreeShipping = true, EarlyAccess = true }),
            ],
            Period.FromMonths(1),
            maxLevelsDown: 1);
        var random = new Random(42);
        _qualifying = new decimal[Customers];
        for (var i = 0; i < Customers; i++)
        {
            // Long-tailed yearly spend in cents: most customers below Silver, a few VIPs.
            _qualifying[i] = Math.Round((decimal)(-Math.Log(1 - random.NextDouble()) * 400), 2);
        }

        _levels = new int[Customers];
    }

    /// <summary>Everything <see cref="Setup"/> does, and a ledger that replayed a store's events.</summary>
    [GlobalSetup(Targets = [nameof(LedgerGetTier), nameof(ReadCustomerIdsOnce)])]
    public void SetupLedger()
    {
        Setup();
        var events = BenchmarkSizes.TierLedgerEvents;
        var program = LoyaltyEventMix.Program(returnWindowAndExpiry: true).ToBuilder().Tiers(_ladder).Build();
        _ledger = new PointsLedger(program);
        var stream = LoyaltyEventMix.Generate(events, events / 10, seed: 42);
        var report = _ledger.Replay(stream);
        _customers = [.. _ledger.Customers];
        _at = stream[^1].At + Duration.FromDays(365);
        var byLevel = _customers.GroupBy(c => _ledger.GetTier(c, stream[^1].At).Level).OrderBy(g => g.Key).Select(g => g.Key + ": " + g.Count());
        Console.WriteLine($"// {events} events, {_customers.Length} customers, {report.Applied} applied; levels at the last event {string.Join(", ", byLevel)}");
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark(Baseline = true)]
    public decimal ReadValuesOnce()
    {
        var sum = 0m;
        foreach (var value in _qualifying)
        {
            sum += value;
        }

        return sum;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public int QualifiedLevels()
    {
        _ladder.QualifiedLevels(_qualifying, _levels);
        return _levels[^1];
    }

    /// <summary>
    /// The gate's reference for <see cref="LedgerGetTier"/>: the same loop over the ledger's customers, reading each
    /// identifier's first character instead of asking for the status; reads per customer.
    /// </summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark(OperationsPerInvoke = LedgerCustomersPerInvoke)]
    public int ReadCustomerIdsOnce()
    {
        var total = 0;
        for (var i = 0; i < LedgerCustomersPerInvoke; i++)
        {
            total += _customers[i % _customers.Length].Value[0];
        }

        return total;
    }

    /// <summary>Each customer's status from the ledger; reads per customer.</summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark(OperationsPerInvoke = LedgerCustomersPerInvoke)]
    public int LedgerGetTier()
    {
        var total = 0;
        for (var i = 0; i < LedgerCustomersPerInvoke; i++)
        {
            total += _ledger.GetTier(_customers[i % _customers.Length], _at).Level;
        }

        return total;
    }
}
