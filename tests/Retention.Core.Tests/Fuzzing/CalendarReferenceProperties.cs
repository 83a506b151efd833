using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// The ledger's calendar (its own offset cache and lenient resolution, <c>ZoneCache</c>) against NodaTime's public
/// calendar API as an independent reference, in every TZDB zone and near their transitions: an order's points are
/// confirmed at <c>zone.AtLeniently(local time of the order + return window)</c> and expire at the first instant of
/// the local date of the order + n months + 1 day (docs/loyalty-points.md); day starts and campaign bounds against a
/// resolution rebuilt from the zone's intervals alone (<see cref="FirstReaching"/>).
/// </summary>
public sealed class CalendarReferenceProperties
{
    private static readonly string[] ZoneIds = [.. DateTimeZoneProviders.Tzdb.Ids];

    /// <summary>One order in one zone, its return window and expiry months.</summary>
    public sealed record OrderCase(string Zone, Instant At, Period Window, int ExpiryMonths)
    {
        public override string ToString() => $"{Zone} {At} ({At.InZone(DateTimeZoneProviders.Tzdb[Zone]).LocalDateTime}) window {Window} expiry {ExpiryMonths} months";
    }

    private static readonly Gen<Period> WindowGen = Gen.Frequency(
        (3, Gen.Choose(1, 60).Select(d => Period.FromDays(d))),
        (2, Gen.Choose(1, 72).Select(h => Period.FromHours(h))),
        (1, Gen.Choose(1, 3).Select(m => Period.FromMonths(m))),
        (1, from d in Gen.Choose(0, 10) from h in Gen.Choose(1, 23) from m in Gen.Choose(0, 59) select Period.FromDays(d) + Period.FromHours(h) + Period.FromMinutes(m)));

    public static Arbitrary<OrderCase> Cases() =>
        (from zone in Gen.Frequency((1, Gen.Elements(ZoneIds)), (3, Gen.Elements(ZonesWithTransitions.Value)))
         from seconds in Gen.Choose(0, int.MaxValue)
         from window in WindowGen
         from months in Gen.Choose(4, 24) // the program requires the return window (at most 3 months) to end first
         from nearTransition in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
         from minutes in Gen.Choose(-30, 150)
         from onExpiry in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
         select Build(zone, seconds, window, months, nearTransition, minutes, onExpiry)).ToArbitrary();

    /// <summary>The zones with an offset change between 1970 and 2100 (about two thirds of them).</summary>
    private static readonly Lazy<string[]> ZonesWithTransitions = new(() =>
        [.. ZoneIds.Where(id => DateTimeZoneProviders.Tzdb[id].GetZoneIntervals(Instant.FromUtc(1970, 1, 1, 0, 0), Instant.FromUtc(2100, 1, 1, 0, 0)).Skip(1).Any())]);

    /// <summary>
    /// An instant from 1901 to 2100; near a transition, placed so that the local time of the confirmation (or the
    /// order's day for the expiry's local midnight) falls in, or up to half an hour before or two hours after, the
    /// local times the zone's next offset change skips or repeats.
    /// </summary>
    private static OrderCase Build(string zoneId, int seconds, Period window, int months, bool nearTransition, int minutes, bool onExpiry)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var at = Instant.FromUtc(1901, 1, 1, 0, 0) + Duration.FromSeconds(seconds * 2.95);
        var interval = zone.GetZoneInterval(at);
        if (nearTransition && interval.HasEnd && interval.End < Instant.FromUtc(2100, 1, 1, 0, 0))
        {
            // Local time just before the change, in the old offset, then minutes into the skipped or repeated span.
            var changeLocal = interval.End.WithOffset(interval.WallOffset).LocalDateTime.PlusMinutes(minutes);
            at = onExpiry
                ? FirstReaching(zone, changeLocal.Date.PlusMonths(-months).PlusDays(-1).AtMidnight()) + Duration.FromSeconds(seconds % 86_400)
                : zone.AtLeniently(changeLocal.Minus(window)).ToInstant() + Duration.FromTicks(seconds % 10_000_000);
        }

