using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Loyalty;

/// <summary>
/// The ledger's allocation-free calendar arithmetic agrees with NodaTime's own: lenient resolution of local times
/// (gaps and overlaps included), local days, and return windows added in local time.
/// </summary>
public sealed class ZoneCacheTests
{
    private static readonly string[] ZoneIds =
    [
        "America/New_York", "Europe/London", "Australia/Lord_Howe", "Australia/Sydney", "Asia/Kathmandu", "America/Santiago",
        "Pacific/Apia", "Asia/Tokyo", "Etc/UTC",
    ];

    /// <summary>Instants from 2010 to 2030, half of them within a few hours of a daylight-saving transition.</summary>
    public static Arbitrary<(string Zone, Instant At)> ZonedInstants() =>
        (from zoneId in Gen.Elements(ZoneIds)
         from year in Gen.Choose(2010, 2030)
         from nearTransition in Gen.Elements(true, false)
         from minutes in Gen.Choose(-240, 240)
         from dayOfYear in Gen.Choose(0, 364)
         from secondOfDay in Gen.Choose(0, 86_399)
         select (zoneId, At(zoneId, year, nearTransition, minutes, dayOfYear, secondOfDay))).ToArbitrary();

    [Property(Arbitrary = [typeof(ZoneCacheTests)], MaxTest = 500)]
    public bool ResolveLeniently_AgreesWithNodaTime(int cachedOffsetSeed, (string Zone, Instant At) sample)
    {
        var zone = DateTimeZoneProviders.Tzdb[sample.Zone];
        var cache = new ZoneCache(zone, 12, Period.FromDays(1));
        _ = cache.DayNumber(sample.At + Duration.FromHours(cachedOffsetSeed % 5000)); // start from any cached interval
        // Read the instant with the offset of the day before: near a transition this lands in the gap or the overlap.
        var ticks = sample.At.ToUnixTimeTicks() + zone.GetUtcOffset(sample.At - Duration.FromDays(1)).Ticks;
        var local = Instant.FromUnixTimeTicks(ticks).InUtc().LocalDateTime;
        return cache.ResolveLeniently(ticks) == zone.AtLeniently(local).ToInstant();
    }

    [Property(Arbitrary = [typeof(ZoneCacheTests)], MaxTest = 500)]
    public bool AvailableAt_AndDayNumber_AgreeWithTheDefinitions(byte windowKind, (string Zone, Instant At) sample)
    {
        var zone = DateTimeZoneProviders.Tzdb[sample.Zone];
        var window = (windowKind % 5) switch
        {
            0 => Period.FromDays(30),
            1 => Period.FromDays(1),
            2 => Period.FromWeeks(2),
            3 => Period.FromMonths(1),
            _ => Period.FromHours(36),
        };
        var cache = new ZoneCache(zone, 12, window);
        var expected = zone.AtLeniently(sample.At.InZone(zone).LocalDateTime.Plus(window)).ToInstant();
        var expectedDay = sample.At.InZone(zone).Date;
        return cache.AvailableAt(sample.At) == expected && cache.Date(sample.At) == expectedDay;
    }

    /// <summary>
    /// One cache asked about a run of instants in any order (backwards across transitions too), in any zone whose offset
    /// changed since 1900: the cache holds whatever interval the previous question left, and every answer must still
    /// be NodaTime's. The lenient resolution starts its walk from that stale interval, which may be hours or a whole day
    /// away from the answer (Pacific/Apia skipped 30 December 2011, Pacific/Kiritimati 31 December 1994).
    /// </summary>
    [Property(Arbitrary = [typeof(ZoneCacheTests)], MaxTest = 300)]
    public void OneCache_InstantsInAnyOrder_AgreeWithNodaTime(ZonedRun run)
    {
        var zone = DateTimeZoneProviders.Tzdb[run.Zone];
        var cache = new ZoneCache(zone, 12, run.Window);
        for (var i = 0; i < run.Instants.Length; i++)
        {
            var at = run.Instants[i];
            Assert.Equal(at.InZone(zone).Date, cache.Date(at));
            var available = run.Window == Period.Zero ? at : zone.AtLeniently(at.InZone(zone).LocalDateTime.Plus(run.Window)).ToInstant();
            Assert.Equal(available, cache.AvailableAt(at)); // no window: the order's own instant, even in an overlap

            // A local time read with the offset of another instant of the run: in a gap, an overlap, or far from both.
            var other = run.Instants[(i + 1) % run.Instants.Length];
            AssertResolves(at.ToUnixTimeTicks() + zone.GetUtcOffset(other).Ticks);

            // The other instant's local time read with the offset of the day before, while the cache still holds this
            // instant's interval: the walk starts from an interval that may be years away.
            AssertResolves(other.ToUnixTimeTicks() + zone.GetUtcOffset(other - Duration.FromDays(1)).Ticks);
        }

        void AssertResolves(long ticks)
        {
            var local = Instant.FromUnixTimeTicks(ticks).InUtc().LocalDateTime;
            Assert.Equal(zone.AtLeniently(local).ToInstant(), cache.ResolveLeniently(ticks));
        }
    }

    /// <summary>A zone, a return window and instants from 1900 to 2040, most of them within hours of a transition.</summary>
    public sealed record ZonedRun(string Zone, Period Window, Instant[] Instants)
    {
        public override string ToString() => $"{Zone} window {Window}: {string.Join(", ", Instants)}";
    }

