namespace Retention.Recommendations;

/// <summary>A product's sales in a category over the model's popularity window.</summary>
/// <remarks>Equality is by value. Thread safety: immutable value.</remarks>
/// <param name="Product">The product.</param>
/// <param name="Orders">The orders in the window that hold the product.</param>
/// <param name="Units">The units sold in those orders.</param>
public readonly record struct PopularProduct(ProductId Product, int Orders, int Units);
