using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// One customer's recency, frequency and monetary value: the compact input of RFM scoring (16 bytes).
/// </summary>
/// <remarks>
/// <para><see cref="RecencyDays"/> is the whole days from the last order to the as-of date, <see cref="Frequency"/> the
/// number of orders, <see cref="Monetary"/> the net spend. Monetary is a <see cref="double"/> (analytics use double,
/// see docs/decisions/0002): the conversion from <see cref="decimal"/> is monotone, so scores are exact for amounts up to
/// 15 significant digits. Net spend may be negative (refunds of orders from before the data); it then ranks lowest.</para>
/// <para>Invariants checked at construction: recency and frequency are not negative, monetary is finite. The default
/// value is (0, 0, 0).</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct RfmValues : IEquatable<RfmValues>
{
    /// <summary>Initializes new values.</summary>
    /// <param name="recencyDays">Whole days since the last order, 0 or more.</param>
    /// <param name="frequency">Number of orders, 0 or more.</param>
    /// <param name="monetary">Net spend; finite.</param>
    /// <exception cref="InvalidValueException">Thrown when recency or frequency is negative, or monetary is NaN or infinite.</exception>
    public RfmValues(int recencyDays, int frequency, double monetary)
    {
        Preconditions.CheckValue(recencyDays >= 0, "recencyDays", recencyDays, "must not be negative (an order after the as-of date?)");
        Preconditions.CheckValue(frequency >= 0, "frequency", frequency, "must not be negative");
        Preconditions.CheckValue(double.IsFinite(monetary), "monetary", monetary, "must be a finite number");
        RecencyDays = recencyDays;
        Frequency = frequency;
        Monetary = monetary + 0d; // -0.0 becomes 0.0, so it ranks as zero
    }

    /// <summary>Gets the whole days from the last order to the as-of date.</summary>
    /// <value>0 or more; lower is better.</value>
    public int RecencyDays { get; }

    /// <summary>Gets the number of orders.</summary>
    /// <value>0 or more.</value>
    public int Frequency { get; }

    /// <summary>Gets the net spend.</summary>
    /// <value>A finite number.</value>
    public double Monetary { get; }

    /// <summary>Returns the RFM values of a customer summary: days since the last purchase, orders, net spend.</summary>
    /// <param name="summary">A summary of a customer with at least one purchase.</param>
    /// <returns>The values.</returns>
    /// <exception cref="InvalidValueException">Thrown when the customer has no purchase in the calibration period (recency is undefined).</exception>
    public static RfmValues FromSummary(in CustomerSummary summary)
    {
        Preconditions.CheckValue(summary.HasPurchases, "summary", summary, "has no purchase, so its recency is undefined; score only customers who purchased");
        return new RfmValues(summary.DaysSinceLastPurchase!.Value, summary.Orders, (double)summary.NetSpend);
    }

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(RfmValues other) => RecencyDays == other.RecencyDays && Frequency == other.Frequency && Monetary.Equals(other.Monetary);

    /// <summary>Returns whether <paramref name="obj"/> holds equal values.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is RfmValues other && Equals(other);

    /// <summary>Returns a hash code of the values.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(RecencyDays, Frequency, Monetary);

    /// <summary>Returns the values as text, for diagnostics.</summary>
    /// <returns>For example <c>R 12d, F 3, M 120.5</c>.</returns>
    public override string ToString() => FormattableString.Invariant($"R {RecencyDays}d, F {Frequency}, M {Monetary}");

    /// <summary>Returns whether two values are equal.</summary>
    /// <param name="left">The first values.</param>
    /// <param name="right">The second values.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(RfmValues left, RfmValues right) => left.Equals(right);

    /// <summary>Returns whether two values differ.</summary>
    /// <param name="left">The first values.</param>
    /// <param name="right">The second values.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(RfmValues left, RfmValues right) => !left.Equals(right);
}
