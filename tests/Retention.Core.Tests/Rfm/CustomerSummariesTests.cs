using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Rfm;

namespace Retention.Tests.Rfm;

public sealed class CustomerSummariesTests
{
    private static readonly LocalDate Start = new(2026, 1, 1);
    private static readonly SummaryWindow Window = new(Start.PlusDays(100), Start.PlusDays(150));

    /// <summary>The definitions, written the slow and obvious way.</summary>
    internal static CustomerSummary[] Naive(IReadOnlyList<Transaction> transactions, int population, SummaryWindow window)
    {
        var calibrationEnd = window.CalibrationEnd;
        var lastDay = window.HoldoutEnd ?? calibrationEnd;
        var result = new CustomerSummary[population];
        for (var c = 0; c < population; c++)
        {
            var mine = transactions.Where(t => t.Customer == c && t.Date <= lastDay).ToArray();
            var purchases = mine.Where(t => t.Kind == TransactionKind.Purchase && t.Date <= calibrationEnd).ToArray();
            var holdout = mine.Where(t => t.Kind == TransactionKind.Purchase && t.Date > calibrationEnd).ToArray();
            var state = SummaryState.Empty(window);
            state.Refunded = mine.Where(t => t.Kind == TransactionKind.Refund && t.Date <= calibrationEnd).Sum(t => t.Amount);
            if (purchases.Length > 0)
            {
                var first = purchases.Min(t => t.Date);
                state.Orders = purchases.Length;
                state.PurchaseDays = purchases.Select(t => t.Date).Distinct().Count();
                state.FirstDay = first.ToDateOnly().DayNumber;
                state.LastDay = purchases.Max(t => t.Date).ToDateOnly().DayNumber;
                state.Spend = purchases.Sum(t => t.Amount);
                state.FirstDaySpend = purchases.Where(t => t.Date == first).Sum(t => t.Amount);
            }

            if (holdout.Length > 0)
            {
                state.HoldoutOrders = holdout.Length;
                state.HoldoutPurchaseDays = holdout.Select(t => t.Date).Distinct().Count();
                state.FirstHoldoutDay = holdout.Min(t => t.Date).ToDateOnly().DayNumber;
                state.LastHoldoutDay = holdout.Max(t => t.Date).ToDateOnly().DayNumber;
                state.HoldoutSpend = holdout.Sum(t => t.Amount);
            }

            result[c] = new CustomerSummary(state);
        }

        return result;
    }

    internal static CustomerSummary[] Compute(ReadOnlySpan<Transaction> transactions, int population, SummaryWindow window)
    {
        var result = new CustomerSummary[population];
        CustomerSummaries.Compute(transactions, window, result);
        return result;
    }

    internal static Gen<Transaction> TransactionGen(int population) =>
        from customer in Gen.Choose(0, population - 1)
        from day in Gen.Frequency((3, Gen.Choose(0, 160)), (1, Gen.Elements(0, 100, 101, 150, 151)))
        from cents in Gen.Choose(0, 50_000)
        from refund in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Transaction(customer, Start.PlusDays(day), cents / 100m, refund ? TransactionKind.Refund : TransactionKind.Purchase);

    public static Arbitrary<Transaction[]> Histories() =>
        Gen.Sized(size => Gen.ArrayOf(TransactionGen(6), Math.Min(size, 40))).ToArbitrary();

    [Property(Arbitrary = [typeof(CustomerSummariesTests)], MaxTest = 300)]
    public bool Compute_EqualsTheDefinitions_InAnyOrder(Transaction[] transactions)
    {
        var expected = Naive(transactions, 6, Window);
        var grouped = transactions.OrderBy(t => t.Customer).ThenBy(t => t.Date).ToArray();
        return Compute(transactions, 6, Window).SequenceEqual(expected) && Compute(grouped, 6, Window).SequenceEqual(expected);
    }

