using System.Globalization;

namespace Retention.Gamification;

/// <summary>
/// A declarative rule that awards a badge once, at the event that first meets it: a first order, N orders, an amount
/// spent, a streak of N weeks or months, N products reviewed.
/// </summary>
/// <remarks>
/// <para>Create rules with the factory methods; <see cref="Description"/> explains the rule in words. Equality is by
/// reference. Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class BadgeRule
{
    private BadgeRule(string badgeId, BadgeRuleKind kind, int threshold, Money? amount, StreakPeriod? period, string description)
    {
        BadgeId = badgeId;
        Kind = kind;
        Threshold = threshold;
        Amount = amount;
        Period = period;
        Description = description;
    }

    /// <summary>Gets the badge the rule awards.</summary>
    /// <value>The badge's identifier, not empty.</value>
    public string BadgeId { get; }

    /// <summary>Gets what the rule counts.</summary>
    /// <value>The rule's kind.</value>
    public BadgeRuleKind Kind { get; }

    /// <summary>Gets the count to reach: orders, consecutive periods or products reviewed.</summary>
    /// <value>1 for <see cref="BadgeRuleKind.FirstOrder"/>; 0 for <see cref="BadgeRuleKind.AmountSpent"/>.</value>
    public int Threshold { get; }

    /// <summary>Gets the amount to spend.</summary>
    /// <value>For <see cref="BadgeRuleKind.AmountSpent"/>; otherwise <see langword="null"/>.</value>
    public Money? Amount { get; }

    /// <summary>Gets the streak's period.</summary>
    /// <value>For <see cref="BadgeRuleKind.Streak"/>; otherwise <see langword="null"/>.</value>
    public StreakPeriod? Period { get; }

    /// <summary>Gets the rule in words, for explanations.</summary>
    /// <value>For example <c>5 orders</c> or <c>a streak of 4 ISO weeks</c>.</value>
    public string Description { get; }

    /// <summary>Creates a rule awarded at the customer's first order.</summary>
    /// <param name="badgeId">The badge.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="badgeId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="badgeId"/> is empty.</exception>
    public static BadgeRule FirstOrder(string badgeId) => new(CheckId(badgeId), BadgeRuleKind.FirstOrder, 1, null, null, "a first order");

    /// <summary>Creates a rule awarded at the customer's <paramref name="count"/>-th order.</summary>
    /// <param name="badgeId">The badge.</param>
    /// <param name="count">The number of orders, at least 1.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="badgeId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="badgeId"/> is empty or <paramref name="count"/> is less than 1.</exception>
    public static BadgeRule Orders(string badgeId, int count)
    {
        Preconditions.CheckValue(count >= 1, "badge.count", count, "must be at least 1");
        return new(CheckId(badgeId), BadgeRuleKind.OrderCount, count, null, null, Count(count, "order"));
    }

    /// <summary>Creates a rule awarded at the order that takes the customer's spending to <paramref name="amount"/>.</summary>
    /// <param name="badgeId">The badge.</param>
    /// <param name="amount">The amount, greater than zero; orders in other currencies do not count.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="badgeId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="badgeId"/> is empty or <paramref name="amount"/> is not positive.</exception>
    public static BadgeRule Spent(string badgeId, Money amount)
    {
        Preconditions.CheckValue(amount.Amount > 0m, "badge.amount", amount, "must be greater than zero");
        return new(CheckId(badgeId), BadgeRuleKind.AmountSpent, 0, amount, null, "spending " + Preconditions.Render(amount));
    }

    /// <summary>Creates a rule awarded at the order that makes a streak of <paramref name="periods"/> consecutive weeks or months.</summary>
    /// <param name="badgeId">The badge.</param>
    /// <param name="periods">The streak's length, at least 1.</param>
    /// <param name="period">Weeks or months, in the customer's time zone.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="badgeId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="badgeId"/> is empty, <paramref name="periods"/> is less than 1 or <paramref name="period"/> is not defined.</exception>
    public static BadgeRule Streak(string badgeId, int periods, StreakPeriod period)
    {
        Preconditions.CheckValue(periods >= 1, "badge.periods", periods, "must be at least 1");
        Preconditions.CheckValue(Enum.IsDefined(period), "badge.period", period, "is not a defined streak period");
        return new(CheckId(badgeId), BadgeRuleKind.Streak, periods, null, period, "a streak of " + Count(periods, period == StreakPeriod.IsoWeek ? "ISO week" : "calendar month"));
    }

    /// <summary>Creates a rule awarded at the review of the customer's <paramref name="count"/>-th distinct product.</summary>
    /// <param name="badgeId">The badge.</param>
    /// <param name="count">The number of distinct products reviewed, at least 1.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="badgeId"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="badgeId"/> is empty or <paramref name="count"/> is less than 1.</exception>
    public static BadgeRule ProductsReviewed(string badgeId, int count)
    {
        Preconditions.CheckValue(count >= 1, "badge.count", count, "must be at least 1");
        return new(CheckId(badgeId), BadgeRuleKind.ProductsReviewed, count, null, null, Count(count, "product") + " reviewed");
    }

    /// <summary>Returns the badge and the rule in words.</summary>
    /// <returns>For example <c>loyal: 5 orders</c>.</returns>
    public override string ToString() => BadgeId + ": " + Description;

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

    private static string CheckId(string badgeId)
    {
        ArgumentNullException.ThrowIfNull(badgeId);
        Preconditions.CheckValue(badgeId.Trim().Length > 0, "badge.id", badgeId, "must not be empty");
        return badgeId;
    }
}
