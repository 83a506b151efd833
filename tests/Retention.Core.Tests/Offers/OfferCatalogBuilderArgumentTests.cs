using NodaTime;
using Retention.Offers;
using Retention.Rfm;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>
/// The argument checks of <see cref="OfferCatalogBuilder"/> and the boundaries of its <see cref="OfferCatalogBuilder.Build"/>
/// rules: each limit accepted, the first value past it refused with its path. Found by the offers re-run of mutation
/// testing (docs/testing.md#mutation-testing), where these checks survived.
/// </summary>
public sealed class OfferCatalogBuilderArgumentTests
{
    private static readonly QuietHours Evenings = new(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer);

    private static Offer Shipping(string id = "ship", OfferRule? rule = null) => new(id, OfferKind.FreeShipping, Channel.Email) { Rule = rule ?? OfferRule.Always };

    // Survived: the ThrowIfNull calls of Add (the list and an element), Budget and QuietHours removed.
    [Fact]
    public void NullArguments_AreRefusedWithTheirName()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd);
        Assert.Equal("offers", Assert.Throws<ArgumentNullException>(() => builder.Add((IEnumerable<Offer>)null!)).ParamName);
        Assert.Equal("offers", Assert.Throws<ArgumentNullException>(() => builder.Add(Shipping(), null!)).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentNullException>(() => builder.Budget(null!, Usd(1m))).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentNullException>(() => builder.QuietHours(Evenings, null!)).ParamName);
    }

    // Survived: CheckNotBuilt removed from Budget, FrequencyCap and QuietHours, and its message emptied.
    [Fact]
    public void EverySetter_RefusesChangesAfterBuild_AndSaysHowToChangeTheCatalog()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd).Add(Shipping());
        var catalog = builder.Build();

        var refused = new Action[]
        {
            () => builder.Add(Shipping("other")),
            () => builder.Budget("spring", Usd(1m)),
            () => builder.FrequencyCap(Channel.Sms, FrequencyCap.None),
            () => builder.QuietHours(Evenings, Channel.Sms),
            () => builder.Segments(SegmentMap.Default),
        };
        foreach (var change in refused)
        {
            var error = Assert.Throws<InvalidOperationException>(change);
            Assert.Equal("The builder has already built its catalog; call ToBuilder() on the catalog to change it.", error.Message);
        }

        // Nothing changed, and Build may be called again.
        Assert.Equal(["ship"], builder.Build().Offers.Select(o => o.Id));
        Assert.Equal(FrequencyCap.OnePerWeek, builder.Build().FrequencyCapOf(Channel.Sms));
        Assert.Empty(catalog.Budgets);
    }

    // Survived: QuietChannelSet.Clear() removed (a second call added its channels to the first call's).
    [Fact]
    public void QuietHours_ReplacesTheEarlierChannels_AndNullClearsThem()
    {
        var replaced = OfferCatalog.CreateBuilder(Currency.Usd)
            .QuietHours(Evenings, Channel.Sms, Channel.Push)
            .QuietHours(Evenings, Channel.Email)
            .Build();
        Assert.Equal([Channel.Email], replaced.QuietChannels);

        var cleared = replaced.ToBuilder().QuietHours(null, Channel.Sms).Build();
        Assert.Null(cleared.QuietHours);
        Assert.Empty(cleared.QuietChannels);
    }

    // Survived: the segment search bound s < 64 as s <= 64 (the 65th segment would get bit 64, which wraps to bit 0).
    [Fact]
    public void Rules_MayNameTheFirst64Segments_AndNoLater()
    {
        var builder = SegmentMap.CreateBuilder(5);
        for (var i = 0; i < 70; i++)
        {
            builder.Add(SegmentName(i), ScoreRange.Exactly((i / 25) + 1), ScoreRange.Exactly((i / 5 % 5) + 1), ScoreRange.Exactly((i % 5) + 1));
        }

        var map = builder.Build();
        Assert.Equal(SegmentName(63), map.SegmentNames[63]);
        Assert.Equal(SegmentName(64), map.SegmentNames[64]);

        var last = OfferCatalog.CreateBuilder(Currency.Usd).Segments(map)
            .Add(Shipping(rule: OfferRule.InSegment(SegmentName(63))))
            .Build();
        Assert.Equal(OfferRuleKind.Segment, last.Offers[0].Rule.Kind);

        var pastTheLast = OfferCatalog.CreateBuilder(Currency.Usd).Segments(map)
            .Add(Shipping(rule: OfferRule.InSegment(SegmentName(64))));
        Assert.Equal(["offers[0].rule: \"s64\" is not one of the first 64 segments of the catalog's segment map"], BuildErrors(pastTheLast));

        static string SegmentName(int i) => "s" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    // Survived: the category limit as >= 64 (exactly 64 categories are allowed).
    [Fact]
    public void Rules_MayNameExactly64Categories()
    {
        var categories = Enumerable.Range(0, OfferCatalog.MaxCategories)
            .Select(i => new CategoryId("c" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(Shipping(rule: OfferRule.BoughtAny(categories)))
            .Build();
        Assert.Equal(64, catalog.Offers[0].Rule.Categories.Count);
    }

    // Survived: the exception's subject emptied; the percent bounds (0 refused, 100 allowed), the response weight's
    // upper bound (100 allowed), the cooldown's (3660 days allowed) and the paths of a bad cost and contact cost.
    [Fact]
    public void Build_Boundaries_AreAcceptedAndTheFirstValuePastThemRefused()
    {
        var atTheLimits = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("pct", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 100m,
                ResponseWeight = 100d,
                Cooldown = Duration.FromDays(3660),
                Cost = Usd(0m),
                ContactCost = Usd(0m),
            })
            .Build();
        Assert.Equal(100m, atTheLimits.Offers[0].Percent);

        var past = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("zero", OfferKind.PercentOff, Channel.Email) { Percent = 0m })
            .Add(new Offer("over", OfferKind.PercentOff, Channel.Email)
            {
                Percent = 100.01m,
                ResponseWeight = 100.5d,
                Cooldown = Duration.FromDays(3660) + Duration.FromTicks(1),
                Cost = Usd(-1m),
                ContactCost = new Money(1m, Currency.Eur),
            });
        var error = Assert.Throws<InvalidConfigurationException>(() => past.Build());
        Assert.Equal("offer catalog", error.Subject);
        Assert.Equal(
            [
                "offers[0].percent: 0 must be greater than 0 and at most 100",
                "offers[1].percent: 100.01 must be greater than 0 and at most 100",
                "offers[1].cost: -1 USD must not be negative",
                "offers[1].contactCost: 1 EUR must be in the catalog's currency USD",
                "offers[1].responseWeight: 100.5 must be greater than 0 and at most 100",
                "offers[1].cooldown: 3660:00:00:00.0000001 must be from zero to 3660 days",
            ],
            error.Errors);
    }

    // Survived: ContactLog's insertion point as LowerBound(ticks - 1), which put a send one tick after another before it
    // (the per-channel list unsorted, so the counts' binary searches missed sends).
    [Fact]
    public void ContactLog_CountsSendsOneTickApart_InAnyRecordingOrder()
    {
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd).Add(Shipping()).Build();
        var at = Instant.FromUtc(2026, 6, 1, 12, 0);
        var tick = Duration.FromTicks(1);
        foreach (var order in new[] { new[] { 0, 1, 2 }, [2, 1, 0], [1, 0, 2] })
        {
            var log = new ContactLog(catalog);
            foreach (var i in order)
            {
                log.Record(new OfferContact(3, "ship", at + (tick * i)));
            }

            Assert.Equal(1, log.SentOn(3, Channel.Email, at, at + tick));
            Assert.Equal(1, log.SentOn(3, Channel.Email, at + tick, at + (tick * 2)));
            Assert.Equal(2, log.SentOn(3, Channel.Email, at + tick, at + (tick * 3)));
            Assert.Equal(3, log.SentOn(3, Channel.Email, at, at + (tick * 3)));
            Assert.Equal(0, log.SentOn(3, Channel.Sms, at, at + (tick * 3)));
        }
    }
}