    [Property(Arbitrary = [typeof(CustomerSummariesTests)], MaxTest = 300)]
    public bool Merge_OfTimeOrderedShards_EqualsTheWholeSummary(Transaction[] transactions, byte cut)
    {
        // Split each customer's history at one instant: everything before the cut day, the cut day itself on either side.
        var cutDay = Start.PlusDays(cut % 170);
        var sideOfCutDay = (cut & 1) == 0;
        var before = transactions.Where(t => t.Date < cutDay || (t.Date == cutDay && sideOfCutDay)).ToArray();
        var after = transactions.Where(t => t.Date > cutDay || (t.Date == cutDay && !sideOfCutDay)).ToArray();
        var whole = Compute(transactions, 6, Window);
        var a = Compute(before, 6, Window);
        var b = Compute(after, 6, Window);
        return Enumerable.Range(0, 6).All(c => CustomerSummary.Merge(a[c], b[c]) == whole[c] && CustomerSummary.Merge(b[c], a[c]) == whole[c]);
    }

    [Property(Arbitrary = [typeof(CustomerSummariesTests)], MaxTest = 200)]
    public bool Merge_SameDayOnBothSides_CountsTheDayOnce(Transaction[] transactions, byte cut)
    {
        // Purchases on the cut day go to both shards (split by their position), the rest by date.
        var cutDay = Start.PlusDays(cut % 170);
        var onCut = transactions.Where(t => t.Date == cutDay).ToArray();
        var before = transactions.Where(t => t.Date < cutDay).Concat(onCut.Where((_, i) => i % 2 == 0)).ToArray();
        var after = transactions.Where(t => t.Date > cutDay).Concat(onCut.Where((_, i) => i % 2 == 1)).ToArray();
        var whole = Compute(transactions, 6, Window);
        var a = Compute(before, 6, Window);
        var b = Compute(after, 6, Window);
        return Enumerable.Range(0, 6).All(c => CustomerSummary.Merge(a[c], b[c]) == whole[c]);
    }

    [Property(Arbitrary = [typeof(CustomerSummariesTests)], MaxTest = 100)]
    public bool Merge_WithEmpty_IsIdentity(Transaction[] transactions)
    {
        var all = Compute(transactions, 6, Window);
        return all.All(s => CustomerSummary.Merge(s, CustomerSummary.Empty(Window)) == s && CustomerSummary.Merge(CustomerSummary.Empty(Window), s) == s);
    }

    [Fact]
    public void Merge_InterleavedShards_IsRejected()
    {
        var a = Compute([Transaction.Purchase(0, Start, 1m), Transaction.Purchase(0, Start.PlusDays(10), 1m)], 1, Window)[0];
        var b = Compute([Transaction.Purchase(0, Start.PlusDays(5), 1m)], 1, Window)[0];
        var ex = Assert.Throws<InvalidValueException>(() => CustomerSummary.Merge(a, b));
        Assert.Equal("second", ex.Field);
        Assert.Contains("interleave", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentWindows_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => CustomerSummary.Merge(CustomerSummary.Empty(Window), CustomerSummary.Empty(new SummaryWindow(Start))));
        Assert.Equal("second", ex.Field);
    }

    private static int _largeRuns;

    [Fact]
    public void LargePopulation_TakesTheParallelPaths_AndEqualsTheDefinitions()
    {
        // A new seed for each run after the first in one process, as in RfmSummaryMutationGapTests: Compute's pooled
        // buffers keep the last call's data.
        const int Population = 40_000;
        var random = new Random(11 + Interlocked.Increment(ref _largeRuns) - 1);
        var transactions = new Transaction[300_000];
        for (var i = 0; i < transactions.Length; i++)
        {
            transactions[i] = new Transaction(random.Next(Population), Start.PlusDays(random.Next(0, 160)), random.Next(0, 10_000) / 100m, random.Next(10) == 0 ? TransactionKind.Refund : TransactionKind.Purchase);
        }

        var expected = NaiveGrouped(transactions, Population, Window);
        Assert.Equal(expected, Compute(transactions, Population, Window));
        var grouped = transactions.OrderBy(t => t.Customer).ThenBy(t => t.Date).ToArray();
        Assert.Equal(expected, Compute(grouped, Population, Window));
    }

