using System.Collections.Frozen;

namespace Retention.Recommendations;

/// <summary>
/// What the caller knows about a product for recommendations: its category, whether it is durable (bought once, so never
/// recommended again to a customer who has it), and free attributes such as colour and style.
/// </summary>
/// <remarks>
/// <para>Invariants checked at construction: the identifier is assigned, the category is assigned when given, and
/// attribute keys are not empty. Attribute keys and values compare ordinally.</para>
/// <para>Thread safety: immutable; safe to share.</para>
/// </remarks>
public sealed class CatalogProduct
{
    /// <summary>Creates a catalog entry.</summary>
    /// <param name="id">The product.</param>
    /// <param name="category">Its category, or <see langword="null"/> to take the category from its order lines.</param>
    /// <param name="isDurable">Whether the product is durable: a customer who bought it is never recommended it again.</param>
    /// <param name="attributes">Free attributes (for example <c>style</c> = <c>oxford</c>, <c>colour</c> = <c>blue</c>), or <see langword="null"/>; copied.</param>
    /// <exception cref="ArgumentNullException">Thrown when an attribute key or value is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="id"/> or <paramref name="category"/> is unassigned, or a key is empty.</exception>
    public CatalogProduct(ProductId id, CategoryId? category = null, bool isDurable = false, IReadOnlyDictionary<string, string>? attributes = null)
    {
        Preconditions.CheckValue(!id.IsUnassigned, "product.id", id, "must be assigned");
        Preconditions.CheckValue(category is null || !category.Value.IsUnassigned, "product.category", category, "must be assigned when given");
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? FrozenDictionary<string, string>.Empty)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(attributes));
            ArgumentNullException.ThrowIfNull(value, nameof(attributes));
            Preconditions.CheckValue(key.Trim().Length > 0, "product.attributes.key", key, "must not be empty");
            copy.Add(key, value);
        }

        Id = id;
        Category = category;
        IsDurable = isDurable;
        Attributes = copy.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Gets the product.</summary>
    /// <value>The product's identifier.</value>
    public ProductId Id { get; }

    /// <summary>Gets the product's category.</summary>
    /// <value><see langword="null"/> when the catalog does not say; the model then uses the category of its latest order line.</value>
    public CategoryId? Category { get; }

    /// <summary>Gets a value indicating whether the product is durable.</summary>
    /// <value><see langword="true"/> for products a customer buys once (a sofa, a watch).</value>
    public bool IsDurable { get; }

    /// <summary>Gets the product's free attributes.</summary>
    /// <value>Keys and values compare ordinally; empty when none were given.</value>
    public IReadOnlyDictionary<string, string> Attributes { get; }
}
