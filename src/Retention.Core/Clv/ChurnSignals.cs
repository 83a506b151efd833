using NodaTime;
using Retention.Rfm;

namespace Retention.Clv;

/// <summary>The churn signals a customer can show; several may be set at once.</summary>
[Flags]
public enum ChurnSignal
{
    /// <summary>No signal.</summary>
    None = 0,

    /// <summary>The purchase model's probability alive is below <see cref="ChurnRules.ProbabilityAliveBelow"/>.</summary>
    LowProbabilityAlive = 1,

    /// <summary>No purchase in the last <see cref="ChurnRules.NoPurchaseMonths"/> calendar months.</summary>
    NoPurchaseInWindow = 2,

    /// <summary>The gap since the last purchase is longer than <see cref="ChurnRules.RhythmMultiple"/> times the
    /// customer's own mean interval between purchases.</summary>
    OverdueForRhythm = 4,
}

/// <summary>
/// The thresholds of the churn signals. Every property has a default and is validated when it is set.
/// </summary>
/// <remarks>
/// <para>Boundaries: a signal fires only when a customer is strictly past its threshold. A probability alive equal to
/// <see cref="ProbabilityAliveBelow"/>, a last purchase exactly <see cref="NoPurchaseMonths"/> calendar months before the
/// as-of date, and a gap of exactly <see cref="RhythmMultiple"/> mean intervals do not fire.</para>
/// <para>Thread safety: immutable once initialized.</para>
/// </remarks>
/// <example><code><![CDATA[
/// var rules = new ChurnRules { ProbabilityAliveBelow = 0.3, NoPurchaseMonths = 3 };
/// ]]></code></example>
public sealed class ChurnRules
{
    /// <summary>The default of <see cref="ProbabilityAliveBelow"/>.</summary>
    public const double DefaultProbabilityAliveBelow = 0.5;

    /// <summary>The default of <see cref="NoPurchaseMonths"/>.</summary>
    public const int DefaultNoPurchaseMonths = 6;

    /// <summary>The default of <see cref="RhythmMultiple"/>.</summary>
    public const double DefaultRhythmMultiple = 3d;

    /// <summary>The default of <see cref="MinRepeatPurchasesForRhythm"/>.</summary>
    public const int DefaultMinRepeatPurchasesForRhythm = 2;

    /// <summary>The largest <see cref="NoPurchaseMonths"/> accepted (100 years).</summary>
    public const int MaxNoPurchaseMonths = 1200;

    private readonly double probabilityAliveBelow = DefaultProbabilityAliveBelow;
    private readonly int noPurchaseMonths = DefaultNoPurchaseMonths;
    private readonly double rhythmMultiple = DefaultRhythmMultiple;
    private readonly int minRepeatPurchasesForRhythm = DefaultMinRepeatPurchasesForRhythm;

    /// <summary>Gets the probability alive under which <see cref="ChurnSignal.LowProbabilityAlive"/> fires.</summary>
    /// <value>Strictly between 0 and 1. The default value is 0.5.</value>
    /// <exception cref="InvalidValueException">Thrown on set when the value is not strictly between 0 and 1.</exception>
    public double ProbabilityAliveBelow
    {
        get => probabilityAliveBelow;
        init
        {
            Preconditions.CheckValue(value is > 0d and < 1d, nameof(ProbabilityAliveBelow), value, "must be above 0 and below 1");
            probabilityAliveBelow = value;
        }
    }

    /// <summary>Gets the number of calendar months without a purchase after which
    /// <see cref="ChurnSignal.NoPurchaseInWindow"/> fires.</summary>
    /// <value>From 1 to <see cref="MaxNoPurchaseMonths"/>. The default value is 6.</value>
    /// <exception cref="InvalidValueException">Thrown on set when the value is out of range.</exception>
    public int NoPurchaseMonths
    {
        get => noPurchaseMonths;
        init
        {
            Preconditions.CheckValue(value is >= 1 and <= MaxNoPurchaseMonths, nameof(NoPurchaseMonths), value, "must be from 1 to 1200");
            noPurchaseMonths = value;
        }
    }

