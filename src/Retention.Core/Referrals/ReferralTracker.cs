using System.Globalization;
using NodaTime;
using NodaTime.Calendars;
using Retention.Loyalty;

namespace Retention.Referrals;

/// <summary>
/// Tracks a referral program: issues codes, accepts or refuses referrals with fraud checks, follows the referred
/// customer's first qualifying order through its return window, and settles two-sided rewards as loyalty-ledger events.
/// </summary>
/// <remarks>
/// <para>
/// <b>Flow.</b> <see cref="IssueCode"/> gives a referrer a unique code. <see cref="Refer"/> records that a new customer
/// signed up with it, after the checks below. <see cref="RecordOrder"/> makes the referred customer's first order whose
/// merchandise after discounts reaches the policy's minimum the qualifying order; its reward falls due when its return
/// window ends. <see cref="RecordRefund"/> voids the referral when a refund within the window takes the kept amount
/// below the minimum. <see cref="AdvanceTo"/> settles every referral that fell due, in due order: each becomes one
/// <see cref="ActionPerformed"/> referral event (key <c>referral:</c> plus the referee) that a
/// <see cref="PointsLedger"/> turns into the referrer's and the referee's bonuses — the tracker keeps no points of its
/// own. A referee is referred at most once, so a reward is granted at most once per referee.
/// </para>
/// <para>
/// <b>Checks.</b> A referral is refused, with a <see cref="ReferralResult"/> naming the rule and the value, when the
/// code is unknown; the customer is the referrer; the referee was referred before; the referee's e-mail, shipping
/// address or payment fingerprint equals the referrer's (at sign-up, and again with the identity given with the
/// qualifying order); the source (by default the referrer) already made the weekly maximum of accepted referrals in this ISO week
/// of the program's zone; or the referrer already holds the maximum of rewards. The reward cap is checked again at
/// settlement, where a referral over the cap is refused: neither side is rewarded, because one ledger event pays both.
/// </para>
/// <para>
/// <b>Time.</b> Events may come in any order, except that an event earlier than the last <see cref="AdvanceTo"/> is
/// refused (<see cref="ReferralRule.OutOfOrder"/>): settled referrals are never reopened. A settlement's instant is its
/// due instant, not the time of the call; apply the ledger events in time order with the customers' other events (for
/// example with <see cref="PointsLedger.Replay"/>), or call <see cref="AdvanceTo"/> before applying later events.
/// </para>
/// <para>Thread safety: mutable and not safe for concurrent use.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var tracker = new ReferralTracker(policy);
/// ReferralCode code = tracker.IssueCode(alice, aliceIdentity);
/// tracker.Refer(code, bob, signUpInstant, bobIdentity);
/// tracker.RecordOrder(bobsFirstOrder, bobIdentity);
/// foreach (var settlement in tracker.AdvanceTo(clock.GetCurrentInstant()))
/// {
///     if (settlement.LedgerEvent is { } reward) ledger.Apply(reward);
/// }
/// ]]></code>
/// </example>
public sealed class ReferralTracker
{
    private const int MaxAttempts = 1000;
    private readonly Dictionary<ReferralCode, CustomerId> _owners = [];
    private readonly Dictionary<CustomerId, ReferrerState> _referrers = [];
    private readonly Dictionary<CustomerId, ReferralState> _referrals = [];
    private readonly Dictionary<OrderId, CustomerId> _qualifying = [];
    private readonly Dictionary<(string Source, int Year, int Week), int> _weekly = [];
    private readonly SortedSet<(Instant DueAt, CustomerId Referee)> _due = [];
    private Instant _advancedTo = Instant.MinValue;

