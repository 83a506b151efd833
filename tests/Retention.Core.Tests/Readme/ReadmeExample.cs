// The README's usage example, compiled and run by ReadmeTests. ReadmeTests checks that the lines between the
// README markers below are, in order and ignoring indentation, exactly the README's csharp block: edit both together.
// README-BEGIN usings
using NodaTime;
using Retention;
using Retention.Metrics;
using Retention.Rfm;

// README-END usings

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
}