    [Fact]
    public void WorkedExample_OneCustomer()
    {
        var transactions = new[]
        {
            Transaction.Purchase(0, Start, 10m),
            Transaction.Purchase(0, Start, 5m),              // same day: one purchase day, two orders
            Transaction.Purchase(0, Start.PlusDays(14), 30m),
            Transaction.Refund(0, Start.PlusDays(20), 5m),
            Transaction.Purchase(0, Start.PlusDays(28), 20m),
            Transaction.Purchase(0, Start.PlusDays(120), 99m), // holdout
            Transaction.Purchase(0, Start.PlusDays(200), 1m),  // after the window: ignored
        };
        var summaries = new CustomerSummary[2];
        var stats = CustomerSummaries.Compute(transactions, Window, summaries);
        var s = summaries[0];

        Assert.Equal(new SummaryStatistics(7, 1, 1), stats);
        Assert.Equal(4, s.Orders);
        Assert.Equal(3, s.PurchaseDays);
        Assert.Equal(2, s.RepeatFrequency);
        Assert.Equal(Start, s.FirstPurchase);
        Assert.Equal(Start.PlusDays(28), s.LastPurchase);
        Assert.Equal(28d, s.Recency());
        Assert.Equal(4d, s.Recency(TimeUnit.Weeks));
        Assert.Equal(100d, s.Age());
        Assert.Equal(72, s.DaysSinceLastPurchase);
        Assert.Equal(65m, s.Spend);
        Assert.Equal(5m, s.Refunded);
        Assert.Equal(60m, s.NetSpend);
        Assert.Equal(50m, s.RepeatSpend);
        Assert.Equal(25m, s.AverageRepeatSpend);
        Assert.Equal(15m, s.AverageOrderValue);
        Assert.Equal(1, s.HoldoutOrders);
        Assert.Equal(99m, s.HoldoutSpend);
        Assert.Equal(Window, s.Window);

        var empty = summaries[1];
        Assert.Equal(CustomerSummary.Empty(Window), empty);
        Assert.False(empty.HasPurchases);
        Assert.Null(empty.FirstPurchase);
        Assert.Null(empty.DaysSinceLastPurchase);
        Assert.Null(empty.AverageOrderValue);
        Assert.Equal(0d, empty.Age());
    }

    [Fact]
    public void CustomerIndexOutOfRange_IsRejectedWithItsPosition()
    {
        var ex = Assert.Throws<InvalidValueException>(() => CustomerSummaries.Compute([Transaction.Purchase(0, Start, 1m), Transaction.Purchase(3, Start, 1m)], Window, new CustomerSummary[3]));
        Assert.Equal("transactions[1].customer", ex.Field);
        Assert.Equal("Invalid transactions[1].customer: 3 must be below the population size 3.", ex.Message);
    }

    [Fact]
    public void Transaction_RejectsNegativeAmountsAndIndexes()
    {
        Assert.Equal("amount", Assert.Throws<InvalidValueException>(() => Transaction.Purchase(0, Start, -0.01m)).Field);
        Assert.Equal("customer", Assert.Throws<InvalidValueException>(() => Transaction.Purchase(-1, Start, 1m)).Field);
        Assert.Equal("kind", Assert.Throws<InvalidValueException>(() => new Transaction(0, Start, 1m, (TransactionKind)7)).Field);
        Assert.Equal("date", Assert.Throws<InvalidValueException>(() => Transaction.Purchase(0, Start.WithCalendar(CalendarSystem.Julian), 1m)).Field);
        Assert.Equal(Start, Transaction.Purchase(0, Start, 1m).Date);
    }

    [Fact]
    public void Window_HoldoutMustFollowCalibration()
    {
        Assert.Equal("holdoutEnd", Assert.Throws<InvalidValueException>(() => new SummaryWindow(Start, Start)).Field);
        Assert.Null(new SummaryWindow(Start).HoldoutEnd);
        Assert.Equal("..2026-01-01, holdout ..2026-01-02", new SummaryWindow(Start, Start.PlusDays(1)).ToString());
    }

    private static CustomerSummary[] NaiveGrouped(Transaction[] transactions, int population, SummaryWindow window)
    {
        // The naive definition per customer, on pre-grouped lists (the plain Naive is quadratic).
        var byCustomer = transactions.ToLookup(t => t.Customer);
        var result = new CustomerSummary[population];
        for (var c = 0; c < population; c++)
        {
            result[c] = Naive(byCustomer[c].Select(t => new Transaction(0, t.Date, t.Amount, t.Kind)).ToArray(), 1, window)[0];
        }

        return result;
    }
}
