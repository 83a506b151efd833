using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Recommendations;

/// <summary>
/// An immutable recommendation model built once from the order history: which products are bought together, which
/// sell well in each category, which products are related, and per customer the last order and the durable products
/// already bought; queried per customer cheaply.
/// </summary>
/// <remarks>
/// <para>
/// <b>Orders.</b> The model reads the orders placed before its as-of instant, except cancelled ones. Each order is one
/// basket: a product counts once per order, however many lines or units hold it. Guest orders count for the
/// statistics but belong to no customer.
/// </para>
/// <para>
/// <b>Frequently bought together.</b> With N orders, n(A) orders holding A and n(AB) holding both A and B, the rule
/// "A, so also B" has support n(AB)/N, confidence n(AB)/n(A) and lift n(AB)·N/(n(A)·n(B)) (see
/// <see cref="ProductAssociation"/>). A rule is kept when it passes every threshold of
/// <see cref="RecommendationOptions"/> (all inclusive); a product's rules are ranked by confidence, then lift (both
/// descending), then the companion's identifier, ordinally, and the first <see cref="RecommendationOptions.MaxPerList"/>
/// are kept. Counting pairs costs the square of the number of distinct products per order.
/// </para>
/// <para>
/// <b>Categories and relations.</b> A product's category is the catalog's, or else the category on its latest order
/// line. "Popular in a category" ranks the products of the category by the orders holding them in the window
/// [as-of − <see cref="RecommendationOptions.PopularityWindow"/>, as-of), then by units, then by identifier. Two
/// products are related when they share the value of a relating attribute (another colour of the same style) or the
/// category; see <see cref="RelatedTo"/>.
/// </para>
/// <para>
/// <b>Durable products.</b> A product the catalog marks durable that a customer has bought (in a non-cancelled order
/// before the as-of instant) is never recommended to that customer by <see cref="RecommendFor"/>, from any source.
/// </para>
/// <para>Thread safety: immutable after <see cref="Build"/>; safe to query from several threads.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var options = new RecommendationOptions { MinimumPairOrders = 2, MinimumLift = 1.0 };
/// var model = RecommendationModel.Build(orders, asOf, catalog, options);
/// IReadOnlyList<ProductAssociation> together = model.FrequentlyBoughtTogether(new ProductId("tent"));
/// IReadOnlyList<Recommendation> forAlice = model.RecommendFor(alice, cart: [new ProductId("stove")]);
/// ]]></code>
/// </example>
public sealed class RecommendationModel
{
    private static readonly Comparison<ProductAssociation> ByRank = CompareRank;

    private readonly Dictionary<ProductId, int> _index;
    private readonly ProductId[] _products;
    private readonly int[] _orders;
    private readonly CategoryId?[] _categories;
    private readonly Dictionary<long, int> _pairs;
    private readonly ProductAssociation[][] _together;
    private readonly Dictionary<CategoryId, PopularProduct[]> _popular;
    private readonly Dictionary<CategoryId, int[]> _byCategory;
    private readonly Dictionary<(string Key, string Value), int[]> _byAttribute;
    private readonly string[] _relating;
    private readonly Dictionary<CustomerId, CustomerHistory> _customers;
    private readonly ProductCatalog _catalog;
    private readonly int _maxPerList;

    private RecommendationModel(Builder b, ProductCatalog catalog, RecommendationOptions options, Instant asOf)
    {
        AsOf = asOf;
        OrderCount = b.OrderCount;
        PopularityWindow = options.PopularityWindow;
        _catalog = catalog;
        _maxPerList = options.MaxPerList;
        _relating = [.. options.RelatingAttributes.Distinct(StringComparer.Ordinal)];
        _index = b.Index;
        _products = [.. b.Products];
        _orders = [.. b.Orders];
        _pairs = b.Pairs;
        _customers = b.Customers;

        var count = _products.Length;
        _categories = new CategoryId?[count];
        for (var i = 0; i < count; i++)
        {
            _categories[i] = catalog.Find(_products[i])?.Category ?? b.LineCategories[i];
        }

        _together = BuildTogether(options);
        _popular = BuildPopular(b);
        _byCategory = [];
        _byAttribute = [];
        var byPopularity = Enumerable.Range(0, count).ToArray();
        Array.Sort(byPopularity, ComparePopularity);
        var categoryLists = new Dictionary<CategoryId, List<int>>();
        var attributeLists = new Dictionary<(string, string), List<int>>();
        foreach (var p in byPopularity)
        {
            if (_categories[p] is { } category)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(categoryLists, category, out _) ??= [];
                categoryLists[category].Add(p);
            }

            if (catalog.Find(_products[p]) is { } entry)
            {
                foreach (var key in _relating)
                {
                    if (entry.Attributes.TryGetValue(key, out var value))
                    {
                        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(attributeLists, (key, value), out _);
                        (list ??= []).Add(p);
                    }
                }
            }
        }