    /// <summary>Creates an empty tracker.</summary>
    /// <param name="policy">The program's rules.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="policy"/> is <see langword="null"/>.</exception>
    public ReferralTracker(ReferralPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>Gets the program's rules.</summary>
    /// <value>The policy.</value>
    public ReferralPolicy Policy { get; }

    /// <summary>Gets the instant the tracker was last advanced to.</summary>
    /// <value><see cref="Instant.MinValue"/> before the first <see cref="AdvanceTo"/>.</value>
    public Instant AdvancedTo => _advancedTo;

    /// <summary>Issues a referrer's code, or returns the one they already have.</summary>
    /// <param name="referrerId">The referring customer.</param>
    /// <param name="identity">The referrer's hashed identity signals for the self-referral checks, or <see langword="null"/>;
    /// when given, it replaces the ones recorded before.</param>
    /// <param name="code">A code the caller chose (a vanity code), or <see langword="null"/> to generate one with the policy's generator,
    /// trying attempts 0, 1, 2… until a code is free.</param>
    /// <returns>The referrer's code.</returns>
    /// <exception cref="InvalidValueException">Thrown when the referrer or code is unassigned, the code belongs to another customer,
    /// the referrer already has another code, or no code is given and the policy has no generator.</exception>
    /// <exception cref="InvalidOperationException">Thrown when 1,000 generated codes in a row are taken.</exception>
    public ReferralCode IssueCode(CustomerId referrerId, ReferralIdentity? identity = null, ReferralCode? code = null)
    {
        Preconditions.CheckValue(!referrerId.IsUnassigned, "referrerId", referrerId, "must be assigned");
        Preconditions.CheckValue(code is not { IsUnassigned: true }, "code", code, "must be assigned when given");
        if (_referrers.TryGetValue(referrerId, out var known))
        {
            if (code is not null && code != known.Code)
            {
                Preconditions.ThrowInvalid("code", code, "cannot replace customer " + referrerId.Value + "'s code " + known.Code.Value);
            }

            known.Identity = identity ?? known.Identity;
            return known.Code;
        }

        ReferralCode issued;
        if (code is { } chosen)
        {
            if (_owners.TryGetValue(chosen, out var owner))
            {
                Preconditions.ThrowInvalid("code", chosen, "is already issued to customer " + owner.Value);
            }

            issued = chosen;
        }
        else
        {
            if (Policy.Codes is null)
            {
                Preconditions.ThrowInvalid("code", null, "must be given when the policy has no code generator");
            }

            var attempt = 0;
            do
            {
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException("No free referral code for customer " + referrerId.Value + " after " + MaxAttempts.ToString(CultureInfo.InvariantCulture) + " attempts; use longer codes.");
                }

                issued = Policy.Codes!.Generate(referrerId, attempt++);
            }
            while (_owners.ContainsKey(issued));
        }

        _owners.Add(issued, referrerId);
        _referrers.Add(referrerId, new ReferrerState(issued, identity));
        return issued;
    }

    /// <summary>Returns a referrer's code.</summary>
    /// <param name="referrerId">The referrer.</param>
    /// <returns>The code, or <see langword="null"/> when none was issued.</returns>
    public ReferralCode? CodeOf(CustomerId referrerId) => _referrers.TryGetValue(referrerId, out var state) ? state.Code : null;

    /// <summary>Returns how many rewards a referrer has been granted.</summary>
    /// <param name="referrerId">The referrer.</param>
    /// <returns>The count; never more than the policy's cap.</returns>
    public int RewardsGranted(CustomerId referrerId) => _referrers.TryGetValue(referrerId, out var state) ? state.Granted : 0;

