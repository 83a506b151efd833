using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// A time-limited earning multiplier, such as a double-points weekend, given in the program's local time.
/// </summary>
/// <remarks>
/// <para>
/// The campaign runs from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), both local date-times in
/// the program's time zone, so "Friday 00:00 to Monday 00:00" means the store's midnight whatever the offset that
/// weekend. Each bound is the first instant whose local time reaches it: a local time that a daylight-saving change
/// skips maps to the instant of the change (when the clocks jump past it), one that happens twice to its first
/// occurrence. So the campaign covers every instant whose local time lies in [start, end) before any repeat, and its
/// start is never after its end. An order earns the campaign multiplier when it is placed in that interval; when
/// campaigns overlap the largest multiplier applies, they do not compound.
/// </para>
/// <para>Equality is by value over all properties. Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed record Campaign
{
    /// <summary>Creates a campaign.</summary>
    /// <param name="name">The campaign's name, used in explanations; not empty.</param>
    /// <param name="start">The local date-time at which the campaign starts, inclusive.</param>
    /// <param name="end">The local date-time at which the campaign ends, exclusive; after <paramref name="start"/>.</param>
    /// <param name="multiplier">The earning multiplier, greater than zero and at most 1000.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value breaks the rules above.</exception>
    public Campaign(string name, LocalDateTime start, LocalDateTime end, decimal multiplier)
    {
        ArgumentNullException.ThrowIfNull(name);
        Preconditions.CheckValue(name.Trim().Length > 0, "campaign.name", name, "must not be empty");
        Preconditions.CheckValue(end > start, "campaign.end", end, "must be after the start " + Preconditions.Render(start));
        Preconditions.CheckValue(multiplier is > 0m and <= 1000m, "campaign.multiplier", multiplier, "must be greater than 0 and at most 1000");
        Name = name;
        Start = start;
        End = end;
        Multiplier = multiplier;
    }

    /// <summary>Gets the campaign's name.</summary>
    /// <value>The campaign's name.</value>
    public string Name { get; }

    /// <summary>Gets the local date-time at which the campaign starts, inclusive.</summary>
    /// <value>The start, in the program's time zone.</value>
    public LocalDateTime Start { get; }

    /// <summary>Gets the local date-time at which the campaign ends, exclusive.</summary>
    /// <value>The end, in the program's time zone.</value>
    public LocalDateTime End { get; }

    /// <summary>Gets the earning multiplier.</summary>
    /// <value>The multiplier, greater than zero.</value>
    public decimal Multiplier { get; }

    /// <summary>Returns the instants the campaign covers in the given time zone.</summary>
    /// <param name="zone">The program's time zone.</param>
    /// <returns>The interval from the start (inclusive) to the end (exclusive): for each bound, the first instant whose
    /// local time reaches it (the instant of the change for a skipped local time, the first of a repeated one).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    public Interval IntervalIn(DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // Not AtLeniently, which shifts a skipped time forward by the gap: a campaign from 00:41 to 01:34 on a night
        // that skips 00:00-01:00 would start at 01:41, after its end, and lose the 34 minutes that do exist.
        return new Interval(zone.ResolveLocal(Start, ZoneResolution.FirstReaching).ToInstant(), zone.ResolveLocal(End, ZoneResolution.FirstReaching).ToInstant());
    }
}
