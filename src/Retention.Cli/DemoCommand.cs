using System.CommandLine;
using System.Globalization;
using NodaTime;
using Retention.Loyalty;
using Retention.Metrics;
using Retention.Rfm;

namespace Retention.Cli;

/// <summary><c>retention demo</c>: generates the deterministic demo store and runs the library on it.</summary>
internal static class DemoCommand
{
    internal static Command Create(TextWriter output)
    {
        var customers = new Option<int>("--customers")
        {
            Description = "Number of demo customers.",
            DefaultValueFactory = _ => DemoStore.DefaultCustomers,
        };
        customers.CustomParser = r =>
        {
            if (r.Tokens.Count == 1
                && int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n is >= 1 and <= 10_000_000)
            {
                return n;
            }

            r.AddError("--customers must be a whole number from 1 to 10000000.");
            return 0;
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the demo store's random generator (same seed, same store).",
            DefaultValueFactory = _ => DemoStore.DefaultSeed,
        };

        var command = new Command("demo", "Generate a deterministic demo store and run the library on it.");
        command.Options.Add(customers);
        command.Options.Add(seed);
        command.SetAction(parseResult =>
        {
            var store = DemoStore.Generate(parseResult.GetValue(customers), parseResult.GetValue(seed));
            Write(store, output);
            return CliApp.Success;
        });
        return command;
    }

    private static void Write(DemoStore store, TextWriter output)
    {
        var summary = RevenueSummary.Compute(store.Orders, store.Refunds, store.Currency);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Retention.Core demo store (seed {store.Seed}, time zone {store.TimeZone.Id}, currency {store.Currency})");
        output.WriteLine();
        output.WriteLine("Revenue");
        Row(output, "customers", store.Profiles.Count.ToString("N0", inv));
        Row(output, "customers who ordered", summary.CustomerCount.ToString("N0", inv));
        Row(output, "orders", summary.OrderCount.ToString("N0", inv));
        Row(output, "  of which guest checkouts", summary.GuestOrderCount.ToString("N0", inv));
        Row(output, "cancelled orders", summary.CancelledOrderCount.ToString("N0", inv));
        Row(output, "refunds", store.Refunds.Count.ToString("N0", inv));
        Row(output, "gross sales", summary.GrossSales.ToString("N2", inv));
        Row(output, "refunded", summary.Refunded.ToString("N2", inv));
        Row(output, "net sales", summary.NetSales.ToString("N2", inv));
        Row(output, "average order value", summary.AverageOrderValue?.Round(MidpointRounding.ToEven).ToString("N2", inv) ?? "n/a");

        output.WriteLine();
        output.WriteLine($"Orders per month ({store.TimeZone.Id} calendar)");
        var perMonth = store.Orders
            .Where(o => o.Status != OrderStatus.Cancelled)
            .GroupBy(o => YearMonth(o.PlacedAt.InZone(store.TimeZone).Date))
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var month in perMonth)
        {
            Row(output, month.Key, month.Count().ToString("N0", inv));
        }

