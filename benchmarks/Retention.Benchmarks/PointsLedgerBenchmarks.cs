using BenchmarkDotNet.Attributes;
using Retention.Loyalty;

namespace Retention.Benchmarks;

/// <summary>
/// The points ledger replaying a store's events (issue target: 1,000,000 events for 100,000 customers at 5 million
/// events per second or more on one core, with no allocation per event beyond the ledger's own storage). Every
/// benchmark starts from a fresh <see cref="PointsLedger"/>, so the ledger's storage (accounts, entries, lots, the
/// seen-key set, the order records) is allocated inside the measurement; the table reads per event
/// (<c>OperationsPerInvoke</c>). The events (see <see cref="LoyaltyEventMix"/>) are built once and are already in
/// replay order. The baseline reads the events once.
/// </summary>
/// <remarks>
/// Every invocation applies <see cref="EventsPerInvoke"/> events: one pass over the 1,000,000 events, or, in the
/// smoke and check runs, 10 passes (each into a fresh ledger) over their 100,000 events, so the per-event figures keep their
/// meaning at both sizes.
/// </remarks>
[MemoryDiagnoser]
public class PointsLedgerBenchmarks
{
    private const int EventsPerInvoke = 1_000_000;

    /// <summary>Events per invocation of the gate's pair (<see cref="ReadGateEventsOnce"/>, <see cref="ReplayGateEvents"/>).</summary>
    private const int GateEvents = 100_000;

    private LoyaltyEvent[] _events = [];
    private LoyaltyEvent[] _gateEvents = [];
    private PointsProgram _program = null!;
    private PointsProgram _programWithoutWindowOrExpiry = null!;
    private int _passes;

    /// <summary>Gets or sets the number of events; customers are a tenth of it.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Events { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.LedgerEvents;

    [GlobalSetup]
    public void Setup()
    {
        if (EventsPerInvoke % Events != 0 || Events < GateEvents)
        {
            throw new InvalidOperationException($"{Events} events do not divide {EventsPerInvoke}, or are fewer than the gate's {GateEvents}.");
        }

        _passes = EventsPerInvoke / Events;
        _events = LoyaltyEventMix.Generate(Events, Events / 10, seed: 42);
        _gateEvents = _events[..GateEvents];
        _program = LoyaltyEventMix.Program(returnWindowAndExpiry: true);
        _programWithoutWindowOrExpiry = LoyaltyEventMix.Program(returnWindowAndExpiry: false);
        Check(_program);
        Check(_programWithoutWindowOrExpiry);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public long ReadEventsOnce()
    {
        var sum = 0L;
        for (var pass = 0; pass < _passes; pass++)
        {
            foreach (var e in _events)
            {
                sum += e.At.ToUnixTimeSeconds();
            }
        }

        return sum;
    }

    /// <summary>A fresh ledger, <see cref="PointsLedger.Apply"/> on every event: 30-day return window, 12-month expiry.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long Apply() => ApplyAll(_program);

    /// <summary>The same through <see cref="PointsLedger.Replay"/> (which copies the batch and checks it is in replay order).</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long Replay()
    {
        var entries = 0L;
        for (var pass = 0; pass < _passes; pass++)
        {
            var ledger = new PointsLedger(_program);
            ledger.Replay(_events);
            entries += ledger.EntryCount;
        }

        return entries;
    }

    /// <summary>
    /// The gate's reference: one pass reading the first <see cref="GateEvents"/> events' instants. The gate's pair works
    /// on 100,000 events per invocation (a tenth of the others), so that the CI step stays short.
    /// </summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark(OperationsPerInvoke = GateEvents)]
    public long ReadGateEventsOnce()
    {
        var sum = 0L;
        foreach (var e in _gateEvents)
        {
            sum += e.At.ToUnixTimeSeconds();
        }

        return sum;
    }

    /// <summary>The gate's ledger path: <see cref="PointsLedger.Replay"/> of the first <see cref="GateEvents"/> events into a fresh ledger.</summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark(OperationsPerInvoke = GateEvents)]
    public long ReplayGateEvents()
    {
        var ledger = new PointsLedger(_program);
        ledger.Replay(_gateEvents);
        return ledger.EntryCount;
    }

    /// <summary><see cref="Apply"/> with a program that has no return window and no expiry: what those two rules cost.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long ApplyWithoutWindowOrExpiry() => ApplyAll(_programWithoutWindowOrExpiry);

    private long ApplyAll(PointsProgram program)
    {
        var entries = 0L;
        for (var pass = 0; pass < _passes; pass++)
        {
            var ledger = new PointsLedger(program);
            foreach (var e in _events)
            {
                ledger.Apply(e);
            }

            entries += ledger.EntryCount;
        }

        return entries;
    }

    /// <summary>Replays once outside the measurement, prints what happened and fails on a generator bug.</summary>
    private void Check(PointsProgram program)
    {
        var ledger = new PointsLedger(program);
        var report = ledger.Replay(_events);
        var outOfOrder = report.Refused.Count(r => r.Result.Reason?.Contains("earlier than", StringComparison.Ordinal) == true);
        var byReason = report.Refused
            .GroupBy(r => r.Event.GetType().Name)
            .Select(g => g.Key + " " + g.Count());
        Console.WriteLine(
            $"// {program.Name} (return window {program.ReturnWindow}, expiry {program.Expiry}): {_events.Length} events, "
            + $"{ledger.CustomerCount} customers, {ledger.EntryCount} entries; applied {report.Applied}, ignored {report.Ignored}, "
            + $"duplicates {report.Duplicates}, refused {report.Refused.Count} ({string.Join(", ", byReason)})");
        if (outOfOrder > 0 || report.Duplicates > 0 || report.Applied < _events.Length / 2)
        {
            throw new InvalidOperationException($"The generated events are not a sound replay: {outOfOrder} out of order, {report.Duplicates} duplicates, {report.Applied} applied.");
        }
    }
}
