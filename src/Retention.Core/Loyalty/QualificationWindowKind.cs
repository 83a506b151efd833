namespace Retention.Loyalty;

/// <summary>The kinds of period over which a tier ladder adds up qualifying points or spend.</summary>
public enum QualificationWindowKind
{
    /// <summary>Everything since the customer joined; reviewed at the end of each calendar year.</summary>
    Lifetime,

    /// <summary>The calendar year in the program's time zone.</summary>
    CalendarYear,

    /// <summary>The last N months up to the instant asked about.</summary>
    RollingMonths,

    /// <summary>The membership year: from the local date of the customer's first event in the ledger to its anniversary.</summary>
    MembershipYear,
}
