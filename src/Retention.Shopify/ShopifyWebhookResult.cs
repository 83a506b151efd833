using System.Collections.ObjectModel;
using Retention.Loyalty;

namespace Retention.Shopify;

/// <summary>The outcome of one webhook delivery: a status, a reason, and what the ledger did with each event.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class ShopifyWebhookResult
{
    private static readonly ReadOnlyCollection<ShopifyEventResult> NoEvents = new([]);

    internal ShopifyWebhookResult(ShopifyWebhookStatus status, string? reason, IReadOnlyList<ShopifyEventResult>? events = null, ShopifyPayloadException? error = null)
    {
        Status = status;
        Reason = reason;
        Events = events ?? NoEvents;
        Error = error;
        var change = 0L;
        foreach (var e in Events)
        {
            change += e.Result.Change.Value;
        }

        Change = new Points(change);
    }

    /// <summary>Gets what was done with the delivery.</summary>
    /// <value>The status.</value>
    public ShopifyWebhookStatus Status { get; }

    /// <summary>Gets why the delivery was ignored, refused, rejected or a duplicate.</summary>
    /// <value>The explanation, for example <c>order 1073459975 has no customer (guest checkout): nothing to award</c>; <see langword="null"/> when applied without a note.</value>
    public string? Reason { get; }

    /// <summary>Gets each event the delivery mapped to, with the ledger's result, in the order applied.</summary>
    /// <value>Empty when no event reached the ledger.</value>
    public IReadOnlyList<ShopifyEventResult> Events { get; }

    /// <summary>Gets the total change in points over <see cref="Events"/>.</summary>
    /// <value>The signed sum of the events' changes.</value>
    public Points Change { get; }

    /// <summary>Gets the mapping error of a <see cref="ShopifyWebhookStatus.Malformed"/> delivery.</summary>
    /// <value>The error with the JSON path and value, or <see langword="null"/>.</value>
    public ShopifyPayloadException? Error { get; }

    /// <summary>Returns a one-line description, such as <c>Applied +199 pts</c> or <c>Ignored: order 123456 is a test order</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var head = Status == ShopifyWebhookStatus.Applied
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Status} {Change.Value:+0;-0;0} pts")
            : Status.ToString();
        return Reason is null ? head : head + ": " + Reason;
    }
}

/// <summary>One loyalty event a webhook mapped to and what the ledger did with it.</summary>
/// <remarks>Equality compares both members. Thread safety: immutable value type.</remarks>
/// <param name="Key">The event's idempotency key (<c>order:</c>, <c>refund:</c> or <c>cancel:</c> plus the Shopify id, or <c>shopify-customer:</c> plus the customer id).</param>
/// <param name="Result">The ledger's result.</param>
public readonly record struct ShopifyEventResult(EventKey Key, ApplyResult Result);
