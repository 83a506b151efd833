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
