using Retention.Cli;
using Retention.Metrics;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

public sealed class CliTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Demo_PrintsTheRevenueSummaryTheLibraryComputes()
    {
        var (code, output, error) = Run("demo", "--customers", "300", "--seed", "7");
        Assert.Equal(0, code);
        Assert.Empty(error);

        var store = DemoStore.Generate(300, 7);
        var summary = RevenueSummary.Compute(store.Orders, store.Refunds, Currency.Usd);
        Assert.True(summary.OrderCount > 300);
        Assert.True(store.Refunds.Count > 0);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Contains("net sales", output, StringComparison.Ordinal);
        Assert.Contains(summary.NetSales.ToString("N2", inv), output, StringComparison.Ordinal);
        Assert.Contains(summary.GrossSales.ToString("N2", inv), output, StringComparison.Ordinal);
        Assert.Contains(summary.OrderCount.ToString("N0", inv), output, StringComparison.Ordinal);
        Assert.Contains("America/New_York", output, StringComparison.Ordinal);

        // The RFM section: segment counts add up to the customers who ordered, as the library scores them.
        var rfmRows = output.Split('\n')
            .SkipWhile(l => !l.StartsWith("RFM segments as of 2026-10-31", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => !l.TrimStart().StartsWith("VIPs", StringComparison.Ordinal))
            .Select(l => l.TrimEnd('\r'))
            .ToArray();
        var counted = rfmRows.Sum(l => int.Parse(l.Substring(24, 10).Trim(), System.Globalization.NumberStyles.AllowThousands, inv));
        Assert.Equal(summary.CustomerCount, counted);
        Assert.All(rfmRows, l => Assert.Contains(l[2..24].Trim(), Retention.Rfm.SegmentMap.Default.SegmentNames));
        Assert.Contains("VIPs (top 1% by net spend): 3 customers", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_LoyaltySection_ReconcilesAndMatchesTheLedger()
    {
        var (_, output, _) = Run("demo", "--customers", "300", "--seed", "7");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var rows = output.Split('\n')
            .SkipWhile(l => !l.StartsWith("Loyalty points as of 2026-10-31", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.TrimEnd('\r'))
            .ToDictionary(l => l[2..30].Trim(), l => long.Parse(l[30..].Trim(), System.Globalization.NumberStyles.AllowThousands, inv));

        var (ledger, applied, _, refused, redemptions) = DemoCommand.RunLoyalty(DemoStore.Generate(300, 7));
        var asOf = NodaTime.Instant.FromUtc(2026, 11, 1, 4, 0);
        var balances = ledger.Customers.Select(c => ledger.GetBalance(c, asOf)).ToArray();
        Assert.Equal(applied, rows["events applied"]);
        Assert.Equal(0, refused);
        Assert.Equal(redemptions, rows["rewards redeemed"]);
        Assert.True(redemptions > 0);
        Assert.Equal(balances.Sum(b => b.Earned.Value), rows["points earned"]);
        Assert.Equal(balances.Sum(b => b.Available.Value), rows["points available"]);
        Assert.Equal(
            rows["points earned"],
            rows["points redeemed"] + rows["points reversed by refunds"] + rows["points expired"] + rows["points available"] + rows["points pending"]);
        Assert.Equal(redemptions * 500L, rows["points redeemed"]);
        Assert.True(rows["points reversed by refunds"] > 0 && rows["points expired"] > 0 && rows["points pending"] > 0);

        var tiers = output.Split('\n')
            .SkipWhile(l => !l.StartsWith("Loyalty tiers as of 2026-10-31", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.TrimEnd('\r'))
            .ToDictionary(l => l[2..30].Trim(), l => long.Parse(l[30..].Trim(), System.Globalization.NumberStyles.AllowThousands, inv));
        var levels = ledger.Customers.Select(c => ledger.GetTier(c, asOf).Tier.Name).ToArray();
        Assert.Equal(levels.Count(n => n == "Gold"), tiers["Gold (from 750 USD, 1.5x)"]);
        Assert.Equal(levels.Count(n => n == "Silver"), tiers["Silver (from 250 USD, 1.25x)"]);
        Assert.Equal(ledger.CustomerCount, tiers["Gold (from 750 USD, 1.5x)"] + tiers["Silver (from 250 USD, 1.25x)"] + tiers["Member (from 0 USD, 1x)"]);
        Assert.Equal(ledger.Customers.Sum(c => ledger.TierHistory(c).Count(h => h.Kind == Retention.Loyalty.TierChangeKind.Upgrade)), tiers["upgrades"]);
        Assert.True(tiers["upgrades"] > 0 && tiers["Gold (from 750 USD, 1.5x)"] > 0);
    }

    [Fact]
    public void Demo_IsDeterministicForASeed()
    {
        Assert.Equal(Run("demo", "--customers", "200", "--seed", "3").Output, Run("demo", "--customers", "200", "--seed", "3").Output);
        Assert.NotEqual(Run("demo", "--customers", "200", "--seed", "3").Output, Run("demo", "--customers", "200", "--seed", "4").Output);
    }

    [Fact]
    public void Demo_OrdersPerMonth_AddUpToTheOrderCount()
    {
        var (_, output, _) = Run("demo", "--customers", "250", "--seed", "11");
        var store = DemoStore.Generate(250, 11);
        var summary = RevenueSummary.Compute(store.Orders, store.Refunds, Currency.Usd);
        var monthRows = output.Split('\n')
            .SkipWhile(l => !l.StartsWith("Orders per month", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => int.Parse(l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(summary.OrderCount, monthRows.Sum());
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("demo", "--bogus")]
    [InlineData("demo", "--customers", "0")]
    [InlineData("demo", "--customers", "abc")]
    public void BadUsage_ExitsWith2_AndExplainsOnStderr(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("retention --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheAssemblyVersion()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
    }
}
