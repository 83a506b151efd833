using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Fuzzing.HostileArbitraries;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Hostile event streams against the points ledger: building an event may be rejected (a library exception), applying
/// it gives a result or the documented <see cref="OverflowException"/>, and after an exception (or a refused or
/// duplicate event) the ledger is exactly as it was. A twin ledger that never saw the failed events gives the same
/// results for every other event, so no hidden state survives an error either.
/// </summary>
public sealed class LedgerFuzzProperties
{
    private const int MaxTest = 150;
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 5, 0);

    /// <summary>A hostile program and raw steps.</summary>
    public sealed record HostileStory(PointsProgram Program, HostileStep[] Steps)
    {
        public override string ToString() =>
            $"zone {Program.TimeZone.Id}, rate {Program.PointsPerUnit}, expiry {Program.Expiry}, {Program.Clawback}, tiers {Program.Tiers?.Basis.ToString() ?? "none"}; "
            + string.Join(" | ", Steps.Select(s => s.ToString()));
    }

    public static Arbitrary<HostileStory> Stories() =>
        (from program in ProgramGen
         from steps in Gen.Sized(size => Gen.ArrayOf(StepGen, Math.Min(size, 40)))
         select new HostileStory(program, steps)).ToArbitrary();

    [Property(Arbitrary = [typeof(LedgerFuzzProperties)], MaxTest = MaxTest)]
    public void HostileEvents_GiveAResultOrTheDocumentedError_AndAnErrorChangesNothing(HostileStory story)
    {
        var ledger = new PointsLedger(story.Program);
        var applied = new List<(LoyaltyEvent Event, ApplyResult Result)>();
        var customers = new HashSet<CustomerId>();
        foreach (var e in Events(story.Steps))
        {
            customers.Add(e.CustomerId);
            var touched = e is ActionPerformed { Action.ReferredCustomerId: { } referee } ? new[] { e.CustomerId, referee } : [e.CustomerId];
            var before = Snapshot(ledger, touched);
            ApplyResult result;
            try
            {
                result = ledger.Apply(e);
            }
            catch (OverflowException ex)
            {
                Assert.True(before == Snapshot(ledger, touched), $"{e.Key} threw {ex.Message} and changed the ledger:\n{before}\n---\n{Snapshot(ledger, touched)}\n{ex.StackTrace}");
                continue;
            }

            applied.Add((e, result));
            if (result.Status is ApplyStatus.Refused or ApplyStatus.Duplicate)
            {
                Assert.True(before == Snapshot(ledger, touched), $"{e.Key} {result} changed the ledger:\n{before}\n---\n{Snapshot(ledger, touched)}");
            }
            else if (result.Status == ApplyStatus.Ignored)
            {
                Assert.Equal(Points.Zero, result.Change);
            }
        }

        CheckInvariants(ledger, story.Program);

        // The twin never saw the events that threw: every other event must do exactly what it did in the first ledger.
        var twin = new PointsLedger(story.Program);
        foreach (var (e, result) in applied)
        {
            Assert.Equal(result, twin.Apply(e));
        }

        Assert.Equal(Snapshot(ledger, customers), Snapshot(twin, customers));
        Assert.Equal(Snapshot(ledger), Snapshot(twin));
    }

    public static Arbitrary<Instant> QueryInstants() =>
        Gen.Frequency(
            (3, HostileArbitraries.EdgeInstant.Where(i => i is not null).Select(i => i!.Value)),
            (1, Gen.Elements(Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(9000, 1, 1, 0, 0) - Duration.Epsilon, Instant.FromUtc(9000, 1, 1, 0, 0), Instant.FromUtc(1899, 12, 31, 23, 59))),
            (2, Gen.Choose(0, 4000).Select(d => Start + Duration.FromDays(d))))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(LedgerFuzzProperties)], MaxTest = 60)]
    public void Queries_AtHostileInstants_AnswerOrRefuseTheInstant_AndARefusedAdvanceChangesNothing(HostileStory story, Instant at, NonNegativeInt days)
    {
        // Found by this property: GetTier, GetTierProgress, ExpiringWithin and AdvanceTo threw ArgumentOutOfRangeException
        // or OverflowException from calendar arithmetic near NodaTime's range ends (and AdvanceTo could throw half way
        // through its customers). Now an instant outside [1900, 9000) UTC is refused, naming "at", before anything changes.
        var ledger = new PointsLedger(story.Program);
        foreach (var e in Events(story.Steps))
        {
            try
            {
                ledger.Apply(e);
            }
            catch (OverflowException)
            {
            }
        }

        var supported = at >= Instant.FromUtc(1900, 1, 1, 0, 0) && at < Instant.FromUtc(9000, 1, 1, 0, 0);
        bool Expect(Action query, string what)
        {
            try
            {
                query();
                Assert.True(supported, $"{what} at {at} answered outside the supported instants");
            }
            catch (InvalidValueException ex) when (!supported)
            {
                Assert.Equal("at", ex.Field);
            }
            catch (OverflowException)
            {
                // Documented: a points total beyond 64 bits.
                return true;
            }

            return false;
        }

        foreach (var customer in ledger.Customers.Append(new CustomerId("nobody")))
        {
            try
            {
                // The balance needs no calendar arithmetic: it answers at any instant (or overflows, as documented).
                _ = ledger.GetBalance(customer, at);
            }
            catch (OverflowException)
            {
            }

            _ = Expect(() => ledger.ExpiringWithin(customer, at, days.Get % 36_501), "ExpiringWithin");
            if (story.Program.Tiers is not null)
            {
                _ = Expect(() => ledger.GetTier(customer, at), "GetTier");
                _ = Expect(() => ledger.GetTierProgress(customer, at), "GetTierProgress");
            }
        }

        var before = Snapshot(ledger);
        var overflowed = Expect(() => ledger.AdvanceTo(at), "AdvanceTo");
        if (!supported || overflowed)
        {
            // A refused instant and an overflow both throw before anything changes.
            Assert.Equal(before, Snapshot(ledger));
        }
    }

    /// <summary>Turns raw steps into events; steps whose event the library refuses to build are skipped (a documented rejection).</summary>
    internal static IEnumerable<LoyaltyEvent> Events(IEnumerable<HostileStep> steps)
    {
        var clock = Start;
        var orders = new List<Order>();
        var n = 0;
        foreach (var step in steps)
        {
            n++;
            clock += Duration.FromHours(step.GapHours);
            var at = step.Edge ?? clock;
            LoyaltyEvent? e;
            try
            {
                e = Build(step, at, orders, n);
            }
            catch (Exception ex) when (ex is RetentionException or ArgumentException or OverflowException)
            {
                // Construction rejects invalid ids, amounts and refunds with the library's own errors. (OverflowException
                // is Money's documented error for a sum outside decimal's range.)
                continue;
            }

            if (e is not null)
            {
                yield return e;
            }
        }
    }

    private static LoyaltyEvent? Build(HostileStep step, Instant at, List<Order> orders, int n)
    {
        var customer = new CustomerId(step.Customer);
        var previous = orders.Count == 0 ? null : orders[step.Target % orders.Count];
        var id = n.ToString(CultureInfo.InvariantCulture);
        switch (step.Kind)
        {
            case <= 3 or 15:
            {
                var currency = step.Flag && step.Target % 7 == 0 ? Currency.Eur : Currency.Usd;
                OrderLine[] lines = step.Target % 2 == 0
                    ? [Line("a", step.Amount, currency)]
                    : [Line("a", step.Amount, currency, quantity: 1 + (step.Target % 3)), Line("b", step.Amount2, currency, category: "home")];
                var orderId = step.Kind == 15 && previous is not null ? previous.Id : new OrderId("o" + (step.Target % 25).ToString(CultureInfo.InvariantCulture));
                var order = new Order(orderId, customer, at, currency, lines, shipping: new Money(step.Flag ? step.Amount2 : 0m, currency));
                orders.Add(order);
                return new OrderPlaced(order);
            }

            case 4 when previous is not null:
                return new OrderRefunded(Refund.Full(new RefundId("f" + (step.Target % 5).ToString(CultureInfo.InvariantCulture)), previous, at));
            case 5 when previous is not null:
                var line = previous.Lines[step.Target % previous.Lines.Count];
                return new OrderRefunded(new Refund(new RefundId("p" + id), previous, at, [new RefundLine(line.Id, 1, new Money(step.Amount, previous.Currency))]));
            case 6:
                var stranger = new Order(new OrderId("unknown" + id), customer, Start, Currency.Usd, [Line("a", step.Amount, Currency.Usd)]);
                return new OrderRefunded(Refund.Full(new RefundId("u" + id), stranger, at));
            case 7 when previous is not null:
                return new OrderCancelled(previous.Id, step.Flag ? customer : previous.CustomerId!.Value, at);
            case 8:
                var kind = (step.Target % 4) switch { 0 => ActionKind.SignUp, 1 => ActionKind.Review, 2 => ActionKind.SocialShare, _ => ActionKind.Rating };
                return new ActionPerformed(new CustomerAction(new EventKey("a" + (step.Target % 30).ToString(CultureInfo.InvariantCulture)), customer, kind, at, kind is ActionKind.Review or ActionKind.Rating ? 1 + (step.Target % 5) : null));
            case 9:
                return new ActionPerformed(new CustomerAction(new EventKey("ref" + id), customer, ActionKind.Referral, at, referredCustomerId: new CustomerId(step.Other)));
            case 10:
                var reward = (step.Target % 5) switch { 0 or 1 => "r100", 2 => "rbig", 3 => "nope", _ => string.Empty };
                return new RewardRedeemed(new EventKey("r" + (step.Target % 40).ToString(CultureInfo.InvariantCulture)), customer, reward, at);
            case 11 or 12:
                return new PointsAdjusted(new EventKey("adj" + id), customer, new Points(step.Points), at, step.Flag ? "support" : " ");
            case 13:
                var profile = new CustomerProfile(customer, Start, Zones[step.Target % Zones.Length], new AnnualDate(1 + (step.Target % 12), 1 + (step.Target % 28)));
                return new BirthdayReached(profile, at);
            case 14:
                return new OrderCancelled(new OrderId("o" + (step.Target % 40).ToString(CultureInfo.InvariantCulture)), customer, at);
            default:
                return null;
        }
    }

    private static OrderLine Line(string id, decimal unitPrice, Currency currency, int quantity = 1, string category = "apparel") =>
        new(new LineItemId(id), new ProductId("p" + id), quantity, new Money(unitPrice, currency), null, new CategoryId(category));

    private static void CheckInvariants(PointsLedger ledger, PointsProgram program)
    {
        foreach (var customer in ledger.Customers)
        {
            Int128 available = 0;
            foreach (var entry in ledger.History(customer))
            {
                available += entry.Available.Value;
                Assert.True(available >= 0 || program.Clawback == ClawbackPolicy.AllowNegativeBalance, $"{customer} went below zero");
            }

            var history = ledger.History(customer);
            var last = history.Count == 0 ? Start : history[^1].At;
            foreach (var at in new[] { last, SafePlus(last, Duration.FromDays(800)) })
            {
                PointsBalance b;
                try
                {
                    b = ledger.GetBalance(customer, at);
                }
                catch (OverflowException)
                {
                    continue;
                }

                Int128 left = (Int128)b.Earned.Value + b.Adjusted.Value;
                Int128 right = (Int128)b.Redeemed.Value + b.Expired.Value + b.Reversed.Value + b.Available.Value + b.Pending.Value;
                Assert.True(left == right, $"{customer} at {at}: points not conserved: {b}");
                Assert.True(b.Earned.Value >= 0 && b.Redeemed.Value >= 0 && b.Expired.Value >= 0 && b.Reversed.Value >= 0 && b.Pending.Value >= 0, $"{customer} at {at}: negative total: {b}");
            }
        }
    }

    private static Instant SafePlus(Instant at, Duration d) => at > Instant.MaxValue - d ? Instant.MaxValue : at + d;

    /// <summary>
    /// What a caller can observe about the ledger and the given customers (all known customers when <paramref name="only"/>
    /// is null), as text; an exception from a question is part of the answer.
    /// </summary>
    internal static string Snapshot(PointsLedger ledger, IEnumerable<CustomerId>? only = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"customers {ledger.CustomerCount}, entries {ledger.EntryCount}\n");
        foreach (var customer in (only ?? ledger.Customers).Distinct().OrderBy(c => c.Value, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{customer}: accepts events from {ledger.AcceptsEventsFrom(customer)}\n");
            foreach (var entry in ledger.History(customer))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {entry.Kind} {entry.At} {entry.Cause} {entry.Available} {entry.Pending} {entry.Rule}\n");
            }

            foreach (var at in new[] { Start, Start + Duration.FromDays(3000), Instant.FromUtc(9000, 1, 1, 0, 0) })
            {
                text.Append("  balance ").Append(Try(() => ledger.GetBalance(customer, at).ToString())).Append('\n');
                if (ledger.Program.Tiers is not null)
                {
                    text.Append("  tier ").Append(Try(() => ledger.GetTier(customer, at).ToString())).Append('\n');
                }
            }

            if (ledger.Program.Tiers is not null)
            {
                text.Append("  tier history ").Append(string.Join(", ", ledger.TierHistory(customer))).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Try(Func<string> question)
    {
        try
        {
            return question();
        }
        catch (Exception e) when (e is OverflowException or RetentionException)
        {
            return e.GetType().Name;
        }
    }
}
