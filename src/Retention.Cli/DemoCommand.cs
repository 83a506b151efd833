using System.CommandLine;
using System.Globalization;
using NodaTime;
using Retention.Cli.Reports;
using Retention.Loyalty;
using Retention.Metrics;
using Retention.Rfm;

namespace Retention.Cli;

/// <summary><c>retention demo</c>: generates the deterministic demo store and runs the whole library on it.</summary>
internal static class DemoCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
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

        var command = new Command("demo", "Generate a deterministic demo store (two years of orders, refunds, reviews and NPS answers) and run the library on it.");
        command.Options.Add(customers);
        command.Options.Add(seed);
        var (outFolder, json) = ReportRun.AddCommonOptions(command);
        command.SetAction(parseResult =>
        {
            var (count, seedValue) = (parseResult.GetValue(customers), parseResult.GetValue(seed));
            return ReportRun.Execute(
                "demo",
                string.Create(CultureInfo.InvariantCulture, $"Generating the demo store ({count:N0} customers, seed {seedValue})"),
                () => Input(DemoStore.Generate(count, seedValue)),
                parseResult.GetValue(outFolder)!,
                parseResult.GetValue(json),
                output,
                error);
        });
        return command;
    }

    /// <summary>The analysis input of a demo store.</summary>
    internal static AnalysisInput Input(DemoStore store)
    {
        var summary = RevenueSummary.Compute(store.Orders, store.Refunds, store.Currency);
        var revenue = new ReportFacts("revenue", $"Revenue ({store.Currency}, two years to {store.AsOf.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)})")
            .Add("customers", "customers", store.Profiles.Count)
            .Add("customers_who_ordered", "customers who ordered", summary.CustomerCount)
            .Add("orders", "orders", summary.OrderCount)
            .Add("guest_orders", "  of which guest checkouts", summary.GuestOrderCount)
            .Add("cancelled_orders", "cancelled orders", summary.CancelledOrderCount)
            .Add("refunds", "refunds", store.Refunds.Count)
            .Add("gross_sales", "gross sales", summary.GrossSales.Amount, Display.Amount)
            .Add("refunded", "refunded", summary.Refunded.Amount, Display.Amount)
            .Add("net_sales", "net sales", summary.NetSales.Amount, Display.Amount)
            .Add("average_order_value", "average order value", summary.AverageOrderValue?.Round(MidpointRounding.ToEven).Amount, Display.Amount)
            .Add("reviews", "reviews", store.Actions.Count)
            .Add("nps_answers", "NPS answers", store.NpsAnswers.Count);

        var customers = CustomerIndex.Create(store.Profiles.Select(p => p.Id));
        return new AnalysisInput
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Retention.Core demo store (seed {store.Seed}, {store.Profiles.Count:N0} customers, time zone {store.TimeZone.Id}, currency {store.Currency})"),
            Customers = customers,
            Transactions = TransactionConverter.FromOrders(store.Orders, store.Refunds, customers, store.TimeZone, store.Currency),
            AsOf = store.AsOf,
            Revenue = revenue,
            OrderDates = store.Orders.Where(o => o.Status != OrderStatus.Cancelled).Select(o => o.PlacedAt.InZone(store.TimeZone).Date).ToArray(),
            NpsAnswers = store.NpsAnswers.Select(a => (a.Date, a.Score)).ToArray(),
            Program = store.LoyaltyProgram,
            LoyaltyEvents = () => LoyaltyEvents(store),
            RedeemFirstRewardWhenAffordable = true,
        };
    }

    /// <summary>The store's orders, refunds and reviews as loyalty events, in time order (refunds after orders at the same instant).</summary>
    internal static IEnumerable<LoyaltyEvent> LoyaltyEvents(DemoStore store) =>
        store.Orders.Where(o => !o.IsGuest).Select(o => (LoyaltyEvent)new OrderPlaced(o))
            .Concat(store.Refunds.Where(r => r.CustomerId is not null).Select(r => new OrderRefunded(r)))
            .Concat(store.Actions.Select(a => new ActionPerformed(a)))
            .OrderBy(e => e.At)
            .ThenBy(e => e is OrderRefunded ? 1 : 0)
            .ThenBy(e => e.Key);

    /// <summary>Replays the store's events under its program as the demo does (a customer who can afford the 5-off
    /// reward redeems it a minute after their order).</summary>
    internal static (PointsLedger Ledger, int Applied, int Ignored, int Refused, int Redemptions) RunLoyalty(DemoStore store) =>
        Analysis.ReplayLoyalty(store.LoyaltyProgram, LoyaltyEvents(store), redeem: true, Analysis.EndOfDay(store.TimeZone, store.AsOf));
}
