namespace Retention.Offers;

/// <summary>One line of an explanation: a rule or constraint, whether it passed, and the value seen.</summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="Description">What was checked, for example <c>days since last order 180+</c> or <c>consent to Sms</c>.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Seen">The value seen, for example <c>200</c>, <c>not given: never sent on Sms</c>.</param>
/// <param name="Depth">The nesting depth in the rule tree (0 for constraints and the rule's root).</param>
public sealed record OfferCheck(string Description, bool Passed, string Seen, int Depth);
