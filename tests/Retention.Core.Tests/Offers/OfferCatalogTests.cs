using NodaTime;
using Retention.Offers;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>Building catalogs: every problem is reported with its path and value; offers come out sorted by id.</summary>
public sealed class OfferCatalogTests
{
    [Fact]
    public void Build_InvalidOffers_ListsEveryProblemWithItsPath()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd)
            .Budget("spring", Usd(-1m))
            .Budget("spring", new Money(5m, Currency.Eur))
            .Add(new Offer("a", OfferKind.PercentOff, Channel.Email) { Percent = 120m })
            .Add(new Offer("a", OfferKind.AmountOff, Channel.Email))
            .Add(new Offer("c", OfferKind.CrossSell, Channel.Sms) { Percent = 10m, Amount = Usd(5m), Budget = "autumn", RedemptionLimit = 0 })
            .Add(new Offer("d", OfferKind.FreeShipping, Channel.Push) { PointsMultiplier = 2m, Margin = new Money(3m, Currency.Eur), ResponseWeight = 0, Rule = OfferRule.InSegment("Whales"), Cooldown = Duration.FromDays(-1) });

        var error = Assert.Throws<InvalidConfigurationException>(() => builder.Build());

        Assert.Equal(
            [
                "budgets[0].limit: -1 USD must not be negative",
                "budgets[1].id: \"spring\" is used by an earlier budget",
                "budgets[1].limit: 5 EUR must be in the catalog's currency USD",
                "offers[0].percent: 120 must be greater than 0 and at most 100",
                "offers[1].id: \"a\" is used by an earlier offer",
                "offers[1].amount: null is required for an AmountOff offer",
                "offers[2].amount: 5 USD cannot be given with a percent",
                "offers[2].category: null is required for a CrossSell offer",
                "offers[2].redemptionLimit: 0 must be at least 1 when given",
                "offers[2].budget: \"autumn\" is not a budget of the catalog",
                "offers[3].pointsMultiplier: 2 is not allowed for a FreeShipping offer",
                "offers[3].margin: 3 EUR must be in the catalog's currency USD",
                "offers[3].responseWeight: 0 must be greater than 0 and at most 100",
                "offers[3].cooldown: -1:00:00:00 must be from zero to 3660 days",
                "offers[3].rule: \"Whales\" is not one of the first 64 segments of the catalog's segment map",
            ],
            error.Errors);
    }

    [Fact]
    public void Build_OffersAddedInAnyOrder_AreSortedByOrdinalId()
    {
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("b", OfferKind.FreeShipping, Channel.Email), new Offer("B", OfferKind.FreeShipping, Channel.Email), new Offer("a", OfferKind.FreeShipping, Channel.Email))
            .Build();

        Assert.Equal(["B", "a", "b"], catalog.Offers.Select(o => o.Id));
        Assert.Equal(1, catalog.IndexOf("a"));
        Assert.Equal(-1, catalog.IndexOf("z"));
        Assert.Equal(FrequencyCap.OnePerWeek, catalog.FrequencyCapOf(Channel.Sms));
    }

    [Fact]
    public void Builder_AfterBuild_RefusesChanges()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd);
        builder.Build();

        Assert.Throws<InvalidOperationException>(() => builder.Add(new Offer("a", OfferKind.FreeShipping, Channel.Email)));
    }

    [Fact]
    public void Rules_BadBounds_NameTheFieldAndValue()
    {
        var days = Assert.Throws<InvalidValueException>(() => OfferRule.DaysSinceLastOrder(30, 10));
        var alive = Assert.Throws<InvalidValueException>(() => OfferRule.ProbabilityAlive(1.5m));
        var offer = Assert.Throws<InvalidValueException>(() => new Offer(" x", OfferKind.FreeShipping, Channel.Email));

        Assert.Equal("Invalid rule.max: 10 must be from min (30) to 100000.", days.Message);
        Assert.Equal("Invalid rule.min: 1.5 must be from 0 to 1.", alive.Message);
        Assert.Equal("offer.id", offer.Field);
    }

    [Fact]
    public void Rules_ToString_DescribesTheTree()
    {
        var rule = OfferRule.All(OfferRule.InSegment("Champions", "Loyal"), OfferRule.Not(OfferRule.DaysSinceLastOrder(0, 30)), OfferRule.SpendToNextTier(null, 50m));

        Assert.Equal("all(segment in {Champions, Loyal}, not(days since last order 0 to 30), spend to next tier at most 50)", rule.ToString());
    }

    [Fact]
    public void DescribeCustomer_ReadsConsentOrdersAndLocalTime()
    {
        var catalog = Playbook();
        var profile = new CustomerProfile(
            new CustomerId("c"),
            Instant.FromUtc(2024, 1, 1, 0, 0),
            DateTimeZoneProviders.Tzdb["America/New_York"],
            consents: [new ConsentChange(Channel.Sms, true, Instant.FromUtc(2025, 1, 1, 0, 0)), new ConsentChange(Channel.Sms, false, Instant.FromUtc(2026, 2, 1, 0, 0)), new ConsentChange(Channel.Email, true, Instant.FromUtc(2025, 1, 1, 0, 0))]);
        var at = Instant.FromUtc(2026, 3, 1, 3, 0); // 22:00 on 28 February in New York
        Order[] orders =
        [
            Order("#1", "c", Instant.FromUtc(2026, 2, 28, 1, 0), Shirts), // 20:00 on 27 February locally: one local day ago
            Order("#2", "c", Instant.FromUtc(2025, 5, 1, 12, 0), Trousers),
            Order("#3", "c", Instant.FromUtc(2026, 3, 2, 12, 0), Trousers), // after the decision: ignored
        ];

        var customer = catalog.DescribeCustomer(5, profile, at, orders, tierLevel: 2, spendToNextTier: 40m, probabilityAlive: 0.7, clv: 250);

        Assert.Equal(5, customer.Index);
        Assert.Equal(-1, customer.Segment);
        Assert.Equal(OfferCustomer.ChannelMask(Channel.Email), customer.ConsentedChannels);
        Assert.Equal(2, customer.Orders);
        Assert.Equal(1, customer.DaysSinceLastOrder);
        Assert.Equal(catalog.CategoryMask([Shirts, Trousers]), customer.CategoriesBought);
        Assert.Equal(catalog.CategoryMask([Shirts]), customer.LastOrderCategories);
        Assert.Equal(new LocalTime(22, 0), customer.LocalTime);
        Assert.Null(customer.DaysFromBirthday);
        Assert.Equal(40m, customer.SpendToNextTier);
    }

    [Fact]
    public void Customer_InvalidFacts_AreRejectedOnInit()
    {
        var error = Assert.Throws<InvalidValueException>(() => new OfferCustomer { ProbabilityAlive = double.NaN });

        Assert.Equal("customer.probabilityAlive", error.Field);
        Assert.Throws<InvalidValueException>(() => new OfferCustomer { Recency = 10 });
        Assert.Equal(-1, default(OfferCustomer).Segment);
    }
}
