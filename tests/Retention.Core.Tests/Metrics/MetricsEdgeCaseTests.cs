using NodaTime;
using Retention.Metrics;
using Retention.Rfm;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Metrics;

/// <summary>
/// Boundaries, argument checks and error messages of the metric calculators, written to kill the mutants that Stryker
/// showed surviving (docs/testing.md#mutation-testing): each test asserts exact values or the exact message.
/// </summary>
public sealed class MetricsEdgeCaseTests
{
    private static readonly DateInterval Q1 = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31));

    private static Transaction Buy(int customer, LocalDate date, decimal amount = 10m) => Transaction.Purchase(customer, date, amount);

    private static void AssertInvalid(Action action, string field, string value, string rule)
    {
        var ex = Assert.Throws<InvalidValueException>(action);
        Assert.Equal(field, ex.Field);
        Assert.Equal(value, ex.Value);
        Assert.Equal(rule, ex.Rule);
        Assert.Equal($"Invalid {field}: {value} {rule}.", ex.Message);
    }

    [Fact]
    public void RetentionMetrics_TellsRetainedNewAndReactivatedApart_AtTheWindowsEdges()
    {
        var transactions = new[]
        {
            // 0 and 1: active at start (December), buy again in February: retained.
            Buy(0, new LocalDate(2025, 12, 1)), Buy(0, new LocalDate(2026, 2, 1)),
            Buy(1, new LocalDate(2025, 12, 1)), Buy(1, new LocalDate(2026, 2, 1)),
            // 2: new, three purchase days 30 days apart end to end (two gaps).
            Buy(2, new LocalDate(2026, 1, 10)), Buy(2, new LocalDate(2026, 1, 20)), Buy(2, new LocalDate(2026, 2, 9)),
            // 3: new.
            Buy(3, new LocalDate(2026, 3, 1)),
            // 4: bought in 2024, back in March: reactivated.
            Buy(4, new LocalDate(2024, 6, 1)), Buy(4, new LocalDate(2026, 3, 10)),
            // 5: active at start, buys on the period's first day (which belongs to the period): retained.
            Buy(5, new LocalDate(2025, 12, 15)), Buy(5, new LocalDate(2026, 1, 1)),
            // 6: last bought exactly 90 days before December 31: no longer active at start.
            Buy(6, new LocalDate(2025, 10, 2)),
        };
        Assert.Equal(new LocalDate(2025, 10, 2), new LocalDate(2025, 12, 31).PlusDays(-90));

        var m = RetentionMetrics.Compute(transactions, 7, Q1, Period.FromDays(90));

        Assert.Equal(3, m.CustomersAtStart);   // 0, 1, 5 (not 6: "within the window" excludes its first day)
        Assert.Equal(6, m.CustomersAtEnd);     // all but 6
        Assert.Equal(2, m.NewCustomers);       // 2, 3
        Assert.Equal(3, m.Retained);           // 0, 1, 5
        Assert.Equal(1, m.Reactivated);        // 4 only: neither a retained nor a new customer
        Assert.Equal(6, m.OrderingCustomers);  // 5 counts: its January 1 order is in the period
        Assert.Equal(8, m.Orders);
        Assert.Equal(15d, m.AverageDaysBetweenOrders); // customer 2 alone: 30 days over 2 gaps
        Assert.Equal(100d * (6 - 2) / 3, m.CustomerRetentionRate!.Value, 12);
        Assert.Equal(0d, m.ChurnRate);
    }

    [Fact]
    public void RetentionMetrics_RejectsNullsANegativePopulationAndATimeWindow()
    {
        Assert.Equal("period", Assert.Throws<ArgumentNullException>(() => RetentionMetrics.Compute([], 0, null!, Period.FromDays(30))).ParamName);
        Assert.Equal("activityWindow", Assert.Throws<ArgumentNullException>(() => RetentionMetrics.Compute([], 0, Q1, null!)).ParamName);
        AssertInvalid(() => RetentionMetrics.Compute([], -1, Q1, Period.FromDays(30)), "population", "-1", "must not be negative");
        var ex = Assert.Throws<InvalidValueException>(() => RetentionMetrics.Compute([], 0, Q1, Period.FromHours(5)));
        Assert.Equal("activityWindow", ex.Field);
        Assert.Equal("must be a positive period of days, weeks, months or years", ex.Rule);
    }

    [Fact]
    public void CohortTable_CountsPurchasesOnly_AndLabelsWeeksWithTheirMonday()
    {
        var t = new[]
        {
            Buy(0, new LocalDate(2026, 1, 5)),
            Transaction.Refund(0, new LocalDate(2026, 2, 10), 5m), // a refund is not activity
            Buy(1, new LocalDate(2026, 1, 7)), Buy(1, new LocalDate(2026, 3, 2)),
        };
        var months = CohortTable.Compute(t, 2, CohortPeriod.Month, new LocalDate(2026, 3, 15));
        var jan = Assert.Single(months.Cohorts);
        Assert.Equal("2026-01", jan.Label);
        Assert.Equal([2, 0, 1], jan.Active);
        Assert.Null(jan.ShareAt(-1));
        Assert.Equal(1d, jan.ShareAt(0));
        Assert.Equal(0d, jan.ShareAt(1));
        Assert.Equal(0.5, jan.ShareAt(2));
        Assert.Null(jan.ShareAt(3));

        var weeks = CohortTable.Compute([Buy(0, new LocalDate(2026, 11, 22))], 1, CohortPeriod.Week, new LocalDate(2026, 11, 23));
        Assert.Equal("2026-11-16", Assert.Single(weeks.Cohorts).Label);
    }

    [Fact]
    public void CohortTable_RejectsAnUndefinedPeriod()
    {
        AssertInvalid(() => CohortTable.Compute([], 0, (CohortPeriod)7, new LocalDate(2026, 1, 1)), "unit", "7", "is not a defined cohort period");
    }

    [Fact]
    public void RevenueSummary_NamesNullArgumentsAndDuplicates()
    {
        var order = TwoLineOrder();
        Assert.Equal("orders", Assert.Throws<ArgumentNullException>(() => RevenueSummary.Compute(null!, [], Currency.Usd)).ParamName);
        Assert.Equal("refunds", Assert.Throws<ArgumentNullException>(() => RevenueSummary.Compute([], null!, Currency.Usd)).ParamName);
        Assert.Equal("orders", Assert.Throws<ArgumentNullException>(() => RevenueSummary.Compute([order, null!], [], Currency.Usd)).ParamName);
        Assert.Equal("refunds", Assert.Throws<ArgumentNullException>(() => RevenueSummary.Compute([order], [null!], Currency.Usd)).ParamName);
        AssertInvalid(() => RevenueSummary.Compute([order, order], [], Currency.Usd), "orderId", "\"#1001\"", "appears twice");
        var refund = Refund.Full(new RefundId("r1"), order, PlacedAt + Duration.FromDays(1));
        AssertInvalid(() => RevenueSummary.Compute([order], [refund, refund], Currency.Usd), "refundId", "\"r1\"", "appears twice");
        AssertInvalid(() => RevenueSummary.Compute([], [refund], Currency.Usd), "refunds[r1].orderId", "\"#1001\"", "is not among the orders");
    }

    [Fact]
    public void SimpleClv_AcceptsZeroAndOneAtTheEdgesOfEveryRange()
    {
        var aov = Usd(50m);
        Assert.Equal(Usd(0m), SimpleClv.FromAverages(aov, 0m, 0.5m, 3m));
        Assert.Equal(Usd(0m), SimpleClv.FromAverages(aov, 2m, 0.5m, 0m));
        Assert.Equal(Usd(0m), SimpleClv.FromAverages(aov, 2m, 0m, 3m));
        Assert.Equal(Usd(300m), SimpleClv.FromAverages(aov, 2m, 1m, 3m));
        Assert.Equal(Usd(0m), SimpleClv.Historic(Usd(80m), 0m));
        Assert.Equal(Usd(80m), SimpleClv.Historic(Usd(80m), 1m));
        Assert.Equal(Usd(0m), SimpleClv.FromRetention(Usd(100m), 0m, 0.1m));
        Assert.Equal(Usd(100m), SimpleClv.FromRetention(Usd(100m), 0.5m, 0m)); // 100 x 0.5 / (1 - 0.5)
        var none = SimpleClv.WhatIfRetentionRises(Usd(100m), 0.5m, 0m, 10m, 0);
        Assert.Equal(Usd(0m), none.TotalGain);
        Assert.Equal(Usd(50m), none.GainPerCustomer); // 150 - 100
        var down = SimpleClv.WhatIfRetentionRises(Usd(100m), 0.1m, 0m, -10m, 3); // down to 0
        Assert.Equal(Usd(0m), down.After);
    }

    [Fact]
    public void SimpleClv_NamesTheFieldAndRuleOfEveryRejectedInput()
    {
        var aov = Usd(50m);
        AssertInvalid(() => SimpleClv.FromAverages(aov, -1m, 0.5m, 3m), "purchasesPerPeriod", "-1", "must not be negative");
        AssertInvalid(() => SimpleClv.FromAverages(aov, 2m, 1.5m, 3m), "marginRate", "1.5", "must be from 0 to 1");
        AssertInvalid(() => SimpleClv.FromAverages(aov, 2m, 0.5m, -3m), "lifespanPeriods", "-3", "must not be negative");
        AssertInvalid(() => SimpleClv.Historic(aov, -0.1m), "marginRate", "-0.1", "must be from 0 to 1");
        AssertInvalid(() => SimpleClv.FromRetention(aov, 1m, 0.1m), "retentionRate", "1", "must be at least 0 and below 1");
        AssertInvalid(() => SimpleClv.FromRetention(aov, 0.5m, -0.1m), "discountRate", "-0.1", "must not be negative");
        AssertInvalid(() => SimpleClv.WhatIfRetentionRises(aov, 0.5m, 0.1m, 5m, -1), "customers", "-1", "must not be negative");
        AssertInvalid(() => SimpleClv.WhatIfRetentionRises(aov, 0.5m, 0.1m, 50m, 1), "points", "50", "must keep the retention rate at least 0 and below 1");
    }

    [Fact]
    public void Surveys_NpsBy_ChecksItsArguments_AndAcceptsZero()
    {
        (string Group, int Score)[] answers = [("a", 0), ("a", 10), ("b", 9)];
        Assert.Equal("answers", Assert.Throws<ArgumentNullException>(() => Surveys.NpsBy<(string, int), string>(null!, a => a.Item1, a => a.Item2)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Surveys.NpsBy<(string Group, int Score), string>(answers, null!, a => a.Score)).ParamName);
        Assert.Equal("score", Assert.Throws<ArgumentNullException>(() => Surveys.NpsBy(answers, a => a.Group, null!)).ParamName);

        var byGroup = Surveys.NpsBy(answers, a => a.Group, a => a.Score);
        Assert.Equal(["a", "b"], byGroup.Select(g => g.Key));
        Assert.Equal((1, 0, 1), (byGroup[0].Value.Promoters, byGroup[0].Value.Passives, byGroup[0].Value.Detractors));

        (string Group, int Score)[] bad = [("a", 5), ("b", 3), ("a", 11)];
        AssertInvalid(() => Surveys.NpsBy(bad, a => a.Group, a => a.Score), "answers[2]", "11", "is outside the 0-10 NPS scale");
        AssertInvalid(() => Surveys.Csat([4, 6]), "answers[1]", "6", "is outside the 1-5 CSAT scale");
    }
}