    /// <summary>Gets how many of the customer's mean intervals the gap since the last purchase must exceed for
    /// <see cref="ChurnSignal.OverdueForRhythm"/> to fire.</summary>
    /// <value>Finite and above 1. The default value is 3.</value>
    /// <exception cref="InvalidValueException">Thrown on set when the value is not a finite number above 1.</exception>
    public double RhythmMultiple
    {
        get => rhythmMultiple;
        init
        {
            Preconditions.CheckValue(double.IsFinite(value) && value > 1d, nameof(RhythmMultiple), value, "must be a finite number above 1");
            rhythmMultiple = value;
        }
    }

    /// <summary>Gets the fewest repeat purchases a customer needs to have a rhythm; customers with fewer never show
    /// <see cref="ChurnSignal.OverdueForRhythm"/>.</summary>
    /// <value>1 or more. The default value is 2 (at least two intervals to average).</value>
    /// <exception cref="InvalidValueException">Thrown on set when the value is below 1.</exception>
    public int MinRepeatPurchasesForRhythm
    {
        get => minRepeatPurchasesForRhythm;
        init
        {
            Preconditions.CheckValue(value >= 1, nameof(MinRepeatPurchasesForRhythm), value, "must be at least 1");
            minRepeatPurchasesForRhythm = value;
        }
    }

    /// <summary>Returns the thresholds as text, for diagnostics.</summary>
    /// <returns>For example <c>p alive below 0.5, no purchase in 6 months, gap over 3x the mean interval after 2 repeats</c>.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"p alive below {ProbabilityAliveBelow}, no purchase in {NoPurchaseMonths} months, gap over {RhythmMultiple}x the mean interval after {MinRepeatPurchasesForRhythm} repeats");
}

