namespace Retention.Loyalty;

/// <summary>What a <see cref="TierChange"/> records.</summary>
public enum TierChangeKind
{
    /// <summary>The customer reached a higher tier.</summary>
    Upgrade,

    /// <summary>A review kept the status for one more period.</summary>
    Renewal,

    /// <summary>A review found the status not kept, and the grace period ended.</summary>
    Downgrade,
}
