using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Invariants of tier evaluation over random ladders and random stories of orders and refunds: more spend never
/// lowers a tier, input order does not matter, downgrades respect their limit, the past depends only on the past,
/// and upgrades are immediate.
/// </summary>
public sealed class TierProperties
{
    private const int MaxTest = 150;
    private static readonly CustomerId[] People = [new("c1"), new("c2")];

    /// <summary>One generated order: who, how many days after the previous one, how much, and how much of it is refunded when.</summary>
    public readonly record struct OrderStep(int Customer, int GapDays, int Amount, int RefundPercent, int RefundAfterDays);

    /// <summary>A ladder and a story, with the extra orders that make a richer twin of the story.</summary>
    public sealed record TierScenario(TierLadder Ladder, OrderStep[] Steps, OrderStep[] Extra, string Description)
    {
        public override string ToString() => Description;
    }

    private static readonly Gen<TierLadder> LadderGen =
        from basis in Gen.Elements(TierBasis.Spend, TierBasis.Points)
        from window in Gen.Elements(QualificationWindow.Lifetime, QualificationWindow.CalendarYear, QualificationWindow.MembershipYear, QualificationWindow.RollingMonths(6), QualificationWindow.RollingMonths(12))
        from grace in Gen.Elements(Period.Zero, Period.FromDays(14), Period.FromMonths(1))
        from anyMaxDown in Gen.Elements<int?>(null, 1, 2)
        let maxDown = window.Kind == QualificationWindowKind.RollingMonths ? null : anyMaxDown
        from first in Gen.Choose(50, 400)
        from second in Gen.Choose(50, 600)
        from third in Gen.Choose(50, 1500)
        select new TierLadder(
            basis,
            window,
            [
                new Tier("L0", 0m),
                new Tier("L1", first, new TierBenefits { EarningMultiplier = 1.25m }),
                new Tier("L2", first + second, new TierBenefits { EarningMultiplier = 1.5m }),
                new Tier("L3", first + second + third, new TierBenefits { EarningMultiplier = 2m }),
            ],
            grace,
            maxDown);

