using NodaTime;

namespace Retention;

/// <summary>
/// Something a customer did, other than ordering, that a loyalty program may reward: signing up, reviewing, rating,
/// sharing, referring, answering a survey.
/// </summary>
/// <remarks>
/// <para>Invariants checked at construction: the key and customer are assigned; reviews, ratings and photo reviews carry a
/// rating from 1 to 5 and other kinds carry none; a referral names the referred customer, who is not the referrer.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class CustomerAction
{
    /// <summary>Initializes a new action.</summary>
    /// <param name="key">The event key that makes applying the action idempotent.</param>
    /// <param name="customerId">The customer who acted.</param>
    /// <param name="kind">What the customer did.</param>
    /// <param name="occurredAt">When.</param>
    /// <param name="rating">The star rating, 1 to 5, for <see cref="ActionKind.Review"/>, <see cref="ActionKind.Rating"/> and <see cref="ActionKind.PhotoReview"/>; otherwise <see langword="null"/>.</param>
    /// <param name="referredCustomerId">For <see cref="ActionKind.Referral"/>, the customer referred; otherwise <see langword="null"/>.</param>
    /// <param name="reference">What the action was about (a product reviewed, a survey, a shared URL), or <see langword="null"/>.</param>
    /// <exception cref="InvalidValueException">Thrown when a rule in the remarks is broken.</exception>
    public CustomerAction(
        EventKey key,
        CustomerId customerId,
        ActionKind kind,
        Instant occurredAt,
        int? rating = null,
        CustomerId? referredCustomerId = null,
        string? reference = null)
    {
        Preconditions.CheckValue(!key.IsUnassigned, "key", key, "must be assigned");
        Preconditions.CheckValue(!customerId.IsUnassigned, "customerId", customerId, "must be assigned");
        Preconditions.CheckValue(Enum.IsDefined(kind), "kind", kind, "is not a defined action kind");
        var rated = kind is ActionKind.Review or ActionKind.Rating or ActionKind.PhotoReview;
        if (rated)
        {
            if (rating is not (>= 1 and <= 5))
            {
                Preconditions.ThrowInvalid("rating", rating, "must be from 1 to 5 for a " + kind);
            }
        }
        else
        {
            if (rating is not null)
            {
                Preconditions.ThrowInvalid("rating", rating, "must be null for a " + kind);
            }
        }

        if (kind == ActionKind.Referral)
        {
            Preconditions.CheckValue(referredCustomerId is { IsUnassigned: false }, "referredCustomerId", referredCustomerId, "must name the referred customer");
            Preconditions.CheckValue(referredCustomerId != customerId, "referredCustomerId", referredCustomerId, "must not be the referring customer");
        }
        else
        {
            if (referredCustomerId is not null)
            {
                Preconditions.ThrowInvalid("referredCustomerId", referredCustomerId, "must be null for a " + kind);
            }
        }

        Key = key;
        CustomerId = customerId;
        Kind = kind;
        OccurredAt = occurredAt;
        Rating = rating;
        ReferredCustomerId = referredCustomerId;
        Reference = reference;
    }

    /// <summary>Gets the event key.</summary>
    /// <value>Applying the same key twice changes nothing.</value>
    public EventKey Key { get; }

    /// <summary>Gets the customer who acted.</summary>
    /// <value>The customer's identifier.</value>
    public CustomerId CustomerId { get; }

    /// <summary>Gets what the customer did.</summary>
    /// <value>The action kind.</value>
    public ActionKind Kind { get; }

    /// <summary>Gets when the action happened.</summary>
    /// <value>An instant.</value>
    public Instant OccurredAt { get; }

    /// <summary>Gets the star rating.</summary>
    /// <value>1 to 5 for reviews and ratings; otherwise <see langword="null"/>.</value>
    public int? Rating { get; }

    /// <summary>Gets the referred customer.</summary>
    /// <value>For referrals; otherwise <see langword="null"/>.</value>
    public CustomerId? ReferredCustomerId { get; }

    /// <summary>Gets what the action was about.</summary>
    /// <value>Free text such as a product or survey identifier, or <see langword="null"/>.</value>
    public string? Reference { get; }
}
