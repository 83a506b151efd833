using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Invariants of the ledger over random programs and random event streams: conservation, idempotency, order
/// independence, full refunds, and the balance floor.
/// </summary>
public sealed class PointsLedgerProperties
{
    private const int MaxTest = 150;
    private static readonly CustomerId[] People = [new("c1"), new("c2"), new("c3")];

    /// <summary>One step of a generated story; interpreted against what happened before it.</summary>
    public readonly record struct StoryStep(int Kind, int Customer, int GapHours, int Amount, int Target);

    /// <summary>A program and its events, in generated (time) order.</summary>
    public sealed record Scenario(PointsProgram Program, LoyaltyEvent[] Events, string Description)
    {
        public override string ToString() => Description;
    }

    public static Arbitrary<Scenario> Scenarios() =>
        (from program in ProgramGen
         from steps in Gen.Sized(size => Gen.ArrayOf(StepGen, Math.Min(size, 60)))
         select Build(program, steps)).ToArbitrary();

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool Points_AreConserved_AtEveryInstant(Scenario scenario)
    {
        var ledger = Replayed(scenario.Program, scenario.Events);
        var instants = scenario.Events.Select(e => e.At).Append(End(scenario)).Append(End(scenario) + Duration.FromDays(800));
        return People.All(c => instants.All(at => Conserved(ledger.GetBalance(c, at))));
    }

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool History_SumsToTheBalance_AndWhatIfEqualsWrittenHistory(Scenario scenario)
    {
        var ledger = Replayed(scenario.Program, scenario.Events);
        var horizon = End(scenario) + Duration.FromDays(400);
        var whatIf = People.Select(c => ledger.GetBalance(c, horizon)).ToArray();
        ledger.AdvanceTo(horizon);
        for (var i = 0; i < People.Length; i++)
        {
            var history = ledger.History(People[i]);
            var written = ledger.GetBalance(People[i], horizon);
            if (written != whatIf[i]
                || history.Sum(e => e.Available.Value) != written.Available.Value
                || history.Sum(e => e.Pending.Value) != written.Pending.Value
                || history.Zip(history.Skip(1)).Any(pair => pair.First.At > pair.Second.At))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool Duplicates_ChangeNothing(Scenario scenario)
    {
        var once = Replayed(scenario.Program, scenario.Events);
        var twice = Replayed(scenario.Program, [.. scenario.Events, .. scenario.Events]);
        var eachTwiceInARow = new PointsLedger(scenario.Program);
        foreach (var e in scenario.Events.Order(Comparer<LoyaltyEvent>.Create(LoyaltyEvent.CompareForReplay)))
        {
            var first = eachTwiceInARow.Apply(e);
            var second = eachTwiceInARow.Apply(e);
            // The second copy changes nothing: a duplicate, or the same outcome again for an event the ledger does not
            // remember (refused, or a birthday check outside the window).
            var unchanged = second.Status == ApplyStatus.Duplicate
                || (second.Status == first.Status && first.Status != ApplyStatus.Applied && second.Reason == first.Reason);
            if ((first.Status == ApplyStatus.Applied && second.Status != ApplyStatus.Duplicate) || !unchanged)
            {
                return false;
            }
        }

        return SameHistories(once, twice) && SameHistories(once, eachTwiceInARow);
    }

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool Replay_GivesTheSameLedger_WhateverTheInputOrder(Scenario scenario, int seed)
    {
        var shuffled = scenario.Events.ToArray();
        new Random(seed).Shuffle(shuffled);
        return SameHistories(Replayed(scenario.Program, scenario.Events), Replayed(scenario.Program, shuffled));
    }

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool FullRefund_RestoresTheBalanceTheOrderChanged(Scenario scenario, PositiveInt amount)
    {
        var customer = People[0];
        var at = End(scenario) + Duration.FromHours(1);
        var order = Order("final", customer, at, Line("f1", amount.Get / 4m), Line("f2", 3.99m, product: "mug", category: "home"));
        var ledger = Replayed(scenario.Program, scenario.Events);
        // At the order's own instant (computed before it is applied): a confirmation or expiry due exactly then belongs
        // to both sides. (At - epsilon it would not, and the property failed for a return window ending at that instant.)
        var before = ledger.GetBalance(customer, at);

        ledger.Apply(new OrderPlaced(order));
        var refund = ledger.Apply(new OrderRefunded(Refund.Full(new RefundId("final"), order, at)));
        var after = ledger.GetBalance(customer, at);

        return refund.Status != ApplyStatus.Refused
            && after.Available + after.Pending == before.Available + before.Pending
            && after.Available == before.Available;
    }

    [Property(Arbitrary = [typeof(PointsLedgerProperties)], MaxTest = MaxTest)]
    public bool Balance_NeverGoesNegative_UnlessTheProgramAllowsIt(Scenario scenario)
    {
        var ledger = Replayed(scenario.Program, scenario.Events);
        ledger.AdvanceTo(End(scenario) + Duration.FromDays(400));
        foreach (var customer in People)
        {
            long available = 0;
            long pending = 0;
            foreach (var entry in ledger.History(customer))
            {
                available += entry.Available.Value;
                pending += entry.Pending.Value;
                var floorBroken = available < 0 && scenario.Program.Clawback == ClawbackPolicy.StopAtZero;
                if (floorBroken || pending < 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static readonly Gen<PointsProgram> ProgramGen =
        from rate in Gen.Elements(1m, 2m, 0.5m, 1.25m)
        from rounding in Gen.Elements(Enum.GetValues<PointsRounding>())
        from scope in Gen.Elements(Enum.GetValues<RoundingScope>())
        from window in Gen.Elements(Period.Zero, Period.FromDays(7), Period.FromDays(30))
        from expiry in Gen.Elements(PointsExpiry.Never, PointsExpiry.AfterEarning(2), PointsExpiry.AfterEarning(3), PointsExpiry.AfterInactivity(1))
        from clawback in Gen.Elements(Enum.GetValues<ClawbackPolicy>())
        from dayCap in Gen.Elements<Points?>(null, new Points(150))
        from birthday in Gen.Elements(Enum.GetValues<BirthdayMode>())
        select Builder()
            .EarnPerUnit(rate, rounding, scope)
            .Basis(includeShipping: rate == 2m)
            .CategoryMultiplier(new CategoryId("home"), 2m)
            .ReturnWindow(window)
            .Expiry(expiry)
            .Clawback(clawback)
            .MaxPerDay(dayCap)
            .Birthday(birthday)
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(50), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(10), maxPerDay: 1))
            .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(25)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(30)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(20)))
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(40)))
            .Reward(Reward.FreeShipping("r100", new Points(100)))
            .Reward(Reward.AmountOff("r250", new Points(250), Usd(5m)))
            .Build();

