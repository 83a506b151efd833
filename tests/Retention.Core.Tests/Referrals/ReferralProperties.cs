using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
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

    /// <summary>One step: the kind (0 refer, 1 order, 2 refund, 3 advance), who, an amount, and the hours since the previous step.</summary>
    public readonly record struct StoryStep(int Kind, int Referrer, int Referee, int Amount, int GapHours, bool SharesEmail);

    public sealed record Story(StoryStep[] Steps, int? Cap, int? PerWeek)
    {
        public override string ToString() => "cap " + Cap + " perWeek " + PerWeek + ": " + string.Join(", ", Steps);
    }

    public static Arbitrary<Story> Stories() =>
        (from steps in Gen.ArrayOf(
             from kind in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
             from referrer in Gen.Choose(0, Referrers.Length - 1)
             from referee in Gen.Choose(0, Referees.Length - 1)
             from amount in Gen.Frequency((1, Gen.Elements(49, 50, 51)), (2, Gen.Choose(1, 150)))
             from gap in Gen.Frequency((3, Gen.Choose(0, 48)), (1, Gen.Choose(48, 24 * 40)))
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
