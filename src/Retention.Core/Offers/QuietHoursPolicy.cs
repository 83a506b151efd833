namespace Retention.Offers;

/// <summary>What happens to a message chosen while the customer's local time is inside the quiet hours.</summary>
public enum QuietHoursPolicy
{
    /// <summary>The offer stays a candidate and its <see cref="OfferChoice.SendAt"/> is moved to the end of the quiet
    /// hours; caps and cooldowns are checked at that instant.</summary>
    Defer = 0,

    /// <summary>The offer is not a candidate on that channel now.</summary>
    Skip = 1,
}
