using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodaTime;
using Retention.Recommendations;
using static Retention.Tests.Recommendations.RecommendationSamples;

namespace Retention.Tests.Recommendations;

/// <summary>Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing).</summary>
public sealed class RecommendationsMutationGapTests
{
    private static readonly CustomerId Newcomer = new("new");

    private static void Invalid(Action act, string field, string rule)
    {
        var error = Assert.Throws<InvalidValueException>(act);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        Assert.EndsWith(" " + rule + ".", error.Message, StringComparison.Ordinal);
    }

    private static void Null(Action act, string parameter) => Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(act).ParamName);

    /// <summary>An order whose lines are (product, quantity) pairs, so one product can fill two lines.</summary>
    private static Order Lines(string id, string? customer, Instant at, params (string Product, int Quantity)[] lines) =>
        new(
            new OrderId(id),
            customer is null ? null : new CustomerId(customer),
            at,
            Currency.Usd,
            lines.Select((l, i) => new OrderLine(new LineItemId(id + "-" + i.ToString(CultureInfo.InvariantCulture)), P(l.Product), l.Quantity, new Money(10m, Currency.Usd))));

    private static CatalogProduct InCategory(string product, string category) => new(P(product), new CategoryId(category));

    private static CatalogProduct WithAttributes(string product, params (string Key, string Value)[] attributes) =>
        new(P(product), attributes: attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));

    [Fact]
    public void Catalog_BadEntries_AreRejected()
    {
        // Survived: CatalogProduct.cs:25, 26, 32 statement removal and strings; 30 and 31 ThrowIfNull removed; 32
        // `> 0` -> `>= 0`; ProductCatalog.cs:24 and 29 ThrowIfNull removed, 30 "is listed twice" -> "".
        Invalid(() => _ = new CatalogProduct(default), "product.id", "must be assigned");
        Invalid(() => _ = new CatalogProduct(P("a"), default(CategoryId)), "product.category", "must be assigned when given");
        Invalid(() => _ = new CatalogProduct(P("a"), attributes: new Dictionary<string, string> { [" "] = "x" }), "product.attributes.key", "must not be empty");
        Invalid(() => _ = new CatalogProduct(P("a"), attributes: new Dictionary<string, string> { [string.Empty] = "x" }), "product.attributes.key", "must not be empty");
        Null(() => _ = new CatalogProduct(P("a"), attributes: new Dictionary<string, string> { ["style"] = null! }), "attributes");
        Null(() => _ = new CatalogProduct(P("a"), attributes: new NullKeyAttributes()), "attributes");

        Null(() => _ = new ProductCatalog(null!), "products");
        Null(() => _ = new ProductCatalog([new CatalogProduct(P("a")), null!]), "products");
        Invalid(() => _ = new ProductCatalog([new CatalogProduct(P("a")), new CatalogProduct(P("b")), new CatalogProduct(P("a"))]), "products[2].id", "is listed twice");
    }

    [Fact]
    public void Build_NullOrders_AndTheOptionsBoundaries()
    {
        // Survived: RecommendationModel.cs:153 and 161 ThrowIfNull removed; RecommendationOptions.cs:85
        // "recommendation options" -> ""; 91 `value <= 1` -> `value < 1` (a share of exactly 1 is allowed).
        Null(() => RecommendationModel.Build(null!, AsOf), "orders");
        Null(() => RecommendationModel.Build([Camping()[0], null!], AsOf), "orders");
        var error = Assert.Throws<InvalidConfigurationException>(() => RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MaxPerList = 0 }));
        Assert.Equal("recommendation options", error.Subject);

        var strict = RecommendationModel.Build(Camping(), AsOf, options: new RecommendationOptions { MinimumSupport = 1, MinimumConfidence = 1 });
        Assert.Equal(6, strict.OrderCount);
        Assert.Empty(strict.FrequentlyBoughtTogether(P("lamp")));
    }

    [Fact]
    public void Build_ReadsOrdersInTimeThenIdOrder_WhateverTheInputOrder()
    {
        // Survived: RecommendationModel.cs:169 the sort's `x.PlacedAt != y.PlacedAt ? ...` -> `true ? ...` (ties on the
        // instant keep the input order) and -> `false ? ...` (orders by id only).
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        OrderLine Line(string product, string category) => new(new LineItemId("1"), P(product), 1, new Money(1m, Currency.Usd), category: new CategoryId(category));
        var later = new Order(new OrderId("a"), new CustomerId("c"), day + Duration.FromDays(1), Currency.Usd, [Line("mug", "kitchen")]);
        var earlier = new Order(new OrderId("b"), new CustomerId("c"), day, Currency.Usd, [Line("mug", "camping")]);

        var byTime = RecommendationModel.Build([later, earlier], AsOf);
        Assert.Equal(new CategoryId("kitchen"), byTime.CategoryOf(P("mug")));
        Assert.Equal(new OrderId("a"), byTime.LastOrderOf(new CustomerId("c"))!.Id);

        var byId = RecommendationModel.Build([Basket("2", "d", day, "x"), Basket("1", "d", day, "y")], AsOf);
        Assert.Equal(new OrderId("2"), byId.LastOrderOf(new CustomerId("d"))!.Id);
    }

    [Fact]
    public void PopularInCategory_RanksByOrdersThenUnitsThenId_FromTheWindowStartInclusive()
    {
        // Survived: RecommendationModel.cs:174 `>= windowStart` -> `>`; 477 `c != 0` -> `c == 0` and 478 the block
        // removed (units before orders); 483 `c != 0 ? c : ...` -> `true ? ...`, `false ? ...` and `c == 0`;
        // 635 `_basketUnits[at] + line.Quantity` -> `-` (py's two lines of 2 and 3 units are 5 units).
        var k = new CategoryId("k");
        var catalog = new ProductCatalog([.. new[] { "pb", "pc", "pd", "pw", "py", "pz" }.Select(p => InCategory(p, "k"))]);
        static Instant May(int day) => Instant.FromUtc(2026, 5, day, 12, 0);
        var orders = new[]
        {
            Lines("o7", null, AsOf - Duration.FromDays(30), ("pw", 1)),
            Lines("o1", null, May(10), ("pd", 1)),
            Lines("o2", null, May(11), ("pc", 1)),
            Lines("o3", null, May(12), ("pz", 1)),
            Lines("o4", null, May(13), ("pz", 1)),
            Lines("o5", null, May(14), ("py", 2), ("py", 3)),
            Lines("o6", null, May(15), ("pb", 3)),
        };

        var model = RecommendationModel.Build(orders, AsOf, catalog);

        Assert.Equal(
            [new PopularProduct(P("pz"), 2, 2), new PopularProduct(P("py"), 1, 5), new PopularProduct(P("pb"), 1, 3), new PopularProduct(P("pc"), 1, 1), new PopularProduct(P("pd"), 1, 1), new PopularProduct(P("pw"), 1, 1)],
            model.PopularInCategory(k));
    }

    [Fact]
    public void RelatedTo_MostSharedAttributesFirst_ThenByPopularity()
    {
        // Survived: RecommendationModel.cs:110 `(list ??= []).Add(p)` -> `(list = []).Add(p)` (a group kept only its
        // last product); 179 `builder.IndexOf(entry.Id)` removed (p is in the catalog only); 505 `++` -> `--`.
        // NoCoverage: 234 the unknown product's `return []` block (index 0 is q2, which has relations); 515 every mutant
        // of the tie-break by popularity (q3 is met first, through "colour", but q2 sells more).
        var catalog = new ProductCatalog(
        [
            WithAttributes("p", ("style", "s"), ("colour", "c")),
            WithAttributes("q1", ("style", "s"), ("colour", "c")),
            WithAttributes("q2", ("style", "s")),
            WithAttributes("q3", ("colour", "c")),
            WithAttributes("q4", ("style", "s")),
        ]);
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        var orders = new[] { Basket("r1", null, day, "q2"), Basket("r2", null, day + Duration.FromHours(1), "q2"), Basket("r3", null, day + Duration.FromHours(2), "q3") };

        var model = RecommendationModel.Build(orders, AsOf, catalog, new RecommendationOptions { RelatingAttributes = { "colour", "style" } });

        Assert.Equal(["q1", "q2", "q3", "q4"], model.RelatedTo(P("p")).Select(p => p.Value));
        Assert.Equal(["p", "q1", "q4"], model.RelatedTo(P("q2")).Select(p => p.Value));
        Assert.Empty(model.RelatedTo(P("unknown")));
    }

    [Fact]
    public void RecommendFor_BadArguments_NameTheRule()
    {
        // Survived: RecommendationModel.cs:278, 279 and 373 rule strings; 281 "wishlist" -> ""; 279 `maxResults >= 1`
        // -> `> 1`.
        var model = RecommendationModel.Build(Camping(), AsOf);

        Invalid(() => model.RecommendFor(default), "customerId", "must be assigned");
        Invalid(() => model.RecommendFor(Newcomer, maxResults: 0), "maxResults", "must be at least 1");
        Invalid(() => model.RecommendFor(Newcomer, cart: [P("x"), default]), "cart[1]", "must be assigned");
        Invalid(() => model.RecommendFor(Newcomer, wishlist: [P("x"), default]), "wishlist[1]", "must be assigned");
        Assert.Equal([new Recommendation(P("tent"), RecommendationSource.LeftInCart)], model.RecommendFor(Newcomer, cart: [P("tent")], maxResults: 1));
    }

    [Fact]
    public void RecommendFor_StopsAtMaxResults_InEverySource()
    {
        // NoCoverage: RecommendationModel.cs:305, 313 and 338 the `return` blocks of the cart, wishlist and bought-together
        // loops.
        var model = RecommendationModel.Build(Camping(), AsOf);

        Assert.Equal(["mug", "lamp"], model.RecommendFor(Newcomer, cart: [P("mug"), P("lamp"), P("tent")], maxResults: 2).Select(r => r.Product.Value));
        Assert.Equal(["mug", "lamp"], model.RecommendFor(Newcomer, wishlist: [P("mug"), P("lamp"), P("tent")], maxResults: 2).Select(r => r.Product.Value));
        Assert.Equal(["tent", "stove"], model.RecommendFor(Newcomer, cart: [P("tent")], maxResults: 2).Select(r => r.Product.Value));
    }

    [Fact]
    public void RecommendFor_ACompanionOfTwoAnchors_ComesFromTheBetterRule()
    {
        // Survived: RecommendationModel.cs:326 `!best.TryGetValue(...) || CompareRank(...) < 0` -> `&&` (first anchor
        // wins), -> `best.TryGetValue(...) || ...` (last anchor wins) and `< 0` -> `> 0` (worse rule wins).
        // y -> z has confidence 1, x -> z only 1/2: z is recommended for y, whichever comes first in the cart.
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        var model = RecommendationModel.Build(
            [Basket("o1", null, day, "x", "z"), Basket("o2", null, day, "x"), Basket("o3", null, day, "y", "z")],
            AsOf,
            options: new RecommendationOptions { MinimumPairOrders = 1, MinimumLift = 0 });

        foreach (var cart in new[] { new[] { P("x"), P("y") }, [P("y"), P("x")] })
        {
            var z = model.RecommendFor(Newcomer, cart: cart)[2];
            Assert.Equal((P("z"), RecommendationSource.FrequentlyBoughtTogether, P("y")), (z.Product, z.Source, z.Anchor));
            Assert.Equal(1.0, z.Association!.Value.Confidence);
        }
    }

    [Fact]
    public void RecommendFor_EqualRulesFromTwoAnchors_TheSmallerAnchorWins()
    {
        // Survived: RecommendationModel.cs:396 `c != 0 ? c : x.Product.CompareTo(y.Product)` -> `true ? c : ...`.
        // x -> z and y -> z have equal confidence, lift and companion; the cart lists y first.
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        var model = RecommendationModel.Build([Basket("o1", null, day, "x", "z"), Basket("o2", null, day, "y", "z")], AsOf, options: new RecommendationOptions { MinimumPairOrders = 1 });

        var z = model.RecommendFor(Newcomer, cart: [P("y"), P("x")])[2];

        Assert.Equal((P("z"), P("x")), (z.Product, z.Anchor));
    }

    [Fact]
    public void RecommendFor_CompanionsOfSeveralAnchors_AreRankedTogether()
    {
        // Survived: RecommendationModel.cs:334 `Array.Sort(together, ByRank)` removed: c1 (from p, confidence 1/2) was
        // met before c2 (from q, confidence 1).
        var day = Instant.FromUtc(2026, 5, 1, 12, 0);
        var model = RecommendationModel.Build(
            [Basket("o1", null, day, "p", "c1"), Basket("o2", null, day, "p"), Basket("o3", null, day, "q", "c2")],
            AsOf,
            options: new RecommendationOptions { MinimumPairOrders = 1, MinimumLift = 0 });

        var result = model.RecommendFor(Newcomer, cart: [P("p"), P("q")]);

        Assert.Equal([("p", (string?)null), ("q", null), ("c2", "q"), ("c1", "p")], result.Select(r => (r.Product.Value, r.Anchor?.Value)));
    }

    [Fact]
    public void RecommendFor_RelatedAndPopular_FollowTheAnchorsAndCategoriesInOrder()
    {
        // Survived: RecommendationModel.cs:318 and 354 `Order()` -> `OrderDescending()` (anchors a1 before b1,
        // category A before B); 358 `!Add(...)` -> `Add(...)`. NoCoverage: 359 the `return` block of the popular loop.
        var catalog = new ProductCatalog([.. new[] { "a1", "aOld", "aNew" }.Select(p => InCategory(p, "A")), .. new[] { "b1", "bOld", "bNew" }.Select(p => InCategory(p, "B"))]);
        var old = Instant.FromUtc(2026, 1, 5, 12, 0);
        var recent = Instant.FromUtc(2026, 5, 20, 12, 0);
        var orders = new List<Order>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(Basket("ao" + i.ToString(CultureInfo.InvariantCulture), null, old, "aOld"));
            orders.Add(Basket("bo" + i.ToString(CultureInfo.InvariantCulture), null, old, "bOld"));
        }

        for (var i = 0; i < 2; i++)
        {
            orders.Add(Basket("an" + i.ToString(CultureInfo.InvariantCulture), null, recent, "aNew"));
            orders.Add(Basket("bn" + i.ToString(CultureInfo.InvariantCulture), null, recent, "bNew"));
        }

        orders.Add(Basket("c1", "cleo", recent + Duration.FromDays(1), "b1", "a1"));
        var model = RecommendationModel.Build(orders, AsOf, catalog, new RecommendationOptions { MaxPerList = 1 });
        var cleo = new CustomerId("cleo");

        Assert.Equal(
            [
                new Recommendation(P("aOld"), RecommendationSource.RelatedToLastPurchase, P("a1")),
                new Recommendation(P("bOld"), RecommendationSource.RelatedToLastPurchase, P("b1")),
                new Recommendation(P("aNew"), RecommendationSource.PopularInCategory, Category: new CategoryId("A")),
                new Recommendation(P("bNew"), RecommendationSource.PopularInCategory, Category: new CategoryId("B")),
            ],
            model.RecommendFor(cleo));
        Assert.Equal(["aOld", "bOld", "aNew"], model.RecommendFor(cleo, maxResults: 3).Select(r => r.Product.Value));
    }

    /// <summary>Attributes holding a null key, which no BCL dictionary can; only enumeration is used by the catalog.</summary>
    private sealed class NullKeyAttributes : IReadOnlyDictionary<string, string>
    {
        private static readonly KeyValuePair<string, string>[] Pairs = [new(null!, "v")];

        public int Count => Pairs.Length;

        public IEnumerable<string> Keys => Pairs.Select(p => p.Key);

        public IEnumerable<string> Values => Pairs.Select(p => p.Value);

        public string this[string key] => throw new KeyNotFoundException();

        public bool ContainsKey(string key) => false;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
        {
            value = null;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)Pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
