using System.Collections.ObjectModel;
using System.Globalization;
using NodaTime;
using Retention.Rfm;

namespace Retention.Metrics;

/// <summary>The calendar unit of a cohort table.</summary>
public enum CohortPeriod
{
    /// <summary>Calendar months.</summary>
    Month = 0,

    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week = 1,
}

/// <summary>
/// A cohort retention matrix: customers grouped by the month (or week) of their first purchase, and for each following
/// period the share of the cohort that purchased in it.
/// </summary>
/// <remarks>
/// <para>Period 0 is the first purchase's own period, so its share is 1 for every cohort. A share for a period that has
/// not begun by the as-of date is <see langword="null"/>; the period holding the as-of date is partial and included.
/// Shares never exceed 1; they rise only when customers come back after a period without purchases (reactivation).</para>
/// <para>Dates are the transactions' local dates (the store's calendar). Thread safety: immutable.</para>
/// </remarks>
public sealed class CohortTable
{
    private CohortTable(CohortPeriod unit, LocalDate asOf, IReadOnlyList<Cohort> cohorts)
    {
        Unit = unit;
        AsOf = asOf;
        Cohorts = cohorts;
    }

    /// <summary>Gets the calendar unit.</summary>
    /// <value>Months or weeks.</value>
    public CohortPeriod Unit { get; }

    /// <summary>Gets the last date counted.</summary>
    /// <value>Purchases after it are ignored.</value>
    public LocalDate AsOf { get; }

    /// <summary>Gets the cohorts, oldest first; only periods in which someone first purchased have a cohort.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<Cohort> Cohorts { get; }

    /// <summary>Builds the table.</summary>
    /// <param name="transactions">Purchases and refunds (refunds are ignored), in any order.</param>
    /// <param name="population">The number of customers.</param>
    /// <param name="unit">Months or weeks.</param>
    /// <param name="asOf">The last date counted.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidValueException">Thrown when a transaction's customer is outside the population or the unit is not defined.</exception>
    public static CohortTable Compute(ReadOnlySpan<Transaction> transactions, int population, CohortPeriod unit, LocalDate asOf)
    {
        Preconditions.CheckValue(Enum.IsDefined(unit), "unit", unit, "is not a defined cohort period");
        var summaries = new CustomerSummary[population];
        CustomerSummaries.Compute(transactions, new SummaryWindow(asOf), summaries);
        var last = Index(asOf, unit);

        var firstIndex = new int[population];
        var sizes = new SortedDictionary<int, int>();
        for (var c = 0; c < population; c++)
        {
            if (summaries[c].FirstPurchase is { } first)
            {
                firstIndex[c] = Index(first, unit);
                sizes[firstIndex[c]] = sizes.GetValueOrDefault(firstIndex[c]) + 1;
            }
        }

        // Distinct (customer, offset) pairs: a customer counts once per period however often they bought in it.
        var seen = new HashSet<long>();
        var active = new Dictionary<(int Cohort, int Offset), int>();
        foreach (var t in transactions)
        {
            if (t.Kind != TransactionKind.Purchase || t.Date > asOf)
            {
                continue;
            }

            var cohort = firstIndex[t.Customer];
            var offset = Index(t.Date, unit) - cohort;
            if (seen.Add(((long)t.Customer << 20) | (uint)offset))
            {
                active[(cohort, offset)] = active.GetValueOrDefault((cohort, offset)) + 1;
            }
        }

        var cohorts = sizes.Select(pair =>
        {
            var periods = last - pair.Key + 1;
            var counts = Enumerable.Range(0, periods).Select(k => active.GetValueOrDefault((pair.Key, k))).ToArray();
            return new Cohort(Start(pair.Key, unit), Label(pair.Key, unit), pair.Value, counts);
        }).ToArray();
        return new CohortTable(unit, asOf, new ReadOnlyCollection<Cohort>(cohorts));
    }

    /// <summary>The number of periods from 0001-01-01 (a Monday) to the period holding <paramref name="date"/>.</summary>
    private static int Index(LocalDate date, CohortPeriod unit) =>
        unit == CohortPeriod.Month ? (date.Year * 12) + date.Month - 1 : date.ToDateOnly().DayNumber / 7;

    private static LocalDate Start(int index, CohortPeriod unit) =>
        unit == CohortPeriod.Month ? new LocalDate(index / 12, (index % 12) + 1, 1) : LocalDate.FromDateOnly(DateOnly.FromDayNumber(index * 7));

    private static string Label(int index, CohortPeriod unit) =>
        Start(index, unit).ToString(unit == CohortPeriod.Month ? "uuuu-MM" : "uuuu-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One row of a <see cref="CohortTable"/>: the customers who first purchased in one period.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class Cohort
{
    private readonly int[] _active;

    internal Cohort(LocalDate start, string label, int size, int[] active)
    {
        Start = start;
        Label = label;
        Size = size;
        _active = active;
        Active = new ReadOnlyCollection<int>(active);
        Shares = new ReadOnlyCollection<double>([.. active.Select(a => (double)a / size)]);
    }

    /// <summary>Gets the first day of the cohort's period.</summary>
    /// <value>The first of the month, or a Monday.</value>
    public LocalDate Start { get; }

    /// <summary>Gets the cohort's label.</summary>
    /// <value><c>uuuu-MM</c> for months, the Monday <c>uuuu-MM-dd</c> for weeks.</value>
    public string Label { get; }

    /// <summary>Gets the number of customers in the cohort.</summary>
    /// <value>At least 1.</value>
    public int Size { get; }

    /// <summary>Gets, for each period since the first purchase (0 = the first purchase's own), the customers who purchased in it.</summary>
    /// <value>One entry per period up to the as-of date.</value>
    public IReadOnlyList<int> Active { get; }

    /// <summary>Gets, for each period since the first purchase, the share of the cohort that purchased in it.</summary>
    /// <value>From 0 to 1; the first is 1.</value>
    public IReadOnlyList<double> Shares { get; }

    /// <summary>Returns the share active <paramref name="periodsAfter"/> periods after the first purchase.</summary>
    /// <param name="periodsAfter">0 or more.</param>
    /// <returns>The share, or <see langword="null"/> when that period had not begun by the as-of date.</returns>
    public double? ShareAt(int periodsAfter) => periodsAfter >= 0 && periodsAfter < _active.Length ? (double)_active[periodsAfter] / Size : null;
}
