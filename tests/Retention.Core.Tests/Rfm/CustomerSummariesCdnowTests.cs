using System.Globalization;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Rfm;

/// <summary>
/// The oracle: summaries built from CDNOW_sample.txt with calibration ending 1997-09-30, in weeks, must equal Hardie's
/// published calibration summary (cdnow_customers_summary.csv) and its zbar column for all 2,357 customers.
/// </summary>
public sealed class CustomerSummariesCdnowTests
{
    [Fact]
    public void Summaries_MatchThePublishedCalibrationSummary_ForEveryCustomer()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var summaries = Compute(transactions, customers.Count);
        AssertMatchesPublished(summaries, customers);
    }

    [Fact]
    public void Summaries_AreTheSame_WhateverTheInputOrder()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var expected = Compute(transactions, customers.Count);

        var shuffled = (Transaction[])transactions.Clone();
        new Random(1997).Shuffle(shuffled);
        Assert.Equal(expected, Compute(shuffled, customers.Count));

        var byDate = transactions.OrderBy(t => t.Date).ToArray();
        Assert.Equal(expected, Compute(byDate, customers.Count));
    }

    [Fact]
    public void HoldoutCounts_MatchTheDatasetDescription()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var summaries = new CustomerSummary[customers.Count];
        var stats = CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd, Cdnow.HoldoutEnd), summaries);

        Assert.Equal(6919, stats.Transactions);
        Assert.Equal(0, stats.IgnoredAfterEnd);
        Assert.Equal(2357, stats.CustomersWithPurchases);
        Assert.Equal(4960, summaries.Sum(s => s.Orders));
        Assert.Equal(1959, summaries.Sum(s => s.HoldoutOrders));
        Assert.Equal(2457, summaries.Sum(s => s.RepeatFrequency));

        var calibrationOnly = new CustomerSummary[customers.Count];
        var calibrationStats = CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd), calibrationOnly);
        Assert.Equal(1959, calibrationStats.IgnoredAfterEnd);
        Assert.All(calibrationOnly, s => Assert.Equal(0, s.HoldoutOrders));
    }

    private static CustomerSummary[] Compute(Transaction[] transactions, int population)
    {
        var summaries = new CustomerSummary[population];
        CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd), summaries);
        return summaries;
    }

    private static void AssertMatchesPublished(CustomerSummary[] summaries, CustomerIndex customers)
    {
        var published = Cdnow.ReadCsv("datasets/cdnow_customers_summary.csv");
        var withZbar = Cdnow.ReadCsv("datasets/cdnow_customers_summary_with_transactions.csv");
        Assert.Equal(2357, published.Count);
        Assert.Equal(2357, customers.Count);
        var mismatches = new List<string>();
        for (var i = 0; i < customers.Count; i++)
        {
            var id = customers[i].Value;
            var row = published[id];
            var s = summaries[i];
            var frequency = int.Parse(row[1], CultureInfo.InvariantCulture);
            var recency = decimal.Parse(row[2], CultureInfo.InvariantCulture);
            var age = decimal.Parse(row[3], CultureInfo.InvariantCulture);
            var zbar = decimal.Parse(withZbar[id][4], CultureInfo.InvariantCulture);
            if (s.RepeatFrequency != frequency
                || !RoundsTo(s.Recency(TimeUnit.Weeks), recency)
                || !RoundsTo(s.Age(TimeUnit.Weeks), age)
                || !RoundsTo(s.AverageRepeatSpend, zbar))
            {
                mismatches.Add($"{id}: x {s.RepeatFrequency} vs {frequency}, t_x {s.Recency(TimeUnit.Weeks)} vs {recency}, T {s.Age(TimeUnit.Weeks)} vs {age}, zbar {s.AverageRepeatSpend} vs {zbar}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} customers differ:\n" + string.Join("\n", mismatches.Take(20)));
        Assert.Equal(946, summaries.Count(s => s.RepeatFrequency > 0));
    }

    /// <summary>The published files round to 2 decimals; a half may have gone either way.</summary>
    private static bool RoundsTo(double value, decimal expected) => RoundsTo((decimal)value, expected);

    private static bool RoundsTo(decimal value, decimal expected) =>
        decimal.Round(value, 2, MidpointRounding.ToEven) == expected || decimal.Round(value, 2, MidpointRounding.AwayFromZero) == expected;
}
