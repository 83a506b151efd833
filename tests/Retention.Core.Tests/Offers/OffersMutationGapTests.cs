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

    // Survived/NoCoverage (Explainer): every leaf's description, result and "seen" text (with the "0.####" and "0.##"
    // formats of P(alive) and CLV), for a customer with every fact
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
            OfferRule.ProbabilityAlive(0.1m),
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
            ProbabilityAlive = 0.123456,
            Clv = 250.456,
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
                "1 pass P(alive) 0.1+ [0.1235]",
                "1 pass CLV 100+ [250.46]",
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
                "1 FAIL P(alive) 0.1+ [0]",
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

    private static OfferCatalog TwoOffers() => OfferCatalog.CreateBuilder(Currency.Usd)
        .Budget("spring", Usd(25m))
        .Add(new Offer("ten-off", OfferKind.AmountOff, Channel.Email) { Amount = Usd(10m), Margin = Usd(50m), Cost = Usd(10m), Budget = "spring" })
        .Add(new Offer("free-shipping", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m) })
        .Build();

    // Survived: ContactLog's argument checks (null catalog; unknown or null offer id, && -> ||, >= 0 -> > 0; negative
    // customer, >= 0 -> > 0) and their messages; NoCoverage: Record of a choice without offer, IssuedCount and Spent of
    // unknown ids (and the forced conditional, i <= Count), SentOn for a customer without sends.
    [Fact]
    public void ContactLog_ArgumentErrors_NameTheValue()
    {
        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => new ContactLog(null!)).ParamName);
        var catalog = TwoOffers();
        var log = new ContactLog(catalog);
        var unknown = Assert.Throws<InvalidValueException>(() => log.Record(new OfferContact(0, "zzz", Now)));
        Assert.Equal("Invalid contact.offerId: \"zzz\" is not an offer of the catalog.", unknown.Message);
        Assert.Equal("Invalid contact.offerId: null is not an offer of the catalog.", Assert.Throws<InvalidValueException>(() => log.Record(new OfferContact(0, null!, Now))).Message);
        Assert.Equal("Invalid contact.customer: -1 must not be negative.", Assert.Throws<InvalidValueException>(() => log.Record(new OfferContact(-1, "free-shipping", Now))).Message);

        // Offer index 0 ("free-shipping", sorted first) and customer 0 are valid.
        log.Record(new OfferContact(0, "free-shipping", Now));
        Assert.Equal(1, log.IssuedCount("free-shipping"));
        Assert.Equal(0, log.IssuedCount("ten-off"));

        var choice = Assert.Throws<ArgumentException>(() => log.Record(default(OfferChoice)));
        Assert.Equal("choice", choice.ParamName);
        Assert.StartsWith("The choice has no offer of this log's catalog.", choice.Message, StringComparison.Ordinal);

        // A choice from a larger catalog, whose offer index is this catalog's offer count: refused, not an index error.
        var larger = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("a", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m) })
            .Add(new Offer("b", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m) })
            .Add(new Offer("c", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m) }).Build();
        var foreign = new OfferChoice(larger.Offers[2], catalog.Offers.Count, 0, 0.5, 1.0, Now, deferred: false);
        Assert.Equal("choice", Assert.Throws<ArgumentException>(() => log.Record(foreign)).ParamName);
        var issued = Assert.Throws<ArgumentException>(() => log.IssuedCount("zzz"));
        Assert.Equal("offerId", issued.ParamName);
        Assert.StartsWith("No offer \"zzz\" in the catalog.", issued.Message, StringComparison.Ordinal);
        Assert.Equal("budgetId", Assert.Throws<ArgumentNullException>(() => log.Spent(null!)).ParamName);
        var spent = Assert.Throws<ArgumentException>(() => log.Spent("autumn"));
        Assert.Equal("budgetId", spent.ParamName);
        Assert.StartsWith("No budget \"autumn\" in the catalog.", spent.Message, StringComparison.Ordinal);
        Assert.Equal(Usd(0m), log.Spent("spring"));
        Assert.Equal(0, log.SentOn(5, Channel.Email, Now - Duration.FromDays(1), Now + Duration.FromDays(1)));
    }

    // Survived: LowerBound's span[mid] < value -> <= (SentOn counts [from, to)), Near's span[i] < high -> <= and
    // count < stopAt -> <=, HasHistory's & -> |.
    [Fact]
    public void ContactLog_Windows_AreHalfOpen_AndStopEarly()
    {
        var catalog = TwoOffers();
        var log = new ContactLog(catalog);
        var week = Duration.FromDays(7);
        log.Record(new OfferContact(0, "free-shipping", Now));
        log.Record(new OfferContact(0, "ten-off", Now + Duration.FromDays(1)));
        log.Record(new OfferContact(0, "free-shipping", Now + Duration.FromDays(2)));

        Assert.Equal(1, log.SentOn(0, Channel.Email, Now, Now + Duration.FromDays(1)));
        Assert.Equal(0, log.SentOn(0, Channel.Email, Now - week, Now));
        Assert.Equal(3, log.SentOn(0, Channel.Email, Now, Now + Duration.FromDays(3)));

        var email = (int)Channel.Email;
        var ticks = Now.ToUnixTimeTicks();
        Assert.Equal(0, log.ChannelSendsNear(0, email, ticks - week.BclCompatibleTicks, week.BclCompatibleTicks, int.MaxValue));
        Assert.Equal(1, log.ChannelSendsNear(0, email, ticks - week.BclCompatibleTicks + 1, week.BclCompatibleTicks, int.MaxValue));
        Assert.Equal(2, log.ChannelSendsNear(0, email, ticks, week.BclCompatibleTicks, 2));
        Assert.Equal(3, log.ChannelSendsNear(0, email, ticks, week.BclCompatibleTicks, int.MaxValue));
        Assert.True(log.HasHistory(0));
        Assert.False(log.HasHistory(1));
        Assert.False(log.HasHistory(64));
    }

    // NoCoverage: the selector's argument errors (segment map of the model, log of another catalog, destination and
    // counts too short) and their messages; Survived: counts cleared before a batch.
    [Fact]
    public void Selector_ArgumentErrors_AreSpelledOut()
    {
        var otherMap = OfferCatalog.CreateBuilder(Currency.Usd).Segments(SegmentMap.Default.ToBuilder().Build()).Build();
        var model = Assert.Throws<ArgumentException>(() => new OfferSelector(otherMap));
        Assert.Equal("model", model.ParamName);
        Assert.StartsWith("The response model's segment map is not the catalog's.", model.Message, StringComparison.Ordinal);

        var catalog = TwoOffers();
        var selector = new OfferSelector(catalog);
        var foreign = Assert.Throws<ArgumentException>(() => selector.Choose(default, Now, new ContactLog(Playbook()), new OfferChoice[1]));
        Assert.Equal("log", foreign.ParamName);
        Assert.StartsWith("The contact log belongs to another catalog.", foreign.Message, StringComparison.Ordinal);

        OfferCustomer[] customers = [new OfferCustomer { Index = 0, ConsentedChannels = EmailOnly }, new OfferCustomer { Index = 1 }];
        var log = new ContactLog(catalog);
        var destination = Assert.Throws<ArgumentException>(() => selector.AssignBatch(customers, Now, log, 2, new OfferChoice[3], new int[2]));
        Assert.Equal("destination", destination.ParamName);
        Assert.StartsWith("The destination is shorter than customers × perCustomer.", destination.Message, StringComparison.Ordinal);
        var counts = Assert.Throws<ArgumentException>(() => selector.AssignBatch(customers, Now, log, 1, new OfferChoice[2], new int[1]));
        Assert.Equal("counts", counts.ParamName);
        Assert.StartsWith("The counts span is shorter than the customers.", counts.Message, StringComparison.Ordinal);

        int[] filled = [7, 7, 7];
        Assert.Equal(1, selector.AssignBatch(customers, Now, log, 1, new OfferChoice[2], filled));
        Assert.Equal([1, 0, 7], filled);
    }

    // Survived: the probability check's upper bound (p = 1 is allowed, <= 1 -> < 1); NoCoverage: the throw and its message.
    [Fact]
    public void Selector_ModelProbability_MustBeFromZeroToOne()
    {
        var catalog = TwoOffers();
        var customer = new OfferCustomer { ConsentedChannels = EmailOnly };
        var certain = new OfferSelector(catalog, new FixedModel(1d));
        var best = new OfferChoice[1];
        Assert.Equal(1, certain.Choose(customer, Now, new ContactLog(catalog), best));
        Assert.Equal(1d, best[0].Probability);

        var bad = Assert.Throws<InvalidOperationException>(() => new OfferSelector(catalog, new FixedModel(1.5d)).Choose(customer, Now, new ContactLog(catalog), best));
        Assert.Equal("The response model returned 1.5, which is not a probability from 0 to 1.", bad.Message);
    }

    // NoCoverage: OfferExplanation.For of an unknown id and ToString (chosen none / chosen ids); OfferConsideration's
    // " (p .., EV ..)" part and "pass "/"FAIL " marks; Survived: the cap check's "sent within" text.
    [Fact]
    public void Explanation_Text_ListsChoicesAndChecks()
    {
        var catalog = TwoOffers();
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);
        log.Record(new OfferContact(0, "free-shipping", Now - Duration.FromDays(1)));

        var explanation = selector.Explain(new OfferCustomer { Segment = Champions, ConsentedChannels = EmailOnly }, Now, log);
        var missing = Assert.Throws<KeyNotFoundException>(() => explanation.For("zzz"));
        Assert.Equal("No offer \"zzz\" was considered.", missing.Message);
        Assert.Equal(
            "Chosen: none\n" +
            "free-shipping: Blocked\n" +
            "  pass consent to Email [given]\n" +
            "  pass always [-]\n" +
            "  FAIL Email cap 1 per 7 days [1 sent within 7 days of 2026-06-01T20:30:00Z]\n" +
            "ten-off: Blocked\n" +
            "  pass consent to Email [given]\n" +
            "  pass always [-]\n" +
            "  pass budget spring of 25 USD [spent 0 USD, cost 10 USD]\n" +
            "  FAIL Email cap 1 per 7 days [1 sent within 7 days of 2026-06-01T20:30:00Z]",
            explanation.ToString());

        var chosen = selector.Explain(new OfferCustomer { Index = 1, Segment = Champions, ConsentedChannels = EmailOnly }, Now, log);
        Assert.Equal(
            "Chosen: ten-off\n" +
            "free-shipping: Outranked (p 0.1, EV 1.5)\n" +
            "  pass consent to Email [given]\n" +
            "  pass always [-]\n" +
            "  pass Email cap 1 per 7 days [0 sent within 7 days of 2026-06-01T20:30:00Z]\n" +
            "  pass expected value at least 0 [p 0.1 x (margin - cost) 15 - contact 0 = 1.5]\n" +
            "ten-off: Chosen (p 0.1, EV 4)\n" +
            "  pass consent to Email [given]\n" +
            "  pass always [-]\n" +
            "  pass budget spring of 25 USD [spent 0 USD, cost 10 USD]\n" +
            "  pass Email cap 1 per 7 days [0 sent within 7 days of 2026-06-01T20:30:00Z]\n" +
            "  pass expected value at least 0 [p 0.1 x (margin - cost) 40 - contact 0 = 4]",
            chosen.ToString());
    }

    // NoCoverage: OfferExplanation.ToString joins several chosen ids with ", ".
    [Fact]
    public void Explanation_TwoChoices_AreListedInRankOrder()
    {
        var catalog = TwoOffers().ToBuilder().FrequencyCap(Channel.Email, new FrequencyCap(2, Duration.FromDays(7))).Build();
        var explanation = new OfferSelector(catalog).Explain(new OfferCustomer { Segment = Champions, ConsentedChannels = EmailOnly }, Now, new ContactLog(catalog), count: 2);
        Assert.StartsWith("Chosen: ten-off, free-shipping\n", explanation.ToString(), StringComparison.Ordinal);
    }

    // NoCoverage (DescribeCustomer): categories of orders placed at the same last instant are merged (|= -> &=, ^=);
    // a birthday exactly half a leap year away counts as before the next one (offset < best -> offset > best).
    [Fact]
    public void DescribeCustomer_MergesLastOrdersAtOneInstant_AndBreaksBirthdayTiesForward()
    {
        var catalog = Playbook();
        var at = Instant.FromUtc(2024, 7, 2, 12, 0);
        var profile = Profile("c", "Etc/UTC", new AnnualDate(1, 1), Channel.Email);
        var placed = Instant.FromUtc(2024, 6, 30, 12, 0);
        var customer = catalog.DescribeCustomer(0, profile, at, [Order("#1", "c", placed, Shirts), Order("#2", "c", placed, Trousers), Order("#3", "c", placed, Shirts)]);
        Assert.Equal(catalog.CategoryMask([Shirts, Trousers]), customer.LastOrderCategories);
        Assert.Equal(2, customer.DaysSinceLastOrder);
        Assert.Equal(-183, customer.DaysFromBirthday);
    }

    // Survived: OfferCustomer's "customer.index" field name.
    [Fact]
    public void Customer_NegativeIndex_IsRejected()
    {
        var error = Assert.Throws<InvalidValueException>(() => new OfferCustomer { Index = -1 });
        Assert.Equal("Invalid customer.index: -1 must not be negative.", error.Message);
    }

    // Survived: SegmentResponseModel's unknown-segment check removed; NoCoverage: IndexOf's "return -1" -> "+1".
    [Fact]
    public void SegmentResponseModel_UnknownSegment_IsRejected()
    {
        var error = Assert.Throws<InvalidValueException>(() => new SegmentResponseModel(SegmentMap.Default, new Dictionary<string, double> { ["Whales"] = 0.5 }, 0.02));
        Assert.Equal("Invalid rates: \"Whales\" is not a segment of the map.", error.Message);
    }

    private sealed class FixedModel(double probability) : IResponseModel
    {
        public double Probability(in OfferCustomer customer, Offer offer) => probability;
    }

    private static string[] Interpret(OfferRule rule, OfferCustomer customer, OfferCatalog catalog)
    {
        var checks = new List<OfferCheck>();
        Explainer.Interpret(rule, in customer, catalog, checks, 0);
        return [.. checks.Select(c => c.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (c.Passed ? "pass " : "FAIL ") + c.Description + " [" + c.Seen + "]")];
    }

    // ---- The 60 s re-run of the offers area (2 December): the catalog and the rule code ----

    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 12, 0);

    /// <summary>Whether a one-offer catalog with <paramref name="rule"/> offers it to the customer made for it.</summary>
    private static bool Holds(OfferRule rule, Func<OfferCatalog, OfferCustomer> customer)
    {
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("x", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(10m), Rule = rule }).Build();
        return new OfferSelector(catalog).Choose(customer(catalog) with { ConsentedChannels = EmailOnly }, Now, new ContactLog(catalog), new OfferChoice[1]) == 1;
    }

    // Survived: RuleCode.cs:69 and :84 'mask |= bit' as '^=': a segment or category named twice cancelled itself.
    [Fact]
    public void Rules_NamingASegmentOrCategoryTwice_StillMatchIt()
    {
        Assert.True(Holds(OfferRule.InSegment("Champions", "Champions"), _ => new OfferCustomer { Segment = Champions }));
        Assert.True(Holds(OfferRule.BoughtAny(Shirts, Shirts), c => new OfferCustomer { CategoriesBought = c.CategoryMask([Shirts]) }));
        Assert.False(Holds(OfferRule.BoughtAny(Shirts, Shirts), c => new OfferCustomer { CategoriesBought = c.CategoryMask([Trousers]) }));

        // OfferCatalog.cs:246, the same in CategoryMask.
        var playbook = Playbook();
        Assert.NotEqual(0UL, playbook.CategoryMask([Shirts]));
        Assert.Equal(playbook.CategoryMask([Shirts]), playbook.CategoryMask([Shirts, Shirts]));
    }

    // Survived: RuleCode.cs:208 'c.Segment < 64' as '<= 64' and the '&&' as '||': a segment past the 64 a rule can
    // name never matches (the shift by 64 would read bit 0, Champions).
    [Fact]
    public void SegmentRule_ACustomerInSegment64_DoesNotMatchSegment0()
    {
        Assert.False(Holds(OfferRule.InSegment("Champions"), _ => new OfferCustomer { Segment = 64 }));
        Assert.True(Holds(OfferRule.InSegment("Champions"), _ => new OfferCustomer { Segment = 0 }));
    }

    // Survived: RuleCode.cs:58 'depth + 1' as 'depth - 1': an empty All still pushes its result, so after 63 others it
    // is the 64th on the stack.
    [Fact]
    public void Build_AnEmptyAllAfter63Results_NestsTooDeeply()
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("deep", OfferKind.FreeShipping, Channel.Email) { Rule = OfferRule.All([.. Enumerable.Range(0, 63).Select(_ => OfferRule.CartOpen()), OfferRule.All()]) });
        Assert.Equal(["offers[0].rule: 64 nests too deeply: at most 63 results may wait on the stack"], BuildErrors(builder));
        Assert.True(Holds(OfferRule.All([.. Enumerable.Range(0, 62).Select(_ => OfferRule.CartOpen()), OfferRule.All()]), _ => new OfferCustomer { CartOpen = true }));
    }

    // Survived: OfferCatalog.cs:302 'PlacedAt > at' as '>=' (an order placed at the instant of the decision counts),
    // :309 'bought |= mask' as '^=' (two orders of shirts cancelled each other), :343 the consent bit '1 << channel' as
    // '>>' or '>>>' (consent to any channel but email lost).
    [Fact]
    public void DescribeCustomer_CountsOrdersUpToTheInstant_AndEveryConsent()
    {
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Offer("x", OfferKind.FreeShipping, Channel.Email) { Rule = OfferRule.BoughtAny(Shirts) })
            .Build();
        var profile = Profile("alice", "Europe/Berlin", null, Channel.Sms, Channel.Push);
        Order[] orders =
        [
            Order("o1", "alice", At - Duration.FromDays(30), Shirts),
            Order("o2", "alice", At - Duration.FromDays(3), Shirts),
            Order("o3", "alice", At),
            Order("o4", "alice", At + Duration.FromTicks(1), Trousers),
        ];

        var customer = catalog.DescribeCustomer(7, profile, At, orders);

        Assert.Equal(3, customer.Orders);
        Assert.Equal(catalog.CategoryMask([Shirts]), customer.CategoriesBought);
        Assert.Equal(OfferCustomer.ChannelMask(Channel.Sms, Channel.Push), customer.ConsentedChannels);
        Assert.Equal(0, customer.DaysSinceLastOrder);
    }

    // Survived: the argument checks of OfferCatalog.IndexOf (:230), CategoryMask (:240) and DescribeCustomer (:285,
    // :286, :287 with its '>= 0' boundary and message, :296); NoCoverage: an order of another customer (:299).
    [Fact]
    public void CatalogQueries_CheckTheirArguments()
    {
        var catalog = Playbook();
        var profile = Profile("alice", "Europe/Berlin");
        Assert.Equal("id", Assert.Throws<ArgumentNullException>(() => catalog.IndexOf(null!)).ParamName);
        Assert.Equal("categories", Assert.Throws<ArgumentNullException>(() => catalog.CategoryMask(null!)).ParamName);
        Assert.Equal("profile", Assert.Throws<ArgumentNullException>(() => catalog.DescribeCustomer(0, null!, At, [])).ParamName);
        Assert.Equal("orders", Assert.Throws<ArgumentNullException>(() => catalog.DescribeCustomer(0, profile, At, null!)).ParamName);
        Assert.Equal("orders", Assert.Throws<ArgumentNullException>(() => catalog.DescribeCustomer(0, profile, At, [null!])).ParamName);

        var negative = Assert.Throws<InvalidValueException>(() => catalog.DescribeCustomer(0, profile, At, [], spendToNextTier: -0.01m));
        Assert.Equal(("spendToNextTier", "-0.01", "must not be negative"), (negative.Field, negative.Value, negative.Rule));
        Assert.Equal(0m, catalog.DescribeCustomer(0, profile, At, [], spendToNextTier: 0m).SpendToNextTier);

        var foreign = Assert.Throws<InvalidValueException>(() => catalog.DescribeCustomer(0, profile, At, [Order("o1", "bob", At)]));
        Assert.Equal(("orders.customerId", "\"bob\"", "must be the profile's customer \"alice\""), (foreign.Field, foreign.Value, foreign.Rule));
    }

    // Survived: OfferCatalog.cs:98 'groups.Add(group, g)' removed (every exclusive group became the first) and :51 the
    // quiet channels' order (ascending, as the enum).
    [Fact]
    public void ExclusiveGroups_AreKeptApart_AndQuietChannelsAreListedInEnumOrder()
    {
        Offer Make(string id, string group) => new(id, OfferKind.FreeShipping, Channel.Email) { Margin = Usd(10m), ExclusiveGroup = group };
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd)
            .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer), Channel.Push, Channel.Sms)
            .FrequencyCap(Channel.Email, FrequencyCap.None)
            .Add(Make("a", "x"), Make("b", "y"), Make("c", "x"))
            .Build();
        var choices = new OfferChoice[3];

        Assert.Equal(2, new OfferSelector(catalog).Choose(new OfferCustomer { Segment = Champions, ConsentedChannels = EmailOnly }, Now, new ContactLog(catalog), choices));
        Assert.Equal(["a", "b"], choices[..2].Select(c => c.Offer!.Id));
        Assert.Equal([Channel.Sms, Channel.Push], catalog.QuietChannels);
    }
}
