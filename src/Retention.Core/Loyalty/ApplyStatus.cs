namespace Retention.Loyalty;

/// <summary>
/// Says what a <see cref="PointsLedger"/> did with an event.
/// </summary>
public enum ApplyStatus
{
    /// <summary>The event changed the ledger.</summary>
    Applied = 0,

    /// <summary>An event with the same key was already applied or ignored; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>
    /// The event is valid but earns or changes nothing (below the minimum order value, no bonus for that action, a
    /// limit reached, an order that earned nothing being refunded); it is remembered, so the same key again is a
    /// duplicate. The exception is a birthday check outside the customer's birthday window (or for a customer with no
    /// birthday on file): it is not remembered, so the daily check that runs on the birthday itself still pays.
    /// </summary>
    Ignored = 2,

    /// <summary>
    /// The event breaks a rule or comes too early (not enough points, unknown reward, another currency, earlier than
    /// the customer's last event, a refund of an order the ledger has not seen yet); nothing changed, not even the
    /// customer's clock, and the key is not remembered, so a corrected or later retry can apply.
    /// </summary>
    Refused = 3,
}
