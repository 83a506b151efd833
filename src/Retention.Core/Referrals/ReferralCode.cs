namespace Retention.Referrals;

/// <summary>
/// A referral code a customer shares: 4 to 32 characters of A-Z, 0-9 and '-', upper-cased at construction so that
/// codes typed in lower case match.
/// </summary>
/// <remarks>
/// <para>Equality is ordinal on the upper-cased <see cref="Value"/>. The default value is the unassigned code (empty
/// text), which the tracker rejects.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
public readonly struct ReferralCode : IEquatable<ReferralCode>
{
    private readonly string? _value;

    /// <summary>Creates a code.</summary>
    /// <param name="value">The code text: 4 to 32 letters, digits or '-'; any case.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when the text is too short, too long, or holds another character.</exception>
    public ReferralCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var upper = value.ToUpperInvariant();
        Preconditions.CheckValue(upper.Length is >= 4 and <= 32, "code", value, "must have 4 to 32 characters");
        Preconditions.CheckValue(upper.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'), "code", value, "must hold only letters A-Z, digits and '-'");
        _value = upper;
    }

    /// <summary>Gets the code text.</summary>
    /// <value>Upper case; empty for the default value.</value>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether this is the default, unassigned code.</summary>
    /// <value><see langword="true"/> for <c>default(ReferralCode)</c>.</value>
    public bool IsUnassigned => _value is null;

    /// <summary>Returns the code text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(ReferralCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Returns whether <paramref name="obj"/> is the same code.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is ReferralCode other && Equals(other);

    /// <summary>Returns an ordinal hash code of <see cref="Value"/>.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns whether two codes are equal.</summary>
    /// <param name="left">The first code.</param>
    /// <param name="right">The second code.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ReferralCode left, ReferralCode right) => left.Equals(right);

    /// <summary>Returns whether two codes differ.</summary>
    /// <param name="left">The first code.</param>
    /// <param name="right">The second code.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(ReferralCode left, ReferralCode right) => !left.Equals(right);
}
