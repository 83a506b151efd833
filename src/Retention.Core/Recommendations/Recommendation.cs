namespace Retention.Recommendations;

/// <summary>One recommended product, with the source that produced it and what it was derived from.</summary>
/// <remarks>Equality is by value. Thread safety: immutable value.</remarks>
/// <param name="Product">The product recommended.</param>
/// <param name="Source">Why.</param>
/// <param name="Anchor">The product it was derived from (bought together with, related to), or <see langword="null"/> for cart, wishlist and popularity.</param>
/// <param name="Category">For <see cref="RecommendationSource.PopularInCategory"/>, the category; otherwise <see langword="null"/>.</param>
/// <param name="Association">For <see cref="RecommendationSource.FrequentlyBoughtTogether"/>, the pair's statistics; otherwise <see langword="null"/>.</param>
public readonly record struct Recommendation(
    ProductId Product,
    RecommendationSource Source,
    ProductId? Anchor = null,
    CategoryId? Category = null,
    ProductAssociation? Association = null);
