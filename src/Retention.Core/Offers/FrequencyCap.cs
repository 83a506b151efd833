using System.Globalization;
using NodaTime;

namespace Retention.Offers;

/// <summary>
/// The most marketing messages one customer may get on one channel within a window of time, for example one per seven
/// days.
/// </summary>
/// <remarks>
/// <para>A send at instant <c>t</c> is allowed when fewer than <see cref="Messages"/> sends on the channel lie within
/// <see cref="Window"/> before or after <c>t</c> (strictly). Checking both sides makes the cap hold for sends recorded
/// out of time order (deferred sends, replays): every half-open interval of length <see cref="Window"/> then holds at
/// most <see cref="Messages"/> sends. For one message per window this is exactly "at least a window apart"; for more it
/// is slightly stricter than a sliding count.</para>
/// <para>The default value, <see cref="None"/>, has no cap. Equality is by value. Thread safety: immutable value type.</para>
/// </remarks>
public readonly record struct FrequencyCap
{
    /// <summary>Initializes a cap.</summary>
    /// <param name="messages">The most messages per window, 1 to 1000.</param>
    /// <param name="window">The window, greater than zero and at most 3660 days.</param>
    /// <exception cref="InvalidValueException">Thrown when a value breaks the rules above.</exception>
    public FrequencyCap(int messages, Duration window)
    {
        Preconditions.CheckValue(messages is >= 1 and <= 1000, "frequencyCap.messages", messages, "must be from 1 to 1000");
        Preconditions.CheckValue(window > Duration.Zero && window <= Duration.FromDays(3660), "frequencyCap.window", window, "must be greater than zero and at most 3660 days");
        Messages = messages;
        Window = window;
    }

    /// <summary>Gets the cap that allows every send.</summary>
    /// <value>The default value.</value>
    public static FrequencyCap None => default;

    /// <summary>Gets the default marketing cap: one message per seven days.</summary>
    /// <value>1 message per 7 days.</value>
    public static FrequencyCap OnePerWeek { get; } = new(1, Duration.FromDays(7));

    /// <summary>Gets the most messages per window.</summary>
    /// <value>0 for <see cref="None"/>.</value>
    public int Messages { get; }

    /// <summary>Gets the window.</summary>
    /// <value><see cref="Duration.Zero"/> for <see cref="None"/>.</value>
    public Duration Window { get; }

    /// <summary>Gets whether this is <see cref="None"/>.</summary>
    /// <value><see langword="true"/> when every send is allowed.</value>
    public bool IsNone => Messages == 0;

    /// <summary>Returns the cap as text.</summary>
    /// <returns>For example <c>1 per 7 days</c>, or <c>none</c>.</returns>
    public override string ToString() => IsNone ? "none" : Messages.ToString(CultureInfo.InvariantCulture) + " per " + Describe(Window);

    internal static string Describe(Duration duration) =>
        duration.BclCompatibleTicks % NodaConstants.TicksPerDay == 0
            ? (duration.BclCompatibleTicks / NodaConstants.TicksPerDay).ToString(CultureInfo.InvariantCulture) + " days"
            : duration.ToString("-H:mm:ss", CultureInfo.InvariantCulture);
}
