using System.Globalization;
using System.Numerics;

namespace Retention.Loyalty;

/// <summary>
/// A whole number of loyalty points: earned, redeemed, expired, reversed or held as a balance.
/// </summary>
/// <remarks>
/// <para>Points are a checked 64-bit integer: arithmetic that overflows throws <see cref="OverflowException"/> instead of
/// wrapping (the solution builds with overflow checking, and these operators say <c>checked</c> explicitly). Fractions of
/// a point never exist; rules that compute points from money round explicitly before creating a value.</para>
/// <para>Equality and ordering are those of the underlying count. Negative values are allowed (a balance may go negative
/// when a program's claw-back policy allows it). The default value is zero.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
public readonly struct Points :
    IEquatable<Points>,
    IComparable<Points>,
    IComparable,
    IFormattable,
    IAdditionOperators<Points, Points, Points>,
    ISubtractionOperators<Points, Points, Points>,
    IUnaryNegationOperators<Points, Points>,
    IComparisonOperators<Points, Points, bool>,
    IAdditiveIdentity<Points, Points>
{
    /// <summary>Initializes a value.</summary>
    /// <param name="value">The number of points.</param>
    public Points(long value) => Value = value;

    /// <summary>Gets zero points.</summary>
    /// <value>The default value.</value>
    public static Points Zero => default;

    /// <summary>Gets the additive identity (zero).</summary>
    /// <value>Zero points.</value>
    public static Points AdditiveIdentity => default;

    /// <summary>Gets the number of points.</summary>
    /// <value>Any 64-bit integer.</value>
    public long Value { get; }

    /// <summary>Gets whether the value is below zero.</summary>
    /// <value><see langword="true"/> for a negative balance.</value>
    public bool IsNegative => Value < 0;

    /// <summary>Returns the smaller of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The smaller one.</returns>
    public static Points Min(Points left, Points right) => left.Value <= right.Value ? left : right;

    /// <summary>Returns the larger of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The larger one.</returns>
    public static Points Max(Points left, Points right) => left.Value >= right.Value ? left : right;

    /// <summary>Returns the number, for example <c>1250 pts</c>, with the invariant culture.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the number with <paramref name="format"/> and appends <c>pts</c>.</summary>
    /// <param name="format">A numeric format for the number, or <see langword="null"/>.</param>
    /// <param name="formatProvider">The culture, or <see langword="null"/> for the current culture.</param>
    /// <returns>The text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider) + " pts";

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(Points other) => Value == other.Value;

    /// <summary>Returns whether <paramref name="obj"/> is the same number of points.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is Points other && Equals(other);

    /// <summary>Returns a hash code of the number.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Compares the numbers.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>A negative number, zero, or a positive number.</returns>
    public int CompareTo(Points other) => Value.CompareTo(other.Value);

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Points other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type Points.", nameof(obj)),
    };

    /// <summary>Adds two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="OverflowException">Thrown when the sum is outside the 64-bit range.</exception>
    public static Points operator +(Points left, Points right) => new(checked(left.Value + right.Value));

    /// <summary>Subtracts one value from another.</summary>
    /// <param name="left">The value to subtract from.</param>
    /// <param name="right">The value to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="OverflowException">Thrown when the difference is outside the 64-bit range.</exception>
    public static Points operator -(Points left, Points right) => new(checked(left.Value - right.Value));

    /// <summary>Negates a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value with the opposite sign.</returns>
    /// <exception cref="OverflowException">Thrown for <see cref="long.MinValue"/>.</exception>
    public static Points operator -(Points value) => new(checked(-value.Value));

    /// <summary>Returns whether two values are equal.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Points left, Points right) => left.Value == right.Value;

    /// <summary>Returns whether two values differ.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(Points left, Points right) => left.Value != right.Value;

    /// <summary>Compares the numbers.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    public static bool operator <(Points left, Points right) => left.Value < right.Value;

    /// <summary>Compares the numbers.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    public static bool operator <=(Points left, Points right) => left.Value <= right.Value;

    /// <summary>Compares the numbers.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger.</returns>
    public static bool operator >(Points left, Points right) => left.Value > right.Value;

    /// <summary>Compares the numbers.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger or equal.</returns>
    public static bool operator >=(Points left, Points right) => left.Value >= right.Value;
}
