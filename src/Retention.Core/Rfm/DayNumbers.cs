using NodaTime;

namespace Retention.Rfm;

/// <summary>Converts ISO dates to and from day numbers (days since 0001-01-01), the form the hot loops compare.</summary>
internal static class DayNumbers
{
    internal static int ToDayNumber(LocalDate date) => date.ToDateOnly().DayNumber;

    internal static LocalDate ToDate(int dayNumber) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));
}
