using NodaTime;
using Retention.Recommendations;
using static Retention.Tests.Recommendations.RecommendationSamples;

namespace Retention.Tests.Recommendations;

public sealed class RecommendationModelTests
{
    [Fact]
    public void Association_CampingBaskets_MatchesHandComputedSupportConfidenceLift()
    {
        var model = RecommendationModel.Build(Camping(), AsOf);

        Assert.Equal(6, model.OrderCount);
        Assert.Equal(4, model.OrdersWith(P("tent")));
        Assert.Equal(2, model.OrdersWith(P("lamp")));

        // tent -> stove: 3 of 6 orders hold both; 3 of tent's 4; lift 3*6/(4*4).
        var tentStove = model.Association(P("tent"), P("stove"))!.Value;
        Assert.Equal(3, tentStove.PairOrders);
        Assert.Equal(0.5, tentStove.Support);
        Assert.Equal(0.75, tentStove.Confidence);
        Assert.Equal(1.125, tentStove.Lift);

        // lamp -> tent: both lamp orders hold a tent; lift 2*6/(2*4).
        var lampTent = model.Association(P("lamp"), P("tent"))!.Value;
        Assert.Equal(1.0, lampTent.Confidence);
        Assert.Equal(1.5, lampTent.Lift);
        Assert.Equal(2.0 / 6.0, lampTent.Support);

        // stove -> mug: exactly the baseline; tent -> mug below it.
        Assert.Equal(1.0, model.Association(P("stove"), P("mug"))!.Value.Lift);
        Assert.Equal(2.0 / 3.0, model.Association(P("mug"), P("stove"))!.Value.Confidence);
        Assert.Equal(0.75, model.Association(P("stove"), P("lamp"))!.Value.Lift);
        var tentMug = model.Association(P("tent"), P("mug"))!.Value;
        Assert.Equal((1, 1.0 / 6.0, 0.25, 0.5), (tentMug.PairOrders, tentMug.Support, tentMug.Confidence, tentMug.Lift));
        Assert.Null(model.Association(P("mug"), P("lamp")));
        Assert.Null(model.Association(P("tent"), P("tent")));
    }

    [Fact]
    public void FrequentlyBoughtTogether_DefaultThresholds_KeepsPairsInTwoOrdersAtOrAboveBaseline()
    {
        var model = RecommendationModel.Build(Camping(), AsOf);

        // tent+mug and stove+lamp are in one order only; stove -> mug has lift exactly 1 (inclusive threshold).
        Assert.Equal(["stove", "lamp"], model.FrequentlyBoughtTogether(P("tent")).Select(a => a.Companion.Value));
        Assert.Equal(["tent", "mug"], model.FrequentlyBoughtTogether(P("stove")).Select(a => a.Companion.Value));
        Assert.Equal(["stove"], model.FrequentlyBoughtTogether(P("mug")).Select(a => a.Companion.Value));
        Assert.Equal(["tent"], model.FrequentlyBoughtTogether(P("lamp")).Select(a => a.Companion.Value));
        Assert.Empty(model.FrequentlyBoughtTogether(P("unknown")));
    }

