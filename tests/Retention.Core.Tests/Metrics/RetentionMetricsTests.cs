using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Metrics;
using Retention.Rfm;

namespace Retention.Tests.Metrics;

public sealed class RetentionMetricsTests
{
    private static readonly LocalDate Jan1 = new(2026, 1, 1);
    private static readonly DateInterval Q1 = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31));

    private static Transaction Buy(int customer, LocalDate date, decimal amount = 10m) => Transaction.Purchase(customer, date, amount);

    [Fact]
    public void WorkedExample_CountsAndRates()
    {
        var transactions = new[]
        {
            // 0: active at start (Dec), buys twice in Q1 on days 10 and 40: retained.
            Buy(0, new LocalDate(2025, 12, 1), 50m), Buy(0, Jan1.PlusDays(10), 20m), Buy(0, Jan1.PlusDays(40), 40m),
            // 1: active at start (Nov), nothing since, window 90 days: not active on Mar 31: churned.
            Buy(1, new LocalDate(2025, 11, 15), 30m),
            // 2: new in Q1, two orders on one day.
            Buy(2, Jan1.PlusDays(59), 15m), Buy(2, Jan1.PlusDays(59), 5m),
            // 3: bought in 2024, inactive at start, back in Q1: reactivated.
            Buy(3, new LocalDate(2024, 6, 1), 99m), Buy(3, Jan1.PlusDays(80), 60m),
            // A refund paid in Q1, and a purchase after the period (ignored).
            Transaction.Refund(0, Jan1.PlusDays(45), 10m), Buy(1, new LocalDate(2026, 4, 2)),
        };

        var m = RetentionMetrics.Compute(transactions, 4, Q1, Period.FromDays(90));

        Assert.Equal(2, m.CustomersAtStart);   // 0 and 1 (purchases within 90 days before Jan 1)
        Assert.Equal(3, m.CustomersAtEnd);     // 0, 2, 3
        Assert.Equal(1, m.NewCustomers);       // 2
        Assert.Equal(1, m.Retained);           // 0
        Assert.Equal(1, m.Reactivated);        // 3
        Assert.Equal(100d, m.CustomerRetentionRate); // (3 - 1) / 2
        Assert.Equal(50d, m.ChurnRate);        // 1 of 2 lost
        Assert.Equal(3, m.OrderingCustomers);
        Assert.Equal(5, m.Orders);
        Assert.Equal(130m, m.NetRevenue);      // 20 + 40 + 15 + 5 + 60 - 10
        Assert.Equal(200d / 3, m.RepeatPurchaseRate!.Value, 10); // 0 and 2 ordered twice
        Assert.Equal(5d / 3, m.PurchaseFrequency!.Value, 10);
        Assert.Equal(26m, m.AverageOrderValue);
        Assert.Equal(30d, m.AverageDaysBetweenOrders); // customer 0: days 10 and 40
        Assert.Equal(100d * 120 / 140, m.ReturningRevenueShare!.Value, 10);
    }

    [Fact]
    public void EmptyPeriod_AndNoStartingCustomers_GiveNullRates()
    {
        var m = RetentionMetrics.Compute([Buy(0, Jan1.PlusDays(5))], 1, Q1, Period.FromMonths(12));
        Assert.Equal(0, m.CustomersAtStart);
        Assert.Null(m.CustomerRetentionRate);
        Assert.Null(m.ChurnRate);
        Assert.Equal(1, m.NewCustomers);

        var empty = RetentionMetrics.Compute([], 0, Q1, Period.FromMonths(12));
        Assert.Null(empty.RepeatPurchaseRate);
        Assert.Null(empty.PurchaseFrequency);
        Assert.Null(empty.AverageOrderValue);
        Assert.Null(empty.AverageDaysBetweenOrders);
        Assert.Null(empty.ReturningRevenueShare);
        Assert.Equal(0m, empty.NetRevenue);
    }

    [Fact]
    public void Window_MustBeAPositiveDatePeriod()
    {
        Assert.Equal("activityWindow", Assert.Throws<InvalidValueException>(() => RetentionMetrics.Compute([], 0, Q1, Period.Zero)).Field);
        Assert.Equal("activityWindow", Assert.Throws<InvalidValueException>(() => RetentionMetrics.Compute([], 0, Q1, Period.FromHours(5))).Field);
        Assert.Equal("activityWindow", Assert.Throws<InvalidValueException>(() => RetentionMetrics.Compute([], 0, Q1, Period.FromDays(-3))).Field);
    }

    /// <summary>Histories without reactivation: each customer buys in one unbroken run of at most 60-day gaps, starting
    /// before or in the quarter, and a window (120 days) longer than both the gaps and the quarter.</summary>
    public static Arbitrary<Transaction[]> ConsistentHistories() =>
        (from customers in Gen.Choose(1, 12)
         from histories in Gen.CollectToArray(Enumerable.Range(0, customers), c =>
             from startDay in Gen.Choose(-200, 80)
             from count in Gen.Choose(1, 6)
             from gaps in Gen.ArrayOf(Gen.Choose(0, 60), count)
             select gaps.Select((_, k) => Buy(c, Jan1.PlusDays(startDay + gaps.Take(k + 1).Sum()))).ToArray())
         select histories.SelectMany(h => h).ToArray()).ToArbitrary();

    [Property(Arbitrary = [typeof(RetentionMetricsTests)], MaxTest = 300)]
    public bool Crr_IsWithin0And100_WithoutReactivation(Transaction[] transactions)
    {
        var population = transactions.Length == 0 ? 0 : transactions.Max(t => t.Customer) + 1;
        // Drop customers who lapsed before the quarter and came back in it (reactivation), to keep inputs consistent.
        var window = Period.FromDays(120);
        var m = RetentionMetrics.Compute(transactions, population, Q1, window);
        return m.Reactivated > 0 || m.CustomerRetentionRate is null || (m.CustomerRetentionRate >= 0 && m.CustomerRetentionRate <= 100
            && Math.Abs(m.CustomerRetentionRate.Value + m.ChurnRate!.Value - 100) < 1e-9);
    }

    [Property(Arbitrary = [typeof(RetentionMetricsTests)], MaxTest = 200)]
    public bool ShufflingInput_ChangesNoMetric(Transaction[] transactions, int seed)
    {
        var population = transactions.Length == 0 ? 0 : transactions.Max(t => t.Customer) + 1;
        var shuffled = (Transaction[])transactions.Clone();
        new Random(seed).Shuffle(shuffled);
        var a = RetentionMetrics.Compute(transactions, population, Q1, Period.FromMonths(3));
        var b = RetentionMetrics.Compute(shuffled, population, Q1, Period.FromMonths(3));
        return a.CustomerRetentionRate == b.CustomerRetentionRate && a.ChurnRate == b.ChurnRate && a.RepeatPurchaseRate == b.RepeatPurchaseRate
            && a.PurchaseFrequency == b.PurchaseFrequency && a.AverageOrderValue == b.AverageOrderValue
            && a.AverageDaysBetweenOrders == b.AverageDaysBetweenOrders && a.ReturningRevenueShare == b.ReturningRevenueShare;
    }
}