    private static readonly Gen<StoryStep> StepGen =
        from kind in Gen.Choose(0, 13)
        from customer in Gen.Choose(0, People.Length - 1)
        from gap in Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Choose(1, 72)), (2, Gen.Choose(100, 2000)))
        from amount in Gen.Choose(0, 40_000)
        from target in Gen.Choose(0, 1000)
        select new StoryStep(kind, customer, gap, amount, target);

    private static readonly CustomerProfile[] Profiles =
    [
        new(People[0], Instant.FromUtc(2025, 1, 1, 0, 0), NewYork, new AnnualDate(2, 29)),
        new(People[1], Instant.FromUtc(2025, 1, 1, 0, 0), DateTimeZoneProviders.Tzdb["Asia/Tokyo"], new AnnualDate(1, 15)),
        new(People[2], Instant.FromUtc(2025, 1, 1, 0, 0), NewYork),
    ];

    private static Scenario Build(PointsProgram program, StoryStep[] steps)
    {
        var at = Instant.FromUtc(2026, 1, 1, 5, 0);
        var orders = new List<Order>();
        var events = new List<LoyaltyEvent>();
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            at += Duration.FromHours(step.GapHours);
            var customer = People[step.Customer];
            var n = i.ToString(CultureInfo.InvariantCulture);
            var previous = orders.Count == 0 ? null : orders[step.Target % orders.Count];
            switch (step.Kind)
            {
                case <= 3:
                    var lines = step.Amount % 2 == 0
                        ? new[] { Line("a", step.Amount / 100m) }
                        : [Line("a", 1m + (step.Amount / 200m), quantity: 2, discount: 0.5m * (step.Amount % 3)), Line("b", 12.5m, product: "mug", category: "home")];
                    var order = new Order(new OrderId("o" + n), customer, at, Currency.Usd, lines, shipping: Usd(step.Target % 10));
                    orders.Add(order);
                    events.Add(new OrderPlaced(order));
                    break;
                case 4 when previous is not null:
                    events.Add(new OrderRefunded(Refund.Full(new RefundId("f" + n), previous, at)));
                    break;
                case 5 when previous is not null:
                    var line = previous.Lines[0];
                    var part = (line.Net * (1 + (step.Amount % 3)) / 4m).Round(MidpointRounding.ToZero);
                    events.Add(new OrderRefunded(new Refund(new RefundId("p" + n), previous, at, [new RefundLine(line.Id, 1, part)])));
                    break;
                case 6 when previous is not null:
                    events.Add(new OrderCancelled(previous.Id, previous.CustomerId!.Value, at));
                    break;
                case 7:
                    events.Add(Action("a" + n, customer, (step.Amount % 3) switch { 0 => ActionKind.SignUp, 1 => ActionKind.Review, _ => ActionKind.SocialShare }, at, rating: step.Amount % 3 == 1 ? 5 : null));
                    break;
                case 8:
                    events.Add(Action("ref" + n, customer, ActionKind.Referral, at, referred: People[(step.Customer + 1) % People.Length]));
                    break;
                case 9 or 10:
                    events.Add(Redeem("r" + n, customer, step.Kind == 9 ? "r100" : "r250", at));
                    break;
                case 11:
                    var delta = (step.Amount % 200) - 100;
                    events.Add(new PointsAdjusted(new EventKey("adj" + n), customer, new Points(delta == 0 ? 1 : delta), at, "support"));
                    break;
                case 12:
                    events.Add(new BirthdayReached(Profiles[step.Customer], at));
                    break;
                default:
                    // Refunds and cancellations hit orders placed at this very instant too: kind 13 re-refunds the newest order.
                    if (orders.Count > 0)
                    {
                        events.Add(new OrderRefunded(Refund.Full(new RefundId("n" + n), orders[^1], at)));
                    }

                    break;
            }
        }

        var description = $"program: rate {program.PointsPerUnit} {program.Rounding} {program.RoundingScope}, window {program.ReturnWindow}, expiry {program.Expiry}, {program.Clawback}, day cap {program.MaxPointsPerDay?.ToString() ?? "none"}; events: "
            + string.Join(", ", events.Select(e => e.Key + "@" + e.At.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)));
        return new Scenario(program, [.. events], description);
    }

    private static PointsLedger Replayed(PointsProgram program, IEnumerable<LoyaltyEvent> events)
    {
        var ledger = new PointsLedger(program);
        ledger.Replay(events);
        return ledger;
    }

    private static Instant End(Scenario scenario) => scenario.Events.Length == 0 ? Instant.FromUtc(2026, 1, 1, 5, 0) : scenario.Events.Max(e => e.At);

    private static bool Conserved(PointsBalance b) =>
        (b.Earned + b.Adjusted) == (b.Redeemed + b.Expired + b.Reversed + b.Available + b.Pending)
        && b.Earned >= Points.Zero && b.Redeemed >= Points.Zero && b.Expired >= Points.Zero && b.Reversed >= Points.Zero && b.Pending >= Points.Zero;

    private static bool SameHistories(PointsLedger left, PointsLedger right) =>
        People.All(c => left.History(c).SequenceEqual(right.History(c)));
}
