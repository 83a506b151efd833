using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Retention.Offers;

/// <summary>
/// Chooses, for one customer or a whole population, the offers of a catalog most worth sending now: eligible by the
/// offer's rule, allowed by consent, quiet hours, the redemption limit, the budget, the cooldown and the frequency cap,
/// ranked by expected value (decision 0009).
/// </summary>
/// <remarks>
/// <para><b>Ranking.</b> Each eligible, allowed offer gets <c>EV = p × (margin − cost) − contact cost</c>, with
/// <c>p</c> from the <see cref="IResponseModel"/>; offers below <see cref="MinimumExpectedValue"/> are dropped. The
/// order is EV descending, then <see cref="Offer.Priority"/> descending, then identifier ordinal ascending, so equal
/// inputs give equal outputs whatever order the catalog was built in. The top k are taken greedily in that order,
/// skipping an offer that would break something together with the ones already taken: a second offer of one
/// <see cref="Offer.ExclusiveGroup"/>, more messages on a channel than its cap allows, or more cost than a budget has
/// left. The k choices of one decision can therefore all be committed.</para>
/// <para><b>Arithmetic.</b> Money limits (budgets, costs) are compared exactly in <see cref="decimal"/>; the expected
/// value is a <see cref="double"/> (decision 0002), computed from amounts converted once when the catalog is built.</para>
/// <para><b>Allocation.</b> <see cref="Choose"/> allocates nothing: it reads the compiled rules and the contact log
/// and keeps its candidates on the stack (catalogs of more than 64 offers rent them from the shared array pool).
/// <see cref="Explain"/> allocates and is meant for the few decisions someone asks about.</para>
/// <para>Thread safety: the selector is immutable; concurrent <see cref="Choose"/> calls are safe when they do not
/// share a <see cref="ContactLog"/> that is being written.</para>
/// </remarks>
public sealed class OfferSelector
{
    private const int StackCandidates = 64;
    private const int Channels = 5;

    /// <summary>Initializes a selector.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="model">The response model, or <see langword="null"/> for <see cref="SegmentResponseModel.Default"/>.</param>
    /// <param name="minimumExpectedValue">The least expected value an offer needs to be chosen; the default is 0, so an
    /// offer expected to lose money is never sent.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalog"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the model is a <see cref="SegmentResponseModel"/> for another
    /// segment map than the catalog's.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="minimumExpectedValue"/> is not a number.</exception>
    public OfferSelector(OfferCatalog catalog, IResponseModel? model = null, double minimumExpectedValue = 0d)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        model ??= SegmentResponseModel.Default;
        if (model is SegmentResponseModel segments && !ReferenceEquals(segments.Segments, catalog.Segments))
        {
            throw new ArgumentException("The response model's segment map is not the catalog's.", nameof(model));
        }

