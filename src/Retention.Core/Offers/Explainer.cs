using System.Globalization;

namespace Retention.Offers;

/// <summary>
/// Evaluates a rule tree directly, node by node, recording every node with the value seen. It is the slow, obvious
/// reading of the rules: explanations use it, and tests check the compiled code against it.
/// </summary>
internal static class Explainer
{
    internal static bool Interpret(OfferRule rule, in OfferCustomer c, OfferCatalog catalog, List<OfferCheck> checks, int depth)
    {
        switch (rule.Kind)
        {
            case OfferRuleKind.All or OfferRuleKind.Any or OfferRuleKind.Not:
                {
                    var at = checks.Count;
                    checks.Add(null!);
                    var passedChildren = 0;
                    foreach (var child in rule.Rules)
                    {
                        if (Interpret(child, in c, catalog, checks, depth + 1))
                        {
                            passedChildren++;
                        }
                    }

                    var result = rule.Kind switch
                    {
                        OfferRuleKind.All => passedChildren == rule.Rules.Count,
                        OfferRuleKind.Any => passedChildren > 0,
                        _ => passedChildren == 0,
                    };
                    var name = rule.Kind == OfferRuleKind.All ? "all of" : rule.Kind == OfferRuleKind.Any ? "any of" : "not";
                    checks[at] = new OfferCheck(name, result, passedChildren.ToString(CultureInfo.InvariantCulture) + " of " + rule.Rules.Count.ToString(CultureInfo.InvariantCulture) + " passed", depth);
                    return result;
                }

            default:
                {
                    var (passed, seen) = Leaf(rule, in c, catalog);
                    checks.Add(new OfferCheck(rule.ToString(), passed, seen, depth));
                    return passed;
                }
        }
    }

    private static (bool Passed, string Seen) Leaf(OfferRule rule, in OfferCustomer c, OfferCatalog catalog)
    {
        switch (rule.Kind)
        {
            case OfferRuleKind.Always:
                return (true, "-");
            case OfferRuleKind.Segment:
                {
                    var name = c.Segment >= 0 && c.Segment < catalog.Segments.SegmentNames.Count ? catalog.Segments.SegmentNames[c.Segment] : null;
                    return (name is not null && rule.Segments.Contains(name), name ?? "not scored");
                }

            case OfferRuleKind.TierLevel:
                return (Within(rule, c.TierLevel), Text(c.TierLevel));
            case OfferRuleKind.Recency:
                return (Within(rule, c.Recency), c.Recency == 0 ? "not scored" : Text(c.Recency));
            case OfferRuleKind.Frequency:
                return (Within(rule, c.Frequency), c.Frequency == 0 ? "not scored" : Text(c.Frequency));
            case OfferRuleKind.Monetary:
                return (Within(rule, c.Monetary), c.Monetary == 0 ? "not scored" : Text(c.Monetary));
            case OfferRuleKind.DaysSinceLastOrder:
                return c.DaysSinceLastOrder is { } since ? (Within(rule, since), Text(since)) : (false, "never ordered");
            case OfferRuleKind.Orders:
                return (Within(rule, c.Orders), Text(c.Orders));
            case OfferRuleKind.ProbabilityAlive:
                return (WithinDouble(rule, c.ProbabilityAlive), c.ProbabilityAlive.ToString("0.####", CultureInfo.InvariantCulture));
            case OfferRuleKind.Clv:
                return (WithinDouble(rule, c.Clv), c.Clv.ToString("0.##", CultureInfo.InvariantCulture));
            case OfferRuleKind.BoughtAny:
                return ((c.CategoriesBought & catalog.CategoryMask(rule.Categories)) != 0, Categories(c.CategoriesBought, catalog));
            case OfferRuleKind.LastOrderIn:
                {
                    if (c.DaysSinceLastOrder is not { } ago)
                    {
                        return (false, "never ordered");
                    }

                    var inCategory = (c.LastOrderCategories & catalog.CategoryMask(rule.Categories)) != 0;
                    return (inCategory && Within(rule, ago), "last order " + Text(ago) + " days ago in " + Categories(c.LastOrderCategories, catalog));
                }

            case OfferRuleKind.BirthdayWithin:
                {
                    if (c.DaysFromBirthday is not { } offset)
                    {
                        return (false, "birthday unknown");
                    }

                    var seen = offset == 0 ? "birthday today" : offset < 0 ? Text(-offset) + " days before the birthday" : Text(offset) + " days after the birthday";
                    return (offset >= -rule.Min!.Value && offset <= rule.Max!.Value, seen);
                }

            case OfferRuleKind.Consent:
                return c.HasConsent(rule.Channel) ? (true, "given") : (false, "not given");
            case OfferRuleKind.CartOpen:
                return (c.CartOpen, c.CartOpen ? "open" : "no open cart");
            case OfferRuleKind.WishlistNotEmpty:
                return (c.WishlistNotEmpty, c.WishlistNotEmpty ? "not empty" : "empty");
            case OfferRuleKind.SpendToNextTier:
                return c.SpendToNextTier is { } spend
                    ? ((rule.Min is null || spend >= rule.Min) && (rule.Max is null || spend <= rule.Max), Preconditions.Render(new Money(spend, catalog.Currency)))
                    : (false, "top tier");
            default:
                return (false, "unknown rule");
        }
    }

    private static bool Within(OfferRule rule, int value) => (rule.Min is null || value >= rule.Min) && (rule.Max is null || value <= rule.Max);

    private static bool WithinDouble(OfferRule rule, double value) =>
        (rule.Min is null || value >= (double)rule.Min.Value) && (rule.Max is null || value <= (double)rule.Max.Value);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Categories(ulong mask, OfferCatalog catalog)
    {
        var names = new List<string>();
        for (var i = 0; i < catalog.Categories.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                names.Add(catalog.Categories[i].Value);
            }
        }

        return "{" + string.Join(", ", names) + "}";
    }
}
