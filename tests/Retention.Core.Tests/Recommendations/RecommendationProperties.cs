using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Recommendations;

namespace Retention.Tests.Recommendations;

/// <summary>
/// Invariants of the recommendation model over random order histories: pair statistics agree with a direct count,
/// lift and support are symmetric, confidence is at most 1, the frequently-bought-together lists hold exactly the rules
/// that pass the thresholds (not only nothing that fails them), bought durable products are never recommended, a
/// customer's recommendations are the documented composition of the model's own lists, and the model does not depend
/// on the order the history arrives in.
/// </summary>
public sealed class RecommendationProperties
{
    private const int MaxTest = 200;
    private static readonly string[] Products = ["p0", "p1", "p2", "p3", "p4", "p5"];
    private static readonly string[] Customers = ["c0", "c1", "c2"];

    /// <summary>A history, the durable products and a customer's cart.</summary>
    public sealed record Scenario(Order[] Orders, string[] Durables, string[] Cart, int Seed)
    {
        public override string ToString() =>
            "durable " + string.Join("/", Durables) + "; cart " + string.Join("/", Cart) + "; seed " + Seed + "; "
            + string.Join(", ", Orders.Select(o => o.Id + ":" + o.CustomerId + ":" + string.Join("+", o.Lines.Select(l => l.ProductId))));
    }

    private static Gen<Order> OrderGen(int number) =>
        from customer in Gen.Elements<string?>([null, .. Customers])
        from day in Gen.Choose(0, 60)
        from products in Gen.NonEmptyListOf(Gen.Elements(Products))
        select RecommendationSamples.Basket(
            "o" + number.ToString(CultureInfo.InvariantCulture),
            customer,
            Instant.FromUtc(2026, 4, 1, 0, 0) + Duration.FromDays(day),
            [.. products.Take(4)]);

    public static Arbitrary<Scenario> Scenarios() =>
        (from count in Gen.Choose(0, 25)
         from orders in Gen.CollectToArray(Enumerable.Range(0, count), OrderGen)
         from durables in Gen.SubListOf(Products)
         from cart in Gen.SubListOf(Products)
         from seed in Gen.Choose(0, 1000)
         select new Scenario(orders, [.. durables], [.. cart], seed)).ToArbitrary();

    private static ProductCatalog Catalog(Scenario s) =>
        new(Products.Select((p, i) => new CatalogProduct(new ProductId(p), new CategoryId("k" + (i % 2).ToString(CultureInfo.InvariantCulture)), s.Durables.Contains(p))));

    private static RecommendationModel Model(Scenario s, IEnumerable<Order> orders) =>
        RecommendationModel.Build(orders, RecommendationSamples.AsOf, Catalog(s), new RecommendationOptions { MinimumPairOrders = 1, MinimumLift = 0 });

