using System.Globalization;
using NodaTime;

namespace Retention.Offers;

/// <summary>
/// A daily period, in the customer's local time, during which messages on some channels are not sent: from
/// <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), across midnight when <see cref="End"/> is earlier.
/// </summary>
/// <remarks>
/// <para>With <see cref="QuietHoursPolicy.Defer"/> a choice made inside the period is sent at its end: the send instant
/// is the decision instant plus the local time left until <see cref="End"/>. The customer's local time comes from the
/// <see cref="OfferCustomer"/> snapshot; on the night a daylight-saving change falls inside the period the send can be
/// an hour early or late.</para>
/// <para>The default value is midnight to midnight, which the catalog builder rejects. Equality is by value. Thread
/// safety: immutable value type.</para>
/// </remarks>
public readonly record struct QuietHours
{
    /// <summary>Initializes quiet hours.</summary>
    /// <param name="start">The local time they start, inclusive.</param>
    /// <param name="end">The local time they end, exclusive; not equal to <paramref name="start"/>.</param>
    /// <param name="policy">What happens to a message chosen inside them.</param>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="end"/> equals <paramref name="start"/> or
    /// <paramref name="policy"/> is not defined.</exception>
    public QuietHours(LocalTime start, LocalTime end, QuietHoursPolicy policy)
    {
        Preconditions.CheckValue(end != start, "quietHours.end", end, "must differ from the start");
        Preconditions.CheckValue(Enum.IsDefined(policy), "quietHours.policy", policy, "is not a defined quiet-hours policy");
        Start = start;
        End = end;
        Policy = policy;
    }

    /// <summary>Gets the local time the quiet hours start, inclusive.</summary>
    /// <value>A time of day.</value>
    public LocalTime Start { get; }

    /// <summary>Gets the local time the quiet hours end, exclusive.</summary>
    /// <value>A time of day; earlier than <see cref="Start"/> when the period crosses midnight.</value>
    public LocalTime End { get; }

    /// <summary>Gets what happens to a message chosen inside the quiet hours.</summary>
    /// <value>Defer or skip.</value>
    public QuietHoursPolicy Policy { get; }

    /// <summary>Returns whether a local time is inside the quiet hours.</summary>
    /// <param name="time">The local time.</param>
    /// <returns><see langword="true"/> from <see cref="Start"/> up to, but not including, <see cref="End"/>.</returns>
    public bool Contains(LocalTime time) => Start < End ? time >= Start && time < End : time >= Start || time < End;

    /// <summary>Returns how long from a local time inside the quiet hours until they end.</summary>
    /// <param name="time">The local time.</param>
    /// <returns>The time left, or <see cref="Duration.Zero"/> when <paramref name="time"/> is outside.</returns>
    public Duration Remaining(LocalTime time)
    {
        if (!Contains(time))
        {
            return Duration.Zero;
        }

        var left = End.NanosecondOfDay - time.NanosecondOfDay;
        return Duration.FromNanoseconds(left > 0 ? left : left + NodaConstants.NanosecondsPerDay);
    }

    /// <summary>Returns the quiet hours as text.</summary>
    /// <returns>For example <c>21:00-08:00 (Defer)</c>.</returns>
    public override string ToString() =>
        Format(Start) + "-" + Format(End) + " (" + Policy.ToString() + ")";

    internal static string Format(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
