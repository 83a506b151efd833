using NodaTime;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Rfm;

/// <summary>
/// Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing) in the customer
/// summaries: equality members, the merging of summary shards, argument checks and their messages, and the two-core
/// grouping of large unsorted inputs.
/// </summary>
public sealed class RfmSummaryMutationGapTests
{
    private static readonly LocalDate Start = new(1997, 1, 1);
    private static readonly SummaryWindow Calibration = new(new LocalDate(1997, 9, 30));
    private static readonly SummaryWindow WithHoldout = new(new LocalDate(1997, 9, 30), new LocalDate(1998, 6, 30));

    private static InvalidValueException AssertInvalid(Action action, string field, string message)
    {
        var e = Assert.Throws<InvalidValueException>(action);
        Assert.Equal(field, e.Field);
        Assert.Equal(message, e.Message);
        return e;
    }

    /// <summary>The summary of one customer's (index 0) transactions, as the summary loop computes it.</summary>
    private static CustomerSummary Summarize(SummaryWindow window, params (int Day, decimal Amount)[] purchases)
    {
        var transactions = purchases.Select(p => Transaction.Purchase(0, Start.PlusDays(p.Day), p.Amount)).ToArray();
        var destination = new CustomerSummary[1];
        CustomerSummaries.Compute(transactions, window, destination);
        return destination[0];
    }

    // ---- CustomerIndex ----

    [Fact]
    public void CustomerIndex_RejectsNullUnassignedAndUnknownIds_WithFieldAndMessage()
    {
        // Survived: CustomerIndex.cs:58 ThrowIfNull removed; :62 CheckValue removed and its two strings ""; :79 "".
        Assert.Equal("ids", Assert.Throws<ArgumentNullException>(() => CustomerIndex.Create(null!)).ParamName);
        AssertInvalid(() => CustomerIndex.Create([new CustomerId("7"), default]), "ids", "Invalid ids: \"\" must be assigned.");
        var index = CustomerIndex.Create([new CustomerId("7")]);
        AssertInvalid(() => index.IndexOf(new CustomerId("8")), "customerId", "Invalid customerId: \"8\" is not in the customer index.");
    }

