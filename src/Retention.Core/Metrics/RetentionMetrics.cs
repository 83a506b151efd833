using NodaTime;
using Retention.Rfm;

namespace Retention.Metrics;

/// <summary>
/// The store owner's retention numbers for one period: customer retention rate, churn rate, repeat-purchase rate,
/// purchase frequency, average order value, average days between orders and the revenue share of returning customers.
/// </summary>
/// <remarks>
/// <para>A customer is <em>active</em> on a date when their last purchase on or before that date is less than the
/// activity window old: active on day <c>d</c> means a purchase in <c>(d - window, d]</c>. At the start of the period means
/// on the day before its first day, so the period's own orders do not count.</para>
/// <list type="bullet">
/// <item>S = customers active at the start; E = customers active at the end (its last day); N = new customers, whose
/// first purchase ever falls in the period.</item>
/// <item><see cref="CustomerRetentionRate"/> = (E - N) / S x 100, the textbook formula. E - N also counts reactivated
/// customers (inactive at the start, back in the period), so it can exceed 100 when many return; it lies in [0, 100]
/// when no customer reactivates and the window is at least as long as the period (new customers are then still active
/// at the end). <see cref="Retained"/> and <see cref="Reactivated"/> split E - N.</item>
/// <item><see cref="ChurnRate"/> = (S - retained) / S x 100: the share of the customers active at the start who are not
/// active at the end.</item>
/// <item>Both are <see langword="null"/> when S = 0 (no starting customers): a rate of nothing is undefined, not 0.</item>
/// <item>Order metrics use the period's purchases: <see cref="RepeatPurchaseRate"/> = customers with two or more orders
/// in the period / customers with one or more; <see cref="PurchaseFrequency"/> = orders / customers who ordered;
/// <see cref="AverageOrderValue"/> = net revenue / orders, where net revenue is the period's purchases minus the refunds
/// paid in the period (a cash view: a refund counts in the period it is paid);
/// <see cref="AverageDaysBetweenOrders"/> = the mean gap between consecutive distinct purchase days in the period, over
/// every customer with two or more; <see cref="ReturningRevenueShare"/> = purchases by customers whose first purchase
/// was before the period / all purchases in the period. Each is <see langword="null"/> when its denominator is 0 (an
/// empty period).</item>
/// </list>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class RetentionMetrics
{
    private RetentionMetrics()
    {
    }

    /// <summary>Gets the period.</summary>
    /// <value>Inclusive of both ends.</value>
    public DateInterval Period { get; private init; } = null!;

    /// <summary>Gets the activity window.</summary>
    /// <value>A customer is active on a day when they purchased within this period ending that day.</value>
    public Period ActivityWindow { get; private init; } = NodaTime.Period.Zero;

    /// <summary>Gets S, the customers active at the start.</summary>
    /// <value>0 or more.</value>
    public int CustomersAtStart { get; private init; }

    /// <summary>Gets E, the customers active at the end.</summary>
    /// <value>0 or more.</value>
    public int CustomersAtEnd { get; private init; }

    /// <summary>Gets N, the customers whose first purchase ever is in the period.</summary>
    /// <value>0 or more.</value>
    public int NewCustomers { get; private init; }

    /// <summary>Gets the customers active at both the start and the end.</summary>
    /// <value>At most <see cref="CustomersAtStart"/>.</value>
    public int Retained { get; private init; }

    /// <summary>Gets the customers active at the end who were neither active at the start nor new.</summary>
    /// <value>0 or more.</value>
    public int Reactivated { get; private init; }

    /// <summary>Gets the customer retention rate, (E - N) / S x 100.</summary>
    /// <value><see langword="null"/> when there are no starting customers.</value>
    public double? CustomerRetentionRate { get; private init; }

    /// <summary>Gets the churn rate, the share of starting customers not active at the end, x 100.</summary>
    /// <value><see langword="null"/> when there are no starting customers.</value>
    public double? ChurnRate { get; private init; }

    /// <summary>Gets the customers with at least one order in the period.</summary>
    /// <value>0 or more.</value>
    public int OrderingCustomers { get; private init; }

    /// <summary>Gets the orders in the period.</summary>
    /// <value>0 or more.</value>
    public int Orders { get; private init; }

    /// <summary>Gets the period's purchases minus the refunds paid in it.</summary>
    /// <value>May be negative when refunds exceed purchases.</value>
    public decimal NetRevenue { get; private init; }

    /// <summary>Gets the share of ordering customers with two or more orders in the period, x 100.</summary>
    /// <value><see langword="null"/> when nobody ordered.</value>
    public double? RepeatPurchaseRate { get; private init; }

    /// <summary>Gets the orders per ordering customer.</summary>
    /// <value><see langword="null"/> when nobody ordered.</value>
    public double? PurchaseFrequency { get; private init; }

    /// <summary>Gets the net revenue per order.</summary>
    /// <value><see langword="null"/> when there were no orders.</value>
    public decimal? AverageOrderValue { get; private init; }

    /// <summary>Gets the mean number of days between consecutive distinct purchase days of one customer in the period.</summary>
    /// <value><see langword="null"/> when no customer bought on two different days.</value>
    public double? AverageDaysBetweenOrders { get; private init; }

    /// <summary>Gets the share of the period's purchases made by customers who first bought before it, x 100.</summary>
    /// <value><see langword="null"/> when the period has no purchases or they add up to 0.</value>
    public double? ReturningRevenueShare { get; private init; }

    /// <summary>Computes the metrics of a period.</summary>
    /// <param name="transactions">The population's purchases and refunds, dated in the store's time zone, in any order.</param>
    /// <param name="population">The number of customers (transactions' customer indexes are below it).</param>
    /// <param name="period">The period, inclusive of both ends.</param>
    /// <param name="activityWindow">How recent a purchase must be for a customer to be active, for example
    /// <c>Period.FromMonths(12)</c> or <c>Period.FromDays(90)</c>; positive and date-based.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="period"/> or <paramref name="activityWindow"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the window is not a positive date period, the population is
    /// negative, or a transaction's customer is outside the population.</exception>
    public static RetentionMetrics Compute(ReadOnlySpan<Transaction> transactions, int population, DateInterval period, Period activityWindow)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(activityWindow);
        Preconditions.CheckValue(population >= 0, "population", population, "must not be negative");
        Preconditions.CheckValue(
            !activityWindow.HasTimeComponent && period.Start.Plus(activityWindow) > period.Start,
            "activityWindow",
            activityWindow,
            "must be a positive period of days, weeks, months or years");

        var dayBefore = period.Start.PlusDays(-1);
        var atStart = new CustomerSummary[population];
        var atEnd = new CustomerSummary[population];
        var inPeriod = new CustomerSummary[population];
        CustomerSummaries.Compute(transactions, new SummaryWindow(dayBefore), atStart);
        CustomerSummaries.Compute(transactions, new SummaryWindow(period.End), atEnd);
        var periodTransactions = new List<Transaction>(transactions.Length);
        foreach (var t in transactions)
        {
            if (t.Date >= period.Start)
            {
                periodTransactions.Add(t);
            }
        }

        CustomerSummaries.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(periodTransactions), new SummaryWindow(period.End), inPeriod);

        int s = 0, e = 0, n = 0, retained = 0, reactivated = 0, ordering = 0, repeaters = 0, orders = 0;
        long gapDays = 0, gaps = 0;
        decimal purchases = 0m, refunds = 0m, returningPurchases = 0m;
        for (var c = 0; c < population; c++)
        {
            var activeAtStart = IsActive(atStart[c], dayBefore, activityWindow);
            var activeAtEnd = IsActive(atEnd[c], period.End, activityWindow);
            var isNew = atEnd[c].FirstPurchase is { } first && period.Contains(first);
            s += activeAtStart ? 1 : 0;
            e += activeAtEnd ? 1 : 0;
            n += isNew ? 1 : 0;
            retained += activeAtStart && activeAtEnd ? 1 : 0;
            reactivated += activeAtEnd && !activeAtStart && !isNew ? 1 : 0;

            var p = inPeriod[c];
            refunds += p.Refunded;
            if (p.HasPurchases)
            {
                ordering++;
                orders += p.Orders;
                repeaters += p.Orders >= 2 ? 1 : 0;
                purchases += p.Spend;
                returningPurchases += isNew ? 0m : p.Spend;
                if (p.PurchaseDays >= 2)
                {
                    gapDays += (long)p.Recency();
                    gaps += p.PurchaseDays - 1;
                }
            }
        }

        var net = purchases - refunds;
        return new RetentionMetrics
        {
            Period = period,
            ActivityWindow = activityWindow,
            CustomersAtStart = s,
            CustomersAtEnd = e,
            NewCustomers = n,
            Retained = retained,
            Reactivated = reactivated,
            CustomerRetentionRate = s == 0 ? null : 100d * (e - n) / s,
            ChurnRate = s == 0 ? null : 100d * (s - retained) / s,
            OrderingCustomers = ordering,
            Orders = orders,
            NetRevenue = net,
            RepeatPurchaseRate = ordering == 0 ? null : 100d * repeaters / ordering,
            PurchaseFrequency = ordering == 0 ? null : (double)orders / ordering,
            AverageOrderValue = orders == 0 ? null : net / orders,
            AverageDaysBetweenOrders = gaps == 0 ? null : (double)gapDays / gaps,
            ReturningRevenueShare = purchases == 0m ? null : (double)(100m * returningPurchases / purchases),
        };
    }

    private static bool IsActive(in CustomerSummary summary, LocalDate on, Period window) =>
        summary.LastPurchase is { } last && last > on.Minus(window);
}
