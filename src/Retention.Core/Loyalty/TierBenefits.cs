namespace Retention.Loyalty;

/// <summary>What a tier gives its members. Code that grants a benefit reads it from here, never from the tier's name.</summary>
/// <remarks>Equality is by value over all properties. Thread safety: immutable and safe to share.</remarks>
public sealed record TierBenefits
{
    private readonly decimal _earningMultiplier = 1m;
    private readonly Points? _birthdayPoints;

    /// <summary>Gets the benefits of a tier that gives nothing extra: 1× earning, no perks.</summary>
    /// <value>The default benefits.</value>
    public static TierBenefits None { get; } = new();

    /// <summary>Gets the multiplier the points engine applies to the points of an order placed in this tier.</summary>
    /// <value>Greater than zero and at most 1000; 1 by default.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is out of range.</exception>
    public decimal EarningMultiplier
    {
        get => _earningMultiplier;
        init
        {
            Preconditions.CheckValue(value is > 0m and <= 1000m, "benefits.earningMultiplier", value, "must be greater than 0 and at most 1000");
            _earningMultiplier = value;
        }
    }

    /// <summary>Gets a value indicating whether members ship free.</summary>
    /// <value><see langword="true"/> when shipping is free for the tier.</value>
    public bool FreeShipping { get; init; }

    /// <summary>Gets a value indicating whether members get early access to new or limited products.</summary>
    /// <value><see langword="true"/> when the tier has early access.</value>
    public bool EarlyAccess { get; init; }

    /// <summary>Gets a value indicating whether members may receive offers reserved for them.</summary>
    /// <value><see langword="true"/> when the tier has exclusive offers.</value>
    public bool ExclusiveOffers { get; init; }

    /// <summary>Gets the birthday bonus for members, replacing the program's birthday bonus points.</summary>
    /// <value>The points, greater than zero, or <see langword="null"/> to pay the program's birthday bonus.</value>
    /// <exception cref="InvalidValueException">Thrown on init when the value is not greater than zero.</exception>
    public Points? BirthdayPoints
    {
        get => _birthdayPoints;
        init
        {
            Preconditions.CheckValue(value is null || value.Value > Points.Zero, "benefits.birthdayPoints", value, "must be greater than zero when given");
            _birthdayPoints = value;
        }
    }
}
