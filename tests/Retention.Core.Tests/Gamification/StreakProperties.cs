using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Gamification;

namespace Retention.Tests.Gamification;

/// <summary>
/// Streak invariants over random orders near year ends, in zones with daylight saving, odd offsets and a skipped day:
/// the streaks match a transcription of the definition on local dates, a streak never exceeds the number of periods
/// with orders, the longest is at least the current, and adding an order never shortens the longest streak.
/// </summary>
public sealed class StreakProperties
{
    private const int MaxTest = 300;
    private static readonly string[] Zones = ["America/New_York", "Asia/Kathmandu", "Pacific/Apia", "Australia/Lord_Howe", "Etc/UTC"];

    public sealed record Story(string Zone, Instant[] Orders, Instant Extra, Instant AsOf, StreakPeriod Period)
    {
        public override string ToString() => Zone + " " + Period + " as of " + AsOf + " extra " + Extra + ": " + string.Join(", ", Orders);
    }

    private static readonly Gen<Instant> InstantGen =
        from year in Gen.Choose(2010, 2022)
        from day in Gen.Frequency((3, Gen.Choose(-20, 20)), (1, Gen.Choose(-200, 200)))
        from minute in Gen.Choose(0, 24 * 60 - 1)
        select Instant.FromUtc(year, 12, 31, 0, 0) + Duration.FromDays(day) + Duration.FromMinutes(minute);

    public static Arbitrary<Story> Stories() =>
        (from zone in Gen.Elements(Zones)
         from orders in Gen.ArrayOf(InstantGen)
         from extra in InstantGen
         from asOf in Gen.Frequency((1, InstantGen), (1, Gen.Constant(Instant.FromUtc(2023, 1, 1, 0, 0))))
         from period in Gen.Elements(StreakPeriod.IsoWeek, StreakPeriod.CalendarMonth)
         select new Story(zone, orders, extra, asOf, period)).ToArbitrary();

    /// <summary>The definition on local dates: the first day of each period, runs by "first day of the next period".</summary>
    private static (int Current, int Longest, int Periods) Naive(Story s, IEnumerable<Instant> orders)
    {
        var zone = DateTimeZoneProviders.Tzdb[s.Zone];
        LocalDate Start(Instant at)
        {
            var d = at.InZone(zone).Date;
            return s.Period == StreakPeriod.IsoWeek ? d.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)) : d.With(DateAdjusters.StartOfMonth);
        }

        LocalDate Next(LocalDate d) => s.Period == StreakPeriod.IsoWeek ? d.PlusWeeks(1) : d.PlusMonths(1);

        var starts = orders.Where(o => o <= s.AsOf).Select(Start).ToHashSet();
        var longest = 0;
        foreach (var start in starts)
        {
            var length = 1;
            for (var d = Next(start); starts.Contains(d); d = Next(d))
            {
                length++;
            }

            longest = Math.Max(longest, length);
        }

        var now = Start(s.AsOf);
        var previous = s.Period == StreakPeriod.IsoWeek ? now.PlusWeeks(-1) : now.PlusMonths(-1);
        var end = starts.Contains(now) ? now : starts.Contains(previous) ? previous : (LocalDate?)null;
        var current = 0;
        for (var d = end; d is { } day && starts.Contains(day); d = s.Period == StreakPeriod.IsoWeek ? day.PlusWeeks(-1) : day.PlusMonths(-1))
        {
            current++;
        }

        return (current, longest, starts.Count);
    }

    private static StreakSummary Summary(Story s, IEnumerable<Instant> orders) =>
        PurchaseStreaks.Compute(orders, DateTimeZoneProviders.Tzdb[s.Zone], s.Period, s.AsOf);

    [Property(Arbitrary = [typeof(StreakProperties)], MaxTest = MaxTest)]
    public bool Streaks_MatchTheDefinitionOnLocalDates(Story s)
    {
        var summary = Summary(s, s.Orders);
        return (summary.Current, summary.Longest, summary.PeriodsWithOrders) == Naive(s, s.Orders);
    }

    [Property(Arbitrary = [typeof(StreakProperties)], MaxTest = MaxTest)]
    public bool Streaks_AreBoundedByPeriodsWithOrders_AndLongestIsAtLeastCurrent(Story s)
    {
        var summary = Summary(s, s.Orders);
        return summary.Current <= summary.Longest && summary.Longest <= summary.PeriodsWithOrders
            && summary.PeriodsWithOrders <= s.Orders.Count(o => o <= s.AsOf)
            && (summary.Current == 0) == (summary.CurrentStart is null)
            && (summary.Longest == 0) == (summary.LongestStart is null);
    }

    [Property(Arbitrary = [typeof(StreakProperties)], MaxTest = MaxTest)]
    public bool AddingAnOrder_NeverShortensTheLongestStreak(Story s)
    {
        var before = Summary(s, s.Orders);
        var after = Summary(s, [.. s.Orders, s.Extra]);
        return after.Longest >= before.Longest && after.PeriodsWithOrders >= before.PeriodsWithOrders;
    }
}
