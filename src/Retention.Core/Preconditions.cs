using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Retention;

/// <summary>
/// Domain argument checks (NodaTime's shape): the check stays small and inlinable, the throw lives in a helper.
/// </summary>
/// <remarks>
/// For plain null and range checks prefer the BCL throw helpers (<see cref="ArgumentNullException.ThrowIfNull(object?, string?)"/>
/// and friends); these are for domain rules that must name the field and the offending value.
/// </remarks>
internal static class Preconditions
{
    /// <summary>Throws an <see cref="InvalidValueException"/> naming <paramref name="field"/> and <paramref name="value"/> unless <paramref name="condition"/> holds.</summary>
    /// <remarks>Generic so that a value type is boxed for the message only when it is refused, not on every call.</remarks>
    internal static void CheckValue<T>(bool condition, string field, T value, string rule)
    {
        if (!condition)
        {
            ThrowInvalid(field, value, rule);
        }
    }

    /// <summary>Throws an <see cref="InvalidValueException"/> when <paramref name="value"/> is negative.</summary>
    internal static void CheckNotNegative(Money value, string field)
    {
        if (value.Amount < 0m)
        {
            ThrowInvalid(field, value, "must not be negative");
        }
    }

    /// <summary>Throws a <see cref="CurrencyMismatchException"/> when <paramref name="value"/> is not in <paramref name="expected"/>.</summary>
    internal static void CheckCurrency(Money value, Currency expected, string field)
    {
        if (value.Currency != expected)
        {
            ThrowCurrency(expected, value.Currency, field);
        }
    }

    /// <summary>As <see cref="CheckCurrency(Money, Currency, string)"/> for a member of a collection's element, such as
    /// <c>lines[2].amount</c>: the name is built only when the check fails.</summary>
    internal static void CheckCurrency(Money value, Currency expected, string collection, int index, string member)
    {
        if (value.Currency != expected)
        {
            ThrowCurrency(expected, value.Currency, Element(collection, index) + "." + member);
        }
    }

    /// <summary>Whether no component of <paramref name="period"/> is negative (a window or grace period).</summary>
    internal static bool HasNoNegativeComponent(NodaTime.Period period) =>
        period.Years >= 0 && period.Months >= 0 && period.Weeks >= 0 && period.Days >= 0 && period.Hours >= 0
        && period.Minutes >= 0 && period.Seconds >= 0 && period.Milliseconds >= 0 && period.Ticks >= 0 && period.Nanoseconds >= 0;

    [Conditional("DEBUG")]
    internal static void DebugCheckState(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Internal invariant broken: " + message);
        }
    }

    [DoesNotReturn]
    internal static void ThrowInvalid(string field, object? value, string rule) =>
        throw new InvalidValueException(field, Render(value), rule);

    [DoesNotReturn]
    internal static void ThrowCurrency(Currency expected, Currency actual, string field) =>
        throw new CurrencyMismatchException(expected, actual, field);

    /// <summary>The name of a collection's element for an error message, such as <c>lines[2]</c>: built only when a
    /// check fails, so that a check in a loop allocates nothing when it passes.</summary>
    internal static string Element(string collection, int index) =>
        collection + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Renders a value for an error message with the invariant culture: numbers, amounts, instants and enums
    /// as they format; text and identifiers quoted, so that an empty or padded value is visible.</summary>
    internal static string Render(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => "\"" + value + "\"",
    };
}
