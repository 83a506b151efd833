using NodaTime;
using NodaTime.TimeZones;

namespace Retention.Loyalty;

/// <summary>
/// Maps local times that bound a span (a day's start, a campaign's bounds) to instants: the first instant whose local
/// time reaches the local time. A local time that occurs once maps to that instant, one that occurs twice to its first
/// occurrence, and one that a change skips to the instant of the change.
/// </summary>
/// <remarks>
/// For a day's start this is <see cref="DateTimeZone.AtStartOfDay(LocalDate)"/>, except for a date the zone skips
/// entirely (Pacific/Apia and Pacific/Fakaofo skipped 30 December 2011), where NodaTime throws
/// <see cref="SkippedTimeException"/> and this answers the instant the clocks jumped past the date.
/// </remarks>
internal static class ZoneResolution
{
    /// <summary>The resolver: the earlier of a repeated local time, the instant of the change for a skipped one.</summary>
    internal static readonly ZoneLocalMappingResolver FirstReaching =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>Returns the first instant whose local time is at or after the start of <paramref name="date"/>.</summary>
    internal static Instant StartOfDay(DateTimeZone zone, LocalDate date) => zone.ResolveLocal(date.AtMidnight(), FirstReaching).ToInstant();
}
