using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Tests.Offers;

/// <summary>Generators of catalogs, rules, customers and decision sequences that hit the boundaries: equal expected
/// values, empty budgets, limits of one, sends exactly a window apart, customers with no consent.</summary>
public static class OfferArbitraries
{
    internal static readonly CategoryId[] CategoryPool = [new("shirts"), new("trousers"), new("shoes")];
    internal static readonly Channel[] AllChannels = Enum.GetValues<Channel>();

    internal static readonly Gen<OfferRule> LeafGen = Gen.OneOf(
        Gen.Constant(OfferRule.Always),
        from names in Gen.SubListOf(SegmentMap.Default.SegmentNames.ToArray()) where names.Count > 0 select OfferRule.InSegment(names),
        from min in Gen.Choose(0, 4) from span in Gen.Elements<int?>(null, 0, 1, 2) select OfferRule.TierLevel(min, min + span),
        from min in Gen.Choose(1, 5) from max in Gen.Choose(min, 5) from which in Gen.Choose(0, 2)
        select which == 0 ? OfferRule.Recency(new ScoreRange(min, max)) : which == 1 ? OfferRule.Frequency(new ScoreRange(min, max)) : OfferRule.Monetary(new ScoreRange(min, max)),
        from min in Gen.Elements(0, 30, 90, 180) from max in Gen.Elements<int?>(null, 180, 365) where max is null || max >= min select OfferRule.DaysSinceLastOrder(min, max),
        from min in Gen.Choose(0, 3) from max in Gen.Elements<int?>(null, 0, 1, 3) where max is null || max >= min select OfferRule.Orders(min, max),
        from min in Gen.Elements<decimal?>(null, 0m, 0.3m, 0.5m) from max in Gen.Elements<decimal?>(null, 0.5m, 1m) select OfferRule.ProbabilityAlive(min, max),
        from min in Gen.Elements<decimal?>(null, 0m, 100m) from max in Gen.Elements<decimal?>(null, 100m, 500m) select OfferRule.Clv(min, max),
        from cats in Gen.SubListOf(CategoryPool) where cats.Count > 0 select OfferRule.BoughtAny(cats),
        from cat in Gen.Elements(CategoryPool) from min in Gen.Elements(0, 21) from max in Gen.Elements<int?>(null, 21, 35) where max is null || max >= min select OfferRule.LastOrderIn(cat, min, max),
        from before in Gen.Elements(0, 3, 7) from after in Gen.Elements(0, 7) select OfferRule.BirthdayWithin(before, after),
        from channel in Gen.Elements(AllChannels) select OfferRule.HasConsent(channel),
        Gen.Constant(OfferRule.CartOpen()),
        Gen.Constant(OfferRule.WishlistNotEmpty()),
        from min in Gen.Elements<decimal?>(null, 0m, 25m) from max in Gen.Elements<decimal?>(null, 25m, 50m) select OfferRule.SpendToNextTier(min, max));

    internal static Gen<OfferRule> RuleGen(int depth)
    {
        if (depth <= 0)
        {
            return LeafGen;
        }

        var inner = RuleGen(depth - 1);
        Gen<OfferRule> all = from n in Gen.Choose(0, 3) from children in Gen.ArrayOf(inner, n) select OfferRule.All(children);
        Gen<OfferRule> any = from n in Gen.Choose(0, 3) from children in Gen.ArrayOf(inner, n) select OfferRule.Any(children);
        Gen<OfferRule> not = from child in inner select OfferRule.Not(child);
        return Gen.Frequency((4, LeafGen), (2, all), (2, any), (1, not));
    }

    private static Money Usd(decimal amount) => new(amount, Currency.Usd);

    internal static Gen<Func<int, Offer>> OfferGen =>
        from kind in Gen.Elements(Enum.GetValues<OfferKind>())
        from channel in Gen.Frequency((3, Gen.Constant(Channel.Email)), (2, Gen.Constant(Channel.Sms)), (1, Gen.Elements(AllChannels)))
        from rule in RuleGen(2)
        from margin in Gen.Elements(0m, 20m, 40m, 40m, 60m)
        from cost in Gen.Elements(0m, 5m, 10m, 10m)
        from contact in Gen.Elements(0m, 0m, 0.05m)
        from weight in Gen.Elements(0.5, 1d, 1d, 2d, 4d)
        from priority in Gen.Elements(0, 0, 1, 2)
        from grp in Gen.Elements<string?>(null, null, "g1", "g2")
        from cooldown in Gen.Elements(0, 0, 3, 30)
        from limit in Gen.Elements<int?>(null, null, 1, 2, 5)
        from budget in Gen.Elements<string?>(null, "b1", "b2")
        select (Func<int, Offer>)(index => new Offer("o" + index.ToString("00", System.Globalization.CultureInfo.InvariantCulture), kind, channel)
        {
            Rule = rule,
            Percent = kind is OfferKind.PercentOff or OfferKind.WinBack or OfferKind.CrossSell ? 10m : null,
            Amount = kind is OfferKind.AmountOff or OfferKind.BirthdayReward or OfferKind.VipReward ? Usd(5.50m) : null,
            PointsMultiplier = kind == OfferKind.PointsMultiplier ? 2.5m : null,
            Category = kind == OfferKind.CrossSell ? CategoryPool[1] : null,
            Margin = Usd(margin),
            Cost = Usd(cost),
            ContactCost = Usd(contact),
            ResponseWeight = weight,
            Priority = priority,
            ExclusiveGroup = grp,
            Cooldown = Duration.FromDays(cooldown),
            RedemptionLimit = limit,
            Budget = budget,
        });