/// <summary>
/// One customer's churn signals and the numbers behind them, so that a caller can explain why a signal fired.
/// </summary>
/// <remarks>
/// <para>Equality compares every number. The default value has no signal, no probability, no rhythm and a window
/// starting on 0001-01-01; it is not the result of any evaluation.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
public readonly struct ChurnAssessment : IEquatable<ChurnAssessment>
{
    internal ChurnAssessment(ChurnSignal signals, double? probabilityAlive, int daysSinceLastPurchase, LocalDate windowStart, double? meanIntervalDays, double? gapRatio)
    {
        Signals = signals;
        ProbabilityAlive = probabilityAlive;
        DaysSinceLastPurchase = daysSinceLastPurchase;
        WindowStart = windowStart;
        MeanIntervalDays = meanIntervalDays;
        GapRatio = gapRatio;
    }

    /// <summary>Gets the signals that fired.</summary>
    /// <value><see cref="ChurnSignal.None"/> when none did.</value>
    public ChurnSignal Signals { get; }

    /// <summary>Gets whether any signal fired.</summary>
    /// <value><see langword="true"/> when <see cref="Signals"/> is not <see cref="ChurnSignal.None"/>.</value>
    public bool IsAtRisk => Signals != ChurnSignal.None;

    /// <summary>Gets the probability alive that was evaluated.</summary>
    /// <value>From 0 to 1; <see langword="null"/> when no purchase model was given (then
    /// <see cref="ChurnSignal.LowProbabilityAlive"/> never fires).</value>
    public double? ProbabilityAlive { get; }

    /// <summary>Gets the whole days from the last purchase to the as-of date.</summary>
    /// <value>0 or more.</value>
    public int DaysSinceLastPurchase { get; }

    /// <summary>Gets the first day of the purchase window: the as-of date minus <see cref="ChurnRules.NoPurchaseMonths"/>
    /// calendar months (from the 31st to the end of a shorter month).</summary>
    /// <value>A purchase on or after this day keeps <see cref="ChurnSignal.NoPurchaseInWindow"/> off.</value>
    public LocalDate WindowStart { get; }

    /// <summary>Gets the customer's mean interval between purchase days: days from first to last purchase divided by the
    /// repeat purchases.</summary>
    /// <value><see langword="null"/> when the customer has fewer repeat purchases than
    /// <see cref="ChurnRules.MinRepeatPurchasesForRhythm"/> (no rhythm).</value>
    public double? MeanIntervalDays { get; }

    /// <summary>Gets the days since the last purchase divided by the mean interval.</summary>
    /// <value>0 or more; <see langword="null"/> without a rhythm. <see cref="ChurnSignal.OverdueForRhythm"/> fires when it
    /// is above <see cref="ChurnRules.RhythmMultiple"/>.</value>
    public double? GapRatio { get; }

    /// <summary>Returns whether every signal in <paramref name="signal"/> fired.</summary>
    /// <param name="signal">One signal or a combination.</param>
    /// <returns><see langword="true"/> when all of them are in <see cref="Signals"/>.</returns>
    public bool Has(ChurnSignal signal) => (Signals & signal) == signal;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(ChurnAssessment other) =>
        Signals == other.Signals && Nullable.Equals(ProbabilityAlive, other.ProbabilityAlive) && DaysSinceLastPurchase == other.DaysSinceLastPurchase
        && WindowStart == other.WindowStart && Nullable.Equals(MeanIntervalDays, other.MeanIntervalDays) && Nullable.Equals(GapRatio, other.GapRatio);

    /// <summary>Returns whether <paramref name="obj"/> is an assessment with equal signals and numbers.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is ChurnAssessment other && Equals(other);

    /// <summary>Returns a hash code of the signals and numbers.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Signals, ProbabilityAlive, DaysSinceLastPurchase, WindowStart, MeanIntervalDays, GapRatio);

    /// <summary>Returns the signals and numbers as text, for diagnostics.</summary>
    /// <returns>For example <c>NoPurchaseInWindow, OverdueForRhythm: p alive -, 200 days since last, window from 2024-01-01,
    /// mean interval 30d, gap ratio 6.667</c>.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"{Signals}: p alive {(ProbabilityAlive is { } p ? p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "-")}, {DaysSinceLastPurchase} days since last, window from {WindowStart:yyyy'-'MM'-'dd}, mean interval {(MeanIntervalDays is { } m ? m.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) + "d" : "-")}, gap ratio {(GapRatio is { } g ? g.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "-")}");

    /// <summary>Returns whether two assessments are equal.</summary>
    /// <param name="left">The first assessment.</param>
    /// <param name="right">The second assessment.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ChurnAssessment left, ChurnAssessment right) => left.Equals(right);

    /// <summary>Returns whether two assessments differ.</summary>
    /// <param name="left">The first assessment.</param>
    /// <param name="right">The second assessment.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(ChurnAssessment left, ChurnAssessment right) => !left.Equals(right);
}

