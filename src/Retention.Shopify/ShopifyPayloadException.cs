using System.Globalization;

namespace Retention.Shopify;

/// <summary>
/// Thrown when a Shopify webhook body cannot be mapped: malformed or truncated JSON, a value of the wrong JSON type, a
/// missing required field, a number out of range, or a value the domain model rejects. The exception names the JSON
/// path and the offending value.
/// </summary>
/// <remarks>
/// <para>Nothing has been applied when it is thrown: payloads are read completely before any event reaches a ledger.</para>
/// <para>Thread safety: instances are immutable once thrown.</para>
/// </remarks>
public sealed class ShopifyPayloadException : RetentionException
{
    /// <summary>Initializes a new instance naming the path, the offending value and the problem.</summary>
    /// <param name="path">The JSON path of the value, for example <c>$.line_items[0].price_set.shop_money.amount</c>.</param>
    /// <param name="value">The offending value as text (JSON text as it appears in the body, shortened when long), or <see langword="null"/> when the value is missing.</param>
    /// <param name="problem">What is wrong, for example <c>is not a decimal amount</c>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="path"/> or <paramref name="problem"/> is <see langword="null"/>.</exception>
    public ShopifyPayloadException(string path, string? value, string problem)
        : this(path, value, problem, null)
    {
    }

    /// <summary>Initializes a new instance naming the path, the offending value, the problem and its cause.</summary>
    /// <param name="path">The JSON path of the value.</param>
    /// <param name="value">The offending value as text, or <see langword="null"/> when the value is missing.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The exception that revealed the problem, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="path"/> or <paramref name="problem"/> is <see langword="null"/>.</exception>
    public ShopifyPayloadException(string path, string? value, string problem, Exception? innerException)
        : base(Format(path, value, problem), innerException)
    {
        Path = path;
        Value = value;
        Problem = problem;
    }

    /// <summary>Gets the JSON path of the offending value.</summary>
    /// <value>A path from the body's root <c>$</c>, such as <c>$.customer.id</c> or <c>$.refund_line_items[1].quantity</c>.</value>
    public string Path { get; }

    /// <summary>Gets the offending value.</summary>
    /// <value>The JSON text of the value (strings quoted, at most 80 characters), or <see langword="null"/> when it is missing.</value>
    public string? Value { get; }

    /// <summary>Gets what is wrong with the value.</summary>
    /// <value>A short phrase such as <c>is not a decimal amount</c>.</value>
    public string Problem { get; }

    private static string Format(string path, string? value, string problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problem);
        return value is null
            ? string.Format(CultureInfo.InvariantCulture, "Invalid Shopify payload at {0}: {1}.", path, problem)
            : string.Format(CultureInfo.InvariantCulture, "Invalid Shopify payload at {0}: {1} {2}.", path, value, problem);
    }
}
