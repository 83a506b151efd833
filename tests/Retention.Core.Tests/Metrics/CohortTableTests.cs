using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Metrics;
using Retention.Rfm;

namespace Retention.Tests.Metrics;

public sealed class CohortTableTests
{
    [Fact]
    public void Months_WorkedExample()
    {
        var t = new[]
        {
            Transaction.Purchase(0, new LocalDate(2026, 1, 5), 1m), Transaction.Purchase(0, new LocalDate(2026, 1, 20), 1m), Transaction.Purchase(0, new LocalDate(2026, 2, 3), 1m),
            Transaction.Purchase(1, new LocalDate(2026, 1, 31), 1m), Transaction.Purchase(1, new LocalDate(2026, 3, 1), 1m),
            Transaction.Purchase(2, new LocalDate(2026, 2, 14), 1m),
            Transaction.Purchase(3, new LocalDate(2026, 4, 1), 1m), // after the as-of date
        };
        var table = CohortTable.Compute(t, 4, CohortPeriod.Month, new LocalDate(2026, 3, 15));
        Assert.Equal(["2026-01", "2026-02"], table.Cohorts.Select(c => c.Label));
        var jan = table.Cohorts[0];
        Assert.Equal(2, jan.Size);
        Assert.Equal([2, 1, 1], jan.Active);            // Jan: both; Feb: customer 0; Mar: customer 1
        Assert.Equal([1d, 0.5, 0.5], jan.Shares);
        Assert.Null(jan.ShareAt(3));
        var feb = table.Cohorts[1];
        Assert.Equal([1d, 0d], feb.Shares);
        Assert.Equal(new LocalDate(2026, 2, 1), feb.Start);
    }

    [Fact]
    public void Weeks_StartOnMonday()
    {
        var t = new[] { Transaction.Purchase(0, new LocalDate(2026, 11, 22), 1m), Transaction.Purchase(0, new LocalDate(2026, 11, 23), 1m) };
        var table = CohortTable.Compute(t, 1, CohortPeriod.Week, new LocalDate(2026, 11, 23));
        var only = Assert.Single(table.Cohorts);
        Assert.Equal(new LocalDate(2026, 11, 16), only.Start); // Sunday the 22nd is in the week of Monday the 16th
        Assert.Equal(IsoDayOfWeek.Monday, only.Start.DayOfWeek);
        Assert.Equal([1d, 1d], only.Shares);
    }

    /// <summary>No reactivation: every customer buys in consecutive months from the first.</summary>
    public static Arbitrary<Transaction[]> RunsOfMonths() =>
        (from customers in Gen.Choose(1, 15)
         from runs in Gen.CollectToArray(Enumerable.Range(0, customers), c =>
             from first in Gen.Choose(0, 8)
             from length in Gen.Choose(1, 6)
             from day in Gen.Choose(1, 28)
             select Enumerable.Range(first, length).Select(m => Transaction.Purchase(c, new LocalDate(2025, 1, day).PlusMonths(m), 1m)).ToArray())
         select runs.SelectMany(r => r).ToArray()).ToArbitrary();

    [Property(Arbitrary = [typeof(CohortTableTests)], MaxTest = 300)]
    public bool Shares_NeverExceedOne_AndNeverRiseWithoutReactivation(Transaction[] transactions)
    {
        var population = transactions.Max(t => t.Customer) + 1;
        var table = CohortTable.Compute(transactions, population, CohortPeriod.Month, new LocalDate(2025, 12, 31));
        return table.Cohorts.All(c => c.Shares[0] == 1d
            && c.Shares.All(s => s is >= 0 and <= 1)
            && c.Shares.Zip(c.Shares.Skip(1)).All(p => p.Second <= p.First));
    }
}
