namespace Retention.Rfm;

/// <summary>An inclusive range of scores, for example R 4 to 5, used by segment rules.</summary>
/// <remarks>
/// <para>Invariants checked at construction: 1 &lt;= <see cref="Min"/> &lt;= <see cref="Max"/> &lt;= 9. The default value is
/// <see cref="Any"/>.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
public readonly struct ScoreRange : IEquatable<ScoreRange>
{
    private readonly byte _min;
    private readonly byte _max;

    /// <summary>Initializes a range.</summary>
    /// <param name="min">The lowest score in the range, from 1.</param>
    /// <param name="max">The highest score in the range, at least <paramref name="min"/>, at most 9.</param>
    /// <exception cref="InvalidValueException">Thrown when the bounds break the rule in the remarks.</exception>
    public ScoreRange(int min, int max)
    {
        Preconditions.CheckValue(min is >= 1 and <= SegmentMap.MaxBins, "min", min, "must be from 1 to 9");
        Preconditions.CheckValue(max >= min && max <= SegmentMap.MaxBins, "max", max, "must be from min (" + min.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") to 9");
        _min = (byte)(min - 1);
        _max = (byte)(SegmentMap.MaxBins - max);
    }

    /// <summary>Gets the range of every score.</summary>
    /// <value>1 to 9.</value>
    public static ScoreRange Any => default;

    /// <summary>Gets the lowest score in the range.</summary>
    /// <value>From 1.</value>
    public int Min => _min + 1;

    /// <summary>Gets the highest score in the range.</summary>
    /// <value>Up to 9.</value>
    public int Max => SegmentMap.MaxBins - _max;

    /// <summary>Returns the range holding one score.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The range <paramref name="score"/> to <paramref name="score"/>.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="score"/> is outside 1 to 9.</exception>
    public static ScoreRange Exactly(int score) => new(score, score);

    /// <summary>Returns whether a score is in the range.</summary>
    /// <param name="score">The score.</param>
    /// <returns><see langword="true"/> when <see cref="Min"/> &lt;= <paramref name="score"/> &lt;= <see cref="Max"/>.</returns>
    public bool Contains(int score) => score >= Min && score <= Max;

    /// <summary>Returns the range as text.</summary>
    /// <returns>For example <c>4-5</c>, <c>3</c> or <c>any</c>.</returns>
    public override string ToString() =>
        this == Any ? "any" : Min == Max ? FormattableString.Invariant($"{Min}") : FormattableString.Invariant($"{Min}-{Max}");

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(ScoreRange other) => _min == other._min && _max == other._max;

    /// <summary>Returns whether <paramref name="obj"/> is the same range.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is ScoreRange other && Equals(other);

    /// <summary>Returns a hash code.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => (_min << 8) | _max;

    /// <summary>Returns whether two ranges are the same.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ScoreRange left, ScoreRange right) => left.Equals(right);

    /// <summary>Returns whether two ranges differ.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(ScoreRange left, ScoreRange right) => !left.Equals(right);
}
