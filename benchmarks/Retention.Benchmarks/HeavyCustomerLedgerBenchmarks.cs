using BenchmarkDotNet.Attributes;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Benchmarks;

/// <summary>
/// One heavy customer (a reseller, a business account) whose points never expire: an order a day at 09:00, earning
/// 120 points that are confirmed 30 days and 5 hours later, and a redemption of 50 points at 20:00 the same day, with
/// a confirmation due since 14:00 (refused in the first 30 days, applied after that); about 58% of the lots stay live. The cost per event must not grow with the customer's live lots: a redemption
/// used to price itself on a what-if copy of every live lot, so this replay was quadratic (2.5 us per event at 1,000
/// events per customer in the 1M-event mix, against 1.2 us at 10).
/// </summary>
[MemoryDiagnoser]
public class HeavyCustomerLedgerBenchmarks
{
    private LoyaltyEvent[] _events = [];
    private PointsProgram _program = null!;

    /// <summary>Gets or sets the number of orders (the customer's live lots at the end); events are twice as many.</summary>
    [Params(1_000, 20_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var usd = Currency.Usd;
        _program = PointsProgram.CreateBuilder("Stars", usd, DateTimeZone.Utc)
            .EarnPerUnit(1m)
            .ReturnWindow(Period.FromHours((30 * 24) + 5))
            .Reward(Reward.AmountOff("5-off", new Points(50), new Money(5m, usd)))
            .Build();
        var customer = new CustomerId("reseller");
        var start = Instant.FromUtc(2020, 1, 1, 9, 0);
        var events = new List<LoyaltyEvent>(2 * Orders);
        for (var i = 0; i < Orders; i++)
        {
            var at = start + Duration.FromDays(i);
            var order = new Order(new OrderId("o-" + i), customer, at, usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(120m, usd))]);
            events.Add(new OrderPlaced(order));
            events.Add(new RewardRedeemed(new EventKey("x-" + i), customer, "5-off", at + Duration.FromHours(11)));
        }

        _events = [.. events];
    }

    /// <summary>A fresh ledger replaying every event of the customer; per event.</summary>
    [Benchmark]
    public long Replay()
    {
        var ledger = new PointsLedger(_program);
        var report = ledger.Replay(_events);
        return report.Applied + ledger.EntryCount;
    }
}
