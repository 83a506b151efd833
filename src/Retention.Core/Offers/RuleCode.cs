using System.Runtime.CompilerServices;

namespace Retention.Offers;

/// <summary>One instruction of a compiled eligibility rule (decision 0009): a leaf compares one field of the customer
/// with bounds or a bit mask; <c>All</c>, <c>Any</c> and <c>Not</c> combine the results on top of a bit stack.</summary>
internal readonly struct RuleOp
{
    internal readonly OfferRuleKind Kind;
    internal readonly int Count;
    internal readonly double Low;
    internal readonly double High;
    internal readonly ulong Mask;
    internal readonly decimal DecimalLow;
    internal readonly decimal DecimalHigh;

    internal RuleOp(OfferRuleKind kind, int count = 0, double low = double.NegativeInfinity, double high = double.PositiveInfinity, ulong mask = 0, decimal decimalLow = decimal.MinValue, decimal decimalHigh = decimal.MaxValue)
    {
        Kind = kind;
        Count = count;
        Low = low;
        High = high;
        Mask = mask;
        DecimalLow = decimalLow;
        DecimalHigh = decimalHigh;
    }
}

/// <summary>
/// Compiles rule trees into postfix code and evaluates it over an <see cref="OfferCustomer"/> with a 64-bit stack of
/// results: no allocation, no virtual call, one <c>switch</c> per instruction.
/// </summary>
internal static class RuleCode
{
    /// <summary>The deepest the result stack may grow; <see cref="Compile"/> reports deeper rules.</summary>
    internal const int MaxDepth = 63;

    /// <summary>Appends the postfix code of <paramref name="rule"/>; returns the greatest stack depth reached, or -1
    /// when a segment name or category is unknown (the caller reports it).</summary>
    internal static int Compile(OfferRule rule, List<RuleOp> code, Func<string, int> segmentIndex, Func<CategoryId, int> categoryIndex, int depth)
    {
        switch (rule.Kind)
        {
            case OfferRuleKind.All or OfferRuleKind.Any or OfferRuleKind.Not:
                var deepest = depth;
                for (var i = 0; i < rule.Rules.Count; i++)
                {
                    var reached = Compile(rule.Rules[i], code, segmentIndex, categoryIndex, depth + i);
                    if (reached < 0)
                    {
                        return -1;
                    }

                    deepest = Math.Max(deepest, reached);
                }

                code.Add(new RuleOp(rule.Kind, rule.Rules.Count));
                return Math.Max(deepest, depth + 1);
            case OfferRuleKind.Segment:
                var segments = 0UL;
                foreach (var name in rule.Segments)
                {
                    var index = segmentIndex(name);
                    if (index < 0)
                    {
                        return -1;
                    }

                    segments |= 1UL << index;
                }

                code.Add(new RuleOp(rule.Kind, mask: segments));
                return depth + 1;
            case OfferRuleKind.BoughtAny or OfferRuleKind.LastOrderIn:
                var categories = 0UL;
                foreach (var category in rule.Categories)
                {
                    var index = categoryIndex(category);
                    if (index < 0)
                    {
                        return -1;
                    }

                    categories |= 1UL << index;
                }

                code.Add(new RuleOp(rule.Kind, low: Low(rule.Min), high: High(rule.Max), mask: categories));
                return depth + 1;
            case OfferRuleKind.BirthdayWithin:
                code.Add(new RuleOp(rule.Kind, low: -(double)rule.Min!.Value, high: (double)rule.Max!.Value));
                return depth + 1;
            case OfferRuleKind.Consent:
                code.Add(new RuleOp(rule.Kind, mask: 1UL << (int)rule.Channel));
                return depth + 1;
            case OfferRuleKind.SpendToNextTier:
                code.Add(new RuleOp(rule.Kind, decimalLow: rule.Min ?? decimal.MinValue, decimalHigh: rule.Max ?? decimal.MaxValue));
                return depth + 1;
            default:
                code.Add(new RuleOp(rule.Kind, low: Low(rule.Min), high: High(rule.Max)));
                return depth + 1;
        }
    }

    /// <summary>The general shape (postfix code with a result stack).</summary>
    internal const byte General = 0;

    /// <summary>Only leaves, all of which must hold (a single leaf, or <c>All</c> of leaves): short-circuits.</summary>
    internal const byte Conjunction = 1;

    /// <summary>Only leaves, one of which must hold (<c>Any</c> of leaves): short-circuits.</summary>
    internal const byte Disjunction = 2;

