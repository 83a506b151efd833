using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// One customer's R, F and M scores (1 to the number of bins, higher is better) and the index of their segment in the
/// <see cref="SegmentMap"/> that scored them (4 bytes).
/// </summary>
/// <remarks>
/// <para>The default value (all zero) means "not scored"; a scored value has every score from 1 up.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct RfmScore : IEquatable<RfmScore>
{
    private readonly byte _r;
    private readonly byte _f;
    private readonly byte _m;
    private readonly byte _segment;

    /// <summary>Initializes a score.</summary>
    /// <param name="recency">R score, 1 to 9.</param>
    /// <param name="frequency">F score, 1 to 9.</param>
    /// <param name="monetary">M score, 1 to 9.</param>
    /// <param name="segment">The segment's index in its map, 0 to 254.</param>
    /// <exception cref="InvalidValueException">Thrown when a score is outside 1 to 9 or the segment outside 0 to 254.</exception>
    public RfmScore(int recency, int frequency, int monetary, int segment)
    {
        Preconditions.CheckValue(recency is >= 1 and <= SegmentMap.MaxBins, "recency", recency, "must be from 1 to 9");
        Preconditions.CheckValue(frequency is >= 1 and <= SegmentMap.MaxBins, "frequency", frequency, "must be from 1 to 9");
        Preconditions.CheckValue(monetary is >= 1 and <= SegmentMap.MaxBins, "monetary", monetary, "must be from 1 to 9");
        Preconditions.CheckValue(segment is >= 0 and < byte.MaxValue, "segment", segment, "must be from 0 to 254");
        _r = (byte)recency;
        _f = (byte)frequency;
        _m = (byte)monetary;
        _segment = (byte)segment;
    }

    internal RfmScore(byte r, byte f, byte m, byte segment)
    {
        _r = r;
        _f = f;
        _m = m;
        _segment = segment;
    }

    /// <summary>Gets the recency score.</summary>
    /// <value>1 (longest ago) to the number of bins (most recent); 0 when not scored.</value>
    public int Recency => _r;

    /// <summary>Gets the frequency score.</summary>
    /// <value>1 (fewest orders) to the number of bins; 0 when not scored.</value>
    public int Frequency => _f;

    /// <summary>Gets the monetary score.</summary>
    /// <value>1 (lowest spend) to the number of bins; 0 when not scored.</value>
    public int Monetary => _m;

    /// <summary>Gets the segment's index in the <see cref="SegmentMap"/> that scored this customer.</summary>
    /// <value>Look the name up with <see cref="SegmentMap.SegmentName(int)"/>.</value>
    public int Segment => _segment;

    /// <summary>Gets the three scores as one number, for example 545.</summary>
    /// <value>100 x R + 10 x F + M.</value>
    public int Code => (100 * _r) + (10 * _f) + _m;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(RfmScore other) => _r == other._r && _f == other._f && _m == other._m && _segment == other._segment;

    /// <summary>Returns whether <paramref name="obj"/> is an equal score.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is RfmScore other && Equals(other);

    /// <summary>Returns a hash code.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => (_r << 24) | (_f << 16) | (_m << 8) | _segment;

    /// <summary>Returns the scores as text.</summary>
    /// <returns>For example <c>R5 F4 M5 (segment 9)</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"R{_r} F{_f} M{_m} (segment {_segment})");

    /// <summary>Returns whether two scores are equal.</summary>
    /// <param name="left">The first score.</param>
    /// <param name="right">The second score.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(RfmScore left, RfmScore right) => left.Equals(right);

    /// <summary>Returns whether two scores differ.</summary>
    /// <param name="left">The first score.</param>
    /// <param name="right">The second score.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(RfmScore left, RfmScore right) => !left.Equals(right);
}
