using System.Globalization;
using System.Text;

namespace Retention.Offers;

/// <summary>How one offer fared in a decision: its outcome, its expected value when it was eligible and allowed, and
/// every check made.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class OfferConsideration
{
    internal OfferConsideration(Offer offer, OfferOutcome outcome, double? probability, double? expectedValue, IReadOnlyList<OfferCheck> checks)
    {
        Offer = offer;
        Outcome = outcome;
        Probability = probability;
        ExpectedValue = expectedValue;
        Checks = checks;
    }

    /// <summary>Gets the offer.</summary>
    /// <value>An offer of the catalog.</value>
    public Offer Offer { get; }

    /// <summary>Gets what became of the offer.</summary>
    /// <value><see cref="OfferOutcome.Ineligible"/> when the rule failed (whatever else failed), otherwise
    /// <see cref="OfferOutcome.Blocked"/> when a constraint failed, otherwise chosen or outranked.</value>
    public OfferOutcome Outcome { get; }

    /// <summary>Gets the response probability, when the model was asked.</summary>
    /// <value><see langword="null"/> when the offer was ineligible or blocked before ranking.</value>
    public double? Probability { get; }

    /// <summary>Gets the expected value, when the model was asked.</summary>
    /// <value><see langword="null"/> when the offer was ineligible or blocked before ranking.</value>
    public double? ExpectedValue { get; }

    /// <summary>Gets every check made, in order: consent, the rule tree (depth first), quiet hours, redemption limit,
    /// budget, cooldown, frequency cap and expected value.</summary>
    /// <value>At least the consent check.</value>
    public IReadOnlyList<OfferCheck> Checks { get; }

    /// <summary>Returns the consideration as indented text.</summary>
    /// <returns>A header line and one line per check.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Offer.Id).Append(": ").Append(Outcome.ToString());
        if (ExpectedValue is { } ev)
        {
            text.Append(CultureInfo.InvariantCulture, $" (p {Probability:0.####}, EV {ev:0.####})");
        }

        foreach (var check in Checks)
        {
            text.Append('\n').Append(' ', 2 + (2 * check.Depth)).Append(check.Passed ? "pass " : "FAIL ").Append(check.Description).Append(" [").Append(check.Seen).Append(']');
        }

        return text.ToString();
    }
}
