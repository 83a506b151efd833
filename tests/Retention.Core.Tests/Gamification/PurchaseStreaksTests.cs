using NodaTime;
using Retention.Gamification;

namespace Retention.Tests.Gamification;

public sealed class PurchaseStreaksTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static Instant Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        NewYork.AtLeniently(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    /// <summary>ISO weeks 2020-W52, 2020-W53, 2021-W01 (a Sunday evening, already Monday in UTC) and 2021-W02.</summary>
    internal static Instant[] WeeklyOrders() =>
    [
        Local(2020, 12, 22),
        Local(2020, 12, 31),
        Local(2021, 1, 10, 21),
        Local(2021, 1, 13),
    ];

    [Fact]
    public void Weekly_AcrossA53WeekYear_InTheCustomersZone()
    {
        var summary = PurchaseStreaks.Compute(WeeklyOrders(), NewYork, StreakPeriod.IsoWeek, Local(2021, 1, 18, 9));

        // Monday of week 3: the run W52-W53-W01-W02 ended last week and can still be extended.
        Assert.Equal(new StreakSummary(4, 4, 4, new LocalDate(2020, 12, 21), new LocalDate(2020, 12, 21)), summary);
    }

    [Fact]
    public void Weekly_InUtc_TheSundayEveningOrderFallsInTheNextWeek()
    {
        var summary = PurchaseStreaks.Compute(WeeklyOrders(), DateTimeZone.Utc, StreakPeriod.IsoWeek, Local(2021, 1, 18, 9));

        Assert.Equal(2, summary.Longest);
        Assert.Equal(1, summary.Current);
        Assert.Equal(3, summary.PeriodsWithOrders);
        Assert.Equal(new LocalDate(2021, 1, 11), summary.CurrentStart);
    }

    [Fact]
    public void Weekly_AWeekWithoutAnOrder_EndsTheCurrentStreak()
    {
        var summary = PurchaseStreaks.Compute(WeeklyOrders(), NewYork, StreakPeriod.IsoWeek, Local(2021, 1, 25));

        Assert.Equal(new StreakSummary(0, 4, 4, null, new LocalDate(2020, 12, 21)), summary);
    }

    [Fact]
    public void Monthly_LateOnTheLastDayAfterTheClocksChange_CountsInThatMonth()
    {
        // 31 March 2021 23:30 EDT is 1 April 03:30 UTC.
        Instant[] orders = [Local(2021, 1, 15), Local(2021, 2, 15), Local(2021, 3, 31, 23, 30)];

        var local = PurchaseStreaks.Compute(orders, NewYork, StreakPeriod.CalendarMonth, Local(2021, 4, 10));
        var utc = PurchaseStreaks.Compute(orders, DateTimeZone.Utc, StreakPeriod.CalendarMonth, Local(2021, 4, 10));

        Assert.Equal(new StreakSummary(3, 3, 3, new LocalDate(2021, 1, 1), new LocalDate(2021, 1, 1)), local);
        Assert.Equal(new StreakSummary(1, 2, 3, new LocalDate(2021, 4, 1), new LocalDate(2021, 1, 1)), utc);
    }

    [Fact]
    public void Monthly_AcrossTheYearEnd_AndTheFallBackHour()
    {
        // 7 November 2021 01:30 happens twice in New York; both are in November.
        Instant[] orders = [Local(2021, 11, 7, 1, 30), Local(2021, 12, 31, 23), Local(2022, 1, 1, 0, 30), Local(2022, 2, 1)];

        var summary = PurchaseStreaks.Compute(orders, NewYork, StreakPeriod.CalendarMonth, Local(2022, 2, 20));

        Assert.Equal(new StreakSummary(4, 4, 4, new LocalDate(2021, 11, 1), new LocalDate(2021, 11, 1)), summary);
    }

    [Fact]
    public void Compute_IgnoresOrdersAfterAsOf_AndTiesOnLongestKeepTheEarliestRun()
    {
        Instant[] orders = [Local(2021, 1, 5), Local(2021, 1, 12), Local(2021, 2, 2), Local(2021, 2, 9), Local(2021, 3, 2)];

        var summary = PurchaseStreaks.Compute(orders, NewYork, StreakPeriod.IsoWeek, Local(2021, 2, 10));

        Assert.Equal(new StreakSummary(2, 2, 4, new LocalDate(2021, 2, 1), new LocalDate(2021, 1, 4)), summary);
    }

    [Fact]
    public void Compute_NoOrders_IsTheDefault()
    {
        Assert.Equal(default, PurchaseStreaks.Compute([], NewYork, StreakPeriod.IsoWeek, Local(2021, 1, 1)));
    }

    [Fact]
    public void Compute_FromProfile_UsesTheCustomersZoneAndSkipsCancelledOrders()
    {
        var customer = new CustomerProfile(new CustomerId("ana"), Local(2020, 1, 1), NewYork);
        Order Bought(string id, Instant at, OrderStatus status = OrderStatus.Paid) =>
            new(new OrderId(id), customer.Id, at, Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(5m, Currency.Usd))], status: status);
        var orders = WeeklyOrders().Select((at, i) => Bought("o" + i, at, i == 1 ? OrderStatus.Cancelled : OrderStatus.Paid));

        var summary = PurchaseStreaks.Compute(customer, orders, StreakPeriod.IsoWeek, Local(2021, 1, 18, 9));

        Assert.Equal(new StreakSummary(2, 2, 3, new LocalDate(2021, 1, 4), new LocalDate(2021, 1, 4)), summary);

        var stranger = new Order(new OrderId("x"), new CustomerId("bob"), Local(2021, 1, 1), Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(5m, Currency.Usd))]);
        var error = Assert.Throws<InvalidValueException>(() => PurchaseStreaks.Compute(customer, [stranger], StreakPeriod.IsoWeek, Local(2021, 2, 1)));
        Assert.Equal("orders[0].customerId", error.Field);
        Assert.Equal("\"bob\"", error.Value);
    }
}
