using NodaTime;
using Retention.Offers;

namespace Retention.Cli;

/// <summary>
/// The playbook catalog the demo and <c>analyze</c> choose next best offers from (docs/offers.md has the same shapes):
/// VIP early access for champions, a win-back after six months of silence, a discount for valuable customers who are
/// slipping away, and free shipping for returning customers; all by e-mail.
/// </summary>
internal static class SampleOffers
{
    internal static OfferCatalog Catalog(Currency currency) =>
        OfferCatalog.CreateBuilder(currency)
            .Add(new Offer("vip-early-access", OfferKind.EarlyAccess, Channel.Email)
            {
                Rule = OfferRule.InSegment("Champions", "Loyal"),
                Margin = new Money(60m, currency),
                ResponseWeight = 3,
                Priority = 10,
            })
            .Add(new Offer("winback-20", OfferKind.WinBack, Channel.Email)
            {
                Percent = 20m,
                Rule = OfferRule.All(OfferRule.DaysSinceLastOrder(180), OfferRule.Orders(1)),
                Margin = new Money(45m, currency),
                Cost = new Money(15m, currency),
                ContactCost = new Money(0.10m, currency),
                ResponseWeight = 2,
                Cooldown = Duration.FromDays(90),
                ExclusiveGroup = "discount",
            })
            .Add(new Offer("slipping-15", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 15m,
                Rule = OfferRule.All(OfferRule.ProbabilityAlive(null, 0.5m), OfferRule.Clv(50m), OfferRule.Returning()),
                Margin = new Money(50m, currency),
                Cost = new Money(10m, currency),
                ResponseWeight = 2,
                ExclusiveGroup = "discount",
            })
            .Add(new Offer("free-shipping", OfferKind.FreeShipping, Channel.Email)
            {
                Rule = OfferRule.Returning(),
                Margin = new Money(25m, currency),
                Cost = new Money(6m, currency),
            })
            .Build();
}