    /// <summary>Returns the shape of a rule and, for the two flat shapes, replaces its code by the leaves alone.</summary>
    internal static byte Shape(OfferRule rule, ref RuleOp[] code)
    {
        var flat = rule.Kind is OfferRuleKind.All or OfferRuleKind.Any
            && rule.Rules.All(r => r.Kind is not (OfferRuleKind.All or OfferRuleKind.Any or OfferRuleKind.Not));
        if (rule.Kind is not (OfferRuleKind.All or OfferRuleKind.Any or OfferRuleKind.Not))
        {
            return Conjunction;
        }

        if (!flat)
        {
            return General;
        }

        code = code[..^1];
        return rule.Kind == OfferRuleKind.All ? Conjunction : Disjunction;
    }

    /// <summary>Evaluates compiled code of a given shape.</summary>
    internal static bool Evaluate(ReadOnlySpan<RuleOp> code, byte shape, in OfferCustomer customer)
    {
        if (shape == Conjunction)
        {
            for (var i = 0; i < code.Length; i++)
            {
                if (!Leaf(in code[i], in customer))
                {
                    return false;
                }
            }

            return true;
        }

        if (shape == Disjunction)
        {
            for (var i = 0; i < code.Length; i++)
            {
                if (Leaf(in code[i], in customer))
                {
                    return true;
                }
            }

            return false;
        }

        return Evaluate(code, in customer);
    }

    /// <summary>Evaluates general postfix code; an empty program is <see langword="true"/>.</summary>
    internal static bool Evaluate(ReadOnlySpan<RuleOp> code, in OfferCustomer customer)
    {
        var stack = 1UL;
        for (var i = 0; i < code.Length; i++)
        {
            ref readonly var op = ref code[i];
            switch (op.Kind)
            {
                case OfferRuleKind.All:
                    {
                        var mask = (1UL << op.Count) - 1;
                        var top = (stack & mask) == mask ? 1UL : 0UL;
                        stack = ((stack >> op.Count) << 1) | top;
                        break;
                    }

                case OfferRuleKind.Any:
                    {
                        var mask = (1UL << op.Count) - 1;
                        var top = (stack & mask) != 0 ? 1UL : 0UL;
                        stack = ((stack >> op.Count) << 1) | top;
                        break;
                    }

                case OfferRuleKind.Not:
                    stack ^= 1UL;
                    break;
                default:
                    stack = (stack << 1) | (Leaf(in op, in customer) ? 1UL : 0UL);
                    break;
            }
        }

        return (stack & 1UL) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool In(in RuleOp op, double value) => value >= op.Low && value <= op.High;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Leaf(in RuleOp op, in OfferCustomer c) => op.Kind switch
    {
        OfferRuleKind.Always => true,
        OfferRuleKind.Segment => c.Segment >= 0 && c.Segment < 64 && ((op.Mask >> c.Segment) & 1UL) != 0,
        OfferRuleKind.TierLevel => In(in op, c.TierLevel),
        OfferRuleKind.Recency => In(in op, c.Recency),
        OfferRuleKind.Frequency => In(in op, c.Frequency),
        OfferRuleKind.Monetary => In(in op, c.Monetary),
        OfferRuleKind.DaysSinceLastOrder => c.DaysSinceLastOrder is { } days && In(in op, days),
        OfferRuleKind.Orders => In(in op, c.Orders),
        OfferRuleKind.ProbabilityAlive => In(in op, c.ProbabilityAlive),
        OfferRuleKind.Clv => In(in op, c.Clv),
        OfferRuleKind.BoughtAny => (c.CategoriesBought & op.Mask) != 0,
        OfferRuleKind.LastOrderIn => (c.LastOrderCategories & op.Mask) != 0 && c.DaysSinceLastOrder is { } days && In(in op, days),
        OfferRuleKind.BirthdayWithin => c.DaysFromBirthday is { } offset && In(in op, offset),
        OfferRuleKind.Consent => (c.ConsentedChannels & (int)op.Mask) != 0,
        OfferRuleKind.CartOpen => c.CartOpen,
        OfferRuleKind.WishlistNotEmpty => c.WishlistNotEmpty,
        OfferRuleKind.SpendToNextTier => c.SpendToNextTier is { } spend && spend >= op.DecimalLow && spend <= op.DecimalHigh,
        _ => false,
    };

    private static double Low(decimal? min) => min is { } value ? (double)value : double.NegativeInfinity;

    private static double High(decimal? max) => max is { } value ? (double)value : double.PositiveInfinity;
}
