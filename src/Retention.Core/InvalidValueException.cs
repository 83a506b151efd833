using System.Globalization;

namespace Retention;

/// <summary>
/// Thrown when a value given to the library breaks a domain rule: a negative quantity, an unknown currency code,
/// a refund larger than its order, an empty identifier. The exception names the field and the offending value.
/// </summary>
/// <remarks>Thread safety: instances are immutable once thrown.</remarks>
public sealed class InvalidValueException : RetentionException
{
    /// <summary>Initializes a new instance naming the field, the offending value and the rule it breaks.</summary>
    /// <param name="field">The field, parameter or path that held the value, for example <c>quantity</c> or <c>lines[2].discount</c>.</param>
    /// <param name="value">The offending value as text (strings are quoted).</param>
    /// <param name="rule">The rule the value breaks, for example <c>must not be negative</c>.</param>
    /// <exception cref="ArgumentNullException">Thrown when any argument is <see langword="null"/>.</exception>
    public InvalidValueException(string field, string value, string rule)
        : base(string.Format(CultureInfo.InvariantCulture, "Invalid {0}: {1} {2}.", Check(field), Check(value), Check(rule)))
    {
        Field = field;
        Value = value;
        Rule = rule;
    }

    /// <summary>Gets the field, parameter or path that held the offending value.</summary>
    /// <value>For example <c>quantity</c>, <c>currency</c> or <c>lines[2].discount</c>.</value>
    public string Field { get; }

    /// <summary>Gets the offending value, rendered as text with the invariant culture.</summary>
    /// <value>Strings are quoted; <see langword="null"/> is rendered as <c>null</c>.</value>
    public string Value { get; }

    /// <summary>Gets the rule that the value breaks.</summary>
    /// <value>A short phrase such as <c>must not be negative</c>.</value>
    public string Rule { get; }

    private static string Check(string argument, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(argument))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(argument, name);
        return argument;
    }
}
