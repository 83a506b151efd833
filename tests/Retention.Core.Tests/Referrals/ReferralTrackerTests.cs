using NodaTime;
using Retention.Loyalty;
using Retention.Referrals;
using static Retention.Tests.Referrals.ReferralSamples;

namespace Retention.Tests.Referrals;

public sealed class ReferralTrackerTests
{
    [Fact]
    public void DocsExample_BothSidesRewardedAfterTheReturnWindow_OneSelfReferralRefused()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice, AliceIdentity);
        Assert.Equal("C7M9QCN9", code.Value);

        // Bob signs up with Alice's code; his first order is below the minimum, his second qualifies.
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, Bob, Local(2026, 3, 1, 10), new ReferralIdentity("e-bob", "a-bob")).Status);
        var small = tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 2), 30m));
        Assert.Equal((ReferralResultStatus.Ignored, ReferralRule.BelowMinimumOrder, "30 USD"), (small.Status, small.Rule, small.Value));
        Assert.Equal(ReferralResultStatus.Applied, tracker.RecordOrder(Order("b2", Bob, Local(2026, 3, 5, 14), 80m)).Status);

        // Carol signs up with Alice's code but ships to Alice's address: a self-referral.
        var carol = tracker.Refer(code, Carol, Local(2026, 3, 3), new ReferralIdentity("e-carol", "a-alice"));
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.SameShippingAddress, "\"a-alice\""), (carol.Status, carol.Rule, carol.Value));
        Assert.Null(tracker.Find(Carol));

        // Thirty calendar days after 5 March 14:00, across the change to summer time: 4 April 14:00 EDT.
        var due = Local(2026, 4, 4, 14);
        Assert.Equal(due, tracker.Find(Bob)!.DueAt);
        Assert.Empty(tracker.AdvanceTo(due - Duration.FromSeconds(1)));
        var settlement = Assert.Single(tracker.AdvanceTo(Local(2026, 4, 5)));
        Assert.True(settlement.IsGranted);
        Assert.Equal((Alice, Bob, new OrderId("b2"), due), (settlement.Referrer, settlement.Referee, settlement.QualifyingOrder, settlement.DueAt));
        Assert.Equal(ReferralStatus.Rewarded, tracker.Find(Bob)!.Status);

        // The loyalty ledger pays both sides for the one referral event.
        var ledger = new PointsLedger(Points());
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(settlement.LedgerEvent!).Status);
        Assert.Equal(new Points(500), ledger.GetBalance(Alice, Local(2026, 4, 5)).Available);
        Assert.Equal(new Points(250), ledger.GetBalance(Bob, Local(2026, 4, 5)).Available);
        Assert.Equal(new EventKey("referral:bob"), settlement.LedgerEvent!.Key);
        Assert.Equal(1, tracker.RewardsGranted(Alice));
    }

    [Fact]
    public void Settlement_FallsDueWhenTheLedgerConfirmsTheQualifyingOrdersPoints()
    {
        var tracker = new ReferralTracker(Policy());
        var ledger = new PointsLedger(Points());
        tracker.Refer(tracker.IssueCode(Alice), Bob, Local(2026, 3, 1));
        var order = Order("b1", Bob, Local(2026, 3, 5, 14), 80m);
        tracker.RecordOrder(order);
        ledger.Apply(new OrderPlaced(order));

        var settlement = Assert.Single(tracker.AdvanceTo(Local(2026, 4, 30)));
        ledger.Apply(settlement.LedgerEvent!);

        var confirmed = Assert.Single(ledger.History(Bob), e => e.Kind == LedgerEntryKind.Confirmed);
        Assert.Equal(settlement.DueAt, confirmed.At);
        Assert.Equal(new Points(80 + 250), ledger.GetBalance(Bob, Local(2026, 4, 30)).Available);
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(settlement.LedgerEvent!).Status);
    }

    [Fact]
    public void RefundWithinTheWindow_BelowTheMinimum_VoidsTheReferral()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice);
        tracker.Refer(code, Dave, Local(2026, 3, 3));
        var order = Order("d1", Dave, Local(2026, 3, 6), 120m);
        tracker.RecordOrder(order);

        var partial = tracker.RecordRefund(Refund("r1", order, Local(2026, 3, 10), 60m));
        Assert.Equal((ReferralResultStatus.Applied, (ReferralRule?)null), (partial.Status, partial.Rule));
        Assert.Equal(ReferralStatus.Qualified, tracker.Find(Dave)!.Status);

        var voiding = tracker.RecordRefund(Refund("r2", order, Local(2026, 3, 20), 40m));
        Assert.Equal((ReferralResultStatus.Applied, ReferralRule.RefundedInReturnWindow, "20 USD"), (voiding.Status, voiding.Rule, voiding.Value));
        Assert.Equal(ReferralStatus.Voided, tracker.Find(Dave)!.Status);
        Assert.Empty(tracker.AdvanceTo(Local(2026, 6, 1)));
        Assert.Equal(0, tracker.RewardsGranted(Alice));
    }

    [Fact]
    public void RefundAfterTheWindow_KeepsTheReward_AndALateRefundWithinItIsRefused()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice);
        tracker.Refer(code, Bob, Local(2026, 3, 1));
        tracker.Refer(code, Dave, Local(2026, 3, 1));
        var bobs = Order("b1", Bob, Local(2026, 3, 2), 100m);
        var daves = Order("d1", Dave, Local(2026, 3, 2), 100m);
        tracker.RecordOrder(bobs);
        tracker.RecordOrder(daves);
        Assert.Equal(2, tracker.AdvanceTo(Local(2026, 4, 10)).Count);

        var after = tracker.RecordRefund(Refund("r1", bobs, Local(2026, 4, 15), 100m));
        Assert.Equal((ReferralResultStatus.Ignored, ReferralRule.RefundAfterReturnWindow), (after.Status, after.Rule));

        var late = tracker.RecordRefund(Refund("r2", daves, Local(2026, 3, 20), 100m));
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.OutOfOrder), (late.Status, late.Rule));
        Assert.Equal(ReferralStatus.Rewarded, tracker.Find(Dave)!.Status);
    }

    [Fact]
    public void PaymentFingerprintOfTheReferrer_AtTheQualifyingOrder_RefusesTheReferral()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice, AliceIdentity);
        tracker.Refer(code, Bob, Local(2026, 3, 1), new ReferralIdentity("e-bob"));

        var result = tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 2), 90m), new ReferralIdentity(PaymentFingerprint: "p-alice"));

        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.SamePaymentFingerprint, "\"p-alice\""), (result.Status, result.Rule, result.Value));
        Assert.Equal(ReferralStatus.Refused, tracker.Find(Bob)!.Status);
        Assert.Equal(result, tracker.Find(Bob)!.Outcome);
        Assert.Equal(ReferralRule.AlreadyQualified, tracker.RecordOrder(Order("b2", Bob, Local(2026, 3, 3), 90m)).Rule);
        Assert.Empty(tracker.AdvanceTo(Local(2026, 6, 1)));
    }

    [Fact]
    public void Refer_SelfByIdOrEmail_UnknownCode_AndSecondReferral_AreRefused()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice, AliceIdentity);

        var self = tracker.Refer(code, Alice, Local(2026, 3, 1));
        Assert.Equal((ReferralRule.SelfReferral, "\"alice\""), (self.Rule, self.Value));
        var email = tracker.Refer(code, Bob, Local(2026, 3, 1), new ReferralIdentity("e-alice"));
        Assert.Equal((ReferralRule.SameEmail, "\"e-alice\""), (email.Rule, email.Value));
        var unknown = tracker.Refer(new ReferralCode("nope-123"), Bob, Local(2026, 3, 1));
        Assert.Equal((ReferralRule.UnknownCode, "\"NOPE-123\""), (unknown.Rule, unknown.Value));

        var bobsCode = tracker.IssueCode(Bob);
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, Carol, Local(2026, 3, 2)).Status);
        var again = tracker.Refer(bobsCode, Carol, Local(2026, 3, 3));
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.AlreadyReferred), (again.Status, again.Rule));
        Assert.Equal(Alice, tracker.Find(Carol)!.Referrer);
    }

    [Fact]
    public void Refer_TooManyFromOneSourceInAnIsoWeekOfTheProgramsZone()
    {
        var tracker = new ReferralTracker(Policy(perWeek: 2));
        var code = tracker.IssueCode(Alice);

        // Monday 2 March to Sunday 8 March 2026 in New York; Sunday 23:00 there is already Monday in UTC.
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, new CustomerId("n1"), Local(2026, 3, 2)).Status);
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, new CustomerId("n2"), Local(2026, 3, 4)).Status);
        var third = tracker.Refer(code, new CustomerId("n3"), Local(2026, 3, 8, 23));
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.TooManyFromSource, "2"), (third.Status, third.Rule, third.Value));
        Assert.Equal("source \"referrer:alice\" already made 2 referrals in ISO week 2026-W10 (limit 2)", third.Message);

        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, new CustomerId("n3"), Local(2026, 3, 9, 1)).Status);

        // A caller-supplied source (a hashed device) is counted on its own.
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, new CustomerId("n4"), Local(2026, 3, 9), source: "device-1").Status);
        Assert.Equal("device-1", tracker.Find(new CustomerId("n4"))!.Source);
    }

    [Fact]
    public void RewardCap_RefusesNewReferralsAndSettlementsOverIt()
    {
        var tracker = new ReferralTracker(Policy(cap: 1));
        var code = tracker.IssueCode(Alice);
        tracker.Refer(code, Bob, Local(2026, 3, 1));
        tracker.Refer(code, Carol, Local(2026, 3, 1));
        tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 2), 60m));
        tracker.RecordOrder(Order("c1", Carol, Local(2026, 3, 2, 13), 60m));

        var settlements = tracker.AdvanceTo(Local(2026, 4, 30));

        Assert.Equal([true, false], settlements.Select(s => s.IsGranted));
        Assert.Equal((ReferralRule.RewardCap, "1"), (settlements[1].Refusal!.Rule, settlements[1].Refusal!.Value));
        Assert.Equal(ReferralStatus.Refused, tracker.Find(Carol)!.Status);
        var late = tracker.Refer(code, Dave, Local(2026, 5, 1));
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.RewardCap, "1"), (late.Status, late.Rule, late.Value));
        Assert.Equal(1, tracker.RewardsGranted(Alice));
    }

    [Fact]
    public void RecordOrder_IgnoresWhatIsNoQualifyingOrder()
    {
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice);
        tracker.Refer(code, Bob, Local(2026, 3, 5));

        Assert.Equal(ReferralRule.NotReferred, tracker.RecordOrder(Order("c1", Carol, Local(2026, 3, 6), 60m)).Rule);
        Assert.Equal(ReferralRule.OrderBeforeReferral, tracker.RecordOrder(Order("b0", Bob, Local(2026, 3, 4), 60m)).Rule);
        var cancelled = new Order(new OrderId("bx"), Bob, Local(2026, 3, 6), Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, Usd(60m))], status: OrderStatus.Cancelled);
        Assert.Equal(ReferralRule.OrderCancelled, tracker.RecordOrder(cancelled).Rule);
        var euros = new Order(new OrderId("be"), Bob, Local(2026, 3, 6), Currency.Eur, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(60m, Currency.Eur))]);
        var refused = tracker.RecordOrder(euros);
        Assert.Equal((ReferralResultStatus.Refused, ReferralRule.CurrencyMismatch, "\"EUR\""), (refused.Status, refused.Rule, refused.Value));
        Assert.Equal(ReferralRule.NotQualifyingOrder, tracker.RecordRefund(new Refund(new RefundId("r"), euros, Local(2026, 3, 7), [new RefundLine(euros.Lines[0].Id, 1, new Money(1m, Currency.Eur))])).Rule);
        Assert.Equal(ReferralStatus.Pending, tracker.Find(Bob)!.Status);

        tracker.AdvanceTo(Local(2026, 3, 10));
        Assert.Equal(ReferralRule.OutOfOrder, tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 9), 60m)).Rule);
        Assert.Equal(ReferralRule.OutOfOrder, tracker.Refer(code, Dave, Local(2026, 3, 9)).Rule);
    }

    [Fact]
    public void IssueCode_DeterministicUniqueAndIdempotent()
    {
        var generator = new ReferralCodeGenerator("demo-seed");
        Assert.Equal(generator.Generate(Alice), new ReferralCodeGenerator("demo-seed").Generate(Alice));
        Assert.NotEqual(generator.Generate(Alice), new ReferralCodeGenerator("other-seed").Generate(Alice));
        Assert.NotEqual(generator.Generate(Alice), generator.Generate(Alice, 1));
        Assert.Equal(12, new ReferralCodeGenerator("demo-seed", 12).Generate(Alice).Value.Length);

        var tracker = new ReferralTracker(Policy());

        // Bob takes, as a vanity code, the code Alice's first attempt would give: Alice gets her second attempt.
        Assert.Equal(generator.Generate(Alice), tracker.IssueCode(Bob, code: generator.Generate(Alice)));
        Assert.Equal(generator.Generate(Alice, 1), tracker.IssueCode(Alice));
        Assert.Equal(generator.Generate(Alice, 1), tracker.IssueCode(Alice, AliceIdentity));
        Assert.Equal(generator.Generate(Alice, 1), tracker.CodeOf(Alice));

        var taken = Assert.Throws<InvalidValueException>(() => tracker.IssueCode(Carol, code: generator.Generate(Alice)));
        Assert.Equal("Invalid code: \"" + generator.Generate(Alice).Value + "\" is already issued to customer bob.", taken.Message);
        Assert.Equal("code", Assert.Throws<InvalidValueException>(() => tracker.IssueCode(Alice, code: new ReferralCode("ALICE-2026"))).Field);
        Assert.Equal("code", Assert.Throws<InvalidValueException>(() => new ReferralTracker(new ReferralPolicy(NewYork, Usd(0m), Period.Zero)).IssueCode(Alice)).Field);
    }

    [Fact]
    public void ReferralCode_UpperCasesAndRejectsBadText()
    {
        Assert.Equal(new ReferralCode("ALICE-10"), new ReferralCode("alice-10"));
        Assert.Equal("ALICE-10", new ReferralCode("alice-10").Value);
        Assert.Equal("Invalid code: \"abc\" must have 4 to 32 characters.", Assert.Throws<InvalidValueException>(() => new ReferralCode("abc")).Message);
        Assert.Equal("Invalid code: \"alice 10\" must hold only letters A-Z, digits and '-'.", Assert.Throws<InvalidValueException>(() => new ReferralCode("alice 10")).Message);
        Assert.True(default(ReferralCode).IsUnassigned);
    }

    [Fact]
    public void Policy_Invalid_ListsEveryProblem()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => new ReferralPolicy(NewYork, Usd(-1m), Period.FromDays(-3), 0, 0));

        Assert.Equal(
            [
                "referrals.minimumOrderValue: -1 USD must not be negative",
                "referrals.returnWindow: \"P-3D\" must not have a negative component",
                "referrals.maxReferralsPerSourcePerWeek: 0 must be at least 1 when given",
                "referrals.maxRewardsPerReferrer: 0 must be at least 1 when given",
            ],
            error.Errors);
        Assert.Equal("codes.length", Assert.Throws<InvalidValueException>(() => new ReferralCodeGenerator("s", 5)).Field);
    }
}
