namespace Retention.Rfm;

/// <summary>Whether a <see cref="Transaction"/> is a purchase or money paid back.</summary>
public enum TransactionKind : byte
{
    /// <summary>An order: counts as a purchase on its day and adds its amount to spend.</summary>
    Purchase = 0,

    /// <summary>A refund: not a purchase; its amount is subtracted from net spend on its day.</summary>
    Refund = 1,
}