    private static readonly Gen<OrderStep> StepGen =
        from customer in Gen.Choose(0, People.Length - 1)
        from gap in Gen.Frequency((3, Gen.Choose(0, 20)), (2, Gen.Choose(20, 120)), (1, Gen.Choose(120, 500)))
        from amount in Gen.Choose(5, 900)
        from refund in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(10, 100)))
        from after in Gen.Choose(0, 90)
        select new OrderStep(customer, gap, amount, refund, after);

    public static Arbitrary<TierScenario> Scenarios() =>
        (from ladder in LadderGen
         from steps in Gen.Sized(size => Gen.ArrayOf(StepGen, Math.Min(size, 40)))
         from extra in Gen.ArrayOf(StepGen, 3)
         select new TierScenario(
             ladder,
             steps,
             extra,
             ladder.Basis + " " + ladder.Window + " grace " + ladder.GracePeriod + " down " + (ladder.MaxLevelsDown?.ToString(CultureInfo.InvariantCulture) ?? "any")
                 + " thresholds " + string.Join("/", ladder.Tiers.Select(t => t.Threshold)) + "; " + string.Join(", ", steps))).ToArbitrary();

    [Property(Arbitrary = [typeof(TierProperties)], MaxTest = MaxTest)]
    public bool MoreQualifyingSpend_NeverYieldsALowerTier(TierScenario scenario)
    {
        // Orders only (refunds are the subject of the other properties); the twin has the same orders and three more.
        var steps = scenario.Steps.Select(s => s with { RefundPercent = 0 }).ToArray();
        var events = Events(steps);
        var richer = events.Concat(Events(scenario.Extra.Select(s => s with { RefundPercent = 0 }).ToArray(), "x")).ToArray();
        var ladder = SpendOnly(scenario.Ladder);
        var less = Replayed(ladder, events);
        var more = Replayed(ladder, richer);
        return People.All(c => Instants(richer).All(at => more.GetTier(c, at).Level >= less.GetTier(c, at).Level));
    }

    [Property(Arbitrary = [typeof(TierProperties)], MaxTest = MaxTest)]
    public bool Evaluation_IsIndependentOfEventInputOrder(TierScenario scenario)
    {
        var events = Events(scenario.Steps);
        var sorted = Replayed(scenario.Ladder, events);
        var shuffled = Replayed(scenario.Ladder, [.. events.Reverse()]);
        var end = Instants(events).Max();
        sorted.AdvanceTo(end);
        shuffled.AdvanceTo(end);
        return People.All(c =>
            sorted.TierHistory(c).SequenceEqual(shuffled.TierHistory(c))
            && Instants(events).All(at => sorted.GetTier(c, at) == shuffled.GetTier(c, at)));
    }

    [Property(Arbitrary = [typeof(TierProperties)], MaxTest = MaxTest)]
    public bool Downgrades_NeverSkipMoreLevelsThanAllowed_AndUpgradesAreImmediate(TierScenario scenario)
    {
        var events = Events(scenario.Steps);
        var ledger = Replayed(scenario.Ladder, events);
        ledger.AdvanceTo(Instants(events).Max());
        var most = scenario.Ladder.MaxLevelsDown ?? int.MaxValue;
        return People.All(c =>
            ledger.TierHistory(c).All(change => change.Kind switch
            {
                TierChangeKind.Downgrade => change.FromLevel > change.ToLevel && change.FromLevel - change.ToLevel <= most,
                TierChangeKind.Upgrade => change.ToLevel > change.FromLevel,
                _ => change.ToLevel == change.FromLevel,
            })
            && Instants(events).All(at =>
            {
                var status = ledger.GetTier(c, at);
                return status.Level >= scenario.Ladder.QualifiedLevel(status.Qualifying) && (status.Level == 0) == (status.ValidUntil is null);
            }));
    }

    [Property(Arbitrary = [typeof(TierProperties)], MaxTest = MaxTest)]
    public bool TierAtAnInstant_DependsOnlyOnEventsBeforeIt(TierScenario scenario)
    {
        var events = Events(scenario.Steps);
        var full = Replayed(scenario.Ladder, events);
        foreach (var at in Instants(events).Where((_, i) => i % 3 == 0))
        {
            var past = Replayed(scenario.Ladder, [.. events.Where(e => e.At <= at)]);
            if (People.Any(c => full.GetTier(c, at) != past.GetTier(c, at)))
            {
                return false;
            }
        }

        return true;
    }

    private static TierLadder SpendOnly(TierLadder ladder) =>
        ladder.Basis == TierBasis.Spend ? ladder : new TierLadder(TierBasis.Spend, ladder.Window, ladder.Tiers, ladder.GracePeriod, ladder.MaxLevelsDown);

    private static PointsLedger Replayed(TierLadder ladder, LoyaltyEvent[] events)
    {
        var ledger = new PointsLedger(Builder().Tiers(ladder).Build());
        var report = ledger.Replay(events);
        Assert.Empty(report.Refused);
        return ledger;
    }

    /// <summary>Orders from 1 January 2026, with their refunds; <paramref name="prefix"/> keeps twin ids apart.</summary>
    private static LoyaltyEvent[] Events(OrderStep[] steps, string prefix = "o")
    {
        // Everyone joins before the first order, so that membership years start on the same day in every twin.
        var result = new List<LoyaltyEvent>(People.Select(p => Action(prefix + "-joined-" + p.Value, p, ActionKind.SignUp, Local(2025, 12, 31, 10))));
        var at = Local(2026, 1, 1, 10);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            at += Duration.FromDays(step.GapDays) + Duration.FromMinutes(7 * i);
            var id = prefix + i.ToString(CultureInfo.InvariantCulture);
            var placed = new OrderPlaced(Order(id, People[step.Customer], at, step.Amount));
            result.Add(placed);
            if (step.RefundPercent > 0)
            {
                var amount = Math.Round(step.Amount * step.RefundPercent / 100m, 2);
                result.Add(new OrderRefunded(new Refund(new RefundId("r" + id), placed.Order, at + Duration.FromDays(step.RefundAfterDays) + Duration.FromHours(1), [new RefundLine(placed.Order.Lines[0].Id, 1, Usd(amount))])));
            }
        }

        return [.. result];
    }

    /// <summary>Every event's instant and just before it, and a few years of monthly instants after the last one.</summary>
    private static Instant[] Instants(LoyaltyEvent[] events)
    {
        var last = events.Length == 0 ? Local(2026, 1, 1) : events.Max(e => e.At);
        return
        [
            .. events.SelectMany(e => new[] { e.At, e.At - Duration.Epsilon }),
            .. Enumerable.Range(1, 40).Select(m => last + Duration.FromDays(31 * m)),
        ];
    }
}
