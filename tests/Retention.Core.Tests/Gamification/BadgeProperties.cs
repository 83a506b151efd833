using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Gamification;
using static Retention.Tests.Gamification.GamificationSamples;

namespace Retention.Tests.Gamification;

/// <summary>Badges are awarded at most once, at the instant of an event of the history, and an incremental run
/// (a prefix, then everything with the prefix's badges) awards exactly what one run over everything awards.</summary>
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
}
