using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Gamification;
using static Retention.Tests.Gamification.GamificationSamples;

namespace Retention.Tests.Gamification;

/// <summary>Badges are awarded at most once, at the instant of an event of the history, and an incremental run
/// (a prefix, then everything with the prefix's badges) awards exactly what one run over everything awards; and each
/// badge is awarded exactly at the first event whose history meets its rule, read naively from the documented order
/// (so an engine that awards nothing, or too late, fails too).</summary>
public sealed class BadgeProperties
{
    public sealed record History(Order[] Orders, CustomerAction[] Reviews, Instant Cut)
    {
        public override string ToString() => "cut " + Cut + "; " + string.Join(", ", Orders.Select(o => o.PlacedAt + " " + o.Total)) + "; reviews " + string.Join(", ", Reviews.Select(r => r.OccurredAt + " " + r.Reference));
    }

    public static Arbitrary<History> Histories() =>
        (from orderDays in Gen.ArrayOf(Gen.Choose(0, 120))
         from amounts in Gen.ArrayOf(Gen.Choose(1, 150), orderDays.Length)
         from reviewDays in Gen.ArrayOf(Gen.Choose(0, 120))
         from products in Gen.ArrayOf(Gen.Elements<string?>("a", "b", "c", null), reviewDays.Length)
         from cut in Gen.Choose(0, 121)
         let start = Local(2026, 1, 1)
         select new History(
             [.. orderDays.Select((d, i) => Bought("o" + i, start + Duration.FromDays(d), amounts[i]))],
             [.. reviewDays.Select((d, i) => Review("r" + i, start + Duration.FromDays(d), products[i]))],
             start + Duration.FromDays(cut))).ToArbitrary();

    [Property(Arbitrary = [typeof(BadgeProperties)], MaxTest = 300)]
    public bool Badges_AreAwardedAtMostOnce_AndIncrementalRunsAgreeWithOneRun(History h)
    {
        var engine = BadgeEngineTests.Engine();
        var all = engine.Evaluate(Alice, h.Orders, h.Reviews);
        var instants = h.Orders.Select(o => o.PlacedAt).Concat(h.Reviews.Select(r => r.OccurredAt)).ToHashSet();
        var prefix = engine.Evaluate(Alice, h.Orders.Where(o => o.PlacedAt < h.Cut), h.Reviews.Where(r => r.OccurredAt < h.Cut));
        var rest = engine.Evaluate(Alice, h.Orders, h.Reviews, prefix.Select(a => a.BadgeId));
        return all.Select(a => a.BadgeId).Distinct().Count() == all.Count
            && all.All(a => instants.Contains(a.EarnedAt))
            && prefix.Concat(rest).OrderBy(a => a.BadgeId, StringComparer.Ordinal).SequenceEqual(all.OrderBy(a => a.BadgeId, StringComparer.Ordinal));
    }

    [Property(Arbitrary = [typeof(BadgeProperties)], MaxTest = 300)]
    public bool Badges_AreAwardedAtTheFirstEventWhoseHistoryMeetsTheRule(History h) =>
        BadgeEngineTests.Engine().Evaluate(Alice, h.Orders, h.Reviews).SequenceEqual(Expected(h));

    [Fact]
    public void Histories_AwardEveryBadge_AndWithholdEveryBadge()
    {
        var awarded = Histories().Generator.Sample(numberOfSamples: 300, size: 6)
            .Concat(Histories().Generator.Sample(numberOfSamples: 300, size: 30))
            .Select(h => BadgeEngineTests.Engine().Evaluate(Alice, h.Orders, h.Reviews).Select(a => a.BadgeId).ToHashSet())
            .ToArray();

        Assert.All(BadgeEngineTests.Engine().Rules, rule =>
        {
            Assert.True(awarded.Count(a => a.Contains(rule.BadgeId)) > 30, rule.BadgeId + " awarded too rarely");
            Assert.True(awarded.Count(a => !a.Contains(rule.BadgeId)) > 30, rule.BadgeId + " withheld too rarely");
        });
    }

    /// <summary>The documented order (time, orders before reviews, then ids ordinally); for each rule of
    /// <see cref="BadgeEngineTests.Engine"/> the first prefix that meets it, counted from scratch.</summary>
    private static IEnumerable<BadgeAward> Expected(History h)
    {
        var events = h.Orders.Select(o => (At: o.PlacedAt, Rank: 0, Key: o.Id.Value, Order: (Order?)o, Product: (string?)null))
            .Concat(h.Reviews.Select(r => (At: r.OccurredAt, Rank: 1, Key: r.Key.Value, Order: (Order?)null, Product: (string?)(r.Reference is { } p ? "product:" + p : "action:" + r.Key.Value))))
            .OrderBy(e => e.At).ThenBy(e => e.Rank).ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        bool Met(string badge, int k)
        {
            var prefix = events.Take(k + 1).ToArray();
            var orders = prefix.Where(e => e.Order is not null).Select(e => e.Order!).ToArray();
            return badge switch
            {
                "welcome" => orders.Length >= 1,
                "regular" => orders.Length >= 3,
                "big-spender" => orders.Sum(o => o.MerchandiseNet.Amount) >= 200m,
                "on-a-roll" => PurchaseStreaks.Compute(orders.Select(o => o.PlacedAt), NewYork, StreakPeriod.IsoWeek, events[k].At).Longest >= 3,
                "critic" => prefix.Where(e => e.Product is not null).Select(e => e.Product).Distinct().Count() >= 2,
                _ => throw new InvalidOperationException("no naive reading of badge " + badge),
            };
        }

        var rules = BadgeEngineTests.Engine().Rules.Select(r => r.BadgeId).ToArray();
        return rules
            .Select((badge, order) => (Badge: badge, Order: order, Event: Enumerable.Range(0, events.Length).Where(k => Met(badge, k)).DefaultIfEmpty(-1).First()))
            .Where(x => x.Event >= 0)
            .OrderBy(x => x.Event).ThenBy(x => x.Order)
            .Select(x => new BadgeAward(x.Badge, Alice.Id, events[x.Event].At, events[x.Event].Order is { } o ? "order:" + o.Id.Value : events[x.Event].Key));
    }
}
