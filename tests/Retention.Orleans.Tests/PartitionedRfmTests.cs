using NodaTime;
using Retention.Orleans.Tests.Infrastructure;
using Retention.Tests.Infrastructure;
using Retention.Rfm;

namespace Retention.Orleans.Tests;

/// <summary>Partitioned RFM on the test cluster equals <see cref="RfmScoring.ScoreQuantiles"/> on one machine.</summary>
[Collection(ClusterGroup.Name)]
public sealed class PartitionedRfmTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Partitioned_rfm_equals_single_machine_rfm_for_every_cdnow_customer()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var window = new SummaryWindow(Cdnow.CalibrationEnd);
        var (expectedCustomers, expectedScores) = SingleMachine(transactions, customers.Count, window);
        Assert.True(expectedCustomers.Length > 2000, "the CDNOW sample has thousands of purchasers");

        Assert.True(fixture.Cluster.Silos.Count >= 2, "at least two silos");
        var result = await PartitionedRfm.ScoreAsync(fixture.Cluster.Client, transactions, customers.Count, window, partitions: 5, jobId: "cdnow", TestContext.Current.CancellationToken);

        Assert.Equal(expectedCustomers, result.Customers);
        Assert.Equal(expectedScores, result.Scores);
        Assert.InRange(result.Rounds, 1, 96);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(7, 1)]
    [InlineData(10, 4)]
    [InlineData(2_000, 6)]
    public async Task Partitioned_rfm_equals_single_machine_rfm_with_heavy_ties_and_refunds(int population, int partitions)
    {
        // Few distinct days and amounts, so ties are everywhere and the customer-order tie-break decides.
        var random = new Random(population + partitions);
        var start = new LocalDate(2024, 1, 1);
        var transactions = new List<Transaction>();
        for (var c = 0; c < population; c++)
        {
            var count = random.Next(0, 4);
            for (var i = 0; i < count; i++)
            {
                var date = start.PlusDays(random.Next(0, 5));
                var amount = random.Next(0, 4) * 10m;
                transactions.Add(random.Next(6) == 0 ? Transaction.Refund(c, date, amount / 2) : Transaction.Purchase(c, date, amount));
            }
        }

        var window = new SummaryWindow(start.PlusDays(10));
        var (expectedCustomers, expectedScores) = SingleMachine([.. transactions], population, window);

        var result = await PartitionedRfm.ScoreAsync(fixture.Cluster.Client, transactions.ToArray(), population, window, partitions, "ties-" + population + "-" + partitions, TestContext.Current.CancellationToken);

        Assert.Equal(expectedCustomers, result.Customers);
        Assert.Equal(expectedScores, result.Scores);
    }

    private static (int[] Customers, RfmScore[] Scores) SingleMachine(Transaction[] transactions, int population, SummaryWindow window)
    {
        var summaries = new CustomerSummary[population];
        CustomerSummaries.Compute(transactions, window, summaries);
        var purchasers = Enumerable.Range(0, population).Where(i => summaries[i].HasPurchases).ToArray();
        var values = purchasers.Select(i => RfmValues.FromSummary(summaries[i])).ToArray();
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores);
        return (purchasers, scores);
    }
}
