using Retention.Rfm;

namespace Retention.Clv;

/// <summary>
/// The horizon of a discounted CLV: how many periods, how long a period is in the purchase model's time unit, and the
/// discount rate per period. Nothing is assumed: there is no hidden 30-day month.
/// </summary>
/// <remarks>
/// <para>A model fitted on recency and T in weeks (CDNOW) predicting twelve calendar months uses
/// <c>ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Weeks, monthlyRate)</c>, that is periods of 4.348 weeks; the same
/// model over 52 weekly periods uses <c>new ClvHorizon(52, 1, weeklyRate)</c>.</para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class ClvHorizon
{
    /// <summary>Initializes a horizon.</summary>
    /// <param name="periods">The number of periods, from 1 to 10,000.</param>
    /// <param name="periodLength">The length of one period in the purchase model's time unit (the unit of the recency and
    /// T it was fitted on); above 0.</param>
    /// <param name="discountRate">The discount rate per period (0.01 for 1% a period), 0 or more.</param>
    /// <exception cref="InvalidValueException">Thrown when an argument is out of range.</exception>
    public ClvHorizon(int periods, double periodLength, double discountRate)
    {
        Preconditions.CheckValue(periods is >= 1 and <= 10_000, nameof(periods), periods, "must be from 1 to 10000");
        ClvInput.CheckPositive(periodLength, nameof(periodLength));
        if (!(double.IsFinite(discountRate) && discountRate >= 0d))
        {
            Preconditions.ThrowInvalid(nameof(discountRate), discountRate, "must be a finite rate, 0 or more");
        }

        Periods = periods;
        PeriodLength = periodLength;
        DiscountRate = discountRate;
    }

    /// <summary>Gets the number of periods.</summary>
    /// <value>From 1 to 10,000.</value>
    public int Periods { get; }

    /// <summary>Gets the length of one period in the purchase model's time unit.</summary>
    /// <value>Above 0.</value>
    public double PeriodLength { get; }

    /// <summary>Gets the discount rate per period.</summary>
    /// <value>0 or more.</value>
    public double DiscountRate { get; }

    /// <summary>Creates a horizon whose periods are given in days, for a model fitted in <paramref name="modelUnit"/>.</summary>
    /// <param name="periods">The number of periods, from 1 to 10,000.</param>
    /// <param name="daysPerPeriod">Days per period, stated by the caller (365.25 / 12 for an average month); above 0.</param>
    /// <param name="modelUnit">The unit of the recency and T the purchase model was fitted on.</param>
    /// <param name="discountRate">The discount rate per period, 0 or more.</param>
    /// <returns>The horizon, with the period length converted to the model's unit.</returns>
    /// <exception cref="InvalidValueException">Thrown when an argument is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="modelUnit"/> is not a defined unit.</exception>
    public static ClvHorizon FromDays(int periods, double daysPerPeriod, TimeUnit modelUnit, double discountRate)
    {
        ClvInput.CheckPositive(daysPerPeriod, nameof(daysPerPeriod));
        var length = modelUnit switch
        {
            TimeUnit.Days => daysPerPeriod,
            TimeUnit.Weeks => daysPerPeriod / 7d,
            _ => throw new ArgumentOutOfRangeException(nameof(modelUnit), modelUnit, "Unknown time unit."),
        };
        return new ClvHorizon(periods, length, discountRate);
    }

    /// <summary>Returns the horizon as text, for diagnostics.</summary>
    /// <returns>For example <c>12 periods of 4.348 model time units at 1% a period</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"{Periods} periods of {PeriodLength:G4} model time units at {DiscountRate:P2} a period");
}
