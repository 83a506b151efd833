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
    /// limit reached, not the birthday); it is remembered, so the same key again is a duplicate.
    /// </summary>
    Ignored = 2,

    /// <summary>
    /// The event breaks a rule (not enough points, unknown reward, another currency, earlier than the customer's last
    /// event); nothing changed and the key is not remembered, so a corrected retry can apply.
    /// </summary>
    Refused = 3,
}
