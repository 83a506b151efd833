namespace Retention.Offers;

/// <summary>What became of one offer in a decision, as <see cref="OfferSelector.Explain"/> reports it.</summary>
public enum OfferOutcome
{
    /// <summary>Chosen: one of the top-k written by <see cref="OfferSelector.Choose"/>.</summary>
    Chosen = 0,

    /// <summary>Eligible and allowed, but ranked below the chosen offers, or shut out by a better offer of its exclusive
    /// group, the channel's frequency cap or its budget once the better offers were taken.</summary>
    Outranked = 1,

    /// <summary>The customer does not meet the offer's eligibility rule.</summary>
    Ineligible = 2,

    /// <summary>The customer is eligible but a constraint forbids the offer now: no consent, quiet hours, the frequency
    /// cap, the cooldown, the redemption limit or the budget.</summary>
    Blocked = 3,
}