    [Property(Arbitrary = [typeof(RecommendationProperties)], MaxTest = MaxTest)]
    public bool PairStatistics_MatchADirectCount_AndAreSymmetric(Scenario s)
    {
        var model = Model(s, s.Orders);
        var baskets = s.Orders.Select(o => o.Lines.Select(l => l.ProductId.Value).ToHashSet()).ToArray();
        foreach (var a in Products)
        {
            foreach (var b in Products)
            {
                var both = baskets.Count(x => x.Contains(a) && x.Contains(b));
                var forward = model.Association(new ProductId(a), new ProductId(b));
                var backward = model.Association(new ProductId(b), new ProductId(a));
                if (a == b || both == 0)
                {
                    if (forward is not null)
                    {
                        return false;
                    }

                    continue;
                }

                var f = forward!.Value;
                var r = backward!.Value;
                var nA = baskets.Count(x => x.Contains(a));
                if (f.PairOrders != both || f.ProductOrders != nA || f.Confidence != (double)both / nA)
                {
                    return false;
                }

                if (f.Lift != r.Lift || f.Support != r.Support || f.Confidence > 1 || f.Support > 1 || f.Confidence <= 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(RecommendationProperties)], MaxTest = MaxTest)]
    public bool BoughtDurables_AreNeverRecommended(Scenario s)
    {
        var model = Model(s, s.Orders);
        foreach (var customer in Customers)
        {
            var id = new CustomerId(customer);
            var bought = s.Orders.Where(o => o.CustomerId == id).SelectMany(o => o.Lines).Select(l => l.ProductId.Value).Where(s.Durables.Contains).ToHashSet();
            var recommended = model.RecommendFor(id, cart: s.Cart.Select(p => new ProductId(p)), wishlist: Products.Select(p => new ProductId(p)), maxResults: 100);
            if (recommended.Any(r => bought.Contains(r.Product.Value)) || recommended.Select(r => r.Product).Distinct().Count() != recommended.Count)
            {
                return false;
            }

            if (Products.Any(p => model.HasBoughtDurable(id, new ProductId(p)) != bought.Contains(p)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(RecommendationProperties)], MaxTest = MaxTest)]
    public bool Model_DoesNotDependOnInputOrder(Scenario s)
    {
        var shuffled = s.Orders.ToArray();
        new Random(s.Seed).Shuffle(shuffled);
        var one = Model(s, s.Orders);
        var two = Model(s, shuffled);
        foreach (var p in Products)
        {
            var id = new ProductId(p);
            if (!one.FrequentlyBoughtTogether(id).SequenceEqual(two.FrequentlyBoughtTogether(id)) || !one.RelatedTo(id).SequenceEqual(two.RelatedTo(id)))
            {
                return false;
            }
        }

        return Customers.All(c =>
            one.RecommendFor(new CustomerId(c), s.Cart.Select(p => new ProductId(p))).SequenceEqual(two.RecommendFor(new CustomerId(c), s.Cart.Select(p => new ProductId(p)))));
    }

    [Property(Arbitrary = [typeof(RecommendationProperties)], MaxTest = MaxTest)]
    public bool FrequentlyBoughtTogether_IsEveryRuleThatPassesTheThresholds_Ranked(Scenario s)
    {
        // Thresholds from the seed, so each is met exactly, missed and, for the list length, cut short.
        var options = new RecommendationOptions
        {
            MinimumPairOrders = 1 + (s.Seed % 3),
            MinimumLift = new[] { 0, 1, 1.2 }[s.Seed / 3 % 3],
            MinimumConfidence = new[] { 0, 0.3, 0.5 }[s.Seed / 9 % 3],
            MinimumSupport = new[] { 0, 0.1 }[s.Seed / 27 % 2],
            MaxPerList = new[] { 1, 2, 10 }[s.Seed / 54 % 3],
        };
        var model = RecommendationModel.Build(s.Orders, RecommendationSamples.AsOf, Catalog(s), options);
        foreach (var p in Products)
        {
            var passing = Products
                .Select(c => model.Association(new ProductId(p), new ProductId(c)))
                .OfType<ProductAssociation>()
                .Where(a => a.PairOrders >= options.MinimumPairOrders && a.Lift >= options.MinimumLift && a.Confidence >= options.MinimumConfidence && a.Support >= options.MinimumSupport);
            if (!model.FrequentlyBoughtTogether(new ProductId(p)).SequenceEqual(Ranked(passing).Take(options.MaxPerList)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(RecommendationProperties)], MaxTest = MaxTest)]
    public bool RecommendFor_IsTheDocumentedSourcesInOrder_FromTheModelsOwnLists(Scenario s)
    {
        // RecommendFor composed again from the documented rules and the model's public lists (each checked by its own
        // property or tests): cart, then wishlist, then the best-ranked rule per companion over the last order's and the
        // cart's products, then related products and popular products of the last order; a product once, under its
        // first source; the last order's products not again by the last three; bought durables never; cut at the
        // maximum. The list lengths, the popularity window, the wishlist, whether the cart is used and the maximum are
        // drawn from the seed, so each source is reached and cut, the popular products differ from the related ones,
        // and an empty cart and wishlist leave room for the later sources.
        var random = new Random(s.Seed);
        var options = new RecommendationOptions
        {
            MinimumPairOrders = new[] { 1, 3, 100 }[random.Next(3)],
            MinimumLift = 0,
            MaxPerList = new[] { 1, 1, 2, 10 }[random.Next(4)],
            PopularityWindow = Duration.FromDays(new[] { 10, 30, 90 }[random.Next(3)]),
        };
        var model = RecommendationModel.Build(s.Orders, RecommendationSamples.AsOf, Catalog(s), options);
        var cart = random.Next(2) == 0 ? [] : s.Cart.Select(p => new ProductId(p)).ToArray();
        var wishlist = random.Next(3) != 0 ? [] : Products.Where(_ => random.Next(2) == 0).Select(p => new ProductId(p)).Reverse().ToArray();
        var maxResults = random.Next(2) == 0 ? 100 : 1 + random.Next(6);
        foreach (var customer in Customers.Append("c-new"))
        {
            var id = new CustomerId(customer);
            var actual = model.RecommendFor(id, cart, wishlist, maxResults);
            if (!actual.SequenceEqual(Expected(model, id, cart, wishlist).Take(maxResults)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The documented rank of rules: confidence, then lift (both descending), then the companion's and the product's identifiers, ordinally.</summary>
    private static IOrderedEnumerable<ProductAssociation> Ranked(IEnumerable<ProductAssociation> rules) =>
        rules.OrderByDescending(a => a.Confidence).ThenByDescending(a => a.Lift)
            .ThenBy(a => a.Companion.Value, StringComparer.Ordinal).ThenBy(a => a.Product.Value, StringComparer.Ordinal);

    private static List<Recommendation> Expected(RecommendationModel model, CustomerId customer, ProductId[] cart, ProductId[] wishlist)
    {
        var list = new List<Recommendation>();
        var taken = new HashSet<ProductId>();
        void Offer(Recommendation r)
        {
            if (!model.HasBoughtDurable(customer, r.Product) && taken.Add(r.Product))
            {
                list.Add(r);
            }
        }

        foreach (var p in cart)
        {
            Offer(new Recommendation(p, RecommendationSource.LeftInCart));
        }

        foreach (var p in wishlist)
        {
            Offer(new Recommendation(p, RecommendationSource.Wishlist));
        }

        var last = model.LastOrderOf(customer)?.Lines.Select(l => l.ProductId).Distinct().OrderBy(p => p.Value, StringComparer.Ordinal).ToArray() ?? [];
        taken.UnionWith(last);
        var rules = Ranked(last.Concat(cart).SelectMany(model.FrequentlyBoughtTogether).GroupBy(a => a.Companion).Select(g => Ranked(g).First()));
        foreach (var rule in rules)
        {
            Offer(new Recommendation(rule.Companion, RecommendationSource.FrequentlyBoughtTogether, rule.Product, Association: rule));
        }

        foreach (var anchor in last)
        {
            foreach (var related in model.RelatedTo(anchor))
            {
                Offer(new Recommendation(related, RecommendationSource.RelatedToLastPurchase, anchor));
            }
        }

        foreach (var category in last.Select(model.CategoryOf).OfType<CategoryId>().Distinct().OrderBy(c => c.Value, StringComparer.Ordinal))
        {
            foreach (var popular in model.PopularInCategory(category))
            {
                Offer(new Recommendation(popular.Product, RecommendationSource.PopularInCategory, Category: category));
            }
        }

        return list;
    }
}
