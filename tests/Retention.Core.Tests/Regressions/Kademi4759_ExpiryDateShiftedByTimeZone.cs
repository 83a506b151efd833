using NodaTime;
using Retention.Loyalty;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/Kademi/kademi-dev/issues/4759">Kademi/kademi-dev#4759</see> ("Expiry date
/// timezone issue").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> An expiry date set to 11 January 2018 0:00 for points awarded in an Australian
/// organisation was stored and shown as 10 January 2018 13:00: the local date-time was taken as UTC somewhere on the way,
/// shifting the expiry by the zone's offset (UTC+11 in January in Sydney).</para>
/// <para><b>What the library does.</b> Expiry is a calendar rule in the program's zone: with
/// <c>AfterEarning(n)</c> what remains of a lot earned on local date d expires at the start of the local day after d plus
/// n months. For Sydney that start of day is 13:00 UTC the day before, which is right as an instant; the last day to
/// spend, a <see cref="LocalDate"/>, is the date the member sees, unshifted, and the points are spendable up to the last
/// local minute of it.</para>
/// <para><b>Mutation seen killed:</b> computing the expiry instant at the start of the day in UTC instead of the
/// program's zone (<c>ZoneCache</c>).</para>
/// </remarks>
public sealed class Kademi4759_ExpiryDateShiftedByTimeZone
{
    private static readonly DateTimeZone Sydney = DateTimeZoneProviders.Tzdb["Australia/Sydney"];
    private static readonly Currency Aud = Currency.FromCode("AUD");
    private static readonly CustomerId Member = new("member-7");

    private static Instant SydneyTime(int year, int month, int day, int hour, int minute = 0) =>
        Sydney.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    [Fact]
    public void PointsEarnedOnTenthOfJanuary_LastDayIsTenthOfJanuaryNextYear_InSydney()
    {
        var program = PointsProgram.CreateBuilder("Rewards", Aud, Sydney).Expiry(PointsExpiry.AfterEarning(12)).Build();
        var ledger = new PointsLedger(program);
        var order = new Order(new OrderId("A-1"), Member, SydneyTime(2017, 1, 10, 9, 0), Aud,
            [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(300m, Aud))]);
        ledger.Apply(new OrderPlaced(order));

        var expiring = Assert.Single(ledger.ExpiringWithin(Member, SydneyTime(2018, 1, 1, 9, 0), 30));

        // The start of 11 January 2018 in Sydney (AEDT, UTC+11) is 10 January 13:00 UTC.
        Assert.Equal(new ExpiringPoints(Instant.FromUtc(2018, 1, 10, 13, 0), new LocalDate(2018, 1, 10), new Points(300)), expiring);
        Assert.Equal(new Points(300), ledger.GetBalance(Member, SydneyTime(2018, 1, 10, 23, 59)).Available);
        Assert.Equal(Points.Zero, ledger.GetBalance(Member, SydneyTime(2018, 1, 11, 0, 0)).Available);

        ledger.AdvanceTo(Instant.FromUtc(2018, 2, 1, 0, 0));
        var expired = ledger.History(Member)[^1];
        Assert.Equal((LedgerEntryKind.Expired, Instant.FromUtc(2018, 1, 10, 13, 0), new Points(-300), "expiry"), (expired.Kind, expired.At, expired.Available, expired.Rule));
    }

    [Fact]
    public void ExpiryAcrossTheEndOfDaylightSaving_FollowsTheLocalMidnight()
    {
        // Earned 5 April 2017 (AEST, UTC+10 after daylight saving ended on 2 April): the expiry a year later falls on
        // 6 April 2018 00:00, which is again UTC+10 (daylight saving ended 1 April 2018): 5 April 14:00 UTC.
        var program = PointsProgram.CreateBuilder("Rewards", Aud, Sydney).Expiry(PointsExpiry.AfterEarning(12)).Build();
        var ledger = new PointsLedger(program);
        ledger.Apply(new OrderPlaced(new Order(new OrderId("A-2"), Member, SydneyTime(2017, 4, 5, 23, 30), Aud,
            [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(40m, Aud))])));

        var expiring = Assert.Single(ledger.ExpiringWithin(Member, SydneyTime(2018, 4, 1, 12, 0), 5));

        Assert.Equal(new ExpiringPoints(Instant.FromUtc(2018, 4, 5, 14, 0), new LocalDate(2018, 4, 5), new Points(40)), expiring);
        Assert.Empty(ledger.ExpiringWithin(Member, SydneyTime(2018, 4, 1, 12, 0), 3));
    }
}
