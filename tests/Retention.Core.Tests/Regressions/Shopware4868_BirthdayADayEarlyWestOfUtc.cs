using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/shopware/shopware/issues/4868">shopware/shopware#4868</see> ("Birthday is
/// displayed incorrectly, when using a UTC - XX:XX Time").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> A birthday is a calendar date, but it was converted through the device's time zone
/// as if it were an instant; in a zone west of UTC (Pacific Time) 24 September became 23 September.</para>
/// <para><b>What the library does.</b> A birthday is an <see cref="AnnualDate"/>, never an instant, and
/// <see cref="CustomerProfile.IsBirthday"/> and <see cref="BirthdayReached"/> judge it on the local date in the customer's
/// own zone. In any zone west of UTC the evening before the birthday (already the birthday in UTC) is not the birthday,
/// and the whole local birthday, up to its last minute (the next day in UTC), is.</para>
/// <para><b>Mutation seen killed:</b> <c>CustomerProfile.LocalDateAt</c> taking the UTC date (<c>at.InUtc().Date</c>).</para>
/// </remarks>
public sealed class Shopware4868_BirthdayADayEarlyWestOfUtc
{
    private static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    private static CustomerProfile Born24September(DateTimeZone zone) =>
        new(new CustomerId("carla"), Instant.FromUtc(2024, 1, 10, 0, 0), zone, new AnnualDate(9, 24));

    [Fact]
    public void PacificCustomer_IsPaidOnTheTwentyFourth_NotTheTwentyThird()
    {
        var carla = Born24September(LosAngeles);
        var program = Builder().Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(250))).Build();
        var ledger = new PointsLedger(program);
        var eveningBefore = Instant.FromUtc(2024, 9, 24, 2, 0);  // 23 September 19:00 PDT, already the 24th in UTC
        var justAfterMidnight = Instant.FromUtc(2024, 9, 24, 7, 30); // 24 September 00:30 PDT
        var lastMinute = Instant.FromUtc(2024, 9, 25, 6, 59);      // 24 September 23:59 PDT, the 25th in UTC

        Assert.False(carla.IsBirthday(eveningBefore));
        Assert.True(carla.IsBirthday(justAfterMidnight));
        Assert.True(carla.IsBirthday(lastMinute));
        Assert.Equal(new LocalDate(2024, 9, 23), carla.LocalDateAt(eveningBefore));

        var early = ledger.Apply(new BirthdayReached(carla, eveningBefore));
        var onTheDay = ledger.Apply(new BirthdayReached(carla, justAfterMidnight));

        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "2024-09-23 is not in customer carla's birthday window (OnTheDay, birthday 09-24)"), early);
        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 250, null), onTheDay);
        var entry = Assert.Single(ledger.History(carla.Id));
        Assert.Equal((LedgerEntryKind.Earned, justAfterMidnight, new EventKey("birthday:carla:2024")), (entry.Kind, entry.At, entry.Cause));
    }

    private static readonly DateTimeZone[] WesternZones =
        [.. DateTimeZoneProviders.Tzdb.Ids
            .Select(id => DateTimeZoneProviders.Tzdb[id])
            .Where(z => z.GetUtcOffset(Instant.FromUtc(2024, 9, 24, 12, 0)) < Offset.Zero)];

    public static Arbitrary<(DateTimeZone Zone, int Minute, int Year)> Western() =>
        (from zone in Gen.Elements(WesternZones)
         from minute in Gen.Choose(0, (24 * 60) - 1)
         from year in Gen.Choose(2000, 2040)
         select (zone, minute, year)).ToArbitrary();

    /// <summary>In any zone west of UTC, every minute of the local birthday is the birthday and no minute of the local day before is.</summary>
    [Property(Arbitrary = [typeof(Shopware4868_BirthdayADayEarlyWestOfUtc)], MaxTest = 300)]
    public bool AnyWesternZone_AnyMinute_TheBirthdayIsTheLocalDate((DateTimeZone Zone, int Minute, int Year) c)
    {
        var customer = Born24September(c.Zone);
        var time = LocalTime.Midnight.PlusMinutes(c.Minute);
        var onTheDay = c.Zone.AtLeniently(new LocalDate(c.Year, 9, 24).At(time)).ToInstant();
        var dayBefore = c.Zone.AtLeniently(new LocalDate(c.Year, 9, 23).At(time)).ToInstant();
        return customer.IsBirthday(onTheDay) && !customer.IsBirthday(dayBefore);
    }
}