    [Fact]
    public void FrequentlyBoughtTogether_StricterThresholds_DropPairs()
    {
        var liftAboveBaseline = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MinimumLift = 1.1 });
        Assert.Equal(["tent"], liftAboveBaseline.FrequentlyBoughtTogether(P("stove")).Select(a => a.Companion.Value));

        var support = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MinimumSupport = 0.5 });
        Assert.Equal(["stove"], support.FrequentlyBoughtTogether(P("tent")).Select(a => a.Companion.Value));

        // Confidence is per direction: lamp -> tent is 1.0, tent -> lamp only 0.5.
        var confident = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MinimumConfidence = 0.8 });
        Assert.Equal(["tent"], confident.FrequentlyBoughtTogether(P("lamp")).Select(a => a.Companion.Value));
        Assert.Empty(confident.FrequentlyBoughtTogether(P("tent")));

        var single = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MinimumPairOrders = 1, MinimumLift = 0 });
        Assert.Equal(["stove", "lamp", "mug"], single.FrequentlyBoughtTogether(P("tent")).Select(a => a.Companion.Value));

        var shortList = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MaxPerList = 1 });
        Assert.Equal(["stove"], shortList.FrequentlyBoughtTogether(P("tent")).Select(a => a.Companion.Value));
    }

    [Fact]
    public void FrequentlyBoughtTogether_EqualConfidenceAndLift_OrdersByProductIdOrdinally()
    {
        var at = Instant.FromUtc(2026, 5, 1, 0, 0);
        var orders = new[]
        {
            Basket("1", null, at, "a", "c"),
            Basket("2", null, at, "a", "b"),
            Basket("3", null, at, "a", "c"),
            Basket("4", null, at, "a", "b"),
            Basket("5", null, at, "a", "B"),
            Basket("6", null, at, "a", "B"),
        };

        var model = RecommendationModel.Build(orders, AsOf);

        // Each companion: confidence 2/6, lift 2*6/(6*2) = 1; "B" sorts before "b" ordinally.
        Assert.Equal(["B", "b", "c"], model.FrequentlyBoughtTogether(P("a")).Select(a => a.Companion.Value));
    }

    [Fact]
    public void Build_SkipsCancelledOrdersAndOrdersAtOrAfterAsOf_AndCountsAProductOncePerOrder()
    {
        var at = Instant.FromUtc(2026, 5, 1, 0, 0);
        var cancelled = new Order(new OrderId("x"), null, at, Currency.Usd, [new OrderLine(new LineItemId("1"), P("a"), 1, new Money(1m, Currency.Usd))], status: OrderStatus.Cancelled);
        var orders = new[]
        {
            Basket("1", null, at, "a", "a", "b"),
            Basket("2", null, AsOf, "a", "b"),
            cancelled,
        };

        var model = RecommendationModel.Build(orders, AsOf, options: new RecommendationOptions { MinimumPairOrders = 1 });

        Assert.Equal(1, model.OrderCount);
        Assert.Equal(1, model.OrdersWith(P("a")));
        Assert.Equal(1, model.Association(P("a"), P("b"))!.Value.PairOrders);
    }

    [Fact]
    public void PopularInCategory_CountsOrdersInTheWindowThenUnits()
    {
        var model = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel());

        Assert.Equal([new PopularProduct(P("chino"), 3, 3), new PopularProduct(P("jeans"), 1, 1)], model.PopularInCategory(new CategoryId("trousers")));

        // oxford-white sold only on 1 April, before the window [2 May, 1 June).
        Assert.Equal([new PopularProduct(P("polo"), 2, 3), new PopularProduct(P("oxford-blue"), 1, 1)], model.PopularInCategory(new CategoryId("shirts")));
        Assert.Empty(model.PopularInCategory(new CategoryId("shoes")));
    }

    [Fact]
    public void RelatedTo_SharedStyleFirstThenSameCategoryByPopularity()
    {
        var options = new RecommendationOptions { RelatingAttributes = { "style" } };
        var model = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel(), options);

        Assert.Equal(["oxford-white", "polo"], model.RelatedTo(P("oxford-blue")).Select(p => p.Value));
        Assert.Equal(["oxford-blue", "oxford-white"], model.RelatedTo(P("polo")).Select(p => p.Value));
        Assert.Equal(["jeans"], model.RelatedTo(P("chino")).Select(p => p.Value));
        Assert.Empty(model.RelatedTo(P("watch")));

        var byCategoryOnly = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel());
        Assert.Equal(["polo", "oxford-white"], byCategoryOnly.RelatedTo(P("oxford-blue")).Select(p => p.Value));
    }

    [Fact]
    public void CategoryOf_CatalogWinsOverOrderLines_ElseLatestLine()
    {
        var at = Instant.FromUtc(2026, 5, 1, 0, 0);
        OrderLine Line(string id, string product, string category) => new(new LineItemId(id), P(product), 1, new Money(1m, Currency.Usd), category: new CategoryId(category));
        var orders = new[]
        {
            new Order(new OrderId("2"), null, at + Duration.FromDays(1), Currency.Usd, [Line("1", "mug", "kitchen"), Line("2", "watch", "gifts")]),
            new Order(new OrderId("1"), null, at, Currency.Usd, [Line("1", "mug", "camping")]),
        };

        var model = RecommendationModel.Build(orders, AsOf, Apparel());

        Assert.Equal(new CategoryId("kitchen"), model.CategoryOf(P("mug")));
        Assert.Equal(new CategoryId("accessories"), model.CategoryOf(P("watch")));
        Assert.Null(model.CategoryOf(P("unknown")));
    }

    [Fact]
    public void RecommendFor_Alice_CartThenBoughtTogetherThenRelated_WithoutHerDurableWatch()
    {
        var options = new RecommendationOptions { MinimumPairOrders = 1, RelatingAttributes = { "style" } };
        var model = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel(), options);
        var alice = new CustomerId("alice");

        var result = model.RecommendFor(alice, cart: [P("jeans")], wishlist: [P("watch")]);

        Assert.True(model.HasBoughtDurable(alice, P("watch")));
        Assert.Equal(
            [
                (P("jeans"), RecommendationSource.LeftInCart, (ProductId?)null),
                (P("oxford-white"), RecommendationSource.FrequentlyBoughtTogether, P("jeans")),
                (P("chino"), RecommendationSource.FrequentlyBoughtTogether, P("jeans")),
                (P("polo"), RecommendationSource.RelatedToLastPurchase, P("oxford-blue")),
            ],
            result.Select(r => (r.Product, r.Source, r.Anchor)));

        // jeans -> oxford-white: 1 of jeans' 2 orders, lift 1*6/(2*1) = 3.
        Assert.Equal(3.0, result[1].Association!.Value.Lift);
        Assert.Equal(0.5, result[1].Association!.Value.Confidence);
        Assert.Equal((0.5, 1.0), (result[2].Association!.Value.Confidence, result[2].Association!.Value.Lift));
    }

    [Fact]
    public void RecommendFor_Bob_FromHisLastOrderOnly()
    {
        var options = new RecommendationOptions { MinimumPairOrders = 1, RelatingAttributes = { "style" } };
        var model = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel(), options);

        var result = model.RecommendFor(new CustomerId("bob"));

        Assert.Equal(new OrderId("b2"), model.LastOrderOf(new CustomerId("bob"))!.Id);
        Assert.Equal(
            [
                (P("chino"), RecommendationSource.FrequentlyBoughtTogether),
                (P("oxford-blue"), RecommendationSource.RelatedToLastPurchase),
                (P("oxford-white"), RecommendationSource.RelatedToLastPurchase),
            ],
            result.Select(r => (r.Product, r.Source)));
        Assert.Equal(2, model.RecommendFor(new CustomerId("bob"), maxResults: 2).Count);
    }

    [Fact]
    public void RecommendFor_PopularInCategory_FillsAfterRelated()
    {
        var model = RecommendationModel.Build(ApparelOrders(), AsOf, Apparel(), new RecommendationOptions { MaxPerList = 1 });

        // Erin bought chino; related (MaxPerList 1) gives jeans; popular trousers are chino (hers) and jeans (taken).
        var erin = model.RecommendFor(new CustomerId("erin"));
        Assert.Equal([(P("jeans"), RecommendationSource.RelatedToLastPurchase)], erin.Select(r => (r.Product, r.Source)));

        // mA sold most over all time (related ranks by that), mB most in the window (popularity ranks by that).
        var old = Instant.FromUtc(2026, 1, 5, 0, 0);
        var recent = Instant.FromUtc(2026, 5, 20, 0, 0);
        var mugs = new CategoryId("mugs");
        var catalog = new ProductCatalog([new CatalogProduct(P("m0"), mugs), new CatalogProduct(P("mA"), mugs), new CatalogProduct(P("mB"), mugs)]);
        var orders = Enumerable.Range(0, 5).Select(i => Basket("old" + i, null, old, "mA"))
            .Concat([Basket("new1", null, recent, "mB"), Basket("new2", null, recent, "mB"), Basket("x1", "xavier", recent, "m0")]);
        var model2 = RecommendationModel.Build(orders, AsOf, catalog, new RecommendationOptions { MaxPerList = 1 });

        var xavier = model2.RecommendFor(new CustomerId("xavier"));

        Assert.Equal(
            [new Recommendation(P("mA"), RecommendationSource.RelatedToLastPurchase, P("m0")), new Recommendation(P("mB"), RecommendationSource.PopularInCategory, Category: mugs)],
            xavier);
    }

    [Fact]
    public void RecommendFor_UnknownCustomer_GetsCartAndItsCompanions()
    {
        var model = RecommendationModel.Build(Camping(), AsOf);

        var result = model.RecommendFor(new CustomerId("new"), cart: [P("lamp")]);

        Assert.Equal([(P("lamp"), RecommendationSource.LeftInCart), (P("tent"), RecommendationSource.FrequentlyBoughtTogether)], result.Select(r => (r.Product, r.Source)));
    }

    [Fact]
    public void RecommendFor_BadArguments_NameTheField()
    {
        var model = RecommendationModel.Build(Camping(), AsOf);

        Assert.Equal("maxResults", Assert.Throws<InvalidValueException>(() => model.RecommendFor(new CustomerId("a"), maxResults: 0)).Field);
        Assert.Equal("cart[1]", Assert.Throws<InvalidValueException>(() => model.RecommendFor(new CustomerId("a"), cart: [P("x"), default])).Field);
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => model.RecommendFor(default)).Field);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new RecommendationOptions();

        Assert.Equal(2, options.MinimumPairOrders);
        Assert.Equal(0, options.MinimumSupport);
        Assert.Equal(0, options.MinimumConfidence);
        Assert.Equal(1, options.MinimumLift);
        Assert.Equal(Duration.FromDays(30), options.PopularityWindow);
        Assert.Equal(10, options.MaxPerList);
        Assert.Empty(options.RelatingAttributes);
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new RecommendationOptions
        {
            MinimumPairOrders = 0,
            MinimumSupport = 1.5,
            MinimumConfidence = double.NaN,
            MinimumLift = -1,
            PopularityWindow = Duration.Zero,
            MaxPerList = 0,
            RelatingAttributes = { " " },
        };

        var error = Assert.Throws<InvalidConfigurationException>(() => RecommendationModel.Build(Camping(), AsOf, options: options));

        Assert.Equal(
            [
                "recommendations.minimumPairOrders: 0 must be at least 1",
                "recommendations.minimumSupport: 1.5 must be from 0 to 1",
                "recommendations.minimumConfidence: NaN must be from 0 to 1",
                "recommendations.minimumLift: -1 must be a finite number, not negative",
                "recommendations.popularityWindow: 0:00:00:00 must be greater than zero",
                "recommendations.maxPerList: 0 must be at least 1",
                "recommendations.relatingAttributes[0]: \" \" must not be empty",
            ],
            error.Errors);
    }

    [Fact]
    public void Catalog_DuplicateProduct_NamesTheEntry()
    {
        var error = Assert.Throws<InvalidValueException>(() => new ProductCatalog([new CatalogProduct(P("a")), new CatalogProduct(P("a"), isDurable: true)]));

        Assert.Equal("products[1].id", error.Field);
        Assert.Equal("\"a\"", error.Value);
    }
}