        foreach (var (category, list) in categoryLists)
        {
            _byCategory[category] = [.. list];
        }

        foreach (var (pair, list) in attributeLists)
        {
            _byAttribute[pair] = [.. list];
        }
    }

    /// <summary>Gets the instant the model was built as of: it read the orders placed before it.</summary>
    /// <value>The as-of instant.</value>
    public Instant AsOf { get; }

    /// <summary>Gets N, the number of orders the model read.</summary>
    /// <value>Orders placed before <see cref="AsOf"/>, not cancelled.</value>
    public int OrderCount { get; }

    /// <summary>Gets the number of products the model knows, from orders and from the catalog.</summary>
    /// <value>The count.</value>
    public int ProductCount => _products.Length;

    /// <summary>Gets how far back from <see cref="AsOf"/> popularity looks.</summary>
    /// <value>The window's length.</value>
    public Duration PopularityWindow { get; }

    /// <summary>Builds a model from the order history.</summary>
    /// <param name="orders">The orders, in any order; read once. Cancelled orders and orders placed at or after <paramref name="asOf"/> are skipped.</param>
    /// <param name="asOf">The instant the model describes.</param>
    /// <param name="catalog">Categories, durable products and attributes, or <see langword="null"/> for none.</param>
    /// <param name="options">Thresholds and lengths, or <see langword="null"/> for the defaults; copied.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="orders"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when an option is invalid; every problem is listed.</exception>
    public static RecommendationModel Build(IEnumerable<Order> orders, Instant asOf, ProductCatalog? catalog = null, RecommendationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(orders);
        options ??= new RecommendationOptions();
        options.Validate();
        catalog ??= ProductCatalog.Empty;

        var kept = new List<Order>();
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            if (order.Status != OrderStatus.Cancelled && order.PlacedAt < asOf)
            {
                kept.Add(order);
            }
        }

        // Time order (then order id) makes "latest line category" and "last order" independent of the input order.
        kept.Sort(static (x, y) => x.PlacedAt != y.PlacedAt ? x.PlacedAt.CompareTo(y.PlacedAt) : x.Id.CompareTo(y.Id));
        var builder = new Builder();
        var windowStart = asOf - options.PopularityWindow;
        foreach (var order in kept)
        {
            builder.Add(order, catalog, order.PlacedAt >= windowStart);
        }

        foreach (var entry in catalog.Products.OrderBy(p => p.Id))
        {
            builder.IndexOf(entry.Id);
        }

        return new RecommendationModel(builder, catalog, options, asOf);
    }

    /// <summary>Returns n(A), the number of orders that hold a product.</summary>
    /// <param name="productId">The product.</param>
    /// <returns>The count; 0 for a product the model has not seen in an order.</returns>
    public int OrdersWith(ProductId productId) => _index.TryGetValue(productId, out var i) ? _orders[i] : 0;

    /// <summary>Returns the category the model uses for a product.</summary>
    /// <param name="productId">The product.</param>
    /// <returns>The catalog's category, or else the one on its latest order line; <see langword="null"/> when neither says.</returns>
    public CategoryId? CategoryOf(ProductId productId) => _index.TryGetValue(productId, out var i) ? _categories[i] : null;

    /// <summary>Returns the statistics of the rule "bought <paramref name="product"/>, so also <paramref name="companion"/>", whatever the thresholds.</summary>
    /// <param name="product">The product bought (A).</param>
    /// <param name="companion">The companion (B).</param>
    /// <returns>The association, or <see langword="null"/> when no order holds both (or they are the same product).</returns>
    public ProductAssociation? Association(ProductId product, ProductId companion)
    {
        if (!_index.TryGetValue(product, out var a) || !_index.TryGetValue(companion, out var b) || a == b)
        {
            return null;
        }

        return _pairs.TryGetValue(PairKey(a, b), out var both) ? Associate(a, b, both) : null;
    }

    /// <summary>Returns the products frequently bought together with a product: the rules that pass the thresholds,
    /// ranked by confidence, then lift, then the companion's identifier, at most <see cref="RecommendationOptions.MaxPerList"/>.</summary>
    /// <param name="productId">The product bought.</param>
    /// <returns>The rules; empty for an unknown product.</returns>
    public IReadOnlyList<ProductAssociation> FrequentlyBoughtTogether(ProductId productId) =>
        _index.TryGetValue(productId, out var i) ? new ReadOnlyCollection<ProductAssociation>(_together[i]) : [];

    /// <summary>Returns the products that sold best in a category over the popularity window: by orders, then units
    /// (both descending), then identifier, at most <see cref="RecommendationOptions.MaxPerList"/>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The products; empty when none of the category sold in the window.</returns>
    public IReadOnlyList<PopularProduct> PopularInCategory(CategoryId category) =>
        _popular.TryGetValue(category, out var list) ? new ReadOnlyCollection<PopularProduct>(list) : [];

    /// <summary>Returns the products related to a product, at most <see cref="RecommendationOptions.MaxPerList"/>.</summary>
    /// <remarks>
    /// First the products that share the value of at least one relating attribute (same style, other colour), most
    /// shared attributes first; then the other products of the same category. Within each group, products held by more
    /// orders come first, then by identifier, ordinally. The product itself is never listed.
    /// </remarks>
    /// <param name="productId">The product.</param>
    /// <returns>The related products; empty for an unknown product.</returns>
    public IReadOnlyList<ProductId> RelatedTo(ProductId productId)
    {
        if (!_index.TryGetValue(productId, out var p))
        {
            return [];
        }

        var result = new List<ProductId>();
        foreach (var q in Related(p))
        {
            result.Add(_products[q]);
        }

        return result.AsReadOnly();
    }

    /// <summary>Returns whether a customer bought a product that the catalog marks durable.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="productId">The product.</param>
    /// <returns><see langword="true"/> when <see cref="RecommendFor"/> will never recommend the product to the customer.</returns>
    public bool HasBoughtDurable(CustomerId customerId, ProductId productId) =>
        _customers.TryGetValue(customerId, out var history) && history.Durables is { } set && set.Contains(productId);

    /// <summary>Returns the customer's last order in the model.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The latest order by placed instant (the greater order id on a tie), or <see langword="null"/> for none.</returns>
    public Order? LastOrderOf(CustomerId customerId) => _customers.TryGetValue(customerId, out var history) ? history.Last : null;

    /// <summary>Recommends products to one customer.</summary>
    /// <remarks>
    /// <para>Sources in order: the cart's products, then the wishlist's (as given), then products frequently bought
    /// together with the products of the last order or of the cart (ranked as in <see cref="FrequentlyBoughtTogether"/>
    /// across all of them), then products related to each product of the last order (those products in identifier
    /// order), then popular products of the last order's categories (in identifier order). A product is listed once,
    /// under its first source. The products of the last order are not recommended again by the last three sources.
    /// Durable products the customer bought are never listed, even from the cart.</para>
    /// <para>The cost is a few lists of at most <see cref="RecommendationOptions.MaxPerList"/> per product of the last
    /// order and of the cart.</para>
    /// </remarks>
    /// <param name="customerId">The customer; a customer without orders gets cart, wishlist and bought-together items only.</param>
    /// <param name="cart">Products left in the cart, or <see langword="null"/>; read once.</param>
    /// <param name="wishlist">Products on the wishlist, or <see langword="null"/>; read once.</param>
    /// <param name="maxResults">The most recommendations to return, at least 1.</param>
    /// <returns>The recommendations, in source order.</returns>
    /// <exception cref="InvalidValueException">Thrown when the customer or a product is unassigned, or <paramref name="maxResults"/> is less than 1.</exception>
    public IReadOnlyList<Recommendation> RecommendFor(CustomerId customerId, IEnumerable<ProductId>? cart = null, IEnumerable<ProductId>? wishlist = null, int maxResults = 10)
    {
        Preconditions.CheckValue(!customerId.IsUnassigned, "customerId", customerId, "must be assigned");
        Preconditions.CheckValue(maxResults >= 1, "maxResults", maxResults, "must be at least 1");
        var cartItems = Checked(cart, "cart");
        var wishItems = Checked(wishlist, "wishlist");
        var history = _customers.GetValueOrDefault(customerId);
        var durables = history?.Durables;
        var results = new List<Recommendation>();
        var taken = new HashSet<ProductId>();

        bool Add(Recommendation r)
        {
            if (durables is not null && durables.Contains(r.Product))
            {
                return results.Count < maxResults;
            }

            if (taken.Add(r.Product))
            {
                results.Add(r);
            }

            return results.Count < maxResults;
        }

        foreach (var p in cartItems)
        {
            if (!Add(new Recommendation(p, RecommendationSource.LeftInCart)))
            {
                return results.AsReadOnly();
            }
        }

        foreach (var p in wishItems)
        {
            if (!Add(new Recommendation(p, RecommendationSource.Wishlist)))
            {
                return results.AsReadOnly();
            }
        }

        var last = history is null ? [] : history.Last.Lines.Select(l => l.ProductId).Distinct().Order().ToArray();
        taken.UnionWith(last);

        var best = new Dictionary<ProductId, ProductAssociation>();
        foreach (var anchor in last.Concat(cartItems))
        {
            foreach (var rule in FrequentlyBoughtTogether(anchor))
            {
                if (!best.TryGetValue(rule.Companion, out var seen) || CompareRank(rule, seen) < 0)
                {
                    best[rule.Companion] = rule;
                }
            }
        }

        var together = best.Values.ToArray();
        Array.Sort(together, ByRank);
        foreach (var rule in together)
        {
            if (!Add(new Recommendation(rule.Companion, RecommendationSource.FrequentlyBoughtTogether, rule.Product, Association: rule)))
            {
                return results.AsReadOnly();
            }
        }

        foreach (var anchor in last)
        {
            foreach (var q in Related(_index[anchor]))
            {
                if (!Add(new Recommendation(_products[q], RecommendationSource.RelatedToLastPurchase, anchor)))
                {
                    return results.AsReadOnly();
                }
            }
        }

        foreach (var category in last.Select(CategoryOf).OfType<CategoryId>().Distinct().Order())
        {
            foreach (var popular in PopularInCategory(category))
            {
                if (!Add(new Recommendation(popular.Product, RecommendationSource.PopularInCategory, Category: category)))
                {
                    return results.AsReadOnly();
                }
            }
        }

        return results.AsReadOnly();
    }

    private static ProductId[] Checked(IEnumerable<ProductId>? products, string field)
    {
        var array = products?.ToArray() ?? [];
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i].IsUnassigned)
            {
                Preconditions.ThrowInvalid(Preconditions.Element(field, i), array[i], "must be assigned");
            }
        }

        return array;
    }

    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    private static int CompareRank(ProductAssociation x, ProductAssociation y)
    {
        var c = y.Confidence.CompareTo(x.Confidence);
        if (c != 0)
        {
            return c;
        }

        c = y.Lift.CompareTo(x.Lift);
        if (c != 0)
        {
            return c;
        }

        c = x.Companion.CompareTo(y.Companion);
        return c != 0 ? c : x.Product.CompareTo(y.Product);
    }

    private int ComparePopularity(int x, int y)
    {
        var c = _orders[y].CompareTo(_orders[x]);
        return c != 0 ? c : _products[x].CompareTo(_products[y]);
    }

    private ProductAssociation Associate(int a, int b, int both)
    {
        double n = OrderCount;
        double na = _orders[a];
        double nb = _orders[b];
        return new ProductAssociation(_products[a], _products[b], both, _orders[a], _orders[b], both / n, both / na, both * n / (na * nb));
    }

    private ProductAssociation[][] BuildTogether(RecommendationOptions options)
    {
        var lists = new List<ProductAssociation>?[_products.Length];
        foreach (var (key, both) in _pairs)
        {
            var a = (int)(key >> 32);
            var b = (int)(key & 0xFFFF_FFFF);
            if (both < options.MinimumPairOrders)
            {
                continue;
            }

            var forward = Associate(a, b, both);
            if (forward.Support < options.MinimumSupport || forward.Lift < options.MinimumLift)
            {
                continue;
            }

            if (forward.Confidence >= options.MinimumConfidence)
            {
                (lists[a] ??= []).Add(forward);
            }

            var backward = Associate(b, a, both);
            if (backward.Confidence >= options.MinimumConfidence)
            {
                (lists[b] ??= []).Add(backward);
            }
        }

        var result = new ProductAssociation[_products.Length][];
        for (var i = 0; i < result.Length; i++)
        {
            if (lists[i] is not { } list)
            {
                result[i] = [];
                continue;
            }

            list.Sort(ByRank);
            result[i] = [.. list.Take(_maxPerList)];
        }

        return result;
    }

    private Dictionary<CategoryId, PopularProduct[]> BuildPopular(Builder b)
    {
        var lists = new Dictionary<CategoryId, List<PopularProduct>>();
        for (var i = 0; i < _products.Length; i++)
        {
            if (b.WindowOrders[i] > 0 && _categories[i] is { } category)
            {
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(lists, category, out _);
                (list ??= []).Add(new PopularProduct(_products[i], b.WindowOrders[i], b.WindowUnits[i]));
            }
        }

        var result = new Dictionary<CategoryId, PopularProduct[]>();
        foreach (var (category, list) in lists)
        {
            list.Sort(static (x, y) =>
            {
                var c = y.Orders.CompareTo(x.Orders);
                if (c != 0)
                {
                    return c;
                }

                c = y.Units.CompareTo(x.Units);
                return c != 0 ? c : x.Product.CompareTo(y.Product);
            });
            result[category] = [.. list.Take(_maxPerList)];
        }

        return result;
    }

    private List<int> Related(int p)
    {
        var result = new List<int>();
        if (_relating.Length > 0 && _catalog.Find(_products[p]) is { } entry)
        {
            var shared = new Dictionary<int, int>();
            foreach (var key in _relating)
            {
                if (entry.Attributes.TryGetValue(key, out var value) && _byAttribute.TryGetValue((key, value), out var group))
                {
                    foreach (var q in group)
                    {
                        if (q != p)
                        {
                            CollectionsMarshal.GetValueRefOrAddDefault(shared, q, out _)++;
                        }
                    }
                }
            }

            var candidates = shared.Keys.ToArray();
            Array.Sort(candidates, (x, y) =>
            {
                var c = shared[y].CompareTo(shared[x]);
                return c != 0 ? c : ComparePopularity(x, y);
            });
            result.AddRange(candidates.Take(_maxPerList));
        }

        if (result.Count < _maxPerList && _categories[p] is { } category && _byCategory.TryGetValue(category, out var sameCategory))
        {
            foreach (var q in sameCategory)
            {
                if (result.Count == _maxPerList)
                {
                    break;
                }

                if (q != p && !result.Contains(q))
                {
                    result.Add(q);
                }
            }
        }

        return result;
    }

    /// <summary>Hashes a pair key by mixing both halves: <see cref="long.GetHashCode"/> XORs them, so every pair (a, b)
    /// with the same a ^ b would share a bucket.</summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => unchecked((int)(((ulong)obj * 0x9E37_79B9_7F4A_7C15UL) >> 32));
    }

    /// <summary>A customer's last order and the durable products they bought.</summary>
    private sealed class CustomerHistory(Order last)
    {
        public Order Last { get; set; } = last;

        public HashSet<ProductId>? Durables { get; set; }
    }

    /// <summary>Mutable counts gathered in one pass over the orders, in time order.</summary>
    private sealed class Builder
    {
        private readonly List<int> _basket = [];
        private readonly List<int> _stamp = [];
        private readonly List<int> _basketUnits = [];

        public Dictionary<ProductId, int> Index { get; } = [];

        public List<ProductId> Products { get; } = [];

        public List<int> Orders { get; } = [];

        public List<int> WindowOrders { get; } = [];

        public List<int> WindowUnits { get; } = [];

        public List<CategoryId?> LineCategories { get; } = [];

        public Dictionary<long, int> Pairs { get; } = new(PairKeyComparer.Instance);

        public Dictionary<CustomerId, CustomerHistory> Customers { get; } = [];

        public int OrderCount { get; private set; }

        public int IndexOf(ProductId product)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(Index, product, out var exists);
            if (!exists)
            {
                index = Products.Count;
                Products.Add(product);
                Orders.Add(0);
                WindowOrders.Add(0);
                WindowUnits.Add(0);
                LineCategories.Add(null);
                _stamp.Add(-1);
            }

            return index;
        }

        public void Add(Order order, ProductCatalog catalog, bool inWindow)
        {
            var orderNumber = OrderCount++;
            _basket.Clear();
            _basketUnits.Clear();
            CustomerHistory? history = null;
            if (order.CustomerId is { } customer)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Customers, customer, out _);
                slot ??= new CustomerHistory(order);
                slot.Last = order;
                history = slot;
            }

            foreach (var line in order.Lines)
            {
                var p = IndexOf(line.ProductId);
                if (line.Category is { } category)
                {
                    LineCategories[p] = category;
                }

                if (_stamp[p] != orderNumber)
                {
                    _stamp[p] = orderNumber;
                    _basket.Add(p);
                    _basketUnits.Add(line.Quantity);
                    if (history is not null && catalog.IsDurable(line.ProductId))
                    {
                        (history.Durables ??= []).Add(line.ProductId);
                    }
                }
                else
                {
                    var at = _basket.IndexOf(p);
                    _basketUnits[at] = checked(_basketUnits[at] + line.Quantity);
                }
            }

            for (var i = 0; i < _basket.Count; i++)
            {
                var a = _basket[i];
                Orders[a]++;
                if (inWindow)
                {
                    WindowOrders[a]++;
                    WindowUnits[a] = checked(WindowUnits[a] + _basketUnits[i]);
                }

                for (var j = i + 1; j < _basket.Count; j++)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(Pairs, PairKey(a, _basket[j]), out _)++;
                }
            }
        }
    }
}
