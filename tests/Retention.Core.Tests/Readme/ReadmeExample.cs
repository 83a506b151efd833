// The README's usage example, compiled and run by ReadmeTests. ReadmeTests checks that the lines between the
// README markers below are, in order and ignoring indentation, exactly the README's csharp block: edit both together.
// README-BEGIN usings
using NodaTime;
using Retention;
using Retention.Metrics;
using Retention.Rfm;

// README-END usings
using Retention.Loyalty;

namespace Retention.Tests.Readme;

internal static class ReadmeExample
{
    internal static void Run()
    {
        // README-BEGIN body
        var usd = Currency.Usd;
        var placed = Instant.FromUtc(2026, 3, 14, 15, 0);
        var order = new Order(
            new OrderId("#1001"),
            new CustomerId("ann"),
            placed,
            usd,
            [
                new OrderLine(new LineItemId("1"), new ProductId("tshirt"), 2, new Money(20.00m, usd), discount: new Money(4.00m, usd)),
                new OrderLine(new LineItemId("2"), new ProductId("chinos"), 1, new Money(60.00m, usd)),
            ],
            orderDiscount: new Money(10.00m, usd),
            shipping: new Money(5.00m, usd),
            tax: new Money(6.30m, usd));

        // One pair of chinos comes back: refund its share of the discounted merchandise.
        var refund = new Refund(new RefundId("R1"), order, placed + Duration.FromDays(3),
            [new RefundLine(new LineItemId("2"), 1, new Money(53.75m, usd))]);

        var summary = RevenueSummary.Compute([order], [refund], usd);
        Console.WriteLine($"{summary.GrossSales} paid, {summary.Refunded} refunded, {summary.NetSales} net");
        // prints: 97.30 USD paid, 53.75 USD refunded, 43.55 USD net

        // Mixing currencies is an error, never a silent conversion.
        try
        {
            _ = order.Total + new Money(1m, Currency.Eur);
        }
        catch (CurrencyMismatchException e)
        {
            Console.WriteLine(e.Message);
            // prints: Cannot combine amounts in USD and EUR: convert to one currency first.
        }
        // README-END body
    }

    internal static void RunScoring(IReadOnlyList<Order> orders, IReadOnlyList<Refund> refunds, DateTimeZone storeZone, LocalDate asOf)
    {
        // README-BEGIN scoring
        var customers = CustomerIndex.Create(orders.Where(o => !o.IsGuest).Select(o => o.CustomerId!.Value));
        var transactions = TransactionConverter.FromOrders(orders, refunds, customers, storeZone, Currency.Usd);
        var summaries = new CustomerSummary[customers.Count];
        CustomerSummaries.Compute(transactions, new SummaryWindow(asOf), summaries);
        var values = summaries.Where(s => s.HasPurchases).Select(s => RfmValues.FromSummary(s)).ToArray();
        var scores = new RfmScore[values.Length];
        RfmScoring.ScoreQuantiles(values, scores); // exact NTILE(5); SegmentMap.Default names the segments
        Console.WriteLine(SegmentMap.Default.SegmentName(scores[0].Segment));
        // README-END scoring
    }

    internal static void RunLoyalty(Order order)
    {
        // README-BEGIN loyalty
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, DateTimeZoneProviders.Tzdb["America/New_York"])
            .EarnPerUnit(2m) // 2 stars per dollar of merchandise after discounts, rounded down
            .ReturnWindow(Period.FromDays(30)) // pending until the return window closes
            .Expiry(PointsExpiry.AfterEarning(12)) // each lot expires 12 months after it was earned
            .Reward(Reward.AmountOff("5-off", new Points(150), new Money(5m, Currency.Usd)))
            .Tiers(new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, // Gold from $50 spent in a calendar year
                [new Tier("Member", 0m), new Tier("Gold", 50m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true })]))
            .Build();

        var ledger = new PointsLedger(program);
        Console.WriteLine(ledger.Apply(new OrderPlaced(order)));
        // prints: Applied +172 pts
        var customer = order.CustomerId!.Value;
        var tooSoon = ledger.Apply(new RewardRedeemed(new EventKey("redeem-1"), customer, "5-off", order.PlacedAt + Duration.FromDays(1)));
        Console.WriteLine(tooSoon);
        // prints: Refused: reward "5-off" costs 150 points; customer ann has 0 available (172 pending)
        Console.WriteLine(ledger.Apply(new RewardRedeemed(new EventKey("redeem-1"), customer, "5-off", order.PlacedAt + Duration.FromDays(31))));
        // prints: Applied -150 pts
        Console.WriteLine(ledger.GetBalance(customer, order.PlacedAt + Duration.FromDays(31)));
        // prints: PointsBalance { Available = 22 pts, Pending = 0 pts, Earned = 172 pts, Redeemed = 150 pts, Expired = 0 pts, Reversed = 0 pts, Adjusted = 0 pts }
        Console.WriteLine(ledger.GetTier(customer, order.PlacedAt).Tier.Name); // the order earned at Member, then reached Gold
        // prints: Gold
        // README-END loyalty
    }
}
