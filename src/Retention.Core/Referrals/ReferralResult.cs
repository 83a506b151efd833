namespace Retention.Referrals;

/// <summary>The outcome of one event given to a <see cref="ReferralTracker"/>: a status and, when a rule decided it,
/// the rule and the value that triggered it.</summary>
/// <remarks>Equality is by value. Thread safety: immutable.</remarks>
/// <param name="Status">What the tracker did.</param>
/// <param name="Rule">The rule that refused, ignored or voided, or <see langword="null"/> when the event simply applied.</param>
/// <param name="Value">The value the rule names, rendered with the invariant culture, or <see langword="null"/> with no rule.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record ReferralResult(ReferralResultStatus Status, ReferralRule? Rule, string? Value, string Message)
{
    internal static ReferralResult Applied(string message) => new(ReferralResultStatus.Applied, null, null, message);

    internal static ReferralResult Because(ReferralResultStatus status, ReferralRule rule, object? value, string message) =>
        new(status, rule, Preconditions.Render(value), message);
}
