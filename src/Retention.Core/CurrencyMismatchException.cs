using System.Globalization;

namespace Retention;

/// <summary>
/// Thrown when amounts in two different currencies are added, subtracted, compared, or combined in one order.
/// </summary>
/// <remarks>
/// The library never converts currencies implicitly: convert at the edge with a rate you choose, then compute.
/// Thread safety: instances are immutable once thrown.
/// </remarks>
public sealed class CurrencyMismatchException : RetentionException
{
    /// <summary>Initializes a new instance for two currencies that were combined.</summary>
    /// <param name="expected">The currency that was expected (the left operand, or the order's currency).</param>
    /// <param name="actual">The currency that was found.</param>
    /// <param name="field">The field that held the amount in <paramref name="actual"/>, or <see langword="null"/> for an operator.</param>
    public CurrencyMismatchException(Currency expected, Currency actual, string? field = null)
        : base(field is null
            ? string.Format(CultureInfo.InvariantCulture, "Cannot combine amounts in {0} and {1}: convert to one currency first.", expected, actual)
            : string.Format(CultureInfo.InvariantCulture, "Invalid {0}: an amount in {1} where {2} is expected.", field, actual, expected))
    {
        Expected = expected;
        Actual = actual;
        Field = field;
    }

    /// <summary>Gets the currency that was expected.</summary>
    /// <value>The left operand's currency, or the currency of the order the amount belongs to.</value>
    public Currency Expected { get; }

    /// <summary>Gets the currency that was found.</summary>
    /// <value>The right operand's currency, or the currency of the offending amount.</value>
    public Currency Actual { get; }

    /// <summary>Gets the field that held the offending amount.</summary>
    /// <value><see langword="null"/> when the mismatch came from an operator between two amounts.</value>
    public string? Field { get; }
}
