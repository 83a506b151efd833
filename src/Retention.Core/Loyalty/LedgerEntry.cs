using System.Globalization;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// One line of a customer's points history: what changed, when, by how much, and which event caused it.
/// </summary>
/// <remarks>
/// <para>
/// An entry changes two buckets: <see cref="Available"/> points (spendable) and <see cref="Pending"/> points (held for
/// the return window). A confirmation moves points from pending to available, so its two changes cancel out. Summing
/// the entries of a customer up to an instant gives the balance at that instant.
/// </para>
/// <para>
/// <see cref="Cause"/> is the key of the event that caused the entry; for confirmations and expiries it is the event
/// that earned the points (for expiry after inactivity, the customer's last earning or spending event).
/// <see cref="Rule"/> names the rule that applied: <c>order</c>, <c>bonus:</c> plus a <see cref="BonusTrigger"/> name,
/// <c>reward:</c> plus a reward id, <c>refund</c>, <c>cancellation</c>, <c>return-window</c>, <c>expiry</c>,
/// <c>inactivity</c>, or <c>adjustment:</c> plus the reason.
/// </para>
/// <para>Equality compares every property. The default value is not a meaningful entry. Thread safety: immutable.</para>
/// </remarks>
public readonly struct LedgerEntry : IEquatable<LedgerEntry>
{
    private readonly string? _rule;

    internal LedgerEntry(CustomerId customerId, LedgerEntryKind kind, Instant at, EventKey cause, long available, long pending, string rule)
    {
        CustomerId = customerId;
        Kind = kind;
        At = at;
        Cause = cause;
        Available = new Points(available);
        Pending = new Points(pending);
        _rule = rule;
    }

    /// <summary>Gets the customer.</summary>
    /// <value>The customer whose points changed.</value>
    public CustomerId CustomerId { get; }

    /// <summary>Gets what the entry records.</summary>
    /// <value>The kind of entry.</value>
    public LedgerEntryKind Kind { get; }

    /// <summary>Gets when the change took effect.</summary>
    /// <value>The instant of the change.</value>
    public Instant At { get; }

    /// <summary>Gets the key of the event that caused the change.</summary>
    /// <value>The causing event's key.</value>
    public EventKey Cause { get; }

    /// <summary>Gets the change to the available points.</summary>
    /// <value>The signed change.</value>
    public Points Available { get; }

    /// <summary>Gets the change to the pending points.</summary>
    /// <value>The signed change.</value>
    public Points Pending { get; }

    /// <summary>Gets the change to the customer's total (available plus pending) points.</summary>
    /// <value><see cref="Available"/> + <see cref="Pending"/>.</value>
    public Points Total => Available + Pending;

    /// <summary>Gets the rule that applied.</summary>
    /// <value>The rule's name; see the type's remarks.</value>
    public string Rule => _rule ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(LedgerEntry other) =>
        CustomerId == other.CustomerId && Kind == other.Kind && At == other.At && Cause == other.Cause
        && Available == other.Available && Pending == other.Pending && string.Equals(Rule, other.Rule, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LedgerEntry other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(CustomerId, Kind, At, Cause, Available, Pending);

    /// <summary>Returns a one-line description, such as <c>2026-03-01T15:00:00Z c-1 Pending +0/+240 order (order:1001)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At} {CustomerId} {Kind} {Available.Value:+0;-0;0}/{Pending.Value:+0;-0;0} {Rule} ({Cause})");

    /// <summary>Compares two entries for equality.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns><see langword="true"/> when every property is equal.</returns>
    public static bool operator ==(LedgerEntry left, LedgerEntry right) => left.Equals(right);

    /// <summary>Compares two entries for inequality.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns><see langword="true"/> when any property differs.</returns>
    public static bool operator !=(LedgerEntry left, LedgerEntry right) => !left.Equals(right);
}
