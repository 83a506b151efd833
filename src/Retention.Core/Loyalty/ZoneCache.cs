using NodaTime;
using NodaTime.TimeZones;
using Retention.Rfm;

namespace Retention.Loyalty;

/// <summary>
/// Answers the ledger's calendar questions in the program's time zone, remembering the last zone interval (one UTC
/// offset) and the last expiry date so that the common case costs a few integer operations.
/// </summary>
/// <remarks>Not thread-safe: one per ledger.</remarks>
internal sealed class ZoneCache
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;
    private const int UnixEpochDayNumber = 719_162; // DateOnly(1970, 1, 1).DayNumber
    private readonly DateTimeZone _zone;
    private readonly int _expiryMonths;
    private readonly Period _returnWindow;
    private readonly long _returnWindowTicks;
    private Instant _start = Instant.MaxValue;
    private Instant _end = Instant.MinValue;
    private long _offsetTicks;
    private int _expiryDay = int.MinValue;
    private Instant _expiryAt;

    internal ZoneCache(DateTimeZone zone, int expiryMonths, Period returnWindow)
    {
        _zone = zone;
        _expiryMonths = expiryMonths;
        _returnWindow = returnWindow;
        var normalized = returnWindow.Normalize();
        var daysOnly = normalized.Years == 0 && normalized.Months == 0 && !normalized.HasTimeComponent;
        _returnWindowTicks = daysOnly ? checked((normalized.Weeks * 7L + normalized.Days) * TicksPerDay) : -1;
    }

    internal int DayNumber(Instant at)
    {
        Refresh(at);
        var ticks = at.ToUnixTimeTicks() + _offsetTicks;
        return checked((int)FloorDiv(ticks, TicksPerDay) + UnixEpochDayNumber);
    }

    internal static int MonthKey(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        return (date.Year * 12) + date.Month - 1;
    }

    internal LocalDate Date(Instant at) => DayNumbers.ToDate(DayNumber(at));

    internal Instant StartOfDay(int dayNumber) => ZoneResolution.StartOfDay(_zone, DayNumbers.ToDate(dayNumber));

    /// <summary>The start of the local day after the local date of <paramref name="at"/> plus the expiry months.</summary>
    internal Instant ExpiryFor(Instant at)
    {
        var day = DayNumber(at);
        if (day != _expiryDay)
        {
            var last = DayNumbers.ToDate(day).PlusMonths(_expiryMonths);
            _expiryAt = ZoneResolution.StartOfDay(_zone, last.PlusDays(1));
            _expiryDay = day;
        }

        return _expiryAt;
    }

    /// <summary>The end of the return window that starts at <paramref name="at"/>, added in local time.</summary>
    internal Instant AvailableAt(Instant at)
    {
        if (_returnWindowTicks == 0)
        {
            return at;
        }

        Refresh(at);
        if (_returnWindowTicks > 0)
        {
            // A whole number of local days: when no offset change lies between the two instants, local and elapsed
            // time agree.
            var candidate = at + Duration.FromTicks(_returnWindowTicks);
            if (candidate < _end)
            {
                return candidate;
            }

            // Ticks drop the nanoseconds below 100 ns; they are added back after the resolution.
            var ticks = at.ToUnixTimeTicks();
            return ResolveLeniently(checked(ticks + _offsetTicks + _returnWindowTicks)) + (at - Instant.FromUnixTimeTicks(ticks));
        }

        var local = (at + Duration.FromTicks(_offsetTicks)).InUtc().LocalDateTime.Plus(_returnWindow).InUtc().ToInstant();
        var localTicks = local.ToUnixTimeTicks();
        return ResolveLeniently(localTicks) + (local - Instant.FromUnixTimeTicks(localTicks));
    }

    /// <summary>
    /// The instant of a local date-time (given as ticks since the local epoch) as NodaTime's
    /// <see cref="DateTimeZone.AtLeniently(LocalDateTime)"/> resolves it (the earlier instant when the local time
    /// occurs twice, shifted forward by the gap when it is skipped), from the zone's intervals, without allocating.
    /// </summary>
    internal Instant ResolveLeniently(long localTicks)
    {
        var interval = _zone.GetZoneInterval(Instant.FromUnixTimeTicks(localTicks - _offsetTicks));
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var candidate = localTicks - interval.WallOffset.Ticks;
            if (Contains(interval, candidate))
            {
                // Occurs twice when the interval before also maps the local time: take the earlier instant.
                if (interval.HasStart)
                {
                    var previous = _zone.GetZoneInterval(interval.Start - Duration.Epsilon);
                    var earlier = localTicks - previous.WallOffset.Ticks;
                    if (Contains(previous, earlier))
                    {
                        return Instant.FromUnixTimeTicks(earlier);
                    }
                }

                return Instant.FromUnixTimeTicks(candidate);
            }

            if (interval.HasEnd && candidate >= interval.End.ToUnixTimeTicks())
            {
                var next = _zone.GetZoneInterval(interval.End);
                if (localTicks - next.WallOffset.Ticks < next.Start.ToUnixTimeTicks())
                {
                    return Instant.FromUnixTimeTicks(candidate); // skipped: shifted forward by the gap
                }

                interval = next;
            }
            else if (interval.HasStart)
            {
                var previous = _zone.GetZoneInterval(interval.Start - Duration.Epsilon);
                var shifted = localTicks - previous.WallOffset.Ticks;
                if (shifted >= interval.Start.ToUnixTimeTicks())
                {
                    return Instant.FromUnixTimeTicks(shifted); // skipped: shifted forward by the gap
                }

                interval = previous;
            }
            else
            {
                break;
            }
        }

        return _zone.AtLeniently(Instant.FromUnixTimeTicks(localTicks).InUtc().LocalDateTime).ToInstant();
    }

    private static bool Contains(ZoneInterval interval, long ticks) =>
        (!interval.HasStart || ticks >= interval.Start.ToUnixTimeTicks()) && (!interval.HasEnd || ticks < interval.End.ToUnixTimeTicks());

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private void Refresh(Instant at)
    {
        if (at >= _start && at < _end)
        {
            return;
        }

        var interval = _zone.GetZoneInterval(at);
        _start = interval.HasStart ? interval.Start : Instant.MinValue;
        _end = interval.HasEnd ? interval.End : Instant.MaxValue;
        _offsetTicks = interval.WallOffset.Ticks;
    }
}
