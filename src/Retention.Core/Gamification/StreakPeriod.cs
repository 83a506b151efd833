namespace Retention.Gamification;

/// <summary>The calendar period a purchase streak counts in, in the customer's time zone.</summary>
public enum StreakPeriod
{
    /// <summary>ISO weeks, Monday to Sunday; week 53 and the weeks that straddle a new year count like any other.</summary>
    IsoWeek = 0,

    /// <summary>Calendar months.</summary>
    CalendarMonth = 1,
}
