using NodaTime;

namespace Retention.Gamification;

/// <summary>
/// Computes purchase streaks: consecutive ISO weeks or calendar months with at least one order, counted in the
/// customer's time zone.
/// </summary>
/// <remarks>
/// <para>Each order instant is converted to a local date in the zone, and the date to its period: the ISO week (so the
/// days from a Monday in late December to the next Sunday are one week, and week 53 follows week 52) or the calendar
/// month. Periods are numbered consecutively across years, so a streak runs through a new year like any other
/// boundary. A daylight-saving change moves no order to another day: the local date is the wall-clock date.</para>
/// <para>Orders after the as-of instant are ignored. The current streak is the run that ends in the as-of period or in
/// the one before it: a weekly streak is not lost on Monday morning before the customer had a chance to order.</para>
/// <para>Thread safety: stateless; safe to call from several threads.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// StreakSummary weeks = PurchaseStreaks.Compute(customer, orders, StreakPeriod.IsoWeek, clock.GetCurrentInstant());
/// Console.WriteLine($"{weeks.Current} weeks in a row, best {weeks.Longest}");
/// ]]></code>
/// </example>
public static class PurchaseStreaks
{
    private static readonly LocalDate Origin = new(1, 1, 1); // a Monday

    /// <summary>Computes a customer's streaks from their orders, in the customer's time zone.</summary>
    /// <param name="customer">The customer, whose <see cref="CustomerProfile.TimeZone"/> decides the local dates.</param>
    /// <param name="orders">The customer's orders; read once. Cancelled orders do not count.</param>
    /// <param name="period">Weeks or months.</param>
    /// <param name="asOf">The instant the summary describes.</param>
    /// <returns>The current and longest streaks.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="customer"/>, <paramref name="orders"/> or an order is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an order belongs to another customer or <paramref name="period"/> is not defined.</exception>
    public static StreakSummary Compute(CustomerProfile customer, IEnumerable<Order> orders, StreakPeriod period, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(orders);
        var instants = new List<Instant>();
        var i = 0;
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            if (order.CustomerId != customer.Id)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("orders", i) + ".customerId", order.CustomerId, "must be the customer " + customer.Id.Value);
            }

            if (order.Status != OrderStatus.Cancelled)
            {
                instants.Add(order.PlacedAt);
            }

            i++;
        }

        return Compute(instants, customer.TimeZone, period, asOf);
    }

    /// <summary>Computes streaks from order instants in a time zone.</summary>
    /// <param name="orderInstants">When the orders were placed, in any order; read once.</param>
    /// <param name="zone">The time zone that decides the local dates, normally the customer's.</param>
    /// <param name="period">Weeks or months.</param>
    /// <param name="asOf">The instant the summary describes; later orders are ignored.</param>
    /// <returns>The current and longest streaks.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="orderInstants"/> or <paramref name="zone"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="period"/> is not defined.</exception>
    public static StreakSummary Compute(IEnumerable<Instant> orderInstants, DateTimeZone zone, StreakPeriod period, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(orderInstants);
        ArgumentNullException.ThrowIfNull(zone);
        Preconditions.CheckValue(Enum.IsDefined(period), "period", period, "is not a defined streak period");
        var periods = orderInstants.Where(at => at <= asOf).Select(at => PeriodOf(at.InZone(zone).Date, period)).Distinct().Order().ToArray();
        if (periods.Length == 0)
        {
            return default;
        }

        int longest = 0, run = 0;
        long longestStart = 0, runStart = 0;
        for (var k = 0; k < periods.Length; k++)
        {
            if (k > 0 && periods[k] == periods[k - 1] + 1)
            {
                run++;
            }
            else
            {
                run = 1;
                runStart = periods[k];
            }

            if (run > longest)
            {
                longest = run;
                longestStart = runStart;
            }
        }

        var now = PeriodOf(asOf.InZone(zone).Date, period);
        var alive = periods[^1] >= now - 1;
        return new StreakSummary(
            alive ? run : 0,
            longest,
            periods.Length,
            alive ? StartOf(runStart, period) : null,
            StartOf(longestStart, period));
    }

    /// <summary>Numbers periods consecutively: ISO weeks from the week of 0001-01-01, months from January of year 0.</summary>
    internal static long PeriodOf(LocalDate date, StreakPeriod period)
    {
        if (period == StreakPeriod.CalendarMonth)
        {
            var iso = date.WithCalendar(CalendarSystem.Iso);
            return (iso.Year * 12L) + iso.Month - 1;
        }

        return FloorDiv(Period.DaysBetween(Origin, date.WithCalendar(CalendarSystem.Iso)), 7);
    }

    internal static LocalDate StartOf(long index, StreakPeriod period)
    {
        if (period == StreakPeriod.CalendarMonth)
        {
            var year = FloorDiv(index, 12);
            return new LocalDate(checked((int)year), (int)(index - (year * 12)) + 1, 1);
        }

        return Origin.PlusDays(checked((int)(index * 7)));
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