        var customers = CustomerIndex.Create(store.Profiles.Select(p => p.Id));
        var transactions = TransactionConverter.FromOrders(store.Orders, store.Refunds, customers, store.TimeZone, store.Currency);
        WriteRfm(store, customers, transactions, output);
        WriteRetention(store, customers, transactions, output);
        WriteLoyalty(store, output);
    }

    /// <summary>
    /// Replays the store's orders and refunds through its points program; a customer who can afford the 5-off reward
    /// redeems it a minute after their order.
    /// </summary>
    internal static (PointsLedger Ledger, int Applied, int Ignored, int Refused, int Redemptions) RunLoyalty(DemoStore store)
    {
        var program = store.LoyaltyProgram;
        var reward = program.Rewards[0];
        var ledger = new PointsLedger(program);
        var events = store.Orders.Where(o => !o.IsGuest).Select(o => (LoyaltyEvent)new OrderPlaced(o))
            .Concat(store.Refunds.Where(r => r.CustomerId is not null).Select(r => new OrderRefunded(r)))
            .OrderBy(e => e.At)
            .ThenBy(e => e is OrderRefunded ? 1 : 0)
            .ThenBy(e => e.Key);
        var (applied, ignored, refused, redemptions) = (0, 0, 0, 0);
        foreach (var e in events)
        {
            var result = ledger.Apply(e);
            applied += result.Status == ApplyStatus.Applied ? 1 : 0;
            ignored += result.Status == ApplyStatus.Ignored ? 1 : 0;
            refused += result.Status == ApplyStatus.Refused ? 1 : 0;
            if (e is OrderPlaced && result.Status == ApplyStatus.Applied)
            {
                var at = e.At + Duration.FromMinutes(1);
                if (ledger.GetBalance(e.CustomerId, at).Available >= reward.Cost
                    && ledger.Apply(new RewardRedeemed(new EventKey("redeem:" + e.Key.Value), e.CustomerId, reward.Id, at)).Status == ApplyStatus.Applied)
                {
                    redemptions++;
                }
            }
        }

        ledger.AdvanceTo(store.TimeZone.AtStartOfDay(store.AsOf.PlusDays(1)).ToInstant());
        return (ledger, applied, ignored, refused, redemptions);
    }

    private static void WriteLoyalty(DemoStore store, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var program = store.LoyaltyProgram;
        var (ledger, applied, ignored, refused, redemptions) = RunLoyalty(store);
        var endOfDay = store.TimeZone.AtStartOfDay(store.AsOf.PlusDays(1)).ToInstant();
        var balances = ledger.Customers.Select(c => ledger.GetBalance(c, endOfDay)).ToArray();
        long Sum(Func<PointsBalance, Points> part) => balances.Sum(b => part(b).Value);
        var expiring = ledger.Customers.Sum(c => ledger.ExpiringWithin(c, endOfDay, 30).Sum(x => x.Points.Value));

        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Loyalty points as of {store.AsOf:uuuu-MM-dd} (\"{program.Name}\": {program.PointsPerUnit:0.##} point per {program.Currency}, {program.ReturnWindow.Days}-day return window, expiry {program.Expiry.Months} months after earning)"));
        Row(output, "events applied", applied.ToString("N0", inv));
        Row(output, "events ignored", ignored.ToString("N0", inv));
        Row(output, "events refused", refused.ToString("N0", inv));
        Row(output, "points earned", Sum(b => b.Earned).ToString("N0", inv));
        Row(output, "points redeemed", Sum(b => b.Redeemed).ToString("N0", inv));
        Row(output, "  rewards redeemed", redemptions.ToString("N0", inv));
        Row(output, "points reversed by refunds", Sum(b => b.Reversed).ToString("N0", inv));
        Row(output, "points expired", Sum(b => b.Expired).ToString("N0", inv));
        Row(output, "points available", Sum(b => b.Available).ToString("N0", inv));
        Row(output, "points pending", Sum(b => b.Pending).ToString("N0", inv));
        Row(output, "expiring in the next 30 days", expiring.ToString("N0", inv));
        Row(output, "members with points", balances.Count(b => b.Available + b.Pending > Points.Zero).ToString("N0", inv));

        var ladder = program.Tiers!;
        var levels = ledger.Customers.Select(c => ledger.GetTier(c, endOfDay).Level).ToArray();
        var changes = ledger.Customers.SelectMany(ledger.TierHistory).ToArray();
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Loyalty tiers as of {store.AsOf:uuuu-MM-dd} (qualifying spend per calendar year, {ladder.GracePeriod.Months}-month grace, at most {ladder.MaxLevelsDown} level down per review)"));
        for (var level = ladder.Tiers.Count - 1; level >= 0; level--)
        {
            var tier = ladder.Tiers[level];
            Row(output, string.Create(inv, $"{tier.Name} (from {tier.Threshold:N0} {program.Currency}, {tier.Benefits.EarningMultiplier:0.##}x)"), levels.Count(l => l == level).ToString("N0", inv));
        }

        Row(output, "upgrades", changes.Count(c => c.Kind == TierChangeKind.Upgrade).ToString("N0", inv));
        Row(output, "renewals", changes.Count(c => c.Kind == TierChangeKind.Renewal).ToString("N0", inv));
        Row(output, "downgrades", changes.Count(c => c.Kind == TierChangeKind.Downgrade).ToString("N0", inv));
    }

    private static void WriteRetention(DemoStore store, CustomerIndex customers, Transaction[] transactions, TextWriter output)
    {
        var lastYear = new DateInterval(store.AsOf.PlusYears(-1).PlusDays(1), store.AsOf);
        var metrics = RetentionMetrics.Compute(transactions, customers.Count, lastYear, Period.FromDays(180));
        output.WriteLine();
        MetricsCommand.WriteText(output, metrics, null, null);
        var cohorts = CohortTable.Compute(transactions, customers.Count, CohortPeriod.Month, store.AsOf);
        MetricsCommand.WriteCohorts(output, cohorts, maxPeriods: 12);
    }

    private static void WriteRfm(DemoStore store, CustomerIndex customers, Transaction[] transactions, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var summaries = new CustomerSummary[customers.Count];
        CustomerSummaries.Compute(transactions, new SummaryWindow(store.AsOf), summaries);
        var values = summaries.Where(s => s.HasPurchases).Select(s => RfmValues.FromSummary(s)).ToArray();
        var scores = new RfmScore[values.Length];
        var map = SegmentMap.Default;
        RfmScoring.ScoreQuantiles(values, scores, map);
        var vips = new bool[values.Length];
        var vipCount = RfmScoring.MarkVips(values, 0.01, vips);

        output.WriteLine();
        output.WriteLine($"RFM segments as of {store.AsOf.ToString("uuuu-MM-dd", inv)} ({values.Length.ToString("N0", inv)} customers, NTILE quintiles)");
        output.WriteLine($"  {"segment",-22}{"customers",10}{"share",8}{"avg days",10}{"avg orders",12}{"avg net spend",15}");
        var rows = Enumerable.Range(0, values.Length)
            .GroupBy(i => scores[i].Segment)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key);
        foreach (var segment in rows)
        {
            var name = map.SegmentName(segment.Key);
            var count = segment.Count();
            output.WriteLine(string.Create(inv,
                $"  {name,-22}{count,10:N0}{(double)count / values.Length,8:P1}{segment.Average(i => values[i].RecencyDays),10:N0}{segment.Average(i => values[i].Frequency),12:N1}{segment.Average(i => values[i].Monetary),15:N2}"));
        }

        var vipSpend = Enumerable.Range(0, values.Length).Where(i => vips[i]).Sum(i => values[i].Monetary);
        var allSpend = values.Sum(v => v.Monetary);
        output.WriteLine(string.Create(inv, $"  VIPs (top 1% by net spend): {vipCount:N0} customers, {vipSpend / allSpend:P1} of net spend"));
    }

    private static string YearMonth(LocalDate date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static void Row(TextWriter output, string label, string value) =>
        output.WriteLine($"  {label,-28}{value,18}");
}