    /// <summary>Records that a customer signed up with a referral code, after the fraud checks.</summary>
    /// <param name="code">The code used.</param>
    /// <param name="refereeId">The new customer.</param>
    /// <param name="at">When they signed up.</param>
    /// <param name="refereeIdentity">The new customer's hashed identity signals, or <see langword="null"/>.</param>
    /// <param name="source">What the weekly limit counts, for example a hashed device or network; <see langword="null"/> for the referrer.</param>
    /// <returns>Applied when accepted; otherwise refused, naming the rule and the value.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="code"/> or <paramref name="refereeId"/> is unassigned or <paramref name="source"/> is empty.</exception>
    public ReferralResult Refer(ReferralCode code, CustomerId refereeId, Instant at, ReferralIdentity? refereeIdentity = null, string? source = null)
    {
        Preconditions.CheckValue(!code.IsUnassigned, "code", code, "must be assigned");
        Preconditions.CheckValue(!refereeId.IsUnassigned, "refereeId", refereeId, "must be assigned");
        Preconditions.CheckValue(source is null || source.Trim().Length > 0, "source", source, "must not be empty when given");
        if (at < _advancedTo)
        {
            return OutOfOrder(at);
        }

        if (!_owners.TryGetValue(code, out var referrerId))
        {
            return Refused(ReferralRule.UnknownCode, code, "code " + code.Value + " was never issued");
        }

        if (referrerId == refereeId)
        {
            return Refused(ReferralRule.SelfReferral, refereeId, "customer " + refereeId.Value + " used their own code");
        }

        if (_referrals.TryGetValue(refereeId, out var earlier))
        {
            return Refused(ReferralRule.AlreadyReferred, refereeId, "customer " + refereeId.Value + " was already referred by " + earlier.Referrer.Value);
        }

        var referrer = _referrers[referrerId];
        if (IdentityMatch(referrer.Identity, refereeIdentity) is { } match)
        {
            return match;
        }

        var key = WeekKey(source ?? "referrer:" + referrerId.Value, at);
        var thisWeek = _weekly.GetValueOrDefault(key);
        if (Policy.MaxReferralsPerSourcePerWeek is { } weekly && thisWeek >= weekly)
        {
            return Refused(ReferralRule.TooManyFromSource, thisWeek, "source " + Preconditions.Render(key.Source) + " already made " + Render(thisWeek) + " referrals in ISO week " + Render(key.Year) + "-W" + key.Week.ToString("00", CultureInfo.InvariantCulture) + " (limit " + Render(weekly) + ")");
        }

        if (Policy.MaxRewardsPerReferrer is { } cap && referrer.Granted >= cap)
        {
            return Refused(ReferralRule.RewardCap, referrer.Granted, "customer " + referrerId.Value + " already received " + Render(referrer.Granted) + " referral rewards (cap " + Render(cap) + ")");
        }

        _weekly[key] = thisWeek + 1;
        _referrals.Add(refereeId, new ReferralState(referrerId, refereeId, code, at, key.Source));
        return ReferralResult.Applied("customer " + refereeId.Value + " was referred by " + referrerId.Value);
    }

    /// <summary>Records an order; the referred customer's first order that reaches the minimum becomes the qualifying order.</summary>
    /// <param name="order">The order.</param>
    /// <param name="identity">The identity signals seen with the order (shipping address, payment fingerprint), or <see langword="null"/>.</param>
    /// <returns>Applied when the order qualifies; ignored when it does not concern a pending referral or is below the
    /// minimum (a later order may still qualify); refused when out of order, in another currency, or when its identity
    /// matches the referrer's, which closes the referral.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/> is <see langword="null"/>.</exception>
    public ReferralResult RecordOrder(Order order, ReferralIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.CustomerId is not { } customer || !_referrals.TryGetValue(customer, out var referral))
        {
            return Ignored(ReferralRule.NotReferred, order.CustomerId, "the order's customer was not referred");
        }

        if (referral.Status != ReferralStatus.Pending)
        {
            return Ignored(ReferralRule.AlreadyQualified, referral.Status, "customer " + customer.Value + "'s referral is " + referral.Status);
        }

        if (order.PlacedAt < _advancedTo)
        {
            return OutOfOrder(order.PlacedAt);
        }

        if (order.PlacedAt < referral.ReferredAt)
        {
            return Ignored(ReferralRule.OrderBeforeReferral, order.PlacedAt, "order " + order.Id.Value + " was placed before the referral at " + Preconditions.Render(referral.ReferredAt));
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return Ignored(ReferralRule.OrderCancelled, order.Id, "order " + order.Id.Value + " is cancelled");
        }

        var minimum = Policy.MinimumOrderValue;
        if (order.Currency != minimum.Currency)
        {
            return Refused(ReferralRule.CurrencyMismatch, order.Currency.Code, "order " + order.Id.Value + " is not in " + minimum.Currency.Code);
        }

        if (order.MerchandiseNet < minimum)
        {
            return Ignored(ReferralRule.BelowMinimumOrder, order.MerchandiseNet, "order " + order.Id.Value + " is below the minimum " + Preconditions.Render(minimum));
        }

        if (IdentityMatch(_referrers[referral.Referrer].Identity, identity) is { } match)
        {
            referral.Close(ReferralStatus.Refused, match);
            return match;
        }

