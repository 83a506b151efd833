using NodaTime;
using Retention.Offers;
using Retention.Rfm;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing).</summary>
public sealed class OffersMutationGapTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 20, 30);

    private static OfferRule CartOpens(int count) => OfferRule.All(Enumerable.Range(0, count).Select(_ => OfferRule.CartOpen()));

    private static string[] BuildErrors(OfferCatalogBuilder builder) => [.. Assert.Throws<InvalidConfigurationException>(() => builder.Build()).Errors];

    // NoCoverage (OfferCatalogBuilder.Build/CheckOffer): the quiet-hours, budget id, percent, amount, points multiplier,
    // category, exclusive group and nested unknown segment errors, with their messages; Survived: amount on a
    // non-discount kind (|| -> &&) and the points multiplier upper bound (> 1000 -> >= 1000, 1000 is allowed).
    [Fact]
    public void Build_EveryOfferRule_IsReportedWithItsPathAndValue()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd)
            .QuietHours(default(QuietHours), Channel.Sms)
            .Budget(" spring", Usd(10m))
            .Budget(string.Empty, Usd(10m))
            .Add(new Offer("a", OfferKind.FreeShipping, Channel.Email) { Percent = 10m, Amount = Usd(5m), Category = Shirts, ExclusiveGroup = " g" })
            .Add(new Offer("b", OfferKind.PercentOff, Channel.Email) { Amount = Usd(5m) })
            .Add(new Offer("c", OfferKind.PointsMultiplier, Channel.Email) { PointsMultiplier = 1000.5m, ExclusiveGroup = string.Empty })
            .Add(new Offer("d", OfferKind.PointsMultiplier, Channel.Email))
            .Add(new Offer("e", OfferKind.CrossSell, Channel.Email) { Category = default(CategoryId), Amount = Usd(0m) })
            .Add(new Offer("f", OfferKind.PointsMultiplier, Channel.Email) { PointsMultiplier = 1000m, Rule = OfferRule.Not(OfferRule.InSegment("Whales")) })
            .Add(new Offer("g", OfferKind.PointsMultiplier, Channel.Email) { PointsMultiplier = 1m });

        Assert.Equal(
            [
                "quietHours.end: 00:00:00 must differ from the start",
                "budgets[0].id: \" spring\" must not be empty or padded with white space",
                "budgets[1].id: \"\" must not be empty or padded with white space",
                "offers[0].percent: 10 is not allowed for a FreeShipping offer",
                "offers[0].amount: 5 USD is not allowed for a FreeShipping offer",
                "offers[0].category: \"shirts\" is not allowed for a FreeShipping offer",
                "offers[0].exclusiveGroup: \" g\" must not be empty or padded with white space",
                "offers[1].percent: null is required for a PercentOff offer",
                "offers[1].amount: 5 USD is not allowed for a PercentOff offer",
                "offers[2].pointsMultiplier: 1000.5 must be greater than 1 and at most 1000",
                "offers[2].exclusiveGroup: \"\" must not be empty or padded with white space",
                "offers[3].pointsMultiplier: null is required for a PointsMultiplier offer",
                "offers[4].amount: 0 USD must be greater than zero",
                "offers[4].category: \"\" must be an assigned category id",
                "offers[5].rule: \"Whales\" is not one of the first 64 segments of the catalog's segment map",
                "offers[6].pointsMultiplier: 1 must be greater than 1 and at most 1000",
            ],
            BuildErrors(builder));
    }

    // NoCoverage: quiet hours without channels.
    [Fact]
    public void Build_QuietHoursWithoutChannels_AreReported()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd).QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer));
        Assert.Equal(["quietHours.channels: [] must name at least one channel"], BuildErrors(builder));
    }

    // NoCoverage: the rule depth error and its message (63 results on the stack is the limit); RuleCode.Compile's
    // "return -1" -> "+1" for an unknown segment under a combinator (the depth error would then be reported too).
    [Fact]
    public void Build_RuleDepth_IsLimitedTo63_AndNotReportedForUnknownSegments()
    {
        OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("ok", OfferKind.FreeShipping, Channel.Email) { Rule = CartOpens(63) }).Build();
        var deep = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("deep", OfferKind.FreeShipping, Channel.Email) { Rule = CartOpens(64) });
        Assert.Equal(["offers[0].rule: 64 nests too deeply: at most 63 results may wait on the stack"], BuildErrors(deep));

        var unknown = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("u", OfferKind.FreeShipping, Channel.Email)
        {
            Rule = OfferRule.All([OfferRule.Not(OfferRule.InSegment("Whales")), .. Enumerable.Range(0, 63).Select(_ => OfferRule.CartOpen())]),
        });
        Assert.Equal(["offers[0].rule: \"Whales\" is not one of the first 64 segments of the catalog's segment map"], BuildErrors(unknown));
    }

    // NoCoverage: more than 64 categories (error and message; CategoryIndex's -1 -> +1); RuleCode.Compile's
    // "return -1" -> "+1" for a category past the 64th (the depth error would then be reported too).
    [Fact]
    public void Build_MoreThan64Categories_IsReportedOnce()
    {
        var categories = Enumerable.Range(0, 65).Select(i => new CategoryId("c" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var builder = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("many", OfferKind.FreeShipping, Channel.Email)
        {
            Rule = OfferRule.All([OfferRule.BoughtAny(categories), .. Enumerable.Range(0, 63).Select(_ => OfferRule.CartOpen())]),
        });
        Assert.Equal(["offers: 65 name more than 64 categories in their rules"], BuildErrors(builder));
    }

    // NoCoverage: ChannelName's five names (used in the frequency-cap error, which a valid FrequencyCap cannot reach).
    [Fact]
    public void ChannelName_IsTheCamelCaseName()
    {
        Assert.Equal(
            ["email", "sms", "push", "messaging", "postalMail", "9"],
            new[] { Channel.Email, Channel.Sms, Channel.Push, Channel.Messaging, Channel.PostalMail, (Channel)9 }.Select(OfferCatalogBuilder.ChannelName));
    }

    // NoCoverage: the builder's undefined-channel throws (FrequencyCap, QuietHours) and OfferCatalog.FrequencyCapOf's;
    // Segments(null) and Segments after Build.
    [Fact]
    public void Builder_UndefinedChannels_AndUseAfterBuild_Throw()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd);
        var cap = Assert.Throws<ArgumentOutOfRangeException>(() => builder.FrequencyCap((Channel)9, FrequencyCap.OnePerWeek));
        Assert.Equal("channel", cap.ParamName);
        Assert.StartsWith("The channel is not defined.", cap.Message, StringComparison.Ordinal);
        var quiet = Assert.Throws<ArgumentOutOfRangeException>(() => builder.QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer), Channel.Sms, (Channel)9));
        Assert.Equal(("channels", (object)(Channel)9), (quiet.ParamName, quiet.ActualValue!));
        Assert.StartsWith("The channel is not defined.", quiet.Message, StringComparison.Ordinal);
        Assert.Equal("map", Assert.Throws<ArgumentNullException>(() => builder.Segments(null!)).ParamName);

        var catalog = builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Segments(SegmentMap.Default));
        var capOf = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.FrequencyCapOf((Channel)9));
        Assert.Equal("channel", capOf.ParamName);
        Assert.StartsWith("The channel is not defined.", capOf.Message, StringComparison.Ordinal);
    }

    // NoCoverage: OfferCatalog.ToBuilder copies offers, budgets, caps, quiet hours and quiet channels.
    [Fact]
    public void ToBuilder_KeepsEverySetting()
    {
        var daily = new FrequencyCap(2, Duration.FromDays(1));
        var original = OfferCatalog.CreateBuilder(Currency.Usd)
            .Budget("spring", Usd(25m))
            .FrequencyCap(Channel.Push, daily)
            .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Skip), Channel.Sms, Channel.Push)
            .Add(new Offer("a", OfferKind.FreeShipping, Channel.Email) { Budget = "spring", Cost = Usd(1m) })
            .Build();

        var copy = original.ToBuilder().Build();

        Assert.Equal(["a"], copy.Offers.Select(o => o.Id));
        Assert.Equal([new OfferBudget("spring", Usd(25m))], copy.Budgets);
        Assert.Equal(daily, copy.FrequencyCapOf(Channel.Push));
        Assert.Equal(FrequencyCap.OnePerWeek, copy.FrequencyCapOf(Channel.Email));
        Assert.Equal(original.QuietHours, copy.QuietHours);
        Assert.Equal(original.QuietChannels.OrderBy(c => c), copy.QuietChannels.OrderBy(c => c));
    }

    // Survived: FrequencyCap's messages check removed (0 would make a "none" cap); NoCoverage: ToString and Describe.
    [Fact]
    public void FrequencyCap_MessagesAreChecked_AndDescribed()
    {
        var zero = Assert.Throws<InvalidValueException>(() => new FrequencyCap(0, Duration.FromDays(1)));
        Assert.Equal("Invalid frequencyCap.messages: 0 must be from 1 to 1000.", zero.Message);
        Assert.Equal("frequencyCap.messages", Assert.Throws<InvalidValueException>(() => new FrequencyCap(1001, Duration.FromDays(1))).Field);
        Assert.Equal("none", FrequencyCap.None.ToString());
        Assert.Equal("3 per 7 days", new FrequencyCap(3, Duration.FromDays(7)).ToString());
        Assert.Equal("2 per 36:00:00", new FrequencyCap(2, Duration.FromHours(36)).ToString());
    }

    // NoCoverage: Offer.ToString.
    [Fact]
    public void Offer_ToString_NamesIdKindAndChannel()
    {
        Assert.Equal("winback-20 (WinBack, Email)", new Offer("winback-20", OfferKind.WinBack, Channel.Email).ToString());
    }

    // NoCoverage: QuietHours.Contains for a window within one day (both bounds), and Remaining outside the window.
    [Fact]
    public void QuietHours_WithinOneDay_ContainStartButNotEnd()
    {
        var lunch = new QuietHours(new LocalTime(12, 0), new LocalTime(14, 0), QuietHoursPolicy.Defer);
        Assert.Equal(
            [false, true, true, false, false],
            new[] { new LocalTime(11, 59), new LocalTime(12, 0), new LocalTime(13, 59), new LocalTime(14, 0), new LocalTime(20, 0) }.Select(lunch.Contains));
        Assert.Equal(Duration.Zero, lunch.Remaining(new LocalTime(20, 0)));
        Assert.Equal(Duration.FromMinutes(30), lunch.Remaining(new LocalTime(13, 30)));
    }

    // Survived/NoCoverage (OfferRule): Bounded for every kind (fields, whole-number check and its int bounds, the
    // RFM case and its min/max), the unsupported kind message, ToString of any/consent/tier/P(alive), the boundary of
    // Whole (the highest value is allowed) and the messages of InSegment, BirthdayWithin, SpendToNextTier.
    [Fact]
    public void Bounded_BuildsEachKind_AndNamesTheBadBound()
    {
        Assert.Equal("tier level 2 to 4", OfferRule.Bounded(OfferRuleKind.TierLevel, 2m, 4m).ToString());
        Assert.Equal("days since last order 30+", OfferRule.Bounded(OfferRuleKind.DaysSinceLastOrder, 30m, null).ToString());
        Assert.Equal("orders = 1", OfferRule.Bounded(OfferRuleKind.Orders, 1m, 1m).ToString());
        var recency = OfferRule.Bounded(OfferRuleKind.Recency, 2m, 4m);
        Assert.Equal((OfferRuleKind.Recency, 2m, 4m), (recency.Kind, recency.Min!.Value, recency.Max!.Value));
        Assert.Equal("F score 1 to 5", OfferRule.Bounded(OfferRuleKind.Frequency, 1m, 5m).ToString());
        Assert.Equal("M score = 3", OfferRule.Bounded(OfferRuleKind.Monetary, 3m, 3m).ToString());
        Assert.Equal("birthday from 3 days before to 7 days after", OfferRule.Bounded(OfferRuleKind.BirthdayWithin, 3m, 7m).ToString());
        Assert.Equal("P(alive) 0.5+", OfferRule.Bounded(OfferRuleKind.ProbabilityAlive, 0.5m, null).ToString());
        Assert.Equal("CLV at most 100", OfferRule.Bounded(OfferRuleKind.Clv, null, 100m).ToString());
        Assert.Equal("spend to next tier 10 to 50", OfferRule.Bounded(OfferRuleKind.SpendToNextTier, 10m, 50m).ToString());
        Assert.Equal("cart open", OfferRule.Bounded(OfferRuleKind.CartOpen, null, null).ToString());
        Assert.Equal("wishlist not empty", OfferRule.Bounded(OfferRuleKind.WishlistNotEmpty, null, null).ToString());

        foreach (var kind in new[] { OfferRuleKind.TierLevel, OfferRuleKind.DaysSinceLastOrder, OfferRuleKind.Orders, OfferRuleKind.Recency, OfferRuleKind.BirthdayWithin })
        {
            var missing = Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(kind, null, 5m));
            Assert.Equal("Invalid rule.min: null is required for this rule.", missing.Message);
            var fraction = Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(kind, 1.5m, 5m));
            Assert.Equal("Invalid rule.min: 1.5 must be a whole number.", fraction.Message);
            Assert.Equal("rule.max", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(kind, 1m, 4.5m)).Field);
        }

        Assert.Equal("Invalid rule.max: null is required for this rule.", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(OfferRuleKind.Frequency, 1m, null)).Message);
        Assert.Equal("Invalid rule.max: null is required for this rule.", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(OfferRuleKind.BirthdayWithin, 1m, null)).Message);
        Assert.Equal("Invalid rule.min: 3000000000 must be a whole number.", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(OfferRuleKind.Orders, 3_000_000_000m, null)).Message);
        Assert.Equal("Invalid rule.min: -2147483648 must be from 0 to 1000000.", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(OfferRuleKind.Orders, int.MinValue, null)).Message);
        Assert.Equal("Invalid rule.min: 2147483647 must be from 0 to 1000000.", Assert.Throws<InvalidValueException>(() => OfferRule.Bounded(OfferRuleKind.Orders, int.MaxValue, null)).Message);

        var unsupported = Assert.Throws<ArgumentException>(() => OfferRule.Bounded(OfferRuleKind.Segment, 1m, 2m));
        Assert.Equal("kind", unsupported.ParamName);
        Assert.StartsWith("The kind Segment does not take only bounds.", unsupported.Message, StringComparison.Ordinal);

        Assert.Equal("any(cart open, consent to Sms)", OfferRule.Any(OfferRule.CartOpen(), OfferRule.HasConsent(Channel.Sms)).ToString());
        Assert.Equal("not(tier level 254+)", OfferRule.Not(OfferRule.TierLevel(254)).ToString());
        Assert.Equal("Invalid rule.segments: 0 must name at least one segment.", Assert.Throws<InvalidValueException>(() => OfferRule.InSegment()).Message);
        Assert.Equal("Invalid rule.min: 181 must be from 0 to 180.", Assert.Throws<InvalidValueException>(() => OfferRule.BirthdayWithin(181, 0)).Message);
        Assert.Equal("Invalid rule.min: -1 must not be negative.", Assert.Throws<InvalidValueException>(() => OfferRule.SpendToNextTier(-1m, null)).Message);
    }

    // Survived/NoCoverage (Explainer): every leaf's description, result and "seen" text, for a customer with every fact
    // and for one with none, and the names and counts of all/any/not.
    [Fact]
    public void Explainer_DescribesEveryLeaf_WithWhatItSaw()
    {
        var rule = OfferRule.All(
            OfferRule.Always,
            OfferRule.InSegment("Champions"),
            OfferRule.TierLevel(2),
            OfferRule.Recency(new ScoreRange(4, 5)),
            OfferRule.Frequency(new ScoreRange(4, 5)),
            OfferRule.Monetary(new ScoreRange(4, 5)),
            OfferRule.DaysSinceLastOrder(0, 30),
            OfferRule.Orders(2),
            OfferRule.ProbabilityAlive(0.5m),
            OfferRule.Clv(100m),
            OfferRule.BoughtAny(Trousers),
            OfferRule.LastOrderIn(Shirts, 0, 30),
            OfferRule.BirthdayWithin(3, 7),
            OfferRule.HasConsent(Channel.Sms),
            OfferRule.CartOpen(),
            OfferRule.WishlistNotEmpty(),
            OfferRule.SpendToNextTier(null, 50m),
            OfferRule.Any(OfferRule.CartOpen(), OfferRule.WishlistNotEmpty()),
            OfferRule.Not(OfferRule.CartOpen()));
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("x", OfferKind.FreeShipping, Channel.Email) { Rule = OfferRule.BoughtAny(Shirts, Trousers) }).Build();
        var full = new OfferCustomer
        {
            Segment = Champions,
            TierLevel = 3,
            Recency = 5,
            Frequency = 4,
            Monetary = 3,
            DaysSinceLastOrder = 10,
            Orders = 2,
            ProbabilityAlive = 0.75,
            Clv = 250.5,
            CategoriesBought = catalog.CategoryMask([Shirts, Trousers]),
            LastOrderCategories = catalog.CategoryMask([Shirts]),
            DaysFromBirthday = -2,
            ConsentedChannels = OfferCustomer.ChannelMask(Channel.Sms),
            CartOpen = true,
            WishlistNotEmpty = true,
            SpendToNextTier = 40m,
        };

        Assert.Equal(
            [
                "0 FAIL all of [17 of 19 passed]",
                "1 pass always [-]",
                "1 pass segment in {Champions} [Champions]",
                "1 pass tier level 2+ [3]",
                "1 pass R score 4 to 5 [5]",
                "1 pass F score 4 to 5 [4]",
                "1 FAIL M score 4 to 5 [3]",
                "1 pass days since last order 0 to 30 [10]",
                "1 pass orders 2+ [2]",
                "1 pass P(alive) 0.5+ [0.75]",
                "1 pass CLV 100+ [250.5]",
                "1 pass bought any of {trousers} [{shirts, trousers}]",
                "1 pass last order in shirts, days ago 0 to 30 [last order 10 days ago in {shirts}]",
                "1 pass birthday from 3 days before to 7 days after [2 days before the birthday]",
                "1 pass consent to Sms [given]",
                "1 pass cart open [open]",
                "1 pass wishlist not empty [not empty]",
                "1 pass spend to next tier at most 50 [40 USD]",
                "1 pass any of [2 of 2 passed]",
                "2 pass cart open [open]",
                "2 pass wishlist not empty [not empty]",
                "1 FAIL not [1 of 1 passed]",
                "2 pass cart open [open]",
            ],
            Interpret(rule, full, catalog));

        Assert.Equal(
            [
                "0 FAIL all of [2 of 19 passed]",
                "1 pass always [-]",
                "1 FAIL segment in {Champions} [not scored]",
                "1 FAIL tier level 2+ [0]",
                "1 FAIL R score 4 to 5 [not scored]",
                "1 FAIL F score 4 to 5 [not scored]",
                "1 FAIL M score 4 to 5 [not scored]",
                "1 FAIL days since last order 0 to 30 [never ordered]",
                "1 FAIL orders 2+ [0]",
                "1 FAIL P(alive) 0.5+ [0]",
                "1 FAIL CLV 100+ [0]",
                "1 FAIL bought any of {trousers} [{}]",
                "1 FAIL last order in shirts, days ago 0 to 30 [never ordered]",
                "1 FAIL birthday from 3 days before to 7 days after [birthday unknown]",
                "1 FAIL consent to Sms [not given]",
                "1 FAIL cart open [no open cart]",
                "1 FAIL wishlist not empty [empty]",
                "1 FAIL spend to next tier at most 50 [top tier]",
                "1 FAIL any of [0 of 2 passed]",
                "2 FAIL cart open [no open cart]",
                "2 FAIL wishlist not empty [empty]",
                "1 pass not [0 of 1 passed]",
                "2 FAIL cart open [no open cart]",
            ],
            Interpret(rule, default, catalog));

        var birthday = OfferRule.BirthdayWithin(3, 7);
        Assert.Equal(["0 pass birthday from 3 days before to 7 days after [birthday today]"], Interpret(birthday, new OfferCustomer { DaysFromBirthday = 0 }, catalog));
        Assert.Equal(["0 pass birthday from 3 days before to 7 days after [7 days after the birthday]"], Interpret(birthday, new OfferCustomer { DaysFromBirthday = 7 }, catalog));
        Assert.Equal(["0 FAIL birthday from 3 days before to 7 days after [8 days after the birthday]"], Interpret(birthday, new OfferCustomer { DaysFromBirthday = 8 }, catalog));
        var outOfMap = new OfferCustomer { Segment = catalog.Segments.SegmentNames.Count };
        Assert.Equal(["0 FAIL segment in {Champions} [not scored]"], Interpret(OfferRule.InSegment("Champions"), outOfMap, catalog));
    }

    private static string[] Interpret(OfferRule rule, OfferCustomer customer, OfferCatalog catalog)
    {
        var checks = new List<OfferCheck>();
        Explainer.Interpret(rule, in customer, catalog, checks, 0);
        return [.. checks.Select(c => c.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (c.Passed ? "pass " : "FAIL ") + c.Description + " [" + c.Seen + "]")];
    }
}
