using NodaTime;
using Retention.Offers;

namespace Retention.Tests.Offers;

/// <summary>The playbook catalog of docs/offers.md and helpers shared by the offer tests.</summary>
internal static class OfferSamples
{
    internal static readonly CategoryId Shirts = new("shirts");
    internal static readonly CategoryId Trousers = new("trousers");

    // Indexes of SegmentMap.Default's names.
    internal const int Champions = 0;
    internal const int Loyal = 1;
    internal const int New = 3;
    internal const int Hibernating = 9;

    internal static Money Usd(decimal amount) => new(amount, Currency.Usd);

    /// <summary>The errors <see cref="OfferCatalogBuilder.Build"/> reports for a builder it must refuse.</summary>
    internal static string[] BuildErrors(OfferCatalogBuilder builder) => [.. Assert.Throws<InvalidConfigurationException>(() => builder.Build()).Errors];

    /// <summary>The catalog of the worked examples in docs/offers.md.</summary>
    internal static OfferCatalog Playbook() => OfferCatalog.CreateBuilder(Currency.Usd)
        .Budget("winback", Usd(1_000m))
        .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer), Channel.Sms, Channel.Push)
        .Add(new Offer("winback-20", OfferKind.WinBack, Channel.Email)
        {
            Percent = 20m,
            Rule = OfferRule.All(OfferRule.DaysSinceLastOrder(180), OfferRule.Orders(1)),
            Margin = Usd(45m),
            Cost = Usd(15m),
            ContactCost = Usd(0.10m),
            ResponseWeight = 2,
            Budget = "winback",
            Cooldown = Duration.FromDays(90),
            ExclusiveGroup = "discount",
        })
        .Add(new Offer("vip-early-access", OfferKind.EarlyAccess, Channel.Email)
        {
            Rule = OfferRule.Any(OfferRule.InSegment("Champions"), OfferRule.TierLevel(3)),
            Margin = Usd(60m),
            ResponseWeight = 3,
            Priority = 10,
        })
        .Add(new Offer("birthday-10", OfferKind.BirthdayReward, Channel.Email)
        {
            Amount = Usd(10m),
            Rule = OfferRule.BirthdayWithin(3, 7),
            Margin = Usd(35m),
            Cost = Usd(10m),
            ResponseWeight = 4,
            Cooldown = Duration.FromDays(300),
            ExclusiveGroup = "discount",
        })
        .Add(new Offer("trousers-15", OfferKind.CrossSell, Channel.Email)
        {
            Percent = 15m,
            Category = Trousers,
            Rule = OfferRule.All(OfferRule.LastOrderIn(Shirts, 21, 35), OfferRule.Not(OfferRule.BoughtAny(Trousers))),
            Margin = Usd(30m),
            Cost = Usd(6m),
            ResponseWeight = 2.5,
            ExclusiveGroup = "discount",
        })
        .Add(new Offer("sms-flash", OfferKind.PercentOff, Channel.Sms)
        {
            Percent = 10m,
            Margin = Usd(20m),
            Cost = Usd(4m),
        })
        .Build();

    internal static int EmailOnly => OfferCustomer.ChannelMask(Channel.Email);

    internal static CustomerProfile Profile(string id, string zone, AnnualDate? birthday = null, params Channel[] consents) =>
        new(new CustomerId(id), Instant.FromUtc(2024, 1, 1, 0, 0), DateTimeZoneProviders.Tzdb[zone], birthday, consents.Select(c => new ConsentChange(c, true, Instant.FromUtc(2024, 1, 1, 0, 0))));

    internal static Order Order(string id, string customer, Instant at, params CategoryId[] categories) =>
        new(
            new OrderId(id),
            new CustomerId(customer),
            at,
            Currency.Usd,
            categories.Length == 0
                ? [new OrderLine(new LineItemId("L0"), new ProductId("P0"), 1, Usd(50m))]
                : categories.Select((c, i) => new OrderLine(new LineItemId("L" + i), new ProductId("P" + i), 1, Usd(50m), category: c)));
}