        var local = order.PlacedAt.InZone(Policy.TimeZone).LocalDateTime;
        referral.Qualify(order.Id, order.MerchandiseNet, Policy.TimeZone.AtLeniently(local + Policy.ReturnWindow).ToInstant());
        _qualifying[order.Id] = customer;
        _due.Add((referral.DueAt!.Value, customer));
        return ReferralResult.Applied("order " + order.Id.Value + " qualifies; the reward falls due at " + Preconditions.Render(referral.DueAt));
    }

    /// <summary>Records a refund; a refund of a qualifying order within its return window that leaves less than the minimum voids the referral.</summary>
    /// <remarks>The amount kept is the order's merchandise after discounts less the refunded line amounts, over all the
    /// order's refunds; refunded shipping and adjustments do not count.</remarks>
    /// <param name="refund">The refund.</param>
    /// <returns>Applied (with <see cref="ReferralRule.RefundedInReturnWindow"/> when it voided the referral); ignored when it does
    /// not concern a qualifying order or comes after the window; refused when out of order.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="refund"/> is <see langword="null"/>.</exception>
    public ReferralResult RecordRefund(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        if (!_qualifying.TryGetValue(refund.OrderId, out var customer))
        {
            return Ignored(ReferralRule.NotQualifyingOrder, refund.OrderId, "order " + refund.OrderId.Value + " is no referral's qualifying order");
        }

        var referral = _referrals[customer];
        if (refund.RefundedAt >= referral.DueAt!.Value)
        {
            return Ignored(ReferralRule.RefundAfterReturnWindow, refund.RefundedAt, "the return window of order " + refund.OrderId.Value + " ended at " + Preconditions.Render(referral.DueAt));
        }

        if (refund.RefundedAt < _advancedTo)
        {
            return OutOfOrder(refund.RefundedAt);
        }

        if (referral.Status != ReferralStatus.Qualified)
        {
            return Ignored(ReferralRule.ReferralClosed, referral.Status, "customer " + customer.Value + "'s referral is " + referral.Status);
        }

        foreach (var line in refund.Lines)
        {
            referral.Refunded += line.Amount.Amount;
        }

        var kept = new Money(referral.QualifyingValue - referral.Refunded, Policy.MinimumOrderValue.Currency);
        if (kept < Policy.MinimumOrderValue)
        {
            var outcome = Because(ReferralResultStatus.Applied, ReferralRule.RefundedInReturnWindow, kept, "order " + refund.OrderId.Value + " was refunded within its return window, keeping " + Preconditions.Render(kept) + ", below the minimum " + Preconditions.Render(Policy.MinimumOrderValue) + ": no reward");
            referral.Close(ReferralStatus.Voided, outcome);
            _due.Remove((referral.DueAt.Value, customer));
            return outcome;
        }

        return ReferralResult.Applied("order " + refund.OrderId.Value + " keeps " + Preconditions.Render(kept) + " and still qualifies");
    }

    /// <summary>Settles every referral whose return window ended at or before <paramref name="at"/>, in order of due instant, then referee.</summary>
    /// <param name="at">The instant to advance to; an instant earlier than the last one settles nothing.</param>
    /// <returns>The settlements, granted or refused by the reward cap.</returns>
    public IReadOnlyList<ReferralSettlement> AdvanceTo(Instant at)
    {
        var settled = new List<ReferralSettlement>();
        if (at < _advancedTo)
        {
            return settled.AsReadOnly();
        }

        _advancedTo = at;
        while (_due.Count > 0 && _due.Min.DueAt <= at)
        {
            var (dueAt, refereeId) = _due.Min;
            _due.Remove(_due.Min);
            var referral = _referrals[refereeId];
            var referrer = _referrers[referral.Referrer];
            if (Policy.MaxRewardsPerReferrer is { } cap && referrer.Granted >= cap)
            {
                var refusal = Because(ReferralResultStatus.Refused, ReferralRule.RewardCap, referrer.Granted, "customer " + referral.Referrer.Value + " already received " + Render(referrer.Granted) + " referral rewards (cap " + Render(cap) + ")");
                referral.Close(ReferralStatus.Refused, refusal);
                settled.Add(new ReferralSettlement(referral.Referrer, refereeId, referral.Order!.Value, dueAt, null, refusal));
                continue;
            }

            referrer.Granted++;
            referral.Status = ReferralStatus.Rewarded;
            var action = new CustomerAction(new EventKey("referral:" + refereeId.Value), referral.Referrer, ActionKind.Referral, dueAt, referredCustomerId: refereeId, reference: "order:" + referral.Order!.Value.Value);
            settled.Add(new ReferralSettlement(referral.Referrer, refereeId, referral.Order.Value, dueAt, new ActionPerformed(action), null));
        }

        return settled.AsReadOnly();
    }

    /// <summary>Returns the referral of a referred customer.</summary>
    /// <param name="refereeId">The referred customer.</param>
    /// <returns>A snapshot, or <see langword="null"/> when the customer was never accepted as referred.</returns>
    public Referral? Find(CustomerId refereeId) =>
        _referrals.TryGetValue(refereeId, out var r)
            ? new Referral(r.Referrer, r.Referee, r.Code, r.ReferredAt, r.Source, r.Status, r.Order, r.DueAt, r.Outcome)
            : null;

    private static string Render(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ReferralResult Because(ReferralResultStatus status, ReferralRule rule, object? value, string message) => ReferralResult.Because(status, rule, value, message);

    private static ReferralResult Refused(ReferralRule rule, object? value, string message) => Because(ReferralResultStatus.Refused, rule, value, message);

    private static ReferralResult Ignored(ReferralRule rule, object? value, string message) => Because(ReferralResultStatus.Ignored, rule, value, message);

    private ReferralResult OutOfOrder(Instant at) =>
        Refused(ReferralRule.OutOfOrder, at, "the event at " + Preconditions.Render(at) + " is earlier than the tracker's clock " + Preconditions.Render(_advancedTo));

    private static ReferralResult? IdentityMatch(ReferralIdentity? referrer, ReferralIdentity? referee)
    {
        if (referrer is null || referee is null)
        {
            return null;
        }

        static bool Same(string? x, string? y) => x is not null && string.Equals(x, y, StringComparison.Ordinal);
        if (Same(referrer.EmailHash, referee.EmailHash))
        {
            return Refused(ReferralRule.SameEmail, referee.EmailHash, "the referred customer has the referrer's e-mail");
        }

        if (Same(referrer.ShippingAddressHash, referee.ShippingAddressHash))
        {
            return Refused(ReferralRule.SameShippingAddress, referee.ShippingAddressHash, "the referred customer ships to the referrer's address");
        }

        return Same(referrer.PaymentFingerprint, referee.PaymentFingerprint)
            ? Refused(ReferralRule.SamePaymentFingerprint, referee.PaymentFingerprint, "the referred customer pays with the referrer's payment method")
            : null;
    }

    private (string Source, int Year, int Week) WeekKey(string source, Instant at)
    {
        var date = at.InZone(Policy.TimeZone).Date;
        return (source, WeekYearRules.Iso.GetWeekYear(date), WeekYearRules.Iso.GetWeekOfWeekYear(date));
    }

    private sealed class ReferrerState(ReferralCode code, ReferralIdentity? identity)
    {
        public ReferralCode Code { get; } = code;

        public ReferralIdentity? Identity { get; set; } = identity;

        public int Granted { get; set; }
    }

    private sealed class ReferralState(CustomerId referrer, CustomerId referee, ReferralCode code, Instant referredAt, string source)
    {
        public CustomerId Referrer { get; } = referrer;

        public CustomerId Referee { get; } = referee;

        public ReferralCode Code { get; } = code;

        public Instant ReferredAt { get; } = referredAt;

        public string Source { get; } = source;

        public ReferralStatus Status { get; set; } = ReferralStatus.Pending;

        public OrderId? Order { get; private set; }

        public decimal QualifyingValue { get; private set; }

        public decimal Refunded { get; set; }

        public Instant? DueAt { get; private set; }

        public ReferralResult? Outcome { get; private set; }

        public void Qualify(OrderId order, Money value, Instant dueAt)
        {
            Order = order;
            QualifyingValue = value.Amount;
            DueAt = dueAt;
            Status = ReferralStatus.Qualified;
        }

        public void Close(ReferralStatus status, ReferralResult outcome)
        {
            Status = status;
            Outcome = outcome;
        }
    }
}
