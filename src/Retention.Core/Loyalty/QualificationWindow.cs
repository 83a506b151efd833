namespace Retention.Loyalty;

/// <summary>The period over which a tier ladder adds up qualifying points or spend, and so when statuses are reviewed.</summary>
/// <remarks>
/// <para>
/// All windows are computed in the program's time zone: a calendar year starts at local midnight on 1 January, a
/// membership year on the local date of the customer's first event and its anniversaries (an anniversary of 29 February
/// falls on 28 February in common years), and a rolling window of N months covers the instants after the local
/// date-time N months before the instant asked about.
/// </para>
/// <para>Equality compares <see cref="Kind"/> and <see cref="Months"/>. The default value is <see cref="Lifetime"/>.</para>
/// </remarks>
public readonly struct QualificationWindow : IEquatable<QualificationWindow>
{
    private QualificationWindow(QualificationWindowKind kind, int months)
    {
        Kind = kind;
        Months = months;
    }

    /// <summary>Gets the lifetime window.</summary>
    /// <value>Everything since the customer joined.</value>
    public static QualificationWindow Lifetime => default;

    /// <summary>Gets the calendar-year window.</summary>
    /// <value>The calendar year in the program's time zone.</value>
    public static QualificationWindow CalendarYear => new(QualificationWindowKind.CalendarYear, 12);

    /// <summary>Gets the membership-year window.</summary>
    /// <value>The year from the customer's joining date or its last anniversary.</value>
    public static QualificationWindow MembershipYear => new(QualificationWindowKind.MembershipYear, 12);

    /// <summary>Gets the kind of window.</summary>
    /// <value>The kind.</value>
    public QualificationWindowKind Kind { get; }

    /// <summary>Gets the length of the window in months.</summary>
    /// <value>12 for calendar and membership years, N for a rolling window, 0 for the lifetime window.</value>
    public int Months { get; }

    /// <summary>Creates a rolling window of <paramref name="months"/> months.</summary>
    /// <param name="months">The length, from 1 to 120 months.</param>
    /// <returns>The window.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="months"/> is outside 1 to 120.</exception>
    public static QualificationWindow RollingMonths(int months)
    {
        Preconditions.CheckValue(months is >= 1 and <= 120, "window.months", months, "must be from 1 to 120");
        return new QualificationWindow(QualificationWindowKind.RollingMonths, months);
    }

    /// <inheritdoc/>
    public bool Equals(QualificationWindow other) => Kind == other.Kind && Months == other.Months;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QualificationWindow other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Months);

    /// <summary>Returns the window as text, such as <c>RollingMonths(12)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind == QualificationWindowKind.RollingMonths ? "RollingMonths(" + Months + ")" : Kind.ToString();

    /// <summary>Compares two windows for equality.</summary>
    /// <param name="left">The first window.</param>
    /// <param name="right">The second window.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(QualificationWindow left, QualificationWindow right) => left.Equals(right);

    /// <summary>Compares two windows for inequality.</summary>
    /// <param name="left">The first window.</param>
    /// <param name="right">The second window.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(QualificationWindow left, QualificationWindow right) => !left.Equals(right);
}
