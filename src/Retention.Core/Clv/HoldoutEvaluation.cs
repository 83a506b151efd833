using System.Collections.ObjectModel;
using NodaTime;
using Retention.Rfm;

namespace Retention.Clv;

/// <summary>
/// How well a purchase model predicted a holdout period: the customers' expected repeat purchases in the holdout
/// (from their calibration summaries) against the purchases they made, in total, per customer (mean absolute and root
/// mean squared error) and by calibration frequency (the comparison of Fader, Hardie and Lee 2005, fig. 5, and of
/// <c>lifetimes</c>' <c>plot_calibration_purchases_vs_holdout_purchases</c>).
/// </summary>
/// <remarks>
/// <para>Build the summaries with a <see cref="SummaryWindow"/> that has a holdout end: calibration purchases give
/// x, tₓ and T, and the holdout's purchase days (<see cref="CustomerSummary.HoldoutPurchaseDays"/>, counted like the
/// calibration frequency, one per day) are the actual purchases. The horizon is the holdout's length in the model's time
/// unit. Customers without a calibration purchase are not in the model's population and are left out.</para>
/// <para>Immutable; thread safety: safe to share.</para>
/// </remarks>
public sealed class HoldoutEvaluation
{
    private HoldoutEvaluation(int customers, double actualTotal, double predictedTotal, double meanAbsoluteError, double rootMeanSquaredError, HoldoutBin[] bins)
    {
        Customers = customers;
        ActualTotal = actualTotal;
        PredictedTotal = predictedTotal;
        MeanAbsoluteError = meanAbsoluteError;
        RootMeanSquaredError = rootMeanSquaredError;
        Bins = new ReadOnlyCollection<HoldoutBin>(bins);
    }

    /// <summary>Gets the number of customers compared.</summary>
    /// <value>0 or more.</value>
    public int Customers { get; }

    /// <summary>Gets the purchases the customers made in the holdout.</summary>
    /// <value>The sum of the actual values.</value>
    public double ActualTotal { get; }

    /// <summary>Gets the purchases the model expected in the holdout.</summary>
    /// <value>The sum of the predictions.</value>
    public double PredictedTotal { get; }

    /// <summary>Gets the mean over customers of |predicted - actual|.</summary>
    /// <value>0 or more; NaN when there are no customers.</value>
    public double MeanAbsoluteError { get; }

    /// <summary>Gets the square root of the mean over customers of (predicted - actual)².</summary>
    /// <value>0 or more; NaN when there are no customers.</value>
    public double RootMeanSquaredError { get; }

    /// <summary>Gets the comparison by calibration frequency: one bin per frequency 0, 1, … up to the last bin, which
    /// holds that frequency and every higher one. Bins without customers are left out.</summary>
    /// <value>In increasing frequency.</value>
    public IReadOnlyList<HoldoutBin> Bins { get; }

    /// <summary>Compares predictions with actual holdout purchases, customer by customer.</summary>
    /// <param name="calibrationFrequency">Each customer's calibration frequency x (for the bins).</param>
    /// <param name="predicted">Each customer's expected holdout purchases.</param>
    /// <param name="actual">Each customer's holdout purchases.</param>
    /// <param name="lastBin">The frequency of the last bin, which also holds every higher frequency (7 like
    /// <c>lifetimes</c>' default).</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="InvalidValueException">Thrown when the lengths differ, <paramref name="lastBin"/> is negative, or a
    /// value is negative or not finite (the field names the position, for example <c>predicted[3]</c>).</exception>
    public static HoldoutEvaluation Compare(ReadOnlySpan<double> calibrationFrequency, ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, int lastBin = 7)
    {
        Preconditions.CheckValue(lastBin >= 0, nameof(lastBin), lastBin, "must not be negative");
        ClvInput.CheckLength(predicted.Length, calibrationFrequency.Length, nameof(predicted));
        ClvInput.CheckLength(actual.Length, calibrationFrequency.Length, nameof(actual));
        var customers = new int[lastBin + 1];
        var actualSums = new double[lastBin + 1];
        var predictedSums = new double[lastBin + 1];
        double actualTotal = 0, predictedTotal = 0, absolute = 0, squared = 0;
        for (var i = 0; i < calibrationFrequency.Length; i++)
        {
            CheckCount(calibrationFrequency[i], "calibrationFrequency", i);
            CheckCount(predicted[i], nameof(predicted), i);
            CheckCount(actual[i], nameof(actual), i);
            var bin = (int)Math.Min(Math.Floor(calibrationFrequency[i]), lastBin);
            customers[bin]++;
            actualSums[bin] += actual[i];
            predictedSums[bin] += predicted[i];
            actualTotal += actual[i];
            predictedTotal += predicted[i];
            var error = predicted[i] - actual[i];
            absolute += Math.Abs(error);
            squared += error * error;
        }

        var bins = new List<HoldoutBin>();
        for (var bin = 0; bin <= lastBin; bin++)
        {
            if (customers[bin] > 0)
            {
                bins.Add(new HoldoutBin(bin, bin == lastBin, customers[bin], actualSums[bin] / customers[bin], predictedSums[bin] / customers[bin]));
            }
        }

        // Without customers both errors are 0 / 0, which is NaN.
        double n = calibrationFrequency.Length;
        return new HoldoutEvaluation(calibrationFrequency.Length, actualTotal, predictedTotal, absolute / n, Math.Sqrt(squared / n), [.. bins]);
    }

