namespace Retention.Recommendations;

/// <summary>
/// How often two products are bought in the same order: the rule "bought <see cref="Product"/>, so also
/// <see cref="Companion"/>" with its support, confidence and lift.
/// </summary>
/// <remarks>
/// <para>With N orders in the model, n(A) orders holding A, n(B) holding B and n(AB) holding both:
/// support = n(AB) / N, confidence = n(AB) / n(A), lift = n(AB) x N / (n(A) x n(B)). Support and lift are symmetric in
/// the two products; confidence is not. Analytics are <see langword="double"/> (decision 0002).</para>
/// <para>Equality is by value over all fields. Thread safety: immutable value.</para>
/// </remarks>
/// <param name="Product">The product bought (A).</param>
/// <param name="Companion">The product bought with it (B).</param>
/// <param name="PairOrders">n(AB): the orders holding both.</param>
/// <param name="ProductOrders">n(A): the orders holding <paramref name="Product"/>.</param>
/// <param name="CompanionOrders">n(B): the orders holding <paramref name="Companion"/>.</param>
/// <param name="Support">n(AB) / N.</param>
/// <param name="Confidence">n(AB) / n(A): the share of A's orders that also hold B.</param>
/// <param name="Lift">Confidence over B's baseline share n(B) / N.</param>
public readonly record struct ProductAssociation(
    ProductId Product,
    ProductId Companion,
    int PairOrders,
    int ProductOrders,
    int CompanionOrders,
    double Support,
    double Confidence,
    double Lift);