/// <summary>
/// Churn signals for one customer or many: probability alive below a threshold, no purchase in N calendar months, and a
/// gap much longer than the customer's own usual interval.
/// </summary>
/// <remarks>
/// <para>Inputs map from a <see cref="CustomerSummary"/>: <see cref="CustomerSummary.FirstPurchase"/>,
/// <see cref="CustomerSummary.LastPurchase"/>, <see cref="CustomerSummary.RepeatFrequency"/> (repeat purchase
/// <em>days</em>) and the window's calibration end as the as-of date; the probability alive from a fitted model such
/// as <see cref="BgNbdModel.ProbabilityAlive(double, double, double)"/>, or <see langword="null"/> without one.</para>
/// <para>The evaluation is pure: the as-of date is always given, never read from a clock.</para>
/// </remarks>
public static class ChurnSignals
{
    /// <summary>Evaluates the churn signals of one customer.</summary>
    /// <param name="rules">The thresholds.</param>
    /// <param name="probabilityAlive">The purchase model's probability that the customer is alive at
    /// <paramref name="asOf"/>, from 0 to 1; <see langword="null"/> when there is no model.</param>
    /// <param name="firstPurchase">The day of the first purchase (ISO calendar).</param>
    /// <param name="lastPurchase">The day of the last purchase, on or after <paramref name="firstPurchase"/>.</param>
    /// <param name="repeatPurchases">The number of distinct purchase days after the first: 0 exactly when
    /// <paramref name="lastPurchase"/> is <paramref name="firstPurchase"/>, and at most the days between them.</param>
    /// <param name="asOf">The day the signals are evaluated for, on or after <paramref name="lastPurchase"/>.</param>
    /// <returns>The signals and the numbers behind them.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rules"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a date is not in the ISO calendar or before year 1, the dates
    /// are out of order, <paramref name="probabilityAlive"/> is NaN or outside [0, 1], or
    /// <paramref name="repeatPurchases"/> is negative or inconsistent with the dates.</exception>
    /// <example><code><![CDATA[
    /// var s = summary; // a CustomerSummary with purchases
    /// var x = s.RepeatFrequency;
    /// var alive = model.ProbabilityAlive(x, s.Recency(TimeUnit.Weeks), s.Age(TimeUnit.Weeks));
    /// var a = ChurnSignals.Evaluate(new ChurnRules(), alive, s.FirstPurchase!.Value, s.LastPurchase!.Value, x, s.Window.CalibrationEnd);
    /// if (a.Has(ChurnSignal.OverdueForRhythm)) Console.WriteLine($"{a.DaysSinceLastPurchase} days is {a.GapRatio:F1} usual gaps");
    /// ]]></code></example>
    public static ChurnAssessment Evaluate(ChurnRules rules, double? probabilityAlive, LocalDate firstPurchase, LocalDate lastPurchase, int repeatPurchases, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(rules);
        CheckAsOf(asOf);
        if (probabilityAlive is { } p)
        {
            CheckProbability(p, -1);
        }

        CheckHistory(firstPurchase, lastPurchase, repeatPurchases, asOf, -1);
        return Compute(rules, probabilityAlive, firstPurchase, lastPurchase, repeatPurchases, asOf, asOf.PlusMonths(-rules.NoPurchaseMonths));
    }

    /// <summary>Evaluates the churn signals of many customers as of one day, writing one assessment per customer into
    /// <paramref name="destination"/>. Allocates nothing.</summary>
    /// <param name="rules">The thresholds.</param>
    /// <param name="probabilityAlive">One probability alive per customer, from 0 to 1; empty when there is no model
    /// (then <see cref="ChurnSignal.LowProbabilityAlive"/> never fires).</param>
    /// <param name="firstPurchase">The first purchase day per customer.</param>
    /// <param name="lastPurchase">The last purchase day per customer.</param>
    /// <param name="repeatPurchases">The repeat purchase days per customer.</param>
    /// <param name="asOf">The day the signals are evaluated for, on or after every last purchase.</param>
    /// <param name="destination">Receives one assessment per customer; the same length as the inputs.</param>
    /// <remarks>Every input is checked before anything is written, so <paramref name="destination"/> is untouched when
    /// the method throws. Errors name the row, for example <c>lastPurchase[3]</c>.</remarks>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rules"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the lengths differ or any row is invalid, as for
    /// <see cref="Evaluate(ChurnRules, double?, LocalDate, LocalDate, int, LocalDate)"/>.</exception>
    public static void Evaluate(
        ChurnRules rules,
        ReadOnlySpan<double> probabilityAlive,
        ReadOnlySpan<LocalDate> firstPurchase,
        ReadOnlySpan<LocalDate> lastPurchase,
        ReadOnlySpan<int> repeatPurchases,
        LocalDate asOf,
        Span<ChurnAssessment> destination)
    {
        ArgumentNullException.ThrowIfNull(rules);
        CheckAsOf(asOf);
        var n = firstPurchase.Length;
        if (!probabilityAlive.IsEmpty)
        {
            ClvInput.CheckLength(probabilityAlive.Length, n, nameof(probabilityAlive));
        }

        ClvInput.CheckLength(lastPurchase.Length, n, nameof(lastPurchase));
        ClvInput.CheckLength(repeatPurchases.Length, n, nameof(repeatPurchases));
        ClvInput.CheckLength(destination.Length, n, nameof(destination));
        for (var i = 0; i < n; i++)
        {
            if (!probabilityAlive.IsEmpty)
            {
                CheckProbability(probabilityAlive[i], i);
            }

            CheckHistory(firstPurchase[i], lastPurchase[i], repeatPurchases[i], asOf, i);
        }

        var windowStart = asOf.PlusMonths(-rules.NoPurchaseMonths);
        for (var i = 0; i < n; i++)
        {
            double? p = probabilityAlive.IsEmpty ? null : probabilityAlive[i];
            destination[i] = Compute(rules, p, firstPurchase[i], lastPurchase[i], repeatPurchases[i], asOf, windowStart);
        }
    }

