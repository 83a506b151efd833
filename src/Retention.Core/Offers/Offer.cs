using NodaTime;

namespace Retention.Offers;

/// <summary>
/// One offer of an <see cref="OfferCatalog"/>: what it gives (<see cref="Kind"/> and its amounts), on which
/// <see cref="Channel"/>, to whom (<see cref="Rule"/>), what it is worth (<see cref="Margin"/>, <see cref="Cost"/>,
/// <see cref="ContactCost"/>, <see cref="ResponseWeight"/>) and the limits it is sent under (<see cref="Priority"/>,
/// <see cref="ExclusiveGroup"/>, <see cref="Cooldown"/>, <see cref="RedemptionLimit"/>, <see cref="Budget"/>).
/// </summary>
/// <remarks>
/// <para>Set the optional properties with an object initializer. Values are checked when the offer is added to a
/// catalog and the catalog is built (<see cref="OfferCatalogBuilder.Build"/>), which reports every problem with its
/// path, for example <c>offers[2].percent</c>.</para>
/// <para>Expected value: the selector ranks an offer for a customer by
/// <c>p × (Margin − Cost) − ContactCost</c>, where <c>p</c> is the response probability from the
/// <see cref="IResponseModel"/>: the margin of the order a response brings, less what the offer costs when it is
/// redeemed, in expectation, less what sending costs. The amounts are exact <see cref="Money"/>; the expected value is
/// a <see cref="double"/> (decision 0002).</para>
/// <para>Equality is by reference. Thread safety: immutable once constructed and safe to share.</para>
/// </remarks>
public sealed class Offer
{
    /// <summary>Initializes an offer.</summary>
    /// <param name="id">The offer's identifier, unique in its catalog (ordinal); not empty, not padded.</param>
    /// <param name="kind">What the offer gives.</param>
    /// <param name="channel">The channel it is sent on.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="id"/> is empty or padded, or
    /// <paramref name="kind"/> or <paramref name="channel"/> is not defined.</exception>
    public Offer(string id, OfferKind kind, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(id);
        Preconditions.CheckValue(id.Length > 0 && id.Trim().Length == id.Length, "offer.id", id, "must not be empty or padded with white space");
        Preconditions.CheckValue(Enum.IsDefined(kind), "offer.kind", kind, "is not a defined offer kind");
        Preconditions.CheckValue(Enum.IsDefined(channel), "offer.channel", channel, "is not a defined channel");
        Id = id;
        Kind = kind;
        Channel = channel;
    }

    /// <summary>Gets the offer's identifier.</summary>
    /// <value>Unique in its catalog; ties in expected value and priority are broken by ordinal order of this.</value>
    public string Id { get; }

    /// <summary>Gets what the offer gives.</summary>
    /// <value>The kind.</value>
    public OfferKind Kind { get; }

    /// <summary>Gets the channel the offer is sent on.</summary>
    /// <value>The offer is never chosen for a customer without consent to it.</value>
    public Channel Channel { get; }

    /// <summary>Gets or initializes who may receive the offer.</summary>
    /// <value>The default value is <see cref="OfferRule.Always"/>.</value>
    public OfferRule Rule { get; init; } = OfferRule.Always;

    /// <summary>Gets or initializes the percentage off, greater than 0 and at most 100.</summary>
    /// <value>Required for <see cref="OfferKind.PercentOff"/>; allowed for the playbook kinds; the default is
    /// <see langword="null"/>.</value>
    public decimal? Percent { get; init; }

    /// <summary>Gets or initializes the amount off, greater than zero, in the catalog's currency.</summary>
    /// <value>Required for <see cref="OfferKind.AmountOff"/>; allowed for the playbook kinds; the default is
    /// <see langword="null"/>.</value>
    public Money? Amount { get; init; }

    /// <summary>Gets or initializes the points multiplier, greater than 1 and at most 1000.</summary>
    /// <value>Required for <see cref="OfferKind.PointsMultiplier"/> and not allowed for the others; the default is
    /// <see langword="null"/>.</value>
    public decimal? PointsMultiplier { get; init; }

    /// <summary>Gets or initializes the category a cross-sell offer promotes.</summary>
    /// <value>Required for <see cref="OfferKind.CrossSell"/> and not allowed for the others; the default is
    /// <see langword="null"/>.</value>
    public CategoryId? Category { get; init; }

    /// <summary>Gets or initializes the margin of the order a response brings, before the offer's cost.</summary>
    /// <value>Not negative, in the catalog's currency; the default is <see langword="null"/> (zero).</value>
    public Money? Margin { get; init; }

    /// <summary>Gets or initializes what the offer costs when it is redeemed (the discount, the shipping absorbed).</summary>
    /// <value>Not negative, in the catalog's currency; the default is <see langword="null"/> (zero). A send reserves the
    /// whole cost against the offer's <see cref="Budget"/>, so a budget holds even if every offer sent is redeemed.</value>
    public Money? Cost { get; init; }

    /// <summary>Gets or initializes what sending the message costs, whether or not the customer responds.</summary>
    /// <value>Not negative, in the catalog's currency; the default is <see langword="null"/> (zero).</value>
    public Money? ContactCost { get; init; }

    /// <summary>Gets or initializes the factor the default response model multiplies the segment's rate by.</summary>
    /// <value>Greater than 0 and at most 100; the default is 1.</value>
    public double ResponseWeight { get; init; } = 1d;

    /// <summary>Gets or initializes the priority, which breaks ties in expected value (higher first).</summary>
    /// <value>Any integer; the default is 0.</value>
    public int Priority { get; init; }

    /// <summary>Gets or initializes the group of mutually exclusive offers this offer belongs to: one decision chooses
    /// at most one offer of a group.</summary>
    /// <value>A name, not empty; the default is <see langword="null"/> (no group).</value>
    public string? ExclusiveGroup { get; init; }

    /// <summary>Gets or initializes the least time between two sends of this offer to one customer.</summary>
    /// <value>Not negative; the default is <see cref="Duration.Zero"/> (no cooldown).</value>
    public Duration Cooldown { get; init; } = Duration.Zero;

    /// <summary>Gets or initializes the most times the offer may be issued in all; each issued offer is redeemable
    /// once, so redemptions never exceed it.</summary>
    /// <value>At least 1; the default is <see langword="null"/> (no limit).</value>
    public int? RedemptionLimit { get; init; }

    /// <summary>Gets or initializes the identifier of the campaign budget the offer's <see cref="Cost"/> is charged to.</summary>
    /// <value>The identifier of a budget of the catalog; the default is <see langword="null"/> (no budget).</value>
    public string? Budget { get; init; }

    /// <summary>Returns the offer's identifier and kind.</summary>
    /// <returns>For example <c>winback-20 (WinBack, Email)</c>.</returns>
    public override string ToString() => Id + " (" + Kind + ", " + Channel + ")";
}
