using NodaTime;

namespace Retention.Offers;

/// <summary>
/// What the offer selector knows about one customer at the instant of a decision: precomputed facts in one value, so a
/// decision reads fields instead of histories. Build it with <see cref="OfferCatalog.DescribeCustomer"/> from a profile
/// and orders, or fill it directly from your own pipeline.
/// </summary>
/// <remarks>
/// <para>Category bits are catalog-local: bit <c>i</c> is <see cref="OfferCatalog.Categories"/>[i]
/// (<see cref="OfferCatalog.CategoryMask"/> maps identifiers to bits). Channel bits are <c>1 &lt;&lt; (int)channel</c>
/// (<see cref="ChannelMask"/>).</para>
/// <para>The default value describes an unscored customer (<see cref="Segment"/> -1, scores 0) who never ordered, has no
/// consent, an unknown birthday, probability alive 0 and a local time of midnight.</para>
/// <para>Equality is by value. Thread safety: immutable value type.</para>
/// </remarks>
public readonly record struct OfferCustomer
{
    private readonly int _segmentPlusOne;
    private readonly int _index;
    private readonly int _tierLevel;
    private readonly int _orders;
    private readonly byte _recency;
    private readonly byte _frequency;
    private readonly byte _monetary;
    private readonly double _probabilityAlive;
    private readonly double _clv;
    private readonly int _consents;

    /// <summary>Gets or initializes the customer's dense index, which the <see cref="ContactLog"/> keys contacts by.</summary>
    /// <value>From 0; the default is 0.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is negative.</exception>
    public int Index
    {
        get => _index;
        init => _index = Checked(value, 0, int.MaxValue, "customer.index");
    }

    /// <summary>Gets or initializes the index of the customer's segment in the catalog's <see cref="OfferCatalog.Segments"/>.</summary>
    /// <value>-1 when not scored (the default), otherwise 0 to 254.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is outside -1 to 254.</exception>
    public int Segment
    {
        get => _segmentPlusOne - 1;
        init => _segmentPlusOne = Checked(value, -1, 254, "customer.segment") + 1;
    }

    /// <summary>Gets or initializes the customer's tier level (0 is the first tier).</summary>
    /// <value>From 0; the default is 0.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is negative.</exception>
    public int TierLevel
    {
        get => _tierLevel;
        init => _tierLevel = Checked(value, 0, int.MaxValue, "customer.tierLevel");
    }

    /// <summary>Gets or initializes the R score.</summary>
    /// <value>1 to 9, or 0 when not scored (the default).</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is outside 0 to 9.</exception>
    public int Recency
    {
        get => _recency;
        init => _recency = (byte)Checked(value, 0, 9, "customer.recency");
    }

    /// <summary>Gets or initializes the F score.</summary>
    /// <value>1 to 9, or 0 when not scored (the default).</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is outside 0 to 9.</exception>
    public int Frequency
    {
        get => _frequency;
        init => _frequency = (byte)Checked(value, 0, 9, "customer.frequency");
    }

    /// <summary>Gets or initializes the M score.</summary>
    /// <value>1 to 9, or 0 when not scored (the default).</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is outside 0 to 9.</exception>
    public int Monetary
    {
        get => _monetary;
        init => _monetary = (byte)Checked(value, 0, 9, "customer.monetary");
    }

    /// <summary>Gets or initializes the number of orders the customer placed (cancelled orders excluded).</summary>
    /// <value>From 0; the default is 0.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is negative.</exception>
    public int Orders
    {
        get => _orders;
        init => _orders = Checked(value, 0, int.MaxValue, "customer.orders");
    }

    /// <summary>Gets or initializes the whole local days since the last order.</summary>
    /// <value>From 0, or <see langword="null"/> when the customer never ordered (the default).</value>
    public int? DaysSinceLastOrder { get; init; }

    /// <summary>Gets or initializes the signed local days from the nearest birthday: negative before it, 0 on it,
    /// positive after it.</summary>
    /// <value>From -183 to 183, or <see langword="null"/> when the birthday is unknown (the default).</value>
    public int? DaysFromBirthday { get; init; }

    /// <summary>Gets or initializes the probability that the customer is still alive (a CLV model's P(alive)).</summary>
    /// <value>From 0 to 1; the default is 0.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is outside 0 to 1 or not a number.</exception>
    public double ProbabilityAlive
    {
        get => _probabilityAlive;
        init
        {
            Preconditions.CheckValue(value is >= 0d and <= 1d, "customer.probabilityAlive", value, "must be from 0 to 1");
            _probabilityAlive = value;
        }
    }

    /// <summary>Gets or initializes the customer lifetime value, in the catalog's currency.</summary>
    /// <value>A finite number; the default is 0.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is not finite.</exception>
    public double Clv
    {
        get => _clv;
        init
        {
            Preconditions.CheckValue(double.IsFinite(value), "customer.clv", value, "must be a finite number");
            _clv = value;
        }
    }

    /// <summary>Gets or initializes the catalog-local categories the customer ever bought in, one bit each.</summary>
    /// <value>A bit mask; the default is none.</value>
    public ulong CategoriesBought { get; init; }

    /// <summary>Gets or initializes the catalog-local categories of the customer's last order, one bit each.</summary>
    /// <value>A bit mask; the default is none.</value>
    public ulong LastOrderCategories { get; init; }

    /// <summary>Gets or initializes the channels the customer consents to, bit <c>1 &lt;&lt; (int)channel</c> each.</summary>
    /// <value>A bit mask of defined channels; the default is none.</value>
    /// <exception cref="InvalidValueException">Thrown on init when a bit names no defined channel.</exception>
    public int ConsentedChannels
    {
        get => _consents;
        init
        {
            Preconditions.CheckValue((value & ~AllChannels) == 0, "customer.consentedChannels", value, "has bits of undefined channels");
            _consents = value;
        }
    }

    /// <summary>Gets or initializes whether the customer has an open cart.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool CartOpen { get; init; }

    /// <summary>Gets or initializes whether the customer's wishlist is not empty.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool WishlistNotEmpty { get; init; }

    /// <summary>Gets or initializes the spend still needed to reach the next tier, in the catalog's currency.</summary>
    /// <value>Not negative, or <see langword="null"/> at the top tier or without tiers (the default).</value>
    public decimal? SpendToNextTier { get; init; }

    /// <summary>Gets or initializes the customer's local time of day at the decision, for quiet hours.</summary>
    /// <value>The default is midnight.</value>
    public LocalTime LocalTime { get; init; }

    /// <summary>Returns whether the customer consents to a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns><see langword="true"/> when its bit is set in <see cref="ConsentedChannels"/>.</returns>
    public bool HasConsent(Channel channel) => (_consents & (1 << (int)channel)) != 0;

    /// <summary>Returns the bit mask of channels for <see cref="ConsentedChannels"/>.</summary>
    /// <param name="channels">The channels.</param>
    /// <returns>The mask.</returns>
    /// <exception cref="InvalidValueException">Thrown when a channel is not defined.</exception>
    public static int ChannelMask(params ReadOnlySpan<Channel> channels)
    {
        var mask = 0;
        foreach (var channel in channels)
        {
            Preconditions.CheckValue(Enum.IsDefined(channel), "channel", channel, "is not a defined channel");
            mask |= 1 << (int)channel;
        }

        return mask;
    }

    internal const int AllChannels = (1 << 5) - 1;

    private static int Checked(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            // Counts without an upper bound (all from 0) read as ContactLog's do, not "from 0 to 2147483647".
            Preconditions.ThrowInvalid(field, value, max == int.MaxValue ? "must not be negative" : FormattableString.Invariant($"must be from {min} to {max}"));
        }

        return value;
    }
}
