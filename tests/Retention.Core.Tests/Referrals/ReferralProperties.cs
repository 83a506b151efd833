using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Calendars;
using Retention.Loyalty;
using Retention.Referrals;
using static Retention.Tests.Referrals.ReferralSamples;

namespace Retention.Tests.Referrals;

/// <summary>
/// Over any sequence of referrals, orders, refunds and clock advances: a referee is rewarded at most once, no
/// referrer ever holds more rewards than the cap, a referral whose qualifying order was refunded below the minimum
/// within its window is never rewarded, and the ledger pays exactly one referrer and one referee bonus per grant.
/// </summary>
public sealed class ReferralProperties
{
    private static readonly CustomerId[] Referrers = [new("r0"), new("r1"), new("r2")];
    private static readonly CustomerId[] Referees = [.. Enumerable.Range(0, 8).Select(i => new CustomerId("n" + i.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>One step: the kind (0 refer, 1 order, 2 refund, 3 advance, 4 jump to the next due instant, which only
    /// the model property reads), who, an amount, and the hours since the previous step.</summary>
    public readonly record struct StoryStep(int Kind, int Referrer, int Referee, int Amount, int GapHours, bool SharesEmail);

    public sealed record Story(StoryStep[] Steps, int? Cap, int? PerWeek)
    {
        public override string ToString() => "cap " + Cap + " perWeek " + PerWeek + ": " + string.Join(", ", Steps);
    }

    public static Arbitrary<Story> Stories() =>
        (from steps in Gen.ArrayOf(
             from kind in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)))
             from referrer in Gen.Choose(0, Referrers.Length - 1)
             from referee in Gen.Choose(0, Referees.Length - 1)
             from amount in Gen.Frequency((1, Gen.Elements(49, 50, 51)), (2, Gen.Choose(1, 150)))
             from gap in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 48)), (1, Gen.Choose(48, 24 * 40)))
             from sharesEmail in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
             select new StoryStep(kind, referrer, referee, amount, gap, sharesEmail))
         from cap in Gen.Elements<int?>(null, 1, 2)
         from perWeek in Gen.Elements<int?>(null, 1, 3)
         select new Story(steps, cap, perWeek)).ToArbitrary();

    [Property(Arbitrary = [typeof(ReferralProperties)], MaxTest = 300)]
    public bool RewardsAreOncePerReferee_WithinCaps_AndNeverForRefundedOrders(Story story) => Run(story).Holds;

    [Fact]
    public void Stories_ReachGrantsCapRefusalsAndVoids()
    {
        var outcomes = Stories().Generator.Sample(numberOfSamples: 300, size: 40).Select(Run).ToArray();

        Assert.All(outcomes, o => Assert.True(o.Holds));
        Assert.True(outcomes.Sum(o => o.Granted) > 50);
        Assert.True(outcomes.Sum(o => o.CapRefusals) > 5);
        Assert.True(outcomes.Sum(o => o.Voided) > 5);
    }

    /// <summary>
    /// The liveness side: a model of the policy, written from its documentation, decides every step: a referral is
    /// accepted unless the referee was referred before, shares the referrer's e-mail, the referrer made the weekly
    /// maximum in this ISO week (New York) or holds the cap; the first order of at least $50 at or after the referral
    /// qualifies it, due 30 local days later; a refund before that instant keeping less than $50 voids it; at each
    /// advance the due referrals settle in (due, referee) order, granted unless the referrer holds the cap. Every result
    /// and every settlement must be the model's, so a tracker that refuses or withholds too much fails as surely as one
    /// that grants too much.
    /// </summary>
    [Property(Arbitrary = [typeof(ReferralProperties)], MaxTest = 300)]
    public bool EveryStep_IsWhatTheModelOfThePolicyDecides(Story story)
    {
        var tracker = new ReferralTracker(Policy(story.PerWeek, story.Cap));
        var codes = Referrers.Select(r => tracker.IssueCode(r, new ReferralIdentity("e-" + r.Value))).ToArray();
        var referredBy = new Dictionary<CustomerId, (int Referrer, Instant At)>();
        var weekly = new Dictionary<(int Referrer, int Year, int Week), int>();
        var qualifying = new Dictionary<CustomerId, (Order Order, Instant Due)>();
        var kept = new Dictionary<OrderId, decimal>();
        var closed = new HashSet<CustomerId>();
        var grantedTo = new int[Referrers.Length];
        var lastOrder = new Dictionary<CustomerId, Order>();
        var at = Local(2026, 1, 5);
        var n = 0;

        bool Settle(Instant until)
        {
            var expected = new List<(CustomerId Referee, bool Granted)>();
            foreach (var (referee, q) in qualifying.Where(kv => !closed.Contains(kv.Key) && kv.Value.Due <= until).OrderBy(kv => kv.Value.Due).ThenBy(kv => kv.Key.Value, StringComparer.Ordinal).ToArray())
            {
                var referrer = referredBy[referee].Referrer;
                var granted = story.Cap is not { } cap || grantedTo[referrer] < cap;
                grantedTo[referrer] += granted ? 1 : 0;
                closed.Add(referee);
                expected.Add((referee, granted));
            }

            return tracker.AdvanceTo(until).Select(s => (s.Referee, s.IsGranted)).SequenceEqual(expected);
        }

        foreach (var step in story.Steps)
        {
            at += Duration.FromHours(step.GapHours);
            var referee = Referees[step.Referee];
            var id = (n++).ToString(CultureInfo.InvariantCulture);
            switch (step.Kind)
            {
                case 0:
                    var date = at.InZone(NewYork).Date;
                    var week = (step.Referrer, WeekYearRules.Iso.GetWeekYear(date), WeekYearRules.Iso.GetWeekOfWeekYear(date));
                    var accept = !referredBy.ContainsKey(referee) && !step.SharesEmail
                        && (story.PerWeek is not { } perWeek || weekly.GetValueOrDefault(week) < perWeek)
                        && (story.Cap is not { } cap || grantedTo[step.Referrer] < cap);
                    var referred = tracker.Refer(codes[step.Referrer], referee, at, new ReferralIdentity(step.SharesEmail ? "e-" + Referrers[step.Referrer].Value : "e-" + referee.Value));
                    if ((referred.Status == ReferralResultStatus.Applied) != accept)
                    {
                        return false;
                    }

                    if (accept)
                    {
                        referredBy[referee] = (step.Referrer, at);
                        weekly[week] = weekly.GetValueOrDefault(week) + 1;
                    }

                    break;
                case 1:
                    var order = Order("o" + id, referee, at, step.Amount);
                    lastOrder[referee] = order;
                    kept[order.Id] = step.Amount;
                    var qualifies = referredBy.TryGetValue(referee, out var by) && !qualifying.ContainsKey(referee) && at >= by.At && step.Amount >= 50;
                    if ((tracker.RecordOrder(order).Status == ReferralResultStatus.Applied) != qualifies)
                    {
                        return false;
                    }

                    if (qualifies)
                    {
                        qualifying[referee] = (order, NewYork.AtLeniently(at.InZone(NewYork).LocalDateTime.PlusDays(30)).ToInstant());
                    }

                    break;
                case 2 when lastOrder.TryGetValue(referee, out var target) && !Refunds(referee, target, step.Amount, id):
                    return false;
                case 3 when !Settle(at):
                    return false;
                case 4:
                    // The edges: jump to the next due instant, or to just before it with a refund of that order keeping
                    // exactly the minimum, one dollar less, or any amount; later steps with a gap of 0 meet it exactly.
                    if (qualifying.Where(kv => !closed.Contains(kv.Key) && kv.Value.Due > at).OrderBy(kv => kv.Value.Due).FirstOrDefault() is not { Value.Order: not null } due)
                    {
                        break;
                    }

                    at = due.Value.Due - (step.GapHours % 2 == 0 ? Duration.Zero : Duration.Epsilon);
                    var left = kept[due.Value.Order.Id];
                    if (!step.SharesEmail && !Refunds(due.Key, due.Value.Order, (step.Amount % 3) switch { 0 => left - 50, 1 => left - 49, _ => step.Amount }, id))
                    {
                        return false;
                    }

                    break;
            }
        }

        bool Refunds(CustomerId referee, Order target, decimal wanted, string id)
        {
            var amount = Math.Min(kept[target.Id], wanted);
            if (amount <= 0)
            {
                return true;
            }

            kept[target.Id] -= amount;
            var voids = qualifying.TryGetValue(referee, out var q) && q.Order == target && !closed.Contains(referee) && at < q.Due && kept[target.Id] < 50;
            var refunded = tracker.RecordRefund(Refund("f" + id, target, at, amount));
            if (voids)
            {
                closed.Add(referee);
            }

            return (refunded.Rule == ReferralRule.RefundedInReturnWindow) == voids;
        }

        return Settle(at + Duration.FromDays(60));
    }

    private static (bool Holds, int Granted, int CapRefusals, int Voided) Run(Story story)
    {
        var tracker = new ReferralTracker(Policy(story.PerWeek, story.Cap));
        var codes = Referrers.Select(r => tracker.IssueCode(r, new ReferralIdentity("e-" + r.Value))).ToArray();
        var orders = new Dictionary<CustomerId, List<Order>>();
        var refunded = new Dictionary<OrderId, decimal>();
        var granted = new List<ReferralSettlement>();
        var capRefusals = 0;
        var at = Local(2026, 1, 5);
        var n = 0;
        foreach (var step in story.Steps)
        {
            at += Duration.FromHours(step.GapHours);
            var referee = Referees[step.Referee];
            var id = (n++).ToString(CultureInfo.InvariantCulture);
            switch (step.Kind)
            {
                case 0:
                    tracker.Refer(codes[step.Referrer], referee, at, new ReferralIdentity(step.SharesEmail ? "e-" + Referrers[step.Referrer].Value : "e-" + referee.Value));
                    break;
                case 1:
                    var order = Order("o" + id, referee, at, step.Amount);
                    (orders.TryGetValue(referee, out var list) ? list : orders[referee] = []).Add(order);
                    tracker.RecordOrder(order);
                    break;
                case 2 when orders.TryGetValue(referee, out var placed):
                    var target = placed[^1];
                    var room = target.Lines[0].Net.Amount - refunded.GetValueOrDefault(target.Id);
                    var amount = Math.Min(room, step.Amount);
                    if (amount > 0 && at >= target.PlacedAt)
                    {
                        var result = tracker.RecordRefund(Refund("f" + id, target, at, amount));
                        if (result.Status != ReferralResultStatus.Refused)
                        {
                            refunded[target.Id] = refunded.GetValueOrDefault(target.Id) + amount;
                        }
                    }

                    break;
                case 3:
                    var settled = tracker.AdvanceTo(at);
                    granted.AddRange(settled.Where(s => s.IsGranted));
                    capRefusals += settled.Count(s => s.Refusal?.Rule == ReferralRule.RewardCap);
                    if (story.Cap is { } cap && Referrers.Any(r => tracker.RewardsGranted(r) > cap))
                    {
                        return (false, 0, 0, 0);
                    }

                    break;
            }
        }

        var last = tracker.AdvanceTo(at + Duration.FromDays(60));
        granted.AddRange(last.Where(s => s.IsGranted));
        capRefusals += last.Count(s => s.Refusal?.Rule == ReferralRule.RewardCap);
        var perReferee = granted.GroupBy(s => s.Referee).All(g => g.Count() == 1);
        var perReferrer = Referrers.All(r => granted.Count(s => s.Referrer == r) == tracker.RewardsGranted(r) && (story.Cap is not { } cap || tracker.RewardsGranted(r) <= cap));
        var neverRefundedBelowMinimum = granted.All(s =>
        {
            var order = orders[s.Referee].Single(o => o.Id == s.QualifyingOrder);
            return order.MerchandiseNet.Amount >= 50m && tracker.Find(s.Referee)!.Status == ReferralStatus.Rewarded;
        });
        var voided = Referees.Where(r => tracker.Find(r)?.Status == ReferralStatus.Voided).ToArray();
        var voidedNeverGranted = voided.All(r => granted.All(s => s.Referee != r));

        var ledger = new PointsLedger(Points());
        var report = ledger.Replay(granted.Select(s => (LoyaltyEvent)s.LedgerEvent!));
        var paid = Referrers.Sum(r => ledger.GetBalance(r, at + Duration.FromDays(61)).Available.Value);
        var holds = perReferee && perReferrer && neverRefundedBelowMinimum && voidedNeverGranted
            && report.Refused.Count == 0 && paid == 500L * granted.Count;
        return (holds, granted.Count, capRefusals, voided.Length);
    }
}