    internal static Gen<OfferCatalog> CatalogGen =>
        from count in Gen.Choose(1, 10)
        from makers in Gen.ArrayOf(OfferGen, count)
        from b1 in Gen.Elements(0m, 10m, 25m, 100m)
        from b2 in Gen.Elements(0m, 40m, 1000m)
        from caps in Gen.ArrayOf(Gen.Elements(FrequencyCap.None, FrequencyCap.OnePerWeek, new FrequencyCap(2, Duration.FromDays(3))), AllChannels.Length)
        from quiet in Gen.Elements(0, 1, 2)
        select Catalog(makers.Select((make, i) => make(i)), b1, b2, caps, quiet);

    internal static OfferCatalog Catalog(IEnumerable<Offer> offers, decimal b1, decimal b2, FrequencyCap[] caps, int quiet)
    {
        var builder = OfferCatalog.CreateBuilder(Currency.Usd).Budget("b1", Usd(b1)).Budget("b2", Usd(b2)).Add(offers);
        foreach (var channel in AllChannels)
        {
            builder.FrequencyCap(channel, caps[(int)channel]);
        }

        if (quiet > 0)
        {
            builder.QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), quiet == 1 ? QuietHoursPolicy.Defer : QuietHoursPolicy.Skip), Channel.Sms, Channel.Push);
        }

        return builder.Build();
    }

    internal static Gen<OfferCustomer> CustomerGen =>
        from segment in Gen.Choose(-1, 10)
        from r in Gen.Choose(0, 5)
        from f in Gen.Choose(0, 5)
        from m in Gen.Choose(0, 5)
        from tier in Gen.Choose(0, 4)
        from orders in Gen.Choose(0, 4)
        from since in Gen.Elements<int?>(null, 0, 20, 21, 35, 90, 179, 180, 181, 365, 400)
        from birthday in Gen.Elements<int?>(null, -8, -7, -3, 0, 3, 7, 8, 100)
        from alive in Gen.Elements(0d, 0.3, 0.5, 0.9, 1d)
        from clv in Gen.Elements(0d, 50d, 100d, 500d)
        from bought in Gen.Choose(0, 7)
        from last in Gen.Choose(0, 7)
        from consent in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 31)), (1, Gen.Constant(31)))
        from cart in Gen.Elements(true, false)
        from wish in Gen.Elements(true, false)
        from spend in Gen.Elements<decimal?>(null, 0m, 25m, 60m)
        from hour in Gen.Choose(0, 23)
        select new OfferCustomer
        {
            Segment = segment,
            Recency = r,
            Frequency = f,
            Monetary = m,
            TierLevel = tier,
            Orders = orders,
            DaysSinceLastOrder = orders == 0 ? null : since ?? 10,
            DaysFromBirthday = birthday,
            ProbabilityAlive = alive,
            Clv = clv,
            CategoriesBought = (ulong)(bought | last),
            LastOrderCategories = (ulong)last,
            ConsentedChannels = consent,
            CartOpen = cart,
            WishlistNotEmpty = wish,
            SpendToNextTier = spend,
            LocalTime = new LocalTime(hour, 0),
        };

    /// <summary>One decision of a replay: which customer, how long after the previous decision, and k.</summary>
    public readonly record struct DecisionStep(int Customer, int HoursLater, int K);

    /// <summary>A catalog, a small population and a sequence of decisions.</summary>
    public sealed record Scenario(OfferCatalog Catalog, OfferCustomer[] Customers, DecisionStep[] Steps)
    {
        public override string ToString() =>
            string.Join("; ", Catalog.Offers.Select(o => $"{o.Id} {o.Channel} {o.Rule} m{o.Margin} c{o.Cost} g{o.ExclusiveGroup} cd{o.Cooldown} l{o.RedemptionLimit} b{o.Budget}"))
            + " | " + string.Join(", ", Steps);
    }

    internal static readonly Gen<DecisionStep> DecisionStepGen =
        from customer in Gen.Choose(0, 3)
        from hours in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Choose(1, 48)), (2, Gen.Elements(72, 168, 169)), (1, Gen.Choose(100, 800)))
        from k in Gen.Choose(1, 3)
        select new DecisionStep(customer, hours, k);

    public static Arbitrary<Scenario> Scenarios() =>
        (from catalog in CatalogGen
         from customers in Gen.ArrayOf(CustomerGen, 4)
         from steps in Gen.Sized(size => Gen.ArrayOf(DecisionStepGen, Math.Min(size, 40)))
         select new Scenario(catalog, [.. customers.Select((c, i) => c with { Index = i })], steps)).ToArbitrary();

    public static Arbitrary<OfferRule> Rules() => RuleGen(3).ToArbitrary();

    public static Arbitrary<OfferCustomer> Customers() => CustomerGen.ToArbitrary();
}
