namespace Retention.Loyalty;

/// <summary>One rung of a <see cref="TierLadder"/>: a name, the qualifying value that reaches it, and its benefits.</summary>
/// <remarks>Equality is by value over all properties. Thread safety: immutable and safe to share.</remarks>
public sealed record Tier
{
    /// <summary>Creates a tier.</summary>
    /// <param name="name">The tier's name, shown to customers; not empty.</param>
    /// <param name="threshold">The qualifying points or spend (in the program's currency units) that reach the tier; not
    /// negative, and zero for the first tier of a ladder.</param>
    /// <param name="benefits">What the tier gives; <see cref="TierBenefits.None"/> when omitted.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value breaks the rules above.</exception>
    public Tier(string name, decimal threshold, TierBenefits? benefits = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Preconditions.CheckValue(name.Trim().Length > 0, "tier.name", name, "must not be empty");
        Preconditions.CheckValue(threshold >= 0m, "tier.threshold", threshold, "must not be negative");
        Name = name;
        Threshold = threshold;
        Benefits = benefits ?? TierBenefits.None;
    }

    /// <summary>Gets the tier's name.</summary>
    /// <value>The name.</value>
    public string Name { get; }

    /// <summary>Gets the qualifying value that reaches the tier.</summary>
    /// <value>Points, or an amount in the program's currency, depending on the ladder's <see cref="TierLadder.Basis"/>.</value>
    public decimal Threshold { get; }

    /// <summary>Gets what the tier gives its members.</summary>
    /// <value>The benefits.</value>
    public TierBenefits Benefits { get; }
}
