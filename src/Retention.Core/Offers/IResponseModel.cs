namespace Retention.Offers;

/// <summary>Gives the probability that a customer responds to an offer (redeems it, or buys after it).</summary>
/// <remarks>
/// <para>The selector calls the model once per eligible, allowed offer in every decision, so an implementation should
/// not allocate. It must return a number from 0 to 1; the selector throws <see cref="InvalidOperationException"/>
/// otherwise. <see cref="SegmentResponseModel"/> is the default.</para>
/// <para>Implementations must be safe to call from several threads if the selector is shared between threads.</para>
/// </remarks>
public interface IResponseModel
{
    /// <summary>Returns the probability that <paramref name="customer"/> responds to <paramref name="offer"/>.</summary>
    /// <param name="customer">The customer's snapshot.</param>
    /// <param name="offer">The offer.</param>
    /// <returns>A probability from 0 to 1.</returns>
    double Probability(in OfferCustomer customer, Offer offer);
}
