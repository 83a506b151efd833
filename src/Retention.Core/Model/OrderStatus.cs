namespace Retention;

/// <summary>The lifecycle state of an order as the store reports it.</summary>
/// <remarks>Refunds are separate <see cref="Refund"/> events, not a status: a partially refunded order stays <see cref="Paid"/> or <see cref="Fulfilled"/>.</remarks>
public enum OrderStatus
{
    /// <summary>Placed but not yet paid (for example awaiting a bank transfer).</summary>
    Pending = 0,

    /// <summary>Paid; not yet shipped.</summary>
    Paid = 1,

    /// <summary>Paid and shipped or handed over.</summary>
    Fulfilled = 2,

    /// <summary>Cancelled before completion: it earns nothing, and anything it earned is reversed.</summary>
    Cancelled = 3,
}