        return new OrderCase(zoneId, at, window, months);
    }

    [Property(Arbitrary = [typeof(CalendarReferenceProperties)], MaxTest = 400)]
    public void ConfirmationAndExpiry_AreWhereNodaTimesCalendarPutsThem(OrderCase c)
    {
        // Found by this property: points expiring on a date the zone skips entirely (Pacific/Fakaofo, 30 December 2011)
        // made Apply throw NodaTime's SkippedTimeException from AtStartOfDay; the expiry is now the instant the clocks
        // jumped past the date (ExpiryOnASkippedDay_IsTheInstantTheClocksJumpedPastIt).
        var zone = DateTimeZoneProviders.Tzdb[c.Zone];
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, zone)
            .EarnPerUnit(1m)
            .ReturnWindow(c.Window)
            .Expiry(PointsExpiry.AfterEarning(c.ExpiryMonths))
            .Build();
        var ledger = new PointsLedger(program);
        var customer = new CustomerId("c");
        var order = HundredDollarOrder("o1", customer, c.At);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(new OrderPlaced(order)).Status);

        var local = c.At.InZone(zone);
        var confirmAt = zone.AtLeniently(local.LocalDateTime.Plus(c.Window)).ToInstant();
        var expireAt = FirstReaching(zone, local.Date.PlusMonths(c.ExpiryMonths).PlusDays(1).AtMidnight());
        ledger.AdvanceTo(Instant.Max(confirmAt, expireAt) + Duration.FromDays(1));

        var history = ledger.History(customer);
        Assert.Equal(
            [(LedgerEntryKind.Pending, c.At), (LedgerEntryKind.Confirmed, confirmAt), (LedgerEntryKind.Expired, expireAt)],
            history.Select(e => (e.Kind, e.At)));
    }

    /// <summary>A campaign in one zone starting near one of its offset changes, and how long it runs.</summary>
    public sealed record CampaignCase(string Zone, LocalDateTime Start, Period Length, long ProbeTicks)
    {
        public override string ToString() => $"{Zone} from {Start} for {Length}, probe {ProbeTicks} ticks in";
    }

    public static Arbitrary<CampaignCase> Campaigns() =>
        (from zone in Gen.Elements(ZonesWithTransitions.Value)
         from seconds in Gen.Choose(0, int.MaxValue)
         from minutes in Gen.Choose(-90, 150)
         from length in Gen.Frequency(
             (3, Gen.Choose(1, 72).Select(h => Period.FromHours(h))),
             (1, Gen.Choose(1, 40).Select(d => Period.FromDays(d))),
             (1, Gen.Choose(1, 180).Select(m => Period.FromMinutes(m))))
         from probe in Gen.Choose(0, int.MaxValue)
         select CampaignAt(zone, seconds, minutes, length, probe)).ToArbitrary();

    private static CampaignCase CampaignAt(string zoneId, int seconds, int minutes, Period length, int probe)
    {
        // The local time of the zone's first offset change after a random instant from 1970, in the old offset, moved
        // by up to an hour and a half before or two and a half hours after: in, before or after the skipped or
        // repeated local times.
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var interval = zone.GetZoneInterval(Instant.FromUtc(1970, 1, 1, 0, 0) + Duration.FromSeconds(seconds * 1.9));
        var change = interval.HasEnd && interval.End < Instant.FromUtc(2100, 1, 1, 0, 0) ? interval.End : Instant.FromUtc(2030, 6, 1, 0, 0);
        var start = change.WithOffset(interval.WallOffset).LocalDateTime.PlusMinutes(minutes);
        return new CampaignCase(zoneId, start, length, probe);
    }

    /// <summary>
    /// The first instant whose local time reaches <paramref name="local"/>, from the zone's intervals alone: a local time
    /// that occurs once maps to that instant, one that occurs twice (a repeated hour) to the earlier, and one that is
    /// skipped to the instant of the change that skips it.
    /// </summary>
    private static Instant FirstReaching(DateTimeZone zone, LocalDateTime local)
    {
        var asUtc = local.InUtc().ToInstant();
        var intervals = zone.GetZoneIntervals(asUtc - Duration.FromDays(3), asUtc + Duration.FromDays(3)).ToList();
        var valid = intervals.Select(i => asUtc - Span(i.WallOffset)).Where((at, k) => intervals[k].Contains(at)).ToList();
        if (valid.Count > 0)
        {
            return valid.Min();
        }

        for (var k = 1; k < intervals.Count; k++)
        {
            var (before, after) = (intervals[k - 1].WallOffset, intervals[k].WallOffset);
            var change = intervals[k].Start;
            if (after > before && asUtc >= change + Span(before) && asUtc < change + Span(after))
            {
                return change;
            }
        }

        throw new InvalidOperationException($"{local} has no instant in {zone.Id}");

        static Duration Span(Offset offset) => Duration.FromSeconds(offset.Seconds);
    }

    /// <summary>One order of a single $100 line: 100 points at one point per dollar.</summary>
    private static Order HundredDollarOrder(string id, CustomerId customer, Instant at) =>
        new(new OrderId(id), customer, at, Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(100m, Currency.Usd))]);

    [Property(Arbitrary = [typeof(CalendarReferenceProperties)], MaxTest = 300)]
    public void Campaign_CoversTheInstantsOfItsLocalTimes_AsResolvedFromTheZonesIntervals(CampaignCase c)
    {
        // Found by this property: a campaign whose start falls in a skipped hour (00:41-01:34 on a night that skips
        // 00:00-01:00) resolved its start leniently to 01:41, after its end, and the program was refused as "outside the
        // instants the time zone can represent". Bounds now map to the first instant whose local time reaches them.
        var zone = DateTimeZoneProviders.Tzdb[c.Zone];
        var end = c.Start.Plus(c.Length);
        var (from, to) = (FirstReaching(zone, c.Start), FirstReaching(zone, end));
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, zone)
            .EarnPerUnit(1m)
            .Campaign(new Campaign("double", c.Start, end, 3m))
            .Build();
        Assert.Equal(new NodaTime.Interval(from, to), program.Campaigns[0].IntervalIn(zone));

        var ledger = new PointsLedger(program);
        var span = (to - from).BclCompatibleTicks;
        Instant[] probes = [from - Duration.Epsilon, from, from + Duration.FromTicks(span <= 1 ? 0 : c.ProbeTicks % span), to - Duration.Epsilon, to, to + Duration.FromHours(1)];
        for (var i = 0; i < probes.Length; i++)
        {
            var customer = new CustomerId("c" + i);
            var order = HundredDollarOrder("o" + i, customer, probes[i]);
            var inside = probes[i] >= from && probes[i] < to;
            Assert.True(
                ledger.Apply(new OrderPlaced(order)).Change == new Points(inside ? 300 : 100),
                $"an order at {probes[i]} ({probes[i].InZone(zone).LocalDateTime}) is {(inside ? "inside" : "outside")} the campaign [{from}, {to})");
        }
    }

    [Theory]
    [InlineData("Pacific/Fakaofo")]
    [InlineData("Pacific/Apia")]
    public void ExpiryOnASkippedDay_IsTheInstantTheClocksJumpedPastIt(string zoneId)
    {
        // Both zones skipped Friday 30 December 2011 (from UTC-11/-10 to UTC+13/+14): 29 December 23:59:59 was followed
        // by 31 December 00:00.
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var jump = zone.AtStrictly(new LocalDateTime(2011, 12, 31, 0, 0)).ToInstant();
        Assert.Equal(new LocalDateTime(2011, 12, 29, 23, 59, 59), (jump - Duration.FromSeconds(1)).InZone(zone).LocalDateTime);
        var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, zone)
            .EarnPerUnit(1m)
            .Expiry(PointsExpiry.AfterEarning(4))
            .Build();
        var ledger = new PointsLedger(program);
        var customer = new CustomerId("c");
        var placed = zone.AtStrictly(new LocalDateTime(2011, 8, 29, 9, 45)).ToInstant(); // expires at the start of 30 December

        var order = HundredDollarOrder("o1", customer, placed);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(new OrderPlaced(order)).Status);
        ledger.AdvanceTo(jump + Duration.FromDays(1));

        Assert.Equal([(LedgerEntryKind.Earned, placed), (LedgerEntryKind.Expired, jump)], ledger.History(customer).Select(e => (e.Kind, e.At)));
        Assert.Equal(new Points(100), ledger.GetBalance(customer, jump - Duration.Epsilon).Available);
    }

    [Fact]
    public void DayStarts_AcrossASkippedDay_AreTheInstantTheClocksJumped()
    {
        // The ledger's day start (tier years, ExpiringWithin horizons) and the CLI's end of 29 December 2011 (its next day is skipped).
        var zone = DateTimeZoneProviders.Tzdb["Pacific/Apia"];
        var jump = zone.AtStrictly(new LocalDateTime(2011, 12, 31, 0, 0)).ToInstant();
        Assert.Equal(jump, Retention.Cli.Analysis.EndOfDay(zone, new LocalDate(2011, 12, 29)));
        Assert.Equal(jump, ZoneResolution.StartOfDay(zone, new LocalDate(2011, 12, 30)));
        Assert.Equal(zone.AtStartOfDay(new LocalDate(2011, 12, 29)).ToInstant(), ZoneResolution.StartOfDay(zone, new LocalDate(2011, 12, 29)));
    }
}
