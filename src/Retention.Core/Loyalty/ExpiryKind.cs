namespace Retention.Loyalty;

/// <summary>
/// Names the rule by which available points expire.
/// </summary>
public enum ExpiryKind
{
    /// <summary>Points never expire.</summary>
    Never = 0,

    /// <summary>Each lot of points expires a number of months after it was earned; spending uses the oldest lot first.</summary>
    AfterEarning = 1,

    /// <summary>The whole available balance expires after a number of months without earning or spending.</summary>
    AfterInactivity = 2,
}
