using System.Globalization;

namespace Retention.Loyalty;

/// <summary>
/// The rule by which a program's available points expire: never, a number of months after each lot was earned (first
/// in, first out), or a number of months after the customer's last earning or spending.
/// </summary>
/// <remarks>
/// <para>
/// Months are counted on the program's calendar, in its time zone: points earned on a local date <c>d</c> with a
/// twelve-month rule expire at the start of the day after <c>d</c> plus twelve months. Adding months clamps to the end
/// of a shorter month, so points earned on 31 January with a one-month rule expire at the start of 1 March (the day
/// after 28 or 29 February), and points earned on 29 February 2024 with a twelve-month rule expire at the start of
/// 1 March 2025.
/// </para>
/// <para>
/// Equality compares <see cref="Kind"/> and <see cref="Months"/>. The default value is <see cref="Never"/>.
/// Thread safety: immutable and safe to share.
/// </para>
/// </remarks>
public readonly struct PointsExpiry : IEquatable<PointsExpiry>
{
    private PointsExpiry(ExpiryKind kind, int months)
    {
        Kind = kind;
        Months = months;
    }

    /// <summary>Gets the rule under which points never expire.</summary>
    /// <value>The rule under which points never expire.</value>
    public static PointsExpiry Never => default;

    /// <summary>Gets the kind of rule.</summary>
    /// <value>The kind of rule; <see cref="ExpiryKind.Never"/> for the default value.</value>
    public ExpiryKind Kind { get; }

    /// <summary>Gets the number of months the rule counts; zero for <see cref="ExpiryKind.Never"/>.</summary>
    /// <value>The number of months, from 1 to 1200, or zero when points never expire.</value>
    public int Months { get; }

    /// <summary>Creates a rule under which each lot expires <paramref name="months"/> months after it was earned.</summary>
    /// <param name="months">The lifetime of a lot in months, from 1 to 1200.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="months"/> is outside 1 to 1200.</exception>
    public static PointsExpiry AfterEarning(int months) => new(ExpiryKind.AfterEarning, CheckMonths(months));

    /// <summary>
    /// Creates a rule under which the whole available balance expires after <paramref name="months"/> months without
    /// points being earned or spent.
    /// </summary>
    /// <param name="months">The allowed inactivity in months, from 1 to 1200.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="months"/> is outside 1 to 1200.</exception>
    public static PointsExpiry AfterInactivity(int months) => new(ExpiryKind.AfterInactivity, CheckMonths(months));

    /// <inheritdoc/>
    public bool Equals(PointsExpiry other) => Kind == other.Kind && Months == other.Months;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PointsExpiry other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Months);

    /// <summary>Returns a description such as <c>AfterEarning(12 months)</c> or <c>Never</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        Kind == ExpiryKind.Never ? "Never" : string.Create(CultureInfo.InvariantCulture, $"{Kind}({Months} months)");

    /// <summary>Compares two rules for equality.</summary>
    /// <param name="left">The first rule.</param>
    /// <param name="right">The second rule.</param>
    /// <returns><see langword="true"/> when the rules are equal.</returns>
    public static bool operator ==(PointsExpiry left, PointsExpiry right) => left.Equals(right);

    /// <summary>Compares two rules for inequality.</summary>
    /// <param name="left">The first rule.</param>
    /// <param name="right">The second rule.</param>
    /// <returns><see langword="true"/> when the rules differ.</returns>
    public static bool operator !=(PointsExpiry left, PointsExpiry right) => !left.Equals(right);

    private static int CheckMonths(int months)
    {
        Preconditions.CheckValue(months is >= 1 and <= 1200, "expiry.months", months, "must be from 1 to 1200");
        return months;
    }
}