    /// <summary>Evaluates a BG/NBD model on calibration/holdout summaries.</summary>
    /// <param name="model">The model, fitted on the calibration summaries.</param>
    /// <param name="summaries">Customer summaries over a window with a holdout end.</param>
    /// <param name="unit">The model's time unit.</param>
    /// <returns>The comparison over the customers with a calibration purchase, binned up to "7 or more" (call
    /// <see cref="Compare"/> for other bins).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the summaries' window has no holdout or the summaries do not
    /// share one window.</exception>
    public static HoldoutEvaluation Of(BgNbdModel model, ReadOnlySpan<CustomerSummary> summaries, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(summaries, unit, model.ExpectedPurchases);
    }

    /// <summary>Evaluates an MBG/NBD model on calibration/holdout summaries.</summary>
    /// <param name="model">The model, fitted on the calibration summaries.</param>
    /// <param name="summaries">Customer summaries over a window with a holdout end.</param>
    /// <param name="unit">The model's time unit.</param>
    /// <returns>The comparison over the customers with a calibration purchase, binned up to "7 or more" (call
    /// <see cref="Compare"/> for other bins).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the summaries' window has no holdout or the summaries do not
    /// share one window.</exception>
    public static HoldoutEvaluation Of(MbgNbdModel model, ReadOnlySpan<CustomerSummary> summaries, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(summaries, unit, model.ExpectedPurchases);
    }

    /// <summary>Evaluates a Pareto/NBD model on calibration/holdout summaries.</summary>
    /// <param name="model">The model, fitted on the calibration summaries.</param>
    /// <param name="summaries">Customer summaries over a window with a holdout end.</param>
    /// <param name="unit">The model's time unit.</param>
    /// <returns>The comparison over the customers with a calibration purchase, binned up to "7 or more" (call
    /// <see cref="Compare"/> for other bins).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the summaries' window has no holdout or the summaries do not
    /// share one window.</exception>
    public static HoldoutEvaluation Of(ParetoNbdModel model, ReadOnlySpan<CustomerSummary> summaries, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(summaries, unit, model.ExpectedPurchases);
    }

    /// <summary>Returns the totals and errors as text, for diagnostics.</summary>
    /// <returns>For example <c>2357 customers: actual 1279, predicted 1340.2, MAE 0.61, RMSE 1.23</c>.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"{Customers} customers: actual {ActualTotal:G6}, predicted {PredictedTotal:G6}, MAE {MeanAbsoluteError:G3}, RMSE {RootMeanSquaredError:G3}");

    private static HoldoutEvaluation Of(ReadOnlySpan<CustomerSummary> summaries, TimeUnit unit, Func<double, double, double, double, double> expectedPurchases)
    {
        if (summaries.IsEmpty)
        {
            return Compare([], [], []);
        }

        var window = summaries[0].Window;
        Preconditions.CheckValue(window.HoldoutEnd is not null, "summaries.window", window, "has no holdout period (give the summary window a holdout end)");
        var horizon = Period.Between(window.CalibrationEnd, window.HoldoutEnd!.Value, PeriodUnits.Days).Days;
        var t = unit == TimeUnit.Weeks ? horizon / 7d : horizon;
        var x = new List<double>();
        var predicted = new List<double>();
        var actual = new List<double>();
        for (var i = 0; i < summaries.Length; i++)
        {
            var summary = summaries[i];
            if (summary.Window != window)
            {
                Preconditions.ThrowInvalid(ClvInput.Name("summaries", i) + ".window", summary.Window, "differs from the first summary's window " + window);
            }

            if (!summary.HasPurchases)
            {
                continue;
            }

            var frequency = summary.RepeatFrequency;
            x.Add(frequency);
            predicted.Add(expectedPurchases(t, frequency, summary.Recency(unit), summary.Age(unit)));
            actual.Add(summary.HoldoutPurchaseDays);
        }

        return Compare(x.ToArray(), predicted.ToArray(), actual.ToArray());
    }

    private static void CheckCount(double value, string name, int index)
    {
        if (!(double.IsFinite(value) && value >= 0d))
        {
            Preconditions.ThrowInvalid(ClvInput.Name(name, index), value, "must be a finite count, 0 or more");
        }
    }
}

/// <summary>One calibration-frequency bin of a <see cref="HoldoutEvaluation"/>.</summary>
/// <param name="Frequency">The calibration frequency x of the bin.</param>
/// <param name="OrMore">Whether the bin also holds every higher frequency (the last bin).</param>
/// <param name="Customers">The customers in the bin, at least 1.</param>
/// <param name="MeanActual">Their mean holdout purchases.</param>
/// <param name="MeanPredicted">Their mean expected holdout purchases.</param>
public readonly record struct HoldoutBin(int Frequency, bool OrMore, int Customers, double MeanActual, double MeanPredicted);
