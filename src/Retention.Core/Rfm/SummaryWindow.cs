using NodaTime;

namespace Retention.Rfm;

/// <summary>
/// The dates a customer summary is computed for: the end of the calibration period (the "as of" date, inclusive) and,
/// optionally, the end of a holdout period that follows it (inclusive).
/// </summary>
/// <remarks>
/// <para>Transactions on or before <see cref="CalibrationEnd"/> build the summary; transactions after it and on or before
/// <see cref="HoldoutEnd"/> are counted as holdout purchases; later ones are ignored (and counted in
/// <see cref="SummaryStatistics.IgnoredAfterEnd"/>), so a summary "as of" a past date can be computed from a complete
/// export.</para>
/// <para>The default value has its calibration end on 0001-01-01 and no holdout.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
public readonly struct SummaryWindow : IEquatable<SummaryWindow>
{
    private readonly int _calibrationEnd;
    private readonly int _holdoutEnd;

    /// <summary>Initializes a window with a calibration end and an optional holdout end.</summary>
    /// <param name="calibrationEnd">The last day of the calibration period, in the ISO calendar.</param>
    /// <param name="holdoutEnd">The last day of the holdout period, after <paramref name="calibrationEnd"/>; or <see langword="null"/> for none.</param>
    /// <exception cref="InvalidValueException">Thrown when a date is not in the ISO calendar or the holdout does not end after the calibration.</exception>
    public SummaryWindow(LocalDate calibrationEnd, LocalDate? holdoutEnd = null)
    {
        Preconditions.CheckValue(calibrationEnd.Calendar == CalendarSystem.Iso, "calibrationEnd", calibrationEnd, "must be in the ISO calendar");
        if (holdoutEnd is { } end)
        {
            Preconditions.CheckValue(end.Calendar == CalendarSystem.Iso, "holdoutEnd", end, "must be in the ISO calendar");
            Preconditions.CheckValue(end > calibrationEnd, "holdoutEnd", end, "must be after the calibration end " + Preconditions.Render(calibrationEnd));
        }

        _calibrationEnd = DayNumbers.ToDayNumber(calibrationEnd);
        _holdoutEnd = holdoutEnd is { } last ? DayNumbers.ToDayNumber(last) : _calibrationEnd;
    }

    /// <summary>Gets the last day of the calibration period (the "as of" date).</summary>
    /// <value>Inclusive.</value>
    public LocalDate CalibrationEnd => DayNumbers.ToDate(_calibrationEnd);

    /// <summary>Gets the last day of the holdout period.</summary>
    /// <value>Inclusive; <see langword="null"/> when the window has no holdout.</value>
    public LocalDate? HoldoutEnd => _holdoutEnd == _calibrationEnd ? null : DayNumbers.ToDate(_holdoutEnd);

    internal int CalibrationEndDay => _calibrationEnd;

    /// <summary>Gets the last day that counts at all: the holdout end, or the calibration end without a holdout.</summary>
    internal int LastDay => _holdoutEnd;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(SummaryWindow other) => _calibrationEnd == other._calibrationEnd && _holdoutEnd == other._holdoutEnd;

    /// <summary>Returns whether <paramref name="obj"/> is a window with the same dates.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is SummaryWindow other && Equals(other);

    /// <summary>Returns a hash code of the dates.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(_calibrationEnd, _holdoutEnd);

    /// <summary>Returns the dates, for example <c>..1997-09-30</c> or <c>..1997-09-30, holdout ..1998-06-30</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        HoldoutEnd is { } h ? FormattableString.Invariant($"..{CalibrationEnd:uuuu-MM-dd}, holdout ..{h:uuuu-MM-dd}") : FormattableString.Invariant($"..{CalibrationEnd:uuuu-MM-dd}");

    /// <summary>Returns whether two windows have the same dates.</summary>
    /// <param name="left">The first window.</param>
    /// <param name="right">The second window.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(SummaryWindow left, SummaryWindow right) => left.Equals(right);

    /// <summary>Returns whether two windows differ.</summary>
    /// <param name="left">The first window.</param>
    /// <param name="right">The second window.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(SummaryWindow left, SummaryWindow right) => !left.Equals(right);
}
