using System.Globalization;
using NodaTime;
using Retention.Referrals;
using static Retention.Tests.Referrals.ReferralSamples;

namespace Retention.Tests.Referrals;

/// <summary>Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing).</summary>
public sealed class ReferralsMutationGapTests
{
    private static readonly ReferralCodeGenerator Codes = new("demo-seed");

    private static string Render(Instant at) => at.ToString(null, CultureInfo.InvariantCulture);

    private static void Invalid(Action act, string field, string rule)
    {
        var error = Assert.Throws<InvalidValueException>(act);
        Assert.Equal(field, error.Field);
        Assert.Equal(rule, error.Rule);
        Assert.EndsWith(" " + rule + ".", error.Message, StringComparison.Ordinal);
    }

    private static void Null(Action act, string parameter) => Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(act).ParamName);

    private static void Result(ReferralResult result, ReferralResultStatus status, ReferralRule? rule, string message)
    {
        Assert.Equal(status, result.Status);
        Assert.Equal(rule, result.Rule);
        Assert.Equal(message, result.Message);
    }

    /// <summary>A tracker where Bob was referred by Alice on 1 March 2026 at noon, New York.</summary>
    private static (ReferralTracker Tracker, ReferralCode Code) BobReferred(int? cap = 2, ReferralPolicy? policy = null)
    {
        var tracker = new ReferralTracker(policy ?? Policy(cap: cap));
        var code = tracker.IssueCode(Alice, AliceIdentity);
        Assert.Equal(ReferralResultStatus.Applied, tracker.Refer(code, Bob, Local(2026, 3, 1)).Status);
        return (tracker, code);
    }

    [Fact]
    public void ReferralCode_LengthBoundsNullDefaultAndInequality()
    {
        // Survived: ReferralCode.cs:22 ThrowIfNull removed; 24 `>= 4` -> `> 4` and `<= 32` -> `< 32`.
        // NoCoverage: 31 `_value ?? string.Empty` -> "Stryker was here!"; 63 `!left.Equals(right)` -> `left.Equals(right)`.
        Assert.Equal("ABCD", new ReferralCode("abcd").Value);
        Assert.Equal(new string('A', 32), new ReferralCode(new string('a', 32)).Value);
        Invalid(() => _ = new ReferralCode(new string('A', 33)), "code", "must have 4 to 32 characters");
        Null(() => _ = new ReferralCode(null!), "value");
        Assert.Equal(string.Empty, default(ReferralCode).Value);
        Assert.Equal(string.Empty, default(ReferralCode).ToString());
        Assert.True(new ReferralCode("ABCD") != new ReferralCode("ABCE"));
        Assert.False(new ReferralCode("ABCD") != new ReferralCode("abcd"));
    }

    [Fact]
    public void Generator_BadArguments_AndLengthBounds()
    {
        // Survived: ReferralCodeGenerator.cs:29 ThrowIfNull removed; 30 statement removal, `> 0` -> `>= 0` and both
        // strings; 31 `>= 6` -> `> 6`, `<= 32` -> `< 32` and the rule string; 47 and 48 statement removal and strings.
        Null(() => _ = new ReferralCodeGenerator(null!), "seed");
        Invalid(() => _ = new ReferralCodeGenerator(string.Empty), "codes.seed", "must not be empty");
        Invalid(() => _ = new ReferralCodeGenerator("s", 33), "codes.length", "must be from 6 to 32");
        Assert.Equal(6, new ReferralCodeGenerator("s", 6).Length);
        Assert.Equal(6, new ReferralCodeGenerator("s", 6).Generate(Alice).Value.Length);
        Assert.Equal(32, new ReferralCodeGenerator("s", 32).Generate(Alice).Value.Length);
        Invalid(() => Codes.Generate(default), "customerId", "must be assigned");
        Invalid(() => Codes.Generate(Alice, -1), "attempt", "must not be negative");
    }

    [Fact]
    public void PolicyAndTracker_NullArguments_AndTheConfigurationSubject()
    {
        // Survived: ReferralPolicy.cs:35 and 36 ThrowIfNull removed, 60 "referral policy" -> ""; ReferralTracker.cs:67,
        // 202 and 261 ThrowIfNull removed.
        Null(() => _ = new ReferralPolicy(null!, Usd(50m), Period.FromDays(30)), "timeZone");
        Null(() => _ = new ReferralPolicy(NewYork, Usd(50m), null!), "returnWindow");
        var error = Assert.Throws<InvalidConfigurationException>(() => new ReferralPolicy(NewYork, Usd(-1m), Period.Zero));
        Assert.Equal("referral policy", error.Subject);
        Assert.Contains("referral policy", error.Message, StringComparison.Ordinal);
        Null(() => _ = new ReferralTracker(null!), "policy");
        var tracker = new ReferralTracker(Policy());
        Null(() => tracker.RecordOrder(null!), "order");
        Null(() => tracker.RecordRefund(null!), "refund");
    }

    [Fact]
    public void IssueCode_BadArguments_NameTheRule()
    {
        // Survived: ReferralTracker.cs:91 and 92 statement removal and strings; 95 both strings; 108 string.
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice);

        Invalid(() => tracker.IssueCode(default), "referrerId", "must be assigned");
        Invalid(() => tracker.IssueCode(Bob, code: default(ReferralCode)), "code", "must be assigned when given");
        Invalid(() => tracker.IssueCode(Alice, code: new ReferralCode("ALICE-2026")), "code", "cannot replace customer alice's code " + code.Value);
        Invalid(() => new ReferralTracker(new ReferralPolicy(NewYork, Usd(0m), Period.Zero)).IssueCode(Alice), "code", "must be given when the policy has no code generator");
    }

    [Fact]
    public void IssueCode_AGivenIdentityReplacesTheRecordedOne_AndNoneKeepsIt()
    {
        // Survived: ReferralTracker.cs:96 `identity ?? known.Identity` -> `known.Identity ?? identity`, -> `known.Identity`
        // and -> `identity`.
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice, new ReferralIdentity("e-old"));
        Assert.Equal(code, tracker.IssueCode(Alice, new ReferralIdentity("e-new")));
        Assert.Equal(code, tracker.IssueCode(Alice));

        var bob = tracker.Refer(code, Bob, Local(2026, 3, 1), new ReferralIdentity("e-new"));
        var carol = tracker.Refer(code, Carol, Local(2026, 3, 1), new ReferralIdentity("e-old"));

        Result(bob, ReferralResultStatus.Refused, ReferralRule.SameEmail, "the referred customer has the referrer's e-mail");
        Result(carol, ReferralResultStatus.Applied, null, "customer carol was referred by alice");
    }

    [Fact]
    public void IssueCode_AThousandGeneratedCodesTaken_Throws()
    {
        // NoCoverage: ReferralTracker.cs:114 the throw (statement removal and its three strings).
        var tracker = new ReferralTracker(Policy());
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            tracker.IssueCode(new CustomerId("squatter-" + attempt.ToString(CultureInfo.InvariantCulture)), code: Codes.Generate(Alice, attempt));
        }

        var error = Assert.Throws<InvalidOperationException>(() => tracker.IssueCode(Alice));

        Assert.Equal("No free referral code for customer alice after 1000 attempts; use longer codes.", error.Message);
        Assert.Null(tracker.CodeOf(Alice));
    }

    [Fact]
    public void Refer_BadArguments_NameTheRule()
    {
        // Survived: ReferralTracker.cs:147, 148, 149 statement removal and strings; 149 `> 0` -> `>= 0`.
        var (tracker, code) = BobReferred();

        Invalid(() => tracker.Refer(default, Carol, Local(2026, 3, 2)), "code", "must be assigned");
        Invalid(() => tracker.Refer(code, default, Local(2026, 3, 2)), "refereeId", "must be assigned");
        Invalid(() => tracker.Refer(code, Carol, Local(2026, 3, 2), source: " "), "source", "must not be empty when given");
        Invalid(() => tracker.Refer(code, Carol, Local(2026, 3, 2), source: string.Empty), "source", "must not be empty when given");
        Assert.Null(tracker.Find(Carol));
    }

    [Fact]
    public void Refer_Refusals_ExplainThemselves()
    {
        // Survived: ReferralTracker.cs:157, 162, 167, 190 strings; 180 the week format "00" -> "" (week 2 of 2026);
        // 364, 369, 373 the identity messages.
        var tracker = new ReferralTracker(Policy(perWeek: 1));
        var code = tracker.IssueCode(Alice, AliceIdentity);

        Result(tracker.Refer(new ReferralCode("nope-123"), Bob, Local(2026, 1, 6)), ReferralResultStatus.Refused, ReferralRule.UnknownCode, "code NOPE-123 was never issued");
        Result(tracker.Refer(code, Alice, Local(2026, 1, 6)), ReferralResultStatus.Refused, ReferralRule.SelfReferral, "customer alice used their own code");
        Result(tracker.Refer(code, Bob, Local(2026, 1, 6), new ReferralIdentity("e-alice")), ReferralResultStatus.Refused, ReferralRule.SameEmail, "the referred customer has the referrer's e-mail");
        Result(tracker.Refer(code, Bob, Local(2026, 1, 6), new ReferralIdentity("e-bob", "a-alice")), ReferralResultStatus.Refused, ReferralRule.SameShippingAddress, "the referred customer ships to the referrer's address");
        Result(tracker.Refer(code, Bob, Local(2026, 1, 6), new ReferralIdentity("e-bob", "a-bob", "p-alice")), ReferralResultStatus.Refused, ReferralRule.SamePaymentFingerprint, "the referred customer pays with the referrer's payment method");
        Result(tracker.Refer(code, Bob, Local(2026, 1, 6)), ReferralResultStatus.Applied, null, "customer bob was referred by alice");
        Result(tracker.Refer(code, Bob, Local(2026, 1, 7)), ReferralResultStatus.Refused, ReferralRule.AlreadyReferred, "customer bob was already referred by alice");
        Result(tracker.Refer(code, Carol, Local(2026, 1, 7)), ReferralResultStatus.Refused, ReferralRule.TooManyFromSource, "source \"referrer:alice\" already made 1 referrals in ISO week 2026-W02 (limit 1)");
    }

    [Fact]
    public void Refer_AtTheTrackersClock_IsAccepted_AndEarlierIsOutOfOrder()
    {
        // Survived: ReferralTracker.cs:150 `at < _advancedTo` -> `<=`; 352 both strings of the out-of-order message.
        var tracker = new ReferralTracker(Policy());
        var code = tracker.IssueCode(Alice);
        var clock = Local(2026, 3, 10);
        tracker.AdvanceTo(clock);

        var early = Local(2026, 3, 9);
        Result(tracker.Refer(code, Carol, early), ReferralResultStatus.Refused, ReferralRule.OutOfOrder, "the event at " + Render(early) + " is earlier than the tracker's clock " + Render(clock));
        Result(tracker.Refer(code, Bob, clock), ReferralResultStatus.Applied, null, "customer bob was referred by alice");
    }

    [Fact]
    public void RecordOrder_Outcomes_ExplainThemselves()
    {
        // Survived: ReferralTracker.cs:205, 210, 220, 225, 231, 236, 249 strings.
        var (tracker, _) = BobReferred();
        var cancelled = new Order(new OrderId("bx"), Bob, Local(2026, 3, 6), Currency.Usd, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, Usd(60m))], status: OrderStatus.Cancelled);
        var euros = new Order(new OrderId("be"), Bob, Local(2026, 3, 6), Currency.Eur, [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(60m, Currency.Eur))]);

        Result(tracker.RecordOrder(Order("c1", Carol, Local(2026, 3, 2), 60m)), ReferralResultStatus.Ignored, ReferralRule.NotReferred, "the order's customer was not referred");
        Result(tracker.RecordOrder(Order("b0", Bob, Local(2026, 2, 28), 60m)), ReferralResultStatus.Ignored, ReferralRule.OrderBeforeReferral, "order b0 was placed before the referral at " + Render(Local(2026, 3, 1)));
        Result(tracker.RecordOrder(cancelled), ReferralResultStatus.Ignored, ReferralRule.OrderCancelled, "order bx is cancelled");
        Result(tracker.RecordOrder(euros), ReferralResultStatus.Refused, ReferralRule.CurrencyMismatch, "order be is not in USD");
        Result(tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 6), 49.99m)), ReferralResultStatus.Ignored, ReferralRule.BelowMinimumOrder, "order b1 is below the minimum 50 USD");
        Result(tracker.RecordOrder(Order("b2", Bob, Local(2026, 3, 6), 60m)), ReferralResultStatus.Applied, null, "order b2 qualifies; the reward falls due at " + Render(Local(2026, 4, 5)));
        Result(tracker.RecordOrder(Order("b3", Bob, Local(2026, 3, 7), 60m)), ReferralResultStatus.Ignored, ReferralRule.AlreadyQualified, "customer bob's referral is Qualified");
    }

    [Fact]
    public void RecordOrder_AtTheBoundaries_Qualifies()
    {
        // Survived: ReferralTracker.cs:213 `order.PlacedAt < _advancedTo` -> `<=`; 218 `< referral.ReferredAt` -> `<=`;
        // 234 `order.MerchandiseNet < minimum` -> `<=` (exactly the $50 minimum qualifies).
        var (atReferral, _) = BobReferred();
        Assert.Equal(ReferralResultStatus.Applied, atReferral.RecordOrder(Order("b1", Bob, Local(2026, 3, 1), 50m)).Status);
        Assert.Equal(ReferralStatus.Qualified, atReferral.Find(Bob)!.Status);

        var (atClock, _) = BobReferred();
        atClock.AdvanceTo(Local(2026, 3, 5));
        Assert.Equal(ReferralResultStatus.Applied, atClock.RecordOrder(Order("b1", Bob, Local(2026, 3, 5), 60m)).Status);
        Assert.Equal(new OrderId("b1"), atClock.Find(Bob)!.QualifyingOrder);
    }

    [Fact]
    public void RecordRefund_Outcomes_ExplainThemselves()
    {
        // Survived: ReferralTracker.cs:264, 280, 291, 297 strings; 289 `kept < minimum` -> `<=` (keeping exactly $50
        // still qualifies).
        var (tracker, _) = BobReferred();
        var order = Order("b1", Bob, Local(2026, 3, 6), 120m);
        tracker.RecordOrder(order);
        var other = Order("x1", Carol, Local(2026, 3, 6), 120m);

        Result(tracker.RecordRefund(Refund("r0", other, Local(2026, 3, 7), 10m)), ReferralResultStatus.Ignored, ReferralRule.NotQualifyingOrder, "order x1 is no referral's qualifying order");
        Result(tracker.RecordRefund(Refund("r1", order, Local(2026, 3, 8), 70m)), ReferralResultStatus.Applied, null, "order b1 keeps 50 USD and still qualifies");
        Assert.Equal(ReferralStatus.Qualified, tracker.Find(Bob)!.Status);
        Result(tracker.RecordRefund(Refund("r2", order, Local(2026, 3, 9), 0.01m)), ReferralResultStatus.Applied, ReferralRule.RefundedInReturnWindow, "order b1 was refunded within its return window, keeping 49.99 USD, below the minimum 50 USD: no reward");
        Result(tracker.RecordRefund(Refund("r3", order, Local(2026, 3, 10), 1m)), ReferralResultStatus.Ignored, ReferralRule.ReferralClosed, "customer bob's referral is Voided");
    }

    [Fact]
    public void RecordRefund_AtTheEndOfTheWindow_IsIgnored_AndAtTheClock_Counts()
    {
        // Survived: ReferralTracker.cs:268 `refund.RefundedAt >= DueAt` -> `>`; 270 both strings; 273
        // `refund.RefundedAt < _advancedTo` -> `<=`.
        var due = Local(2026, 4, 5);
        var (atDue, _) = BobReferred();
        var order = Order("b1", Bob, Local(2026, 3, 6), 120m);
        atDue.RecordOrder(order);
        Result(atDue.RecordRefund(Refund("r1", order, due, 120m)), ReferralResultStatus.Ignored, ReferralRule.RefundAfterReturnWindow, "the return window of order b1 ended at " + Render(due));
        Assert.Equal(ReferralStatus.Qualified, atDue.Find(Bob)!.Status);

        var (atClock, _) = BobReferred();
        atClock.RecordOrder(order);
        atClock.AdvanceTo(Local(2026, 3, 20));
        Assert.Equal(ReferralRule.RefundedInReturnWindow, atClock.RecordRefund(Refund("r1", order, Local(2026, 3, 20), 120m)).Rule);
        Assert.Equal(ReferralStatus.Voided, atClock.Find(Bob)!.Status);
    }

    [Fact]
    public void AdvanceTo_SettlesExactlyWhatFellDue_InDueOrder()
    {
        // Survived: ReferralTracker.cs:312 `_due.Min.DueAt <= at` -> `<` and `_due.Min` -> `_due.Max`; 328 "order:" -> ""
        // in the referral action's reference.
        var (tracker, code) = BobReferred();
        tracker.Refer(code, Carol, Local(2026, 3, 1));
        tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 6), 60m));
        tracker.RecordOrder(Order("c1", Carol, Local(2026, 3, 8), 60m));

        var first = Assert.Single(tracker.AdvanceTo(Local(2026, 4, 5)));
        Assert.Equal((Bob, Local(2026, 4, 5)), (first.Referee, first.DueAt));
        Assert.Equal("order:b1", first.LedgerEvent!.Action.Reference);
        Assert.Equal(ReferralStatus.Qualified, tracker.Find(Carol)!.Status);
        Assert.Equal(Carol, Assert.Single(tracker.AdvanceTo(Local(2026, 4, 7))).Referee);
    }

    [Fact]
    public void AdvanceTo_TheSameInstantAgain_SettlesWhatFellDueSince()
    {
        // Survived: ReferralTracker.cs:306 `at < _advancedTo` -> `<=`. With a zero return window an order placed at the
        // tracker's clock falls due at once; advancing to the same instant again settles it.
        var policy = new ReferralPolicy(NewYork, Usd(50m), Period.Zero, codes: Codes);
        var (tracker, _) = BobReferred(policy: policy);
        var clock = Local(2026, 3, 5);
        Assert.Empty(tracker.AdvanceTo(clock));
        tracker.RecordOrder(Order("b1", Bob, clock, 60m));

        var settlement = Assert.Single(tracker.AdvanceTo(clock));

        Assert.Equal((Bob, clock, true), (settlement.Referee, settlement.DueAt, settlement.IsGranted));
    }

    [Fact]
    public void RewardCap_ExplainsItself_AtReferralAndAtSettlement()
    {
        // Survived: ReferralTracker.cs:185 and 320, the four strings of each reward-cap message.
        var (tracker, code) = BobReferred(cap: 1);
        tracker.Refer(code, Carol, Local(2026, 3, 1));
        tracker.RecordOrder(Order("b1", Bob, Local(2026, 3, 6), 60m));
        tracker.RecordOrder(Order("c1", Carol, Local(2026, 3, 6, 13), 60m));

        var settlements = tracker.AdvanceTo(Local(2026, 4, 30));

        Assert.Equal([true, false], settlements.Select(s => s.IsGranted));
        Result(settlements[1].Refusal!, ReferralResultStatus.Refused, ReferralRule.RewardCap, "customer alice already received 1 referral rewards (cap 1)");
        Result(tracker.Refer(code, Dave, Local(2026, 5, 1)), ReferralResultStatus.Refused, ReferralRule.RewardCap, "customer alice already received 1 referral rewards (cap 1)");
    }
}
