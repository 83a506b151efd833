using System.Collections.Frozen;

namespace Retention.Recommendations;

/// <summary>
/// The caller's product catalog for recommendations: categories, durable products and attributes, looked up by product.
/// </summary>
/// <remarks>
/// <para>Products missing from the catalog are allowed everywhere: they have no attributes, are not durable, and take
/// their category from their order lines.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class ProductCatalog
{
    private readonly FrozenDictionary<ProductId, CatalogProduct> _products;

    /// <summary>Creates a catalog.</summary>
    /// <param name="products">The products, each at most once; read once.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="products"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when two entries name the same product.</exception>
    public ProductCatalog(IEnumerable<CatalogProduct> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        var map = new Dictionary<ProductId, CatalogProduct>();
        var i = 0;
        foreach (var product in products)
        {
            ArgumentNullException.ThrowIfNull(product, nameof(products));
            if (!map.TryAdd(product.Id, product))
            {
                Preconditions.ThrowInvalid(Preconditions.Element("products", i) + ".id", product.Id, "is listed twice");
            }

            i++;
        }

        _products = map.ToFrozenDictionary();
    }

    /// <summary>Gets an empty catalog.</summary>
    /// <value>A catalog without products.</value>
    public static ProductCatalog Empty { get; } = new([]);

    /// <summary>Gets the number of products in the catalog.</summary>
    /// <value>The count.</value>
    public int Count => _products.Count;

    /// <summary>Gets the catalog's products, in no particular order.</summary>
    /// <value>The products.</value>
    public IEnumerable<CatalogProduct> Products => _products.Values;

    /// <summary>Returns the catalog entry of a product.</summary>
    /// <param name="productId">The product.</param>
    /// <returns>The entry, or <see langword="null"/> when the catalog does not list the product.</returns>
    public CatalogProduct? Find(ProductId productId) => _products.GetValueOrDefault(productId);

    /// <summary>Returns whether the catalog marks a product durable.</summary>
    /// <param name="productId">The product.</param>
    /// <returns><see langword="true"/> when listed and durable.</returns>
    public bool IsDurable(ProductId productId) => _products.TryGetValue(productId, out var p) && p.IsDurable;
}