        Preconditions.CheckValue(!double.IsNaN(minimumExpectedValue), "minimumExpectedValue", minimumExpectedValue, "must be a number");
        Catalog = catalog;
        Model = model;
        MinimumExpectedValue = minimumExpectedValue;
    }

    /// <summary>Gets the catalog.</summary>
    /// <value>The catalog given at construction.</value>
    public OfferCatalog Catalog { get; }

    /// <summary>Gets the response model.</summary>
    /// <value>The model given, or <see cref="SegmentResponseModel.Default"/>.</value>
    public IResponseModel Model { get; }

    /// <summary>Gets the least expected value an offer needs to be chosen.</summary>
    /// <value>The default is 0.</value>
    public double MinimumExpectedValue { get; }

    /// <summary>Why an offer is not a candidate, in the order the checks run.</summary>
    internal enum Verdict
    {
        Candidate,
        NoConsent,
        Ineligible,
        QuietHours,
        LimitReached,
        BudgetExhausted,
        Cooldown,
        FrequencyCap,
        LowValue,
    }

    /// <summary>
    /// Chooses up to <c>destination.Length</c> offers for a customer at <paramref name="now"/>, best first, without
    /// allocating.
    /// </summary>
    /// <param name="customer">The customer's snapshot for <paramref name="now"/>.</param>
    /// <param name="now">The instant of the decision.</param>
    /// <param name="log">The contact history; read, not written.</param>
    /// <param name="destination">Receives the choices; its length is k.</param>
    /// <returns>The number of choices written, from 0 to k.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="log"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="log"/> belongs to another catalog.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the response model returns a value outside 0 to 1.</exception>
    [SkipLocalsInit]
    public int Choose(in OfferCustomer customer, Instant now, ContactLog log, Span<OfferChoice> destination)
    {
        CheckLog(log);
        if (destination.Length == 0)
        {
            return 0;
        }

        var n = Catalog.Offers.Count;
        Candidate[]? rented = null;
        var candidates = n <= StackCandidates ? stackalloc Candidate[StackCandidates] : (rented = Scratch.Rent<Candidate>(n));
        try
        {
            Span<int> capUsed = stackalloc int[Channels];
            capUsed.Fill(-1);
            var count = 0;
            var moment = new Moment(Catalog, in customer, now.ToUnixTimeTicks(), log);
            var catalog = Catalog;
            var slots = catalog.Slots;
            var code = catalog.Code;
            var consents = customer.ConsentedChannels;
            for (var channel = 0; channel < Channels; channel++)
            {
                if ((consents & (1 << channel)) == 0)
                {
                    // Without consent no offer on the channel is even looked at.
                    continue;
                }

                foreach (var i in catalog.ByChannel[channel])
                {
                    ref readonly var slot = ref slots[i];
                    if (RuleCode.Evaluate(code.AsSpan(slot.CodeStart, slot.CodeLength), slot.Shape, in customer)
                        && Constrain(i, in slot, in customer, in moment, log, capUsed, out var candidate) == Verdict.Candidate)
                    {
                        candidates[count++] = candidate;
                    }
                }
            }

            return Select(in customer, log, candidates[..count], capUsed, destination);
        }
        finally
        {
            if (rented is not null)
            {
                Scratch.Return(rented);
            }
        }
    }

    /// <summary>Records choices in the contact log as sent: the channel's frequency cap, the offer's cooldown, its
    /// issued count and its budget all see them from now on.</summary>
    /// <param name="choices">The choices, as written by <see cref="Choose"/> or <see cref="AssignBatch"/>.</param>
    /// <param name="log">The log.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="log"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the log or a choice belongs to another catalog.</exception>
    public void Commit(ReadOnlySpan<OfferChoice> choices, ContactLog log)
    {
        CheckLog(log);
        foreach (ref readonly var choice in choices)
        {
            log.Record(in choice);
        }
    }

    /// <summary>
    /// Assigns up to <paramref name="perCustomer"/> offers to every customer of a population, committing each
    /// customer's choices to the log before deciding for the next, so global budgets and per-offer limits are never
    /// exceeded.
    /// </summary>
    /// <param name="customers">The customers' snapshots for <paramref name="now"/>.</param>
    /// <param name="now">The instant of the decisions.</param>
    /// <param name="log">The contact history; the choices are recorded in it.</param>
    /// <param name="perCustomer">The most offers per customer, at least 1.</param>
    /// <param name="destination">Receives customer <c>i</c>'s choices at <c>[i × perCustomer ..]</c>; at least
    /// <c>customers.Length × perCustomer</c> long.</param>
    /// <param name="counts">Receives the number of choices of each customer; at least as long as
    /// <paramref name="customers"/>.</param>
    /// <returns>The number of choices made in all.</returns>
    /// <remarks>
    /// <para>Algorithm: first each customer's best expected value is found with the log as it is; then customers are
    /// served in descending order of that value (ties by position in <paramref name="customers"/>), each by
    /// <see cref="Choose"/> against the log as updated by the customers served before, and committed. When a budget or
    /// a limit runs short, it therefore goes to the customers whose best offer is worth most. The result depends only on
    /// the inputs. It is a greedy heuristic, not an optimal assignment: a customer served early takes their own best
    /// offer even if a lower-value one would leave more budget for others.</para>
    /// <para>The batch rents its scratch memory from the shared array pool; recording the choices allocates in the log.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="log"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="log"/> belongs to another catalog or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="perCustomer"/> is less than 1.</exception>
    public int AssignBatch(ReadOnlySpan<OfferCustomer> customers, Instant now, ContactLog log, int perCustomer, Span<OfferChoice> destination, Span<int> counts)
    {
        CheckLog(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(perCustomer, 1);
        if (destination.Length < (long)customers.Length * perCustomer)
        {
            throw new ArgumentException("The destination is shorter than customers × perCustomer.", nameof(destination));
        }

        if (counts.Length < customers.Length)
        {
            throw new ArgumentException("The counts span is shorter than the customers.", nameof(counts));
        }

        counts[..customers.Length].Clear();
        var order = Scratch.Rent<BatchEntry>(customers.Length);
        try
        {
            var best = new OfferChoice[1];
            var ranked = 0;
            for (var i = 0; i < customers.Length; i++)
            {
                if (Choose(in customers[i], now, log, best) > 0)
                {
                    order[ranked++] = new BatchEntry(best[0].ExpectedValue, i);
                }
            }

            Array.Sort(order, 0, ranked);
            var total = 0;
            for (var r = 0; r < ranked; r++)
            {
                var i = order[r].Position;
                var slice = destination.Slice(i * perCustomer, perCustomer);
                var made = Choose(in customers[i], now, log, slice);
                Commit(slice[..made], log);
                counts[i] = made;
                total += made;
            }

            return total;
        }
        finally
        {
            Scratch.Return(order);
        }
    }

    /// <summary>
    /// Explains a decision: runs <see cref="Choose"/> with k = <paramref name="count"/>, then lists for every offer of
    /// the catalog each rule and constraint with whether it passed and the value seen. Allocates; ask only when needed.
    /// </summary>
    /// <param name="customer">The customer's snapshot.</param>
    /// <param name="now">The instant of the decision.</param>
    /// <param name="log">The contact history; read, not written.</param>
    /// <param name="count">The k of the decision explained, at least 1; the default is 1.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="log"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="log"/> belongs to another catalog.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="count"/> is less than 1.</exception>
    public OfferExplanation Explain(in OfferCustomer customer, Instant now, ContactLog log, int count = 1)
    {
        CheckLog(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var choices = new OfferChoice[count];
        var made = Choose(in customer, now, log, choices);
        Array.Resize(ref choices, made);
        var considerations = new OfferConsideration[Catalog.Offers.Count];
        var moment = new Moment(Catalog, in customer, now.ToUnixTimeTicks(), log);
        Span<int> capUsed = stackalloc int[Channels];
        capUsed.Fill(-1);
        for (var i = 0; i < considerations.Length; i++)
        {
            considerations[i] = Consider(i, in customer, now, in moment, log, capUsed, choices);
        }

        return new OfferExplanation(customer, now, choices, considerations);
    }

    /// <summary>What a decision computes once for all offers: the instant, the quiet-hours state of the customer and
    /// whether the log holds anything for them.</summary>
    private readonly struct Moment
    {
        internal readonly long Now;
        internal readonly long DeferredTo;
        internal readonly int QuietMask;
        internal readonly bool Skip;
        internal readonly bool History;

        internal Moment(OfferCatalog catalog, in OfferCustomer customer, long now, ContactLog log)
        {
            Now = now;
            DeferredTo = now;
            QuietMask = 0;
            Skip = false;
            if (catalog.QuietMask != 0 && catalog.QuietHours is { } quiet && quiet.Contains(customer.LocalTime))
            {
                QuietMask = catalog.QuietMask;
                Skip = quiet.Policy == QuietHoursPolicy.Skip;
                DeferredTo = now + quiet.Remaining(customer.LocalTime).BclCompatibleTicks;
            }

            History = log.HasHistory(customer.Index);
        }
    }

    private Verdict Admit(int i, in OfferCustomer customer, in Moment moment, ContactLog log, Span<int> capUsed, out Candidate candidate)
    {
        candidate = default;
        var catalog = Catalog;
        ref readonly var slot = ref catalog.Slots[i];
        if ((customer.ConsentedChannels & slot.ChannelBit) == 0)
        {
            return Verdict.NoConsent;
        }

        if (!RuleCode.Evaluate(catalog.Code.AsSpan(slot.CodeStart, slot.CodeLength), slot.Shape, in customer))
        {
            return Verdict.Ineligible;
        }

        return Constrain(i, in slot, in customer, in moment, log, capUsed, out candidate);
    }

    /// <summary>The checks after consent and eligibility: quiet hours, limit, budget, cap, cooldown, expected value.</summary>
    private Verdict Constrain(int i, in OfferSlot slot, in OfferCustomer customer, in Moment moment, ContactLog log, Span<int> capUsed, out Candidate candidate)
    {
        candidate = default;
        var catalog = Catalog;
        var sendAt = moment.Now;
        var deferred = false;
        if ((moment.QuietMask & slot.ChannelBit) != 0)
        {
            if (moment.Skip)
            {
                return Verdict.QuietHours;
            }

            sendAt = moment.DeferredTo;
            deferred = true;
        }

        if (slot.Limit != int.MaxValue && log.IssuedAt(i) >= slot.Limit)
        {
            return Verdict.LimitReached;
        }

        if (slot.Budget >= 0 && log.SpentAt(slot.Budget) + slot.Cost > catalog.BudgetLimits[slot.Budget])
        {
            return Verdict.BudgetExhausted;
        }

        if (moment.History)
        {
            var channel = slot.Channel;
            var messages = catalog.CapMessages[channel];
            if (messages > 0)
            {
                if (capUsed[channel] < 0)
                {
                    capUsed[channel] = log.ChannelSendsNear(customer.Index, channel, sendAt, catalog.CapWindowTicks[channel], messages);
                }

                if (capUsed[channel] >= messages)
                {
                    return Verdict.FrequencyCap;
                }
            }

            if (slot.CooldownTicks > 0 && log.OfferSentNear(customer.Index, i, sendAt, slot.CooldownTicks))
            {
                return Verdict.Cooldown;
            }
        }

        var p = Model.Probability(in customer, catalog.OfferArray[i]);
        if (!(p is >= 0d and <= 1d))
        {
            ThrowBadProbability(p);
        }

        var ev = (p * slot.ValuePerResponse) - slot.ContactCost;
        candidate = new Candidate(i, p, ev, sendAt, deferred);
        return ev >= MinimumExpectedValue ? Verdict.Candidate : Verdict.LowValue;
    }

    private int Select(in OfferCustomer customer, ContactLog log, Span<Candidate> candidates, ReadOnlySpan<int> capUsed, Span<OfferChoice> destination)
    {
        var catalog = Catalog;
        var chosen = 0;
        var remaining = candidates.Length;
        while (chosen < destination.Length && remaining > 0)
        {
            var best = 0;
            for (var j = 1; j < remaining; j++)
            {
                if (Better(in candidates[j], in candidates[best]))
                {
                    best = j;
                }
            }

            var candidate = candidates[best];
            candidates[best] = candidates[remaining - 1];
            remaining--;
            if (FitsWith(in candidate, destination[..chosen], log, capUsed))
            {
                var offer = catalog.OfferArray[candidate.Offer];
                destination[chosen++] = new OfferChoice(offer, candidate.Offer, customer.Index, candidate.Probability, candidate.ExpectedValue, Instant.FromUnixTimeTicks(candidate.SendAt), candidate.Deferred);
            }
        }

        return chosen;
    }

    /// <summary>Whether a candidate can be sent together with the choices already taken in this decision.</summary>
    private bool FitsWith(in Candidate candidate, ReadOnlySpan<OfferChoice> taken, ContactLog log, ReadOnlySpan<int> capUsed)
    {
        var catalog = Catalog;
        var i = candidate.Offer;
        var group = catalog.GroupOf[i];
        var channel = catalog.ChannelOf[i];
        var budget = catalog.BudgetOf[i];
        var sameChannel = 0;
        var budgetTaken = 0m;
        foreach (ref readonly var other in taken)
        {
            var o = other.OfferIndex;
            if (group >= 0 && catalog.GroupOf[o] == group)
            {
                return false;
            }

            if (catalog.ChannelOf[o] == channel)
            {
                sameChannel++;
            }

            if (budget >= 0 && catalog.BudgetOf[o] == budget)
            {
                budgetTaken += catalog.CostOf[o];
            }
        }

        var messages = catalog.CapMessages[channel];
        if (messages > 0 && sameChannel > 0 && Math.Max(capUsed[channel], 0) + sameChannel >= messages)
        {
            return false;
        }

        return budget < 0 || budgetTaken == 0m || log.SpentAt(budget) + budgetTaken + catalog.CostOf[i] <= catalog.BudgetLimits[budget];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Better(in Candidate a, in Candidate b)
    {
        if (a.ExpectedValue != b.ExpectedValue)
        {
            return a.ExpectedValue > b.ExpectedValue;
        }

        var slots = Catalog.Slots;
        var pa = slots[a.Offer].Priority;
        var pb = slots[b.Offer].Priority;
        return pa != pb ? pa > pb : a.Offer < b.Offer;
    }

    private void CheckLog(ContactLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!ReferenceEquals(log.Catalog, Catalog))
        {
            throw new ArgumentException("The contact log belongs to another catalog.", nameof(log));
        }
    }

    private static void ThrowBadProbability(double p) =>
        throw new InvalidOperationException("The response model returned " + p.ToString("R", CultureInfo.InvariantCulture) + ", which is not a probability from 0 to 1.");

    private OfferConsideration Consider(int i, in OfferCustomer customer, Instant now, in Moment moment, ContactLog log, Span<int> capUsed, OfferChoice[] choices)
    {
        var catalog = Catalog;
        var offer = catalog.Offers[i];
        var channel = offer.Channel;
        var checks = new List<OfferCheck>();
        var consent = customer.HasConsent(channel);
        checks.Add(new OfferCheck("consent to " + channel, consent, consent ? "given" : "not given: never sent on " + channel, 0));
        var eligible = Explainer.Interpret(offer.Rule, in customer, catalog, checks, 0);
        var verdict = Admit(i, in customer, in moment, log, capUsed, out var candidate);
        var sendAt = now;
        if ((catalog.QuietMask & (1 << (int)channel)) != 0 && catalog.QuietHours is { } quiet)
        {
            var inside = quiet.Contains(customer.LocalTime);
            var skip = inside && quiet.Policy == QuietHoursPolicy.Skip;
            if (inside && !skip)
            {
                sendAt = now + quiet.Remaining(customer.LocalTime);
            }

            var seen = "local time " + QuietHours.Format(customer.LocalTime) + (!inside ? ", outside" : skip ? ", inside: skipped" : ", inside: deferred to " + sendAt.ToString());
            checks.Add(new OfferCheck("quiet hours " + quiet, !skip, seen, 0));
        }

        if (offer.RedemptionLimit is { } limit)
        {
            var issued = log.IssuedAt(i);
            checks.Add(new OfferCheck("redemption limit " + limit.ToString(CultureInfo.InvariantCulture), issued < limit, "issued " + issued.ToString(CultureInfo.InvariantCulture), 0));
        }

        if (catalog.BudgetOf[i] is var budget and >= 0)
        {
            var spent = log.SpentAt(budget);
            var fits = spent + catalog.CostOf[i] <= catalog.BudgetLimits[budget];
            checks.Add(new OfferCheck(
                "budget " + offer.Budget + " of " + Preconditions.Render(catalog.Budgets[budget].Limit),
                fits,
                "spent " + Preconditions.Render(new Money(spent, catalog.Currency)) + ", cost " + Preconditions.Render(new Money(catalog.CostOf[i], catalog.Currency)),
                0));
        }

        if (offer.Cooldown > Duration.Zero)
        {
            var near = log.OfferSentNear(customer.Index, i, sendAt.ToUnixTimeTicks(), catalog.CooldownTicks[i]);
            var sends = log.OfferSends(customer.Index, i);
            var seen = sends.IsEmpty ? "never sent" : "sent at " + string.Join(", ", sends.ToArray().Select(t => Instant.FromUnixTimeTicks(t).ToString()));
            checks.Add(new OfferCheck("cooldown " + FrequencyCap.Describe(offer.Cooldown), !near, seen, 0));
        }

        var cap = catalog.FrequencyCapOf(channel);
        if (!cap.IsNone)
        {
            var used = log.ChannelSendsNear(customer.Index, (int)channel, sendAt.ToUnixTimeTicks(), cap.Window.BclCompatibleTicks, int.MaxValue);
            checks.Add(new OfferCheck(
                channel + " cap " + cap,
                used < cap.Messages,
                used.ToString(CultureInfo.InvariantCulture) + " sent within " + FrequencyCap.Describe(cap.Window) + " of " + sendAt.ToString(),
                0));
        }

        double? p = null;
        double? ev = null;
        if (verdict is Verdict.Candidate or Verdict.LowValue)
        {
            p = candidate.Probability;
            ev = candidate.ExpectedValue;
            checks.Add(new OfferCheck(
                "expected value at least " + MinimumExpectedValue.ToString("0.####", CultureInfo.InvariantCulture),
                verdict == Verdict.Candidate,
                string.Create(CultureInfo.InvariantCulture, $"p {candidate.Probability:0.####} x (margin - cost) {catalog.ValuePerResponse[i]:0.####} - contact {catalog.ContactCostOf[i]:0.####} = {candidate.ExpectedValue:0.####}"),
                0));
        }

        var outcome = Array.Exists(choices, c => c.OfferIndex == i) ? OfferOutcome.Chosen
            : !eligible ? OfferOutcome.Ineligible
            : verdict == Verdict.Candidate ? OfferOutcome.Outranked
            : OfferOutcome.Blocked;
        return new OfferConsideration(offer, outcome, p, ev, checks.AsReadOnly());
    }

    internal readonly record struct Candidate(int Offer, double Probability, double ExpectedValue, long SendAt, bool Deferred);

    private readonly record struct BatchEntry(double ExpectedValue, int Position) : IComparable<BatchEntry>
    {
        public int CompareTo(BatchEntry other) =>
            ExpectedValue != other.ExpectedValue ? other.ExpectedValue.CompareTo(ExpectedValue) : Position.CompareTo(other.Position);
    }
}
