using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Rfm;

/// <summary>
/// One customer's purchase history reduced to the numbers RFM scoring and the CLV models read, for one
/// <see cref="SummaryWindow"/>.
/// </summary>
/// <remarks>
/// <para>Definitions (the CLV literature's, as in Fader, Hardie and Lee and the <c>lifetimes</c> package), for purchases
/// on or before the calibration end:</para>
/// <list type="bullet">
/// <item><see cref="Orders"/>: purchases; <see cref="PurchaseDays"/>: distinct days with a purchase;
/// <see cref="RepeatFrequency"/> = <see cref="PurchaseDays"/> - 1 (the models' <c>x</c>, "frequency").</item>
/// <item><see cref="Recency(TimeUnit)"/> = last purchase day - first purchase day (<c>t_x</c>; 0 without repeats);
/// <see cref="Age(TimeUnit)"/> = calibration end - first purchase day (<c>T</c>);
/// <see cref="DaysSinceLastPurchase"/> = calibration end - last purchase day (RFM's recency).</item>
/// <item><see cref="Spend"/>: purchases; <see cref="Refunded"/>: refunds dated in the calibration period;
/// <see cref="NetSpend"/> = spend - refunded (negative when a refund pays back an order from before the data).</item>
/// <item><see cref="AverageRepeatSpend"/>: the mean of the day-summed repeat purchases (<c>zbar</c>), that is spend after
/// the first purchase day divided by <see cref="RepeatFrequency"/>; 0 without repeats.</item>
/// </list>
/// <para>Merging: summaries of time-ordered shards of one customer's transactions (each shard a time range; two shards
/// may share one boundary day) merge exactly into the summary of all of them, see <see cref="Merge"/>.</para>
/// <para>The default value is an empty summary for a window ending on 0001-01-01. Thread safety: immutable value type.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct CustomerSummary : IEquatable<CustomerSummary>
{
    internal readonly SummaryState State;

    internal CustomerSummary(SummaryState state) => State = state;

    /// <summary>Gets the window the summary was computed for.</summary>
    /// <value>The calibration end and optional holdout end.</value>
    public SummaryWindow Window => State.Window;

    /// <summary>Gets whether the customer purchased in the calibration period.</summary>
    /// <value><see langword="true"/> when <see cref="Orders"/> is above zero.</value>
    public bool HasPurchases => State.Orders > 0;

    /// <summary>Gets the date of the first purchase.</summary>
    /// <value><see langword="null"/> without purchases.</value>
    public LocalDate? FirstPurchase => HasPurchases ? DayNumbers.ToDate(State.FirstDay) : null;

    /// <summary>Gets the date of the last purchase in the calibration period.</summary>
    /// <value><see langword="null"/> without purchases.</value>
    public LocalDate? LastPurchase => HasPurchases ? DayNumbers.ToDate(State.LastDay) : null;

    /// <summary>Gets the number of purchases in the calibration period.</summary>
    /// <value>0 or more.</value>
    public int Orders => State.Orders;

    /// <summary>Gets the number of distinct days with a purchase in the calibration period.</summary>
    /// <value>At most <see cref="Orders"/>.</value>
    public int PurchaseDays => State.PurchaseDays;

    /// <summary>Gets the number of repeat purchase days: distinct purchase days minus 1.</summary>
    /// <value>The CLV models' <c>x</c> ("frequency"); 0 without purchases.</value>
    public int RepeatFrequency => Math.Max(State.PurchaseDays - 1, 0);

    /// <summary>Gets the amount spent on purchases in the calibration period.</summary>
    /// <value>Gross of refunds.</value>
    public decimal Spend => State.Spend;

    /// <summary>Gets the amount refunded in the calibration period.</summary>
    /// <value>0 or more.</value>
    public decimal Refunded => State.Refunded;

    /// <summary>Gets the spend net of refunds.</summary>
    /// <value><see cref="Spend"/> - <see cref="Refunded"/>.</value>
    public decimal NetSpend => State.Spend - State.Refunded;

    /// <summary>Gets the spend on the days after the first purchase day.</summary>
    /// <value><see cref="Spend"/> less the first day's purchases.</value>
    public decimal RepeatSpend => State.Spend - State.FirstDaySpend;

    /// <summary>Gets the average net spend per order.</summary>
    /// <value><see langword="null"/> without purchases.</value>
    public decimal? AverageOrderValue => HasPurchases ? NetSpend / State.Orders : null;

    /// <summary>Gets the mean of the day-summed repeat purchases (the Gamma-Gamma model's <c>zbar</c>).</summary>
    /// <value>0 without repeat purchases.</value>
    public decimal AverageRepeatSpend => RepeatFrequency == 0 ? 0m : RepeatSpend / RepeatFrequency;

    /// <summary>Gets the whole days from the last purchase to the calibration end (RFM's recency).</summary>
    /// <value><see langword="null"/> without purchases.</value>
    public int? DaysSinceLastPurchase => HasPurchases ? State.CalibrationEnd - State.LastDay : null;

    /// <summary>Gets the number of purchases in the holdout period.</summary>
    /// <value>0 without a holdout.</value>
    public int HoldoutOrders => State.HoldoutOrders;

    /// <summary>Gets the number of distinct days with a purchase in the holdout period.</summary>
    /// <value>0 without a holdout.</value>
    public int HoldoutPurchaseDays => State.HoldoutPurchaseDays;

    /// <summary>Gets the amount spent on purchases in the holdout period.</summary>
    /// <value>0 without a holdout.</value>
    public decimal HoldoutSpend => State.HoldoutSpend;

    /// <summary>Returns the time from the first to the last purchase (the CLV models' <c>t_x</c>).</summary>
    /// <param name="unit">Days or weeks.</param>
    /// <returns>0 without purchases or without repeats.</returns>
    public double Recency(TimeUnit unit = TimeUnit.Days) => HasPurchases ? Scale(State.LastDay - State.FirstDay, unit) : 0d;

    /// <summary>Returns the time from the first purchase to the calibration end (the CLV models' <c>T</c>).</summary>
    /// <param name="unit">Days or weeks.</param>
    /// <returns>0 without purchases.</returns>
    public double Age(TimeUnit unit = TimeUnit.Days) => HasPurchases ? Scale(State.CalibrationEnd - State.FirstDay, unit) : 0d;

    /// <summary>Returns an empty summary for a window: no purchases, no refunds.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The empty summary.</returns>
    public static CustomerSummary Empty(SummaryWindow window) => new(SummaryState.Empty(window));

    /// <summary>
    /// Merges the summaries of two time-ordered shards of one customer's transactions into the summary of all of them.
    /// </summary>
    /// <param name="first">One shard's summary.</param>
    /// <param name="second">The other shard's summary (the order of the arguments does not matter).</param>
    /// <returns>The summary of the union, exactly as <see cref="CustomerSummaries.Compute"/> would give it.</returns>
    /// <remarks>
    /// Shards must not interleave in time: all purchase days of one shard are on or before all purchase days of the
    /// other, in the calibration period and in the holdout period, and two shards may share only one boundary day
    /// (counted once). Shards that interleave cannot be merged exactly (their shared days are unknown) and are rejected.
    /// Merging is associative and commutative, and <see cref="Empty"/> is its identity.
    /// </remarks>
    /// <exception cref="InvalidValueException">Thrown when the windows differ or the shards interleave in time.</exception>
    public static CustomerSummary Merge(CustomerSummary first, CustomerSummary second) => new(SummaryState.Merge(first.State, second.State));

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(CustomerSummary other) => State.Equals(other.State);

    /// <summary>Returns whether <paramref name="obj"/> is a summary with equal numbers.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is CustomerSummary other && Equals(other);

    /// <summary>Returns a hash code of the numbers.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => State.GetHashCode();

    /// <summary>Returns the main numbers as text, for diagnostics.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"orders {Orders}, days {PurchaseDays}, x {RepeatFrequency}, t_x {Recency()}d, T {Age()}d, spend {Spend}, refunded {Refunded}, zbar {AverageRepeatSpend}");

    /// <summary>Returns whether two summaries have equal numbers.</summary>
    /// <param name="left">The first summary.</param>
    /// <param name="right">The second summary.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(CustomerSummary left, CustomerSummary right) => left.Equals(right);

    /// <summary>Returns whether two summaries differ.</summary>
    /// <param name="left">The first summary.</param>
    /// <param name="right">The second summary.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(CustomerSummary left, CustomerSummary right) => !left.Equals(right);

    private static double Scale(int days, TimeUnit unit) => unit switch
    {
        TimeUnit.Days => days,
        TimeUnit.Weeks => days / 7d,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
