using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using Retention.Rfm;

namespace Retention.Offers;

/// <summary>
/// An eligibility rule of an <see cref="Offer"/>: one fact about the customer compared with bounds (segment, tier, R/F/M
/// scores, days since the last order, number of orders, probability alive, CLV, categories bought, the last order's
/// category, the birthday window, consent, cart and wishlist, spend to the next tier), or a composition with
/// <see cref="All"/>, <see cref="Any"/> and <see cref="Not"/>.
/// </summary>
/// <remarks>
/// <para>Rules are data: the tree is what the JSON form writes and what <see cref="OfferSelector.Explain"/> reports.
/// When a catalog is built, each offer's tree is compiled into a flat array of simple predicates evaluated over an
/// <see cref="OfferCustomer"/> without allocating or calling a virtual method per node.</para>
/// <para>Bounds are inclusive; <see cref="Min"/> or <see cref="Max"/> is <see langword="null"/> when unbounded on that
/// side. Segment names and categories are checked against the catalog when it is built.</para>
/// <para>Equality is by reference. Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class OfferRule
{
    private OfferRule(OfferRuleKind kind, decimal? min = null, decimal? max = null, OfferRule[]? rules = null, string[]? segments = null, CategoryId[]? categories = null, Channel channel = default)
    {
        Kind = kind;
        Min = min;
        Max = max;
        Rules = new ReadOnlyCollection<OfferRule>(rules ?? []);
        Segments = new ReadOnlyCollection<string>(segments ?? []);
        Categories = new ReadOnlyCollection<CategoryId>(categories ?? []);
        Channel = channel;
    }

    /// <summary>Gets the rule that every customer meets.</summary>
    /// <value>A rule of kind <see cref="OfferRuleKind.Always"/>.</value>
    public static OfferRule Always { get; } = new(OfferRuleKind.Always);

    /// <summary>Gets the kind of rule.</summary>
    /// <value>One of <see cref="OfferRuleKind"/>.</value>
    public OfferRuleKind Kind { get; }

    /// <summary>Gets the inclusive lower bound.</summary>
    /// <value>For <see cref="OfferRuleKind.BirthdayWithin"/> the days before the birthday; <see langword="null"/> when
    /// unbounded or not used by the kind.</value>
    public decimal? Min { get; }

    /// <summary>Gets the inclusive upper bound.</summary>
    /// <value>For <see cref="OfferRuleKind.BirthdayWithin"/> the days after the birthday; <see langword="null"/> when
    /// unbounded or not used by the kind.</value>
    public decimal? Max { get; }

    /// <summary>Gets the child rules of <see cref="All"/>, <see cref="Any"/> and <see cref="Not"/>.</summary>
    /// <value>Empty for the other kinds.</value>
    public IReadOnlyList<OfferRule> Rules { get; }

    /// <summary>Gets the segment names of a <see cref="OfferRuleKind.Segment"/> rule.</summary>
    /// <value>Empty for the other kinds.</value>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>Gets the categories of a <see cref="OfferRuleKind.BoughtAny"/> or <see cref="OfferRuleKind.LastOrderIn"/> rule.</summary>
    /// <value>Empty for the other kinds.</value>
    public IReadOnlyList<CategoryId> Categories { get; }

    /// <summary>Gets the channel of a <see cref="OfferRuleKind.Consent"/> rule.</summary>
    /// <value>The channel; <see cref="Retention.Channel.Email"/> for the other kinds.</value>
    public Channel Channel { get; }

    /// <summary>Creates a rule that holds when every one of <paramref name="rules"/> holds (always, for none).</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rules"/> or one of them is <see langword="null"/>.</exception>
    public static OfferRule All(params IEnumerable<OfferRule> rules) => new(OfferRuleKind.All, rules: Children(rules));

    /// <summary>Creates a rule that holds when at least one of <paramref name="rules"/> holds (never, for none).</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rules"/> or one of them is <see langword="null"/>.</exception>
    public static OfferRule Any(params IEnumerable<OfferRule> rules) => new(OfferRuleKind.Any, rules: Children(rules));

    /// <summary>Creates a rule that holds when <paramref name="rule"/> does not.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rule"/> is <see langword="null"/>.</exception>
    public static OfferRule Not(OfferRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(OfferRuleKind.Not, rules: [rule]);
    }

    /// <summary>Creates a rule that holds for customers in one of the named RFM segments of the catalog's segment map.</summary>
    /// <param name="segments">The segment names, at least one, not empty.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="segments"/> or a name is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when there is no name or a name is empty.</exception>
    public static OfferRule InSegment(params IEnumerable<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var names = segments.ToArray();
        Preconditions.CheckValue(names.Length > 0, "rule.segments", names.Length, "must name at least one segment");
        foreach (var name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(segments));
            Preconditions.CheckValue(name.Trim().Length > 0, "rule.segments", name, "must not be empty");
        }

        return new(OfferRuleKind.Segment, segments: names);
    }

    /// <summary>Creates a rule on the customer's tier level (0 is the first tier).</summary>
    /// <param name="min">The lowest level, from 0.</param>
    /// <param name="max">The highest level, at least <paramref name="min"/>, or <see langword="null"/> for no upper bound.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a bound breaks the rules above.</exception>
    public static OfferRule TierLevel(int min, int? max = null) => Whole(OfferRuleKind.TierLevel, min, max, 0, 254);

    /// <summary>Creates a rule on the R score.</summary>
    /// <param name="range">The scores allowed.</param>
    /// <returns>The rule.</returns>
    public static OfferRule Recency(ScoreRange range) => new(OfferRuleKind.Recency, range.Min, range.Max);

    /// <summary>Creates a rule on the F score.</summary>
    /// <param name="range">The scores allowed.</param>
    /// <returns>The rule.</returns>
    public static OfferRule Frequency(ScoreRange range) => new(OfferRuleKind.Frequency, range.Min, range.Max);

    /// <summary>Creates a rule on the M score.</summary>
    /// <param name="range">The scores allowed.</param>
    /// <returns>The rule.</returns>
    public static OfferRule Monetary(ScoreRange range) => new(OfferRuleKind.Monetary, range.Min, range.Max);

    /// <summary>Creates a rule on the whole local days since the customer's last order; never true for a customer who
    /// never ordered.</summary>
    /// <param name="min">The fewest days, from 0.</param>
    /// <param name="max">The most days, at least <paramref name="min"/>, or <see langword="null"/> for no upper bound.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a bound breaks the rules above.</exception>
    public static OfferRule DaysSinceLastOrder(int min, int? max = null) => Whole(OfferRuleKind.DaysSinceLastOrder, min, max, 0, 100_000);

    /// <summary>Creates a rule on the number of orders the customer placed.</summary>
    /// <param name="min">The fewest orders, from 0.</param>
    /// <param name="max">The most orders, at least <paramref name="min"/>, or <see langword="null"/> for no upper bound.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a bound breaks the rules above.</exception>
    public static OfferRule Orders(int min, int? max = null) => Whole(OfferRuleKind.Orders, min, max, 0, 1_000_000);

    /// <summary>Creates a rule for first-time buyers: exactly one order.</summary>
    /// <returns>The rule <c>Orders(1, 1)</c>.</returns>
    public static OfferRule FirstTimeBuyer() => Orders(1, 1);

    /// <summary>Creates a rule for returning customers: two orders or more.</summary>
    /// <returns>The rule <c>Orders(2)</c>.</returns>
    public static OfferRule Returning() => Orders(2);

    /// <summary>Creates a rule on the probability that the customer is alive (from a CLV model).</summary>
    /// <param name="min">The lowest probability, from 0 to 1, or <see langword="null"/>.</param>
    /// <param name="max">The highest probability, from <paramref name="min"/> to 1, or <see langword="null"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a bound breaks the rules above.</exception>
    public static OfferRule ProbabilityAlive(decimal? min, decimal? max = null)
    {
        Preconditions.CheckValue(min is null or (>= 0m and <= 1m), "rule.min", min, "must be from 0 to 1");
        Preconditions.CheckValue(max is null or (>= 0m and <= 1m), "rule.max", max, "must be from 0 to 1");
        CheckOrder(min, max);
        return new(OfferRuleKind.ProbabilityAlive, min, max);
    }

    /// <summary>Creates a rule on the customer lifetime value, an amount in the catalog's currency.</summary>
    /// <param name="min">The lowest value, or <see langword="null"/>.</param>
    /// <param name="max">The highest value, at least <paramref name="min"/>, or <see langword="null"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="max"/> is below <paramref name="min"/>.</exception>
    public static OfferRule Clv(decimal? min, decimal? max = null)
    {
        CheckOrder(min, max);
        return new(OfferRuleKind.Clv, min, max);
    }

    /// <summary>Creates a rule for customers who ever bought in at least one of the categories.</summary>
    /// <param name="categories">The categories, at least one, assigned.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="categories"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when there is no category or one is unassigned.</exception>
    public static OfferRule BoughtAny(params IEnumerable<CategoryId> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var list = categories.ToArray();
        Preconditions.CheckValue(list.Length > 0, "rule.categories", list.Length, "must name at least one category");
        foreach (var category in list)
        {
            Preconditions.CheckValue(!category.IsUnassigned, "rule.categories", category, "must hold assigned category ids");
        }

        return new(OfferRuleKind.BoughtAny, categories: list);
    }

    /// <summary>Creates the cross-sell trigger: the customer's last order holds <paramref name="category"/> and was placed
    /// from <paramref name="minDays"/> to <paramref name="maxDays"/> local days ago.</summary>
    /// <param name="category">The category bought, assigned.</param>
    /// <param name="minDays">The fewest days since that order, from 0.</param>
    /// <param name="maxDays">The most days, at least <paramref name="minDays"/>, or <see langword="null"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a value breaks the rules above.</exception>
    public static OfferRule LastOrderIn(CategoryId category, int minDays, int? maxDays = null)
    {
        Preconditions.CheckValue(!category.IsUnassigned, "rule.categories", category, "must hold assigned category ids");
        var days = Whole(OfferRuleKind.LastOrderIn, minDays, maxDays, 0, 100_000);
        return new(OfferRuleKind.LastOrderIn, days.Min, days.Max, categories: [category]);
    }

    /// <summary>Creates the birthday window: from <paramref name="daysBefore"/> days before the birthday to
    /// <paramref name="daysAfter"/> days after it, on the customer's local calendar.</summary>
    /// <param name="daysBefore">Days before the birthday, 0 to 180.</param>
    /// <param name="daysAfter">Days after the birthday, 0 to 180.</param>
    /// <returns>The rule; <c>BirthdayWithin(0, 0)</c> is the birthday itself.</returns>
    /// <exception cref="InvalidValueException">Thrown when a value is outside 0 to 180.</exception>
    public static OfferRule BirthdayWithin(int daysBefore, int daysAfter)
    {
        Preconditions.CheckValue(daysBefore is >= 0 and <= 180, "rule.min", daysBefore, "must be from 0 to 180");
        Preconditions.CheckValue(daysAfter is >= 0 and <= 180, "rule.max", daysAfter, "must be from 0 to 180");
        return new(OfferRuleKind.BirthdayWithin, daysBefore, daysAfter);
    }

    /// <summary>Creates a rule for customers who consent to a channel (the offer's own channel is always checked).</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="channel"/> is not defined.</exception>
    public static OfferRule HasConsent(Channel channel)
    {
        Preconditions.CheckValue(Enum.IsDefined(channel), "rule.channel", channel, "is not a defined channel");
        return new(OfferRuleKind.Consent, channel: channel);
    }

    /// <summary>Creates a rule for customers with an open cart.</summary>
    /// <returns>The rule.</returns>
    public static OfferRule CartOpen() => new(OfferRuleKind.CartOpen);

    /// <summary>Creates a rule for customers whose wishlist is not empty.</summary>
    /// <returns>The rule.</returns>
    public static OfferRule WishlistNotEmpty() => new(OfferRuleKind.WishlistNotEmpty);

    /// <summary>Creates a rule on the spend still needed to reach the next tier, an amount in the catalog's currency;
    /// never true at the top tier.</summary>
    /// <param name="min">The least spend needed, not negative, or <see langword="null"/>.</param>
    /// <param name="max">The most spend needed, at least <paramref name="min"/>, or <see langword="null"/>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="InvalidValueException">Thrown when a value breaks the rules above.</exception>
    public static OfferRule SpendToNextTier(decimal? min, decimal? max)
    {
        Preconditions.CheckValue(min is null or >= 0m, "rule.min", min, "must not be negative");
        Preconditions.CheckValue(max is null or >= 0m, "rule.max", max, "must not be negative");
        CheckOrder(min, max);
        return new(OfferRuleKind.SpendToNextTier, min, max);
    }

    /// <summary>Creates a rule of a leaf kind from its parts, as the JSON reader does.</summary>
    /// <param name="kind">A kind that takes only bounds: tier level, R, F, M, days since last order, orders, probability
    /// alive, CLV, birthday window, spend to next tier, cart open or wishlist not empty.</param>
    /// <param name="min">The lower bound (required for tier level, days since last order, orders and the birthday window).</param>
    /// <param name="max">The upper bound (required for R, F, M and the birthday window).</param>
    /// <returns>The rule, checked as by the kind's own factory.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="kind"/> does not take only bounds.</exception>
    /// <exception cref="InvalidValueException">Thrown when a bound is missing or breaks the kind's rules.</exception>
    public static OfferRule Bounded(OfferRuleKind kind, decimal? min, decimal? max)
    {
        switch (kind)
        {
            case OfferRuleKind.TierLevel:
                return TierLevel(WholeBound(min, "rule.min"), MaybeWhole(max, "rule.max"));
            case OfferRuleKind.DaysSinceLastOrder:
                return DaysSinceLastOrder(WholeBound(min, "rule.min"), MaybeWhole(max, "rule.max"));
            case OfferRuleKind.Orders:
                return Orders(WholeBound(min, "rule.min"), MaybeWhole(max, "rule.max"));
            case OfferRuleKind.Recency or OfferRuleKind.Frequency or OfferRuleKind.Monetary:
                var range = new ScoreRange(WholeBound(min, "rule.min"), WholeBound(max, "rule.max"));
                return new(kind, range.Min, range.Max);
            case OfferRuleKind.ProbabilityAlive:
                return ProbabilityAlive(min, max);
            case OfferRuleKind.Clv:
                return Clv(min, max);
            case OfferRuleKind.BirthdayWithin:
                return BirthdayWithin(WholeBound(min, "rule.min"), WholeBound(max, "rule.max"));
            case OfferRuleKind.SpendToNextTier:
                return SpendToNextTier(min, max);
            case OfferRuleKind.CartOpen:
                return CartOpen();
            case OfferRuleKind.WishlistNotEmpty:
                return WishlistNotEmpty();
            default:
                throw new ArgumentException("The kind " + kind + " does not take only bounds.", nameof(kind));
        }
    }

    /// <summary>Returns the rule as text, for example <c>all(segment in {Champions}, days since last order 180+)</c>.</summary>
    /// <returns>The description used by explanations.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        Describe(text);
        return text.ToString();
    }

    internal void Describe(StringBuilder text)
    {
        switch (Kind)
        {
            case OfferRuleKind.Always:
                text.Append("always");
                return;
            case OfferRuleKind.All or OfferRuleKind.Any or OfferRuleKind.Not:
                text.Append(Kind == OfferRuleKind.All ? "all(" : Kind == OfferRuleKind.Any ? "any(" : "not(");
                for (var i = 0; i < Rules.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Rules[i].Describe(text);
                }

                text.Append(')');
                return;
            case OfferRuleKind.Segment:
                text.Append("segment in {").AppendJoin(", ", Segments).Append('}');
                return;
            case OfferRuleKind.BoughtAny:
                text.Append("bought any of {").AppendJoin(", ", Categories).Append('}');
                return;
            case OfferRuleKind.LastOrderIn:
                text.Append("last order in ").Append(Categories[0].Value).Append(", days ago ").Append(Bounds());
                return;
            case OfferRuleKind.BirthdayWithin:
                text.Append(CultureInfo.InvariantCulture, $"birthday from {Min} days before to {Max} days after");
                return;
            case OfferRuleKind.Consent:
                text.Append("consent to ").Append(Channel.ToString());
                return;
            case OfferRuleKind.CartOpen:
                text.Append("cart open");
                return;
            case OfferRuleKind.WishlistNotEmpty:
                text.Append("wishlist not empty");
                return;
            default:
                text.Append(FactName(Kind)).Append(' ').Append(Bounds());
                return;
        }
    }

    internal static string FactName(OfferRuleKind kind) => kind switch
    {
        OfferRuleKind.TierLevel => "tier level",
        OfferRuleKind.Recency => "R score",
        OfferRuleKind.Frequency => "F score",
        OfferRuleKind.Monetary => "M score",
        OfferRuleKind.DaysSinceLastOrder => "days since last order",
        OfferRuleKind.Orders => "orders",
        OfferRuleKind.ProbabilityAlive => "P(alive)",
        OfferRuleKind.Clv => "CLV",
        OfferRuleKind.SpendToNextTier => "spend to next tier",
        _ => kind.ToString(),
    };

    private string Bounds() => (Min, Max) switch
    {
        (null, null) => "any",
        ({ } low, null) => Preconditions.Render(low) + "+",
        (null, { } high) => "at most " + Preconditions.Render(high),
        ({ } low, { } high) when low == high => "= " + Preconditions.Render(low),
        ({ } low, { } high) => Preconditions.Render(low) + " to " + Preconditions.Render(high),
    };

    private static OfferRule[] Children(IEnumerable<OfferRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToArray();
        foreach (var rule in list)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
        }

        return list;
    }

    private static OfferRule Whole(OfferRuleKind kind, int min, int? max, int lowest, int highest)
    {
        Preconditions.CheckValue(min >= lowest && min <= highest, "rule.min", min, string.Create(CultureInfo.InvariantCulture, $"must be from {lowest} to {highest}"));
        Preconditions.CheckValue(max is null || (max >= min && max <= highest), "rule.max", max, string.Create(CultureInfo.InvariantCulture, $"must be from min ({min}) to {highest}"));
        return new(kind, min, max);
    }

    private static void CheckOrder(decimal? min, decimal? max) =>
        Preconditions.CheckValue(min is null || max is null || max >= min, "rule.max", max, "must not be below min (" + Preconditions.Render(min) + ")");

    private static int WholeBound(decimal? value, string field)
    {
        Preconditions.CheckValue(value is not null, field, value, "is required for this rule");
        return MaybeWhole(value, field)!.Value;
    }

    private static int? MaybeWhole(decimal? value, string field)
    {
        if (value is not { } v)
        {
            return null;
        }

        Preconditions.CheckValue(v == decimal.Truncate(v) && v is >= int.MinValue and <= int.MaxValue, field, v, "must be a whole number");
        return (int)v;
    }
}