    /// <summary>The zones with an offset change from 1900 to 2040.</summary>
    private static readonly Lazy<string[]> ZonesWithTransitions = new(() =>
        [.. DateTimeZoneProviders.Tzdb.Ids.Where(id => DateTimeZoneProviders.Tzdb[id].GetZoneIntervals(Earliest, Latest).Skip(1).Any())]);

    private static readonly Instant Earliest = Instant.FromUtc(1900, 1, 1, 0, 0);
    private static readonly Instant Latest = Instant.FromUtc(2040, 1, 1, 0, 0);

    public static Arbitrary<ZonedRun> ZonedRuns() =>
        (from zoneId in Gen.Frequency(
             (2, Gen.Elements(ZonesWithTransitions.Value)),
             (1, Gen.Elements("Pacific/Apia", "Pacific/Kiritimati", "Pacific/Fakaofo", "Australia/Lord_Howe", "Europe/Dublin", "Africa/Casablanca", "America/St_Johns", "Antarctica/Troll")))
         from window in Gen.Elements(Period.FromDays(1), Period.FromDays(30), Period.FromWeeks(2), Period.FromMonths(1), Period.FromHours(36), Period.Zero)
         from count in Gen.Choose(1, 8)
         from picks in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), count)
         select new ZonedRun(zoneId, window, [.. picks.Select(p => Pick(zoneId, window, p))])).ToArbitrary();

    /// <summary>
    /// Of eight picks: one anywhere; one a window before a transition, to the tick (the window then ends on the
    /// transition itself); one on a transition; the others within two hours of one. Some carry nanoseconds below a tick.
    /// </summary>
    private static Instant Pick(string zoneId, Period window, int seed)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var anywhere = Earliest + Duration.FromSeconds((seed / 8) * 16.4); // 1900 to about 2039
        var interval = zone.GetZoneInterval(anywhere);
        var transition = interval.HasEnd && interval.End < Latest ? interval.End : interval.HasStart && interval.Start > Earliest ? interval.Start : anywhere;
        var subTick = Duration.FromNanoseconds(seed % 3 == 0 ? seed % 100 : 0);
        return (seed % 8) switch
        {
            0 => anywhere + subTick,
            1 when window.Months == 0 => transition - window.ToDuration(),
            2 => transition,
            _ => transition + Duration.FromSeconds((seed % 14_400) - 7_200) + subTick,
        };
    }

    [Fact]
    public void ResolveLeniently_TheEndOfAGap_FromAStaleIntervalOfALargerOffset()
    {
        // Apia moved from UTC-11 to UTC-10 at 00:00 local on 26 September 2010 (00:00 to 01:00 skipped). A cache left at
        // January 2012 (UTC+14) guesses the UTC-11 interval for 01:00, the first local time after the gap, so the
        // walk must step forward to UTC-10 at the boundary itself: 01:00 is 11:00 UTC, not the UTC-11 reading.
        var zone = DateTimeZoneProviders.Tzdb["Pacific/Apia"];
        var cache = new ZoneCache(zone, 12, Period.FromDays(1));
        _ = cache.DayNumber(Instant.FromUtc(2012, 1, 15, 0, 0));
        var local = new LocalDateTime(2010, 9, 26, 1, 0);

        Assert.Equal(Instant.FromUtc(2010, 9, 26, 11, 0), zone.AtLeniently(local).ToInstant());
        Assert.Equal(Instant.FromUtc(2010, 9, 26, 11, 0), cache.ResolveLeniently(local.InUtc().ToInstant().ToUnixTimeTicks()));
    }

    [Fact]
    public void ResolveLeniently_GapAndOverlap_InNewYork()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var cache = new ZoneCache(zone, 12, Period.FromDays(1));
        static long Ticks(int month, int day, int hour, int minute) => new LocalDateTime(2026, month, day, hour, minute).InUtc().ToInstant().ToUnixTimeTicks();

        Assert.Equal(Instant.FromUtc(2026, 3, 8, 7, 30), cache.ResolveLeniently(Ticks(3, 8, 2, 30))); // skipped: 03:30 EDT
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 5, 30), cache.ResolveLeniently(Ticks(11, 1, 1, 30))); // twice: the EDT one
        Assert.Equal(Instant.FromUtc(2026, 7, 1, 16, 0), cache.ResolveLeniently(Ticks(7, 1, 12, 0)));
    }

    private static Instant At(string zoneId, int year, bool nearTransition, int minutes, int dayOfYear, int secondOfDay)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var start = Instant.FromUtc(year, 1, 1, 0, 0);
        if (nearTransition)
        {
            var transitions = zone.GetZoneIntervals(start, Instant.FromUtc(year + 1, 1, 1, 0, 0)).Where(i => i.HasStart && i.Start > start).ToArray();
            if (transitions.Length > 0)
            {
                // A local reading near the transition: in the gap, the overlap, or just outside them.
                var transition = transitions[dayOfYear % transitions.Length].Start;
                return transition + Duration.FromMinutes(minutes) + Duration.FromSeconds(secondOfDay % 60);
            }
        }

        return start + Duration.FromDays(dayOfYear) + Duration.FromSeconds(secondOfDay);
    }
}
