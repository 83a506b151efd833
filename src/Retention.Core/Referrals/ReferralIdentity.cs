namespace Retention.Referrals;

/// <summary>
/// Hashed identity signals of a customer for the self-referral checks: e-mail, shipping address and payment
/// fingerprint. The caller normalizes and hashes them (the library never sees the raw values) and compares them
/// ordinally; a signal left <see langword="null"/> is not checked.
/// </summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="EmailHash">The hash of the normalized e-mail address, or <see langword="null"/>.</param>
/// <param name="ShippingAddressHash">The hash of the normalized shipping address, or <see langword="null"/>.</param>
/// <param name="PaymentFingerprint">The payment provider's card or account fingerprint (or its hash), or <see langword="null"/>.</param>
public sealed record ReferralIdentity(string? EmailHash = null, string? ShippingAddressHash = null, string? PaymentFingerprint = null);