    [Fact]
    public void CustomerIndex_Indexer_RejectsANegativeIndex_AndTryGetIndexFindsKnownIds()
    {
        // Survived: CustomerIndex.cs:45 ThrowIfNegative removed (would be IndexOutOfRangeException).
        // NoCoverage: CustomerIndex.cs:93 'return true' -> false.
        var index = CustomerIndex.Create([new CustomerId("b"), new CustomerId("a")]);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => _ = index[-1]).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => _ = index[2]).ParamName);
        Assert.True(index.TryGetIndex(new CustomerId("b"), out var found));
        Assert.Equal(1, found);
        Assert.False(index.TryGetIndex(new CustomerId("c"), out var missing));
        Assert.Equal(-1, missing);
    }

    [Fact]
    public void NaturalOrder_ComparesLeadingZeroNumbersByValue_AndPutsTheEmptyIdAfterNumbers()
    {
        // Survived: CustomerIndex.cs:117 conditional -> true ("021" would sort before "13" by its raw text);
        // CustomerIndex.cs:137 's.Length > 0' -> '>= 0' (the empty text would count as a whole number).
        var order = CustomerIndex.NaturalOrder;
        Assert.True(order.Compare(new CustomerId("021"), new CustomerId("13")) > 0);
        Assert.True(order.Compare(new CustomerId("13"), new CustomerId("021")) < 0);
        var index = CustomerIndex.Create([new CustomerId("021"), new CustomerId("13"), new CustomerId("x")]);
        Assert.Equal(["13", "021", "x"], Enumerable.Range(0, index.Count).Select(i => index[i].Value));
        Assert.True(order.Compare(default, new CustomerId("5")) > 0); // non-numbers (here the empty text) follow numbers
        Assert.True(order.Compare(new CustomerId("5"), default) < 0);
    }

    // ---- Transaction ----

    [Fact]
    public void Transaction_NamesTheInvalidField()
    {
        // Survived: Transaction.cs:33 and :34 message strings "".
        AssertInvalid(() => _ = Transaction.Purchase(-1, Start, 1m), "customer", "Invalid customer: -1 must not be negative.");
        var julian = new LocalDate(1997, 1, 1, CalendarSystem.Julian);
        AssertInvalid(() => _ = Transaction.Purchase(0, julian, 1m), "date", "Invalid date: " + Render(julian) + " must be in the ISO calendar.");

        // Survived (60 s re-run, 2 December): Transaction.cs:35 and :36 message strings "".
        AssertInvalid(() => _ = Transaction.Purchase(0, Start, -0.5m), "amount", "Invalid amount: -0.5 must not be negative (a refund has a positive amount and kind Refund).");
        AssertInvalid(() => _ = new Transaction(0, Start, 1m, (TransactionKind)9), "kind", "Invalid kind: 9 is not a defined transaction kind.");
    }

    [Fact]
    public void Transaction_Equality_ComparesEveryField()
    {
        // Survived: Transaction.cs:80 three '&&' -> '||'; NoCoverage: Transaction.cs:101 '!=' operator.
        var t = Transaction.Purchase(3, Start, 10m);
        Assert.True(t == Transaction.Purchase(3, Start, 10m));
        Assert.False(t != Transaction.Purchase(3, Start, 10m));
        Transaction[] others =
        [
            Transaction.Purchase(4, Start, 10m),
            Transaction.Purchase(3, Start.PlusDays(1), 10m),
            Transaction.Purchase(3, Start, 11m),
            Transaction.Refund(3, Start, 10m),
        ];
        foreach (var other in others)
        {
            Assert.False(t.Equals(other), other.ToString());
            Assert.True(t != other);
            Assert.False(t == other);
        }
    }

    // ---- SummaryWindow ----

    [Fact]
    public void SummaryWindow_RejectsANonIsoOrEarlyHoldoutEnd_WithFieldAndMessage()
    {
        // Survived: SummaryWindow.cs:31 CheckValue removed and its two strings ""; :32 message string "".
        var julian = new LocalDate(1998, 6, 30, CalendarSystem.Julian);
        AssertInvalid(
            () => _ = new SummaryWindow(new LocalDate(1997, 9, 30), julian),
            "holdoutEnd",
            "Invalid holdoutEnd: " + Render(julian) + " must be in the ISO calendar.");
        // Survived (60 s re-run, 2 December): SummaryWindow.cs:28 the calibration end's CheckValue removed and its two
        // strings "".
        var julianEnd = new LocalDate(1997, 9, 30, CalendarSystem.Julian);
        AssertInvalid(
            () => _ = new SummaryWindow(julianEnd),
            "calibrationEnd",
            "Invalid calibrationEnd: " + Render(julianEnd) + " must be in the ISO calendar.");
        var end = new LocalDate(1997, 9, 30);
        AssertInvalid(
            () => _ = new SummaryWindow(end, end),
            "holdoutEnd",
            "Invalid holdoutEnd: " + Render(end) + " must be after the calibration end " + Render(end) + ".");
    }

    [Fact]
    public void SummaryWindow_Equality_ComparesBothDates()
    {
        // Survived: SummaryWindow.cs:53 '&&' -> '||'; NoCoverage: SummaryWindow.cs:79 '!=' operator.
        Assert.False(Calibration.Equals(WithHoldout)); // same calibration end, another holdout end
        Assert.True(Calibration != WithHoldout);
        Assert.False(WithHoldout != new SummaryWindow(new LocalDate(1997, 9, 30), new LocalDate(1998, 6, 30)));
        Assert.True(new SummaryWindow(new LocalDate(1997, 9, 29), new LocalDate(1998, 6, 30)) != WithHoldout);
    }

    // ---- CustomerSummary ----

    [Fact]
    public void EmptySummary_HasNoLastPurchase_AndAnUnknownTimeUnitIsRejected()
    {
        // Survived: CustomerSummary.cs:49 conditional -> true; NoCoverage: CustomerSummary.cs:166 message "".
        var empty = CustomerSummary.Empty(Calibration);
        Assert.Null(empty.LastPurchase);
        Assert.Null(empty.FirstPurchase);
        var one = Summarize(Calibration, (10, 5m));
        Assert.Equal(Start.PlusDays(10), one.LastPurchase);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => one.Recency((TimeUnit)7));
        Assert.Equal("unit", e.ParamName);
        Assert.StartsWith("Unknown time unit.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryState_Equality_ComparesEveryField_AndIgnoresDaysWithoutOrders()
    {
        // Survived: SummaryState.cs:176 the eleven '&&' -> '||' mutants; :179 and :180 'Orders == 0' -> '!= 0' and the
        // inner '&&' -> '||'. NoCoverage: CustomerSummary.cs:160 '!=' operator.
        var state = new SummaryState
        {
            Spend = 1m, FirstDaySpend = 2m, Refunded = 3m, HoldoutSpend = 4m, CalibrationEnd = 5, HoldoutEnd = 6, FirstDay = 7,
            LastDay = 8, Orders = 9, PurchaseDays = 10, FirstHoldoutDay = 11, LastHoldoutDay = 12, HoldoutOrders = 13,
            HoldoutPurchaseDays = 14,
        };
        var copy = state;
        Assert.True(state.Equals(copy));
        Assert.False(new CustomerSummary(state) != new CustomerSummary(copy));

        Func<SummaryState, SummaryState>[] changes =
        [
            s => s with { Spend = 100m },
            s => s with { FirstDaySpend = 100m },
            s => s with { Refunded = 100m },
            s => s with { HoldoutSpend = 100m },
            s => s with { CalibrationEnd = 100 },
            s => s with { HoldoutEnd = 100 },
            s => s with { FirstDay = 100 },
            s => s with { LastDay = 100 },
            s => s with { Orders = 100 },
            s => s with { PurchaseDays = 100 },
            s => s with { FirstHoldoutDay = 100 },
            s => s with { LastHoldoutDay = 100 },
            s => s with { HoldoutOrders = 100 },
            s => s with { HoldoutPurchaseDays = 100 },
        ];
        for (var i = 0; i < changes.Length; i++)
        {
            var other = changes[i](state);
            Assert.False(state.Equals(other), "field " + i);
            Assert.False(other.Equals(state), "field " + i);
            Assert.True(new CustomerSummary(state) != new CustomerSummary(other), "field " + i);
        }

        // Without orders, the day fields are not part of the value.
        var none = state with { Orders = 0, HoldoutOrders = 0 };
        Assert.True(none.Equals(none with { FirstDay = 100, LastDay = 101, FirstHoldoutDay = 102, LastHoldoutDay = 103 }));
    }

    // ---- Merging shards ----

    [Fact]
    public void Merge_RejectsAnotherWindow_NamingBoth()
    {
        // Survived: SummaryState.cs:113 '&&' -> '||' (same calibration end, another holdout end); :116 message "".
        AssertInvalid(
            () => CustomerSummary.Merge(CustomerSummary.Empty(Calibration), CustomerSummary.Empty(WithHoldout)),
            "second",
            "Invalid second: \"..1997-09-30, holdout ..1998-06-30\" has another window than the first summary ..1997-09-30.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merge_ShardsStartingOnTheSameDay_AddTheirFirstDaySpend_InEitherOrder(bool reversed)
    {
        // Survived: SummaryState.cs:125 '<' -> '<=', :126 conditional -> false, :153 '<' -> '<=', '&&' -> '||' and
        // '==' -> '!=', :158 '>' -> '>='. NoCoverage: :126 '+' -> '-', :153 'bLast < aLast' -> 'bLast > aLast'.
        var oneDay = Summarize(Calibration, (10, 10m));
        var longer = Summarize(Calibration, (10, 5m), (13, 7m));
        var merged = reversed ? CustomerSummary.Merge(longer, oneDay) : CustomerSummary.Merge(oneDay, longer);
        Assert.Equal(Summarize(Calibration, (10, 10m), (10, 5m), (13, 7m)), merged);
        Assert.Equal((3, 2, 22m, 7m, 7m), (merged.Orders, merged.PurchaseDays, merged.Spend, merged.RepeatSpend, merged.AverageRepeatSpend));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merge_TouchingAndDisjointShards_CountDaysExactly(bool reversed)
    {
        // Survived: SummaryState.cs:158 '>' -> '>=' (a shared boundary day is counted once); :153 mutants (order).
        var early = Summarize(WithHoldout, (1, 1m), (5, 2m), (300, 4m));
        var late = Summarize(WithHoldout, (5, 3m), (9, 4m), (300, 1m), (320, 2m));
        var merged = reversed ? CustomerSummary.Merge(late, early) : CustomerSummary.Merge(early, late);
        Assert.Equal((4, 3, 3, 2), (merged.Orders, merged.PurchaseDays, merged.HoldoutOrders, merged.HoldoutPurchaseDays));
        Assert.Equal(Summarize(WithHoldout, (1, 1m), (5, 2m), (5, 3m), (9, 4m), (300, 4m), (300, 1m), (320, 2m)), merged);
        var first = Summarize(Calibration, (1, 1m), (5, 2m), (9, 4m));
        var apart = Summarize(Calibration, (20, 1m));
        Assert.Equal(4, (reversed ? CustomerSummary.Merge(apart, first) : CustomerSummary.Merge(first, apart)).PurchaseDays);
    }

    [Fact]
    public void Merge_IntoAnEmptySummary_KeepsAPurchaseOnDayZero()
    {
        // Survived: SummaryState.cs:145 conditional -> false (merging into an empty shard would treat its unset day 0,
        // 0001-01-01, as a purchase day touching the other shard's).
        var window = new SummaryWindow(new LocalDate(1, 1, 10));
        var transactions = new[] { Transaction.Purchase(0, new LocalDate(1, 1, 1), 2m), Transaction.Purchase(0, new LocalDate(1, 1, 5), 3m) };
        var destination = new CustomerSummary[1];
        CustomerSummaries.Compute(transactions, window, destination);
        Assert.Equal(2, destination[0].PurchaseDays);
        var merged = CustomerSummary.Merge(CustomerSummary.Empty(window), destination[0]);
        Assert.Equal(destination[0], merged);
        Assert.Equal((2, 1, new LocalDate(1, 1, 1), new LocalDate(1, 1, 5)), (merged.PurchaseDays, merged.RepeatFrequency, merged.FirstPurchase, merged.LastPurchase));
    }

    [Fact]
    public void Merge_InterleavingShards_AreRejected_NamingTheDaysAndThePeriod()
    {
        // Survived: SummaryState.cs:128 and :134 "purchase" / "holdout purchase" -> ""; :171 the three message strings "".
        var a = Summarize(WithHoldout, (1, 1m), (9, 1m));
        var b = Summarize(WithHoldout, (5, 1m));
        AssertInvalid(
            () => CustomerSummary.Merge(a, b),
            "second",
            "Invalid second: " + Render(Start.PlusDays(5)) + " starts a shard whose purchase days interleave with the other shard's ("
            + Render(Start.PlusDays(1)) + " to " + Render(Start.PlusDays(9)) + "); only time-ordered shards merge exactly.");
        var c = Summarize(WithHoldout, (300, 1m), (320, 1m));
        var d = Summarize(WithHoldout, (310, 1m));
        AssertInvalid(
            () => CustomerSummary.Merge(d, c),
            "second",
            "Invalid second: " + Render(Start.PlusDays(310)) + " starts a shard whose holdout purchase days interleave with the other shard's ("
            + Render(Start.PlusDays(300)) + " to " + Render(Start.PlusDays(320)) + "); only time-ordered shards merge exactly.");
    }

    private static string Render(LocalDate date) => date.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    // ---- CustomerSummaries: large unsorted inputs ----

    /// <summary>How often the large unsorted test ran in this process. Each run after the first takes new data: the
    /// pooled buffers <c>Compute</c> rents keep what the last call scattered into them, so a second run on the same data
    /// passed with the scatter removed (a mutation-testing host runs the test once per mutant).</summary>
    private static int _largeUnsortedRuns;

    [Fact]
    public void Compute_LargeUnsortedInput_GroupsOnTwoCores_AsTheSortedInputDoes()
    {
        // Survived: CustomerSummaries.cs:151 ScatterOnTwoCores removed (inputs of 200,000 kept transactions or more,
        // not grouped by customer, on a machine with two cores or more).
        Assert.SkipWhen(Environment.ProcessorCount < 2, "the two-core path needs two cores");
        const int population = 20_000;
        var random = new Random(12 + Interlocked.Increment(ref _largeUnsortedRuns) - 1);
        var transactions = Enumerable.Range(0, 210_000)
            .Select(i => Transaction.Purchase(random.Next(population), Start.PlusDays(random.Next(0, 400)), random.Next(1, 10_000) / 100m))
            .OrderBy(t => t.Date)
            .ToArray();
        var sorted = transactions.OrderBy(t => t.Customer).ThenBy(t => t.Date).ToArray();
        var fromUnsorted = new CustomerSummary[population];
        var fromSorted = new CustomerSummary[population];
        var statistics = CustomerSummaries.Compute(transactions, WithHoldout, fromUnsorted);
        CustomerSummaries.Compute(sorted, WithHoldout, fromSorted);
        Assert.Equal(0, statistics.IgnoredAfterEnd);
        Assert.Equal(210_000, fromUnsorted.Sum(s => s.Orders + s.HoldoutOrders));
        Assert.Equal(transactions.Sum(t => t.Amount), fromUnsorted.Sum(s => s.Spend + s.HoldoutSpend));
        Assert.Equal(fromSorted, fromUnsorted);
    }

    [Fact]
    public void Compute_UnsortedInput_WithALongRun_ReturnsItsRentedDayBuffer()
    {
        // NoCoverage: CustomerSummaries.cs:342 ArrayPool<int>.Shared.Return(rented) removed (a customer with more than
        // 64 transactions in an unsorted input rents a day buffer; not returning it makes every later call allocate).
        var transactions = Enumerable.Range(0, 200)
            .Select(i => Transaction.Purchase(i % 2, Start.PlusDays(200 - i), 1m))
            .ToArray();
        var summaries = new CustomerSummary[2];
        Assert.Equal(0, Allocations.LeastOf(40, () => CustomerSummaries.Compute(transactions, Calibration, summaries)));
        Assert.Equal((100, 100), (summaries[0].Orders, summaries[0].PurchaseDays));
    }

    // ---- CustomerSummaries: the grouped path and its split (60 s re-run, 2 December) ----

    [Fact]
    public void Compute_InputGroupedByCustomer_WithPurchaseDaysOutOfOrder_CountsEachDayOnce()
    {
        // Survived: CustomerSummaries.cs:84 'Kind == Purchase' -> '!=' (the day-order check made on refunds instead of
        // purchases, so days 3, 5, 3 were read as in order and day 3 counted twice).
        Transaction[] transactions =
        [
            Transaction.Purchase(0, Start.PlusDays(3), 1m),
            Transaction.Purchase(0, Start.PlusDays(5), 2m),
            Transaction.Purchase(0, Start.PlusDays(3), 4m),
            Transaction.Purchase(1, Start.PlusDays(1), 8m),
        ];
        var summaries = new CustomerSummary[2];
        CustomerSummaries.Compute(transactions, Calibration, summaries);

        Assert.Equal((3, 2, 2m, 2d), (summaries[0].Orders, summaries[0].PurchaseDays, summaries[0].RepeatSpend, summaries[0].Recency()));
        Assert.Equal((1, 1), (summaries[1].Orders, summaries[1].PurchaseDays));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compute_LargeGroupedInput_OneCustomerHoldingMoreThanHalf_SplitsAtItsEdge(bool first)
    {
        // Survived: CustomerSummaries.cs:277 'split < grouped.Length' -> '<=' (the last customer's run reaching the end of
        // the input read past it) and :279 'split++' -> 'split--' (the first customer's run reaching the middle read
        // before the start). Inputs of 200,000 transactions or more, grouped, on two cores.
        Assert.SkipWhen(Environment.ProcessorCount < 2, "the two-core path needs two cores");
        const int Big = 200_000;
        const int Others = 100;
        var whale = first ? 0 : Others;
        var small = Enumerable.Range(first ? 1 : 0, Others).Select(c => Transaction.Purchase(c, Start.PlusDays(5), 3m));
        var large = Enumerable.Range(0, Big).Select(i => Transaction.Purchase(whale, Start.PlusDays(i / 1_000), 1m));
        var transactions = (first ? large.Concat(small) : small.Concat(large)).ToArray();
        var summaries = new CustomerSummary[Others + 1];

        var statistics = CustomerSummaries.Compute(transactions, Calibration, summaries);

        Assert.Equal(new SummaryStatistics(Big + Others, 0, Others + 1), statistics);
        var w = summaries[whale];
        Assert.Equal((Big, 200, 200_000m, 199_000m, 199d), (w.Orders, w.PurchaseDays, w.Spend, w.RepeatSpend, w.Recency()));
        Assert.All(summaries.Where((_, c) => c != whale), s => Assert.Equal((1, 1, 3m), (s.Orders, s.PurchaseDays, s.Spend)));
    }

    [Fact]
    public void Compute_PopulationPastTwoToThe20_GroupsInBucketsOfTheHighBits()
    {
        // Survived: CustomerSummaries.cs:44 'customerBits - lowBits' -> '+' (from 2^20 + 1 customers to 2^21 the bucket
        // count became 1 << 31, a negative array length). Unsorted, so the grouping runs.
        const int Population = (1 << 20) + 1;
        Transaction[] transactions =
        [
            Transaction.Purchase(Population - 1, Start.PlusDays(9), 1m),
            Transaction.Purchase(0, Start.PlusDays(2), 2m),
            Transaction.Purchase(1 << 19, Start.PlusDays(4), 4m),
            Transaction.Purchase(Population - 1, Start.PlusDays(1), 8m),
            Transaction.Purchase(0, Start.PlusDays(2), 16m),
        ];
        var summaries = new CustomerSummary[Population];

        Assert.Equal(new SummaryStatistics(5, 0, 3), CustomerSummaries.Compute(transactions, Calibration, summaries));
        Assert.Equal((2, 1, 18m), (summaries[0].Orders, summaries[0].PurchaseDays, summaries[0].Spend));
        Assert.Equal((1, 4m), (summaries[1 << 19].Orders, summaries[1 << 19].Spend));
        Assert.Equal((2, 2, 9m, 8d), (summaries[Population - 1].Orders, summaries[Population - 1].PurchaseDays, summaries[Population - 1].Spend, summaries[Population - 1].Recency()));
    }
}
