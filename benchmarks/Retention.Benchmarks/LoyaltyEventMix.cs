using NodaTime;
using Retention.Loyalty;

namespace Retention.Benchmarks;

/// <summary>
/// A seeded, reproducible store's worth of loyalty events for the ledger benchmarks: about two years in
/// America/New_York, in replay order (instant, kind, key). The mix: 80% orders (1 to 3 lines from a 2,000-product
/// catalog, some line discounts, some coupons, shipping and tax, USD), 8% refunds of earlier orders (half
/// <see cref="Refund.Full"/>, half one unit of one line), 2% cancellations, 6% actions (sign-ups, reviews, some in
/// same-day pairs that hit the one-per-day limit, and referrals) and 4% redemptions, some of which are refused for
/// lack of available points.
/// </summary>
internal static class LoyaltyEventMix
{
    private const int Products = 2_000;
    private const long SpanSeconds = 730L * 24 * 60 * 60;

    private static readonly string[] CategoryNames = ["apparel", "shoes", "home", "beauty", "electronics", "toys", "books", "grocery"];

    internal static DateTimeZone Zone => DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>
    /// The benchmark program: 1 point per USD, floor; beauty earns double; a once-per-customer sign-up bonus, a review
    /// bonus limited to one a day, referral bonuses; two rewards; claw-back stops at zero. With
    /// <paramref name="returnWindowAndExpiry"/>, order points stay pending for 30 days and lots expire 12 months after
    /// earning; without it, points are available at once and never expire.
    /// </summary>
    internal static PointsProgram Program(bool returnWindowAndExpiry)
    {
        var builder = PointsProgram.CreateBuilder("Stars", Currency.Usd, Zone)
            .EarnPerUnit(1m, PointsRounding.Floor)
            .CategoryMultiplier(new CategoryId("beauty"), 2m)
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(25), maxPerDay: 1))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(200)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(100)))
            .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, Currency.Usd)))
            .Reward(Reward.FreeShipping("free-shipping", new Points(250)))
            .Clawback(ClawbackPolicy.StopAtZero);
        if (returnWindowAndExpiry)
        {
            builder.ReturnWindow(Period.FromDays(30)).Expiry(PointsExpiry.AfterEarning(12));
        }

        return builder.Build();
    }

    /// <summary>Generates <paramref name="events"/> events for <paramref name="customers"/> customers, sorted for replay.</summary>
    internal static LoyaltyEvent[] Generate(int events, int customers, int seed)
    {
        var random = new Random(seed);
        var usd = Currency.Usd;
        var start = Instant.FromUtc(2024, 1, 1, 5, 0); // midnight in New York
        var orderCount = events * 80 / 100;
        var refundCount = events * 8 / 100;
        var cancelCount = events * 2 / 100;
        var actionCount = events * 6 / 100;
        var redeemCount = events - orderCount - refundCount - cancelCount - actionCount;

        var customerIds = new CustomerId[customers];
        for (var c = 0; c < customers; c++)
        {
            customerIds[c] = new CustomerId("c-" + c);
        }

        // Three in ten purchases come from the most active tenth of the customers.
        var regulars = Math.Max(1, customers / 10);
        CustomerId PickCustomer() => customerIds[random.Next(10) < 3 ? random.Next(regulars) : random.Next(customers)];
        Instant PickInstant() => start + Duration.FromSeconds(random.NextInt64(SpanSeconds));

        var categories = CategoryNames.Select(n => new CategoryId(n)).ToArray();
        var catalog = new (ProductId Id, decimal Price, CategoryId? Category)[Products];
        for (var p = 0; p < Products; p++)
        {
            // Prices from 4.99 to 149.99, most of them low.
            var price = 4.99m + Math.Round((decimal)(random.NextDouble() * random.NextDouble() * 145), 2);
            catalog[p] = (new ProductId("p-" + p), price, random.Next(10) == 0 ? null : categories[random.Next(categories.Length)]);
        }

        LineItemId[] lineIds = [new("1"), new("2"), new("3")];
        var list = new List<LoyaltyEvent>(events);
        var orders = new Order[orderCount];
        for (var i = 0; i < orderCount; i++)
        {
            var roll = random.Next(10);
            var lines = new OrderLine[roll < 5 ? 1 : roll < 8 ? 2 : 3];
            var subtotal = 0m;
            for (var j = 0; j < lines.Length; j++)
            {
                var (product, price, category) = catalog[random.Next(Products)];
                var quantity = random.Next(10) < 8 ? 1 : random.Next(2, 4);
                var gross = price * quantity;
                var discount = random.Next(100) < 15 ? Math.Round(gross * random.Next(10, 31) / 100m, 2, MidpointRounding.ToZero) : 0m;
                lines[j] = new OrderLine(lineIds[j], product, quantity, new Money(price, usd), discount > 0m ? new Money(discount, usd) : null, category);
                subtotal += gross - discount;
            }

            var coupon = random.Next(100) < 10 && subtotal >= 25m ? 5m : 0m;
            var shipping = random.Next(100) < 40 ? new Money(5.99m, usd) : (Money?)null;
            var tax = new Money(Math.Round((subtotal - coupon) * 0.08875m, 2), usd);
            orders[i] = new Order(new OrderId("o-" + i), PickCustomer(), PickInstant(), usd, lines, coupon > 0m ? new Money(coupon, usd) : null, shipping, tax);
            list.Add(new OrderPlaced(orders[i]));
        }

        // Each refunded or cancelled order is refunded or cancelled once.
        var picks = Enumerable.Range(0, orderCount).ToArray();
        random.Shuffle(picks);
        for (var k = 0; k < refundCount; k++)
        {
            var order = orders[picks[k]];
            var at = order.PlacedAt + Duration.FromMinutes(random.Next(60, 60 * 24 * 60)); // 1 hour to 60 days later
            Refund refund;
            if (random.Next(2) == 0)
            {
                refund = Refund.Full(new RefundId("r-" + k), order, at);
            }
            else
            {
                var line = order.Lines[random.Next(order.Lines.Count)];
                var unit = line.Quantity == 1 ? line.Net.Amount : Math.Round(line.Net.Amount / line.Quantity, 2, MidpointRounding.ToZero);
                var amount = Math.Min(unit, order.MerchandiseNet.Amount); // a coupon can leave less than the line's net
                refund = new Refund(new RefundId("r-" + k), order, at, [new RefundLine(line.Id, 1, new Money(amount, usd))]);
            }

            list.Add(new OrderRefunded(refund));
        }

        for (var k = 0; k < cancelCount; k++)
        {
            var order = orders[picks[refundCount + k]];
            list.Add(new OrderCancelled(order.Id, order.CustomerId!.Value, order.PlacedAt + Duration.FromMinutes(random.Next(5, 60 * 48))));
        }

        var actions = 0;
        while (actions < actionCount)
        {
            var roll = random.Next(10);
            var at = PickInstant();
            var customer = PickCustomer();
            if (roll < 4)
            {
                // Sign-ups; a customer who signs up twice gets the bonus once.
                list.Add(new ActionPerformed(new CustomerAction(new EventKey("a-" + actions++), customerIds[random.Next(customers)], ActionKind.SignUp, at)));
            }
            else if (roll < 9)
            {
                list.Add(new ActionPerformed(new CustomerAction(new EventKey("a-" + actions++), customer, ActionKind.Review, at, rating: random.Next(1, 6))));
                if (random.Next(4) == 0 && actions < actionCount)
                {
                    // A second review a few hours later: usually the same local day, so the one-per-day limit ignores it.
                    var later = at + Duration.FromMinutes(random.Next(10, 6 * 60));
                    list.Add(new ActionPerformed(new CustomerAction(new EventKey("a-" + actions++), customer, ActionKind.Review, later, rating: random.Next(1, 6))));
                }
            }
            else
            {
                var referee = customerIds[random.Next(customers)];
                if (referee == customer)
                {
                    continue;
                }

                list.Add(new ActionPerformed(new CustomerAction(new EventKey("a-" + actions++), customer, ActionKind.Referral, at, referredCustomerId: referee)));
            }
        }

        for (var k = 0; k < redeemCount; k++)
        {
            // Customers who bought redeem one to four months later; some have too few available points.
            var order = orders[random.Next(orderCount)];
            var at = order.PlacedAt + Duration.FromMinutes(random.Next(60 * 24 * 31, 60 * 24 * 120));
            list.Add(new RewardRedeemed(new EventKey("x-" + k), order.CustomerId!.Value, random.Next(10) < 7 ? "5-off" : "free-shipping", at));
        }

        var result = list.ToArray();
        Array.Sort(result, LoyaltyEvent.CompareForReplay);
        return InReplayOrder(result);
    }

    /// <summary>
    /// Rebuilds the sorted events one by one, each with its own copies of its strings, as a reader of an event log
    /// would: the objects then lie in memory in the order the ledger reads them rather than the order they were
    /// generated in.
    /// </summary>
    private static LoyaltyEvent[] InReplayOrder(LoyaltyEvent[] sorted)
    {
        var orders = new Dictionary<OrderId, Order>();
        var result = new LoyaltyEvent[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            result[i] = sorted[i] switch
            {
                OrderPlaced e => new OrderPlaced(orders[e.Order.Id] = Copy(e.Order)),
                OrderRefunded e => new OrderRefunded(Copy(e.Refund, orders[e.Refund.OrderId])),
                OrderCancelled e => new OrderCancelled(new OrderId(Copy(e.OrderId.Value)), new CustomerId(Copy(e.CustomerId.Value)), e.At),
                ActionPerformed { Action: var a } => new ActionPerformed(new CustomerAction(
                    new EventKey(Copy(a.Key.Value)),
                    new CustomerId(Copy(a.CustomerId.Value)),
                    a.Kind,
                    a.OccurredAt,
                    a.Rating,
                    a.ReferredCustomerId is { } referee ? new CustomerId(Copy(referee.Value)) : null)),
                RewardRedeemed e => new RewardRedeemed(new EventKey(Copy(e.Key.Value)), new CustomerId(Copy(e.CustomerId.Value)), Copy(e.RewardId), e.At),
                _ => throw new InvalidOperationException("Unexpected event " + sorted[i].GetType().Name),
            };
        }

        return result;
    }

    private static Order Copy(Order order) => new(
        new OrderId(Copy(order.Id.Value)),
        new CustomerId(Copy(order.CustomerId!.Value.Value)),
        order.PlacedAt,
        order.Currency,
        [.. order.Lines.Select(l => new OrderLine(
            new LineItemId(Copy(l.Id.Value)),
            new ProductId(Copy(l.ProductId.Value)),
            l.Quantity,
            l.UnitPrice,
            l.Discount,
            l.Category is { } category ? new CategoryId(Copy(category.Value)) : null))],
        order.OrderDiscount,
        order.Shipping,
        order.Tax);

    private static Refund Copy(Refund refund, Order order) => new(
        new RefundId(Copy(refund.Id.Value)),
        order,
        refund.RefundedAt,
        [.. refund.Lines.Select(l => new RefundLine(new LineItemId(Copy(l.LineItemId.Value)), l.Quantity, l.Amount))],
        refund.Shipping,
        refund.Adjustment);

    private static string Copy(string value) => new(value.AsSpan());
}