    private static ChurnAssessment Compute(ChurnRules rules, double? probabilityAlive, LocalDate firstPurchase, LocalDate lastPurchase, int repeatPurchases, LocalDate asOf, LocalDate windowStart)
    {
        var signals = ChurnSignal.None;
        if (probabilityAlive < rules.ProbabilityAliveBelow)
        {
            signals |= ChurnSignal.LowProbabilityAlive;
        }

        if (lastPurchase < windowStart)
        {
            signals |= ChurnSignal.NoPurchaseInWindow;
        }

        var daysSince = DayNumbers.ToDayNumber(asOf) - DayNumbers.ToDayNumber(lastPurchase);
        double? mean = null;
        double? ratio = null;
        if (repeatPurchases >= rules.MinRepeatPurchasesForRhythm)
        {
            var span = DayNumbers.ToDayNumber(lastPurchase) - DayNumbers.ToDayNumber(firstPurchase);
            mean = (double)span / repeatPurchases;

            // One rounding: both products are exact integers in a double, so a gap of exactly k intervals gives exactly k.
            var gap = (double)daysSince * repeatPurchases / span;
            ratio = gap;
            if (gap > rules.RhythmMultiple)
            {
                signals |= ChurnSignal.OverdueForRhythm;
            }
        }

        return new ChurnAssessment(signals, probabilityAlive, daysSince, windowStart, mean, ratio);
    }

    private static void CheckAsOf(LocalDate asOf) => CheckDate(asOf, nameof(asOf), -1);

    private static void CheckProbability(double p, int index)
    {
        if (!(p is >= 0d and <= 1d))
        {
            Preconditions.ThrowInvalid(Field("probabilityAlive", index), p, "must be a probability from 0 to 1");
        }
    }

    private static void CheckHistory(LocalDate firstPurchase, LocalDate lastPurchase, int repeatPurchases, LocalDate asOf, int index)
    {
        CheckDate(firstPurchase, nameof(firstPurchase), index);
        CheckDate(lastPurchase, nameof(lastPurchase), index);
        if (lastPurchase < firstPurchase)
        {
            Preconditions.ThrowInvalid(Field(nameof(lastPurchase), index), lastPurchase, "must not be before the first purchase " + Preconditions.Render(firstPurchase));
        }

        if (asOf < lastPurchase)
        {
            Preconditions.ThrowInvalid(Field(nameof(lastPurchase), index), lastPurchase, "must not be after the as-of date " + Preconditions.Render(asOf));
        }

        if (repeatPurchases < 0)
        {
            Preconditions.ThrowInvalid(Field(nameof(repeatPurchases), index), repeatPurchases, "must not be negative");
        }

        var span = DayNumbers.ToDayNumber(lastPurchase) - DayNumbers.ToDayNumber(firstPurchase);
        if (span == 0 ? repeatPurchases != 0 : repeatPurchases == 0 || repeatPurchases > span)
        {
            Preconditions.ThrowInvalid(
                Field(nameof(repeatPurchases), index),
                repeatPurchases,
                span == 0 ? "must be 0 when the last purchase is the first" : "must be from 1 to the " + span.ToString(System.Globalization.CultureInfo.InvariantCulture) + " days from the first to the last purchase");
        }
    }

    private static void CheckDate(LocalDate date, string field, int index)
    {
        if (date.Calendar != CalendarSystem.Iso || date.Year < 1)
        {
            Preconditions.ThrowInvalid(Field(field, index), date, "must be an ISO date from year 1");
        }
    }

    private static string Field(string name, int index) =>
        index < 0 ? name : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}[{index}]");
}
