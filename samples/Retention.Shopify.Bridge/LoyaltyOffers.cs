using NodaTime;
using Retention.Offers;

namespace Retention.Shopify.Bridge;

/// <summary>
/// The sample shop's offers, all by e-mail: early access for Gold members, free shipping for Silver members, a welcome
/// discount before the first order, a nudge toward the second order in the weeks after the first, and a win-back after
/// six months without an order.
/// </summary>
/// <remarks>
/// The bridge knows no RFM segment, probability alive or CLV for one customer (those come from a population); its rules
/// read the tier, the order count and the days since the last order, which the webhooks carry.
/// </remarks>
public static class LoyaltyOffers
{
    /// <summary>Builds the catalog.</summary>
    /// <returns>The catalog, in USD.</returns>
    public static OfferCatalog Create() =>
        OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("gold-early-access", OfferKind.EarlyAccess, Channel.Email)
            {
                Rule = OfferRule.TierLevel(2),
                Margin = new Money(60m, Currency.Usd),
                ResponseWeight = 3,
                Priority = 10,
            })
            .Add(new Offer("silver-free-shipping", OfferKind.FreeShipping, Channel.Email)
            {
                Rule = OfferRule.TierLevel(1, 1),
                Margin = new Money(25m, Currency.Usd),
                Cost = new Money(6m, Currency.Usd),
            })
            .Add(new Offer("welcome-10", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 10m,
                Rule = OfferRule.Orders(0, 0),
                Margin = new Money(30m, Currency.Usd),
                Cost = new Money(5m, Currency.Usd),
                ExclusiveGroup = "discount",
            })
            .Add(new Offer("second-order-10", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 10m,
                Rule = OfferRule.All(OfferRule.FirstTimeBuyer(), OfferRule.DaysSinceLastOrder(14, 179)),
                Margin = new Money(30m, Currency.Usd),
                Cost = new Money(5m, Currency.Usd),
                ExclusiveGroup = "discount",
            })
            .Add(new Offer("winback-20", OfferKind.WinBack, Channel.Email)
            {
                Percent = 20m,
                Rule = OfferRule.All(OfferRule.DaysSinceLastOrder(180), OfferRule.Orders(1)),
                Margin = new Money(45m, Currency.Usd),
                Cost = new Money(15m, Currency.Usd),
                ResponseWeight = 2,
                Cooldown = Duration.FromDays(90),
                ExclusiveGroup = "discount",
            })
            .Build();
}
