using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// The append-only points ledger of one program: applies events idempotently, keeps every customer's history, and
/// answers balance, history and "expiring soon" questions as of any instant.
/// </summary>
/// <remarks>
/// <para>
/// <b>Events.</b> <see cref="Apply"/> takes one event and returns what it did (<see cref="ApplyResult"/>); an event
/// whose key was applied before is a <see cref="ApplyStatus.Duplicate"/> and changes nothing. Events of one customer
/// must come in time order: an event earlier than that customer's last event (or than an <see cref="AdvanceTo"/>) is
/// refused, never silently reordered. Events before 1900-01-01 or from 9000-01-01 (UTC) on are refused too, so that
/// expiry months, return windows and tier windows stay within the calendar. <see cref="Replay"/> sorts a batch into
/// replay order first (see <see cref="LoyaltyEvent"/>), so a replay gives the same ledger whatever order the events
/// arrive in.
/// </para>
/// <para>
/// <b>Lots, pending and expiry.</b> Each earning creates a lot. An order's lot is pending until the program's return
/// window has passed; pending points count in <see cref="PointsBalance.Pending"/> but cannot be spent. Spending takes
/// points from the oldest available lots first. Expiry after earning expires what remains of each lot at its expiry
/// instant; expiry after inactivity expires the whole available balance when the customer has neither earned nor spent
/// for the set number of months (manual adjustments are not activity). Confirmations and expiries are written to the
/// history when the ledger reaches their instant: when a later event of the customer is applied, or on
/// <see cref="AdvanceTo"/>; balance questions about later instants compute them without writing.
/// </para>
/// <para>
/// <b>Refunds.</b> A refund reverses the order's points in proportion to the multiplier-weighted basis it gives back,
/// cumulatively over the order's refunds (rounded down, so the customer keeps a fraction of a point, and exactly all
/// of them once the whole order is refunded); a cancellation reverses what is left. The points come from the order's
/// own lots first, then from other available points, oldest first; any shortfall follows the program's
/// <see cref="ClawbackPolicy"/>.
/// </para>
/// <para>
/// <b>Limits.</b> The per-day and per-month caps count points awarded by orders and bonuses, before any later
/// reversal; a reversal does not give room back. Redemptions never take the balance below zero.
/// </para>
/// <para>Thread safety: mutable and not safe for concurrent use; shard customers across ledgers to use more cores.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var ledger = new PointsLedger(program);
/// ledger.Apply(new OrderPlaced(order));
/// ledger.Apply(new OrderRefunded(refund));
/// PointsBalance balance = ledger.GetBalance(customerId, clock.GetCurrentInstant());
/// ]]></code>
/// </example>
public sealed class PointsLedger
{
    // Rule names are stored in entries as indexes into _rules: first these, then one per bonus trigger, then the rules
    // of rewards and adjustments in the order the ledger first writes them.
    private const int OrderRule = 0;
    private const int RefundRule = 1;
    private const int CancellationRule = 2;
    private const int ReturnWindowRule = 3;
    private const int ExpiryRule = 4;
    private const int InactivityRule = 5;
    private const int FirstBonusRule = 6;
    private static readonly string[] FixedRules =
        ["order", "refund", "cancellation", "return-window", "expiry", "inactivity", .. Enum.GetNames<BonusTrigger>().Select(n => "bonus:" + n)];

    private readonly AccountTable _accounts = new();

    // Every remembered key, numbered; an order's key carries the index of its record in _orders (-1 when it earned nothing).
    private readonly KeyTable _keys = new();
    private readonly ChunkedStore<EntryRecord> _entries = new();
    private readonly ChunkedStore<Lot> _lots = new();
    private readonly ChunkedStore<OrderRecord> _orders = new();
    private readonly ChunkedStore<RefundState> _refunds = new();
    private readonly List<string> _rules = [.. FixedRules];
    private readonly Dictionary<string, int> _ruleIndexes = new(StringComparer.Ordinal);
    private readonly ZoneCache _zone;
    private readonly LedgerUndo _undo = new();
    private readonly bool _expiresAfterEarning;
    private readonly bool _expiresAfterInactivity;
    private readonly bool _hasReturnWindow;
    private long _entryCount;
    private int _eventId;
    private int _eventValue;
    private Account? _newAccount;
    private Account? _newReferee;
    private readonly TierEngine? _tiers;
    private readonly bool _tiersOnSpend;
    private bool _forgetKey;
    private Instant _advancedTo = Instant.MinValue;

    /// <summary>The earliest instant of an event the ledger applies: earlier events are refused.</summary>
    internal static readonly Instant EarliestEvent = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The end of the instants of events the ledger applies: this instant and later ones are refused.</summary>
    internal static readonly Instant EndOfEvents = Instant.FromUtc(9000, 1, 1, 0, 0);

    /// <summary>Creates an empty ledger for a program.</summary>
    /// <param name="program">The program whose rules the ledger applies.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="program"/> is <see langword="null"/>.</exception>
    public PointsLedger(PointsProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        _zone = new ZoneCache(program.TimeZone, program.Expiry.Months, program.ReturnWindow);
        _expiresAfterEarning = program.Expiry.Kind == ExpiryKind.AfterEarning;
        _expiresAfterInactivity = program.Expiry.Kind == ExpiryKind.AfterInactivity;
        _hasReturnWindow = !program.ReturnWindow.Equals(Period.Zero);
        if (program.Tiers is { } ladder)
        {
            _tiers = new TierEngine(ladder, program.TimeZone);
            _tiersOnSpend = ladder.Basis == TierBasis.Spend;
        }
    }

    /// <summary>Gets the program whose rules the ledger applies.</summary>
    /// <value>The program.</value>
    public PointsProgram Program { get; }

    /// <summary>Gets the number of customers the ledger keeps an account for: every customer of an applied or ignored event; refused events add none.</summary>
    /// <value>The number of customers.</value>
    public int CustomerCount => _accounts.Count;

    /// <summary>Gets the number of entries written so far, over all customers.</summary>
    /// <value>The number of entries.</value>
    public long EntryCount => _entryCount;

    /// <summary>Gets how many records each store holds, written slots only: what a failed event must leave as it found
    /// (the rollback's truncations are otherwise visible only as memory).</summary>
    internal (int Entries, int Lots, int Orders, int Refunds, int RuleNames) StoredRecords => (_entries.Count, _lots.Count, _orders.Count, _refunds.Count, _rules.Count);

    /// <summary>Gets the customers the ledger knows, in no particular order.</summary>
    /// <value>The customers.</value>
    public IEnumerable<CustomerId> Customers => _accounts.Accounts.Select(a => a.Id);

    /// <summary>
    /// Returns the earliest instant at which <see cref="Apply"/> accepts an event of the customer: the customer's last
    /// event or the last <see cref="AdvanceTo"/>, whichever is later (events of one customer come in time order).
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The instant; for a customer the ledger does not know, the last <see cref="AdvanceTo"/>, or
    /// <see cref="Instant.MinValue"/> when there was none.</returns>
    /// <remarks>A caller that receives an event late and may move it forward in time (a sign-up bonus, say) can apply it at
    /// this instant instead of having it refused; moving an order or a refund would change what it earns, so do not.</remarks>
    public Instant AcceptsEventsFrom(CustomerId customerId) =>
        _accounts.TryGetValue(customerId, out var account) ? account.Clock : _advancedTo;

    /// <summary>Applies one event.</summary>
    /// <param name="loyaltyEvent">The event.</param>
    /// <returns>What the ledger did, the change in points, and why.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="loyaltyEvent"/> is <see langword="null"/>.</exception>
    /// <exception cref="OverflowException">Thrown when a points total would not fit in a 64-bit integer (or an amount
    /// computed from the event in a <see cref="decimal"/>); the event is then not applied and the ledger is left exactly as
    /// it was before the call, so the exception can be caught and the stream continued.</exception>
    public ApplyResult Apply(LoyaltyEvent loyaltyEvent)
    {
        ArgumentNullException.ThrowIfNull(loyaltyEvent);
        var key = loyaltyEvent.Key;

        // Start the loads of the key's and the customer's table slots together, so their cache misses overlap.
        var hash = KeyTable.Hash(key.Value);
        _keys.Prefetch(hash);
        var customerHash = _accounts.Prefetch(loyaltyEvent.CustomerId);
        if (_keys.Find(key, hash) >= 0)
        {
            return new ApplyResult(ApplyStatus.Duplicate, 0, null);
        }

        if (loyaltyEvent.At < EarliestEvent || loyaltyEvent.At >= EndOfEvents)
        {
            // Calendar arithmetic (expiry months, tier windows, local days) must stay inside the representable dates.
            return Refused(Render($"event at {loyaltyEvent.At} is outside the instants the ledger supports, from {EarliestEvent} up to {EndOfEvents}"));
        }

        _forgetKey = false;
        _accounts.PrefetchAccount(customerHash);

        // Entries and lots refer to the event by the id its key gets when it is remembered at the end.
        _eventId = _keys.Count;
        _eventValue = -1;
        _undo.Begin(_entries.Count, _lots.Count, _orders.Count, _refunds.Count, _rules.Count, _entryCount);
        ApplyResult result;
        try
        {
            result = loyaltyEvent switch
            {
                OrderPlaced e => ApplyOrder(e),
                OrderRefunded e => ApplyRefund(e),
                OrderCancelled e => ApplyCancellation(e),
                ActionPerformed e => ApplyAction(e),
                BirthdayReached e => ApplyBirthday(e),
                RewardRedeemed e => ApplyRedemption(e),
                PointsAdjusted e => ApplyAdjustment(e),
                _ => throw new ArgumentException("Unknown event type " + loyaltyEvent.GetType().Name + ".", nameof(loyaltyEvent)), // the base constructor is private protected
            };
        }
        catch
        {
            // An exception (an overflow) half way through leaves the ledger as it was before the event.
            Rollback();
            throw;
        }

        _undo.End();

        if (result.Status == ApplyStatus.Applied || (result.Status == ApplyStatus.Ignored && !_forgetKey))
        {
            _keys.Add(key, hash, _eventValue);
        }

        // A refused event changes nothing, not even the set of known customers.
        if (result.Status != ApplyStatus.Refused)
        {
            Register(_newAccount);
            Register(_newReferee);
        }

        _newAccount = null;
        _newReferee = null;

        Preconditions.DebugCheckState(result.Status == ApplyStatus.Applied || result.Change == Points.Zero, "only applied events change points");
        return result;
    }

    /// <summary>Undoes what the event being applied wrote before it threw: the ledger is as it was before the event.</summary>
    private void Rollback()
    {
        _undo.Restore(_lots, _orders, _refunds);
        _entries.Truncate(_undo.Entries);
        _lots.Truncate(_undo.Lots);
        _orders.Truncate(_undo.Orders);
        _refunds.Truncate(_undo.Refunds);
        _entryCount = _undo.EntryCount;
        for (var i = _rules.Count - 1; i >= _undo.Rules; i--)
        {
            _ruleIndexes.Remove(_rules[i]);
        }

        _rules.RemoveRange(_undo.Rules, _rules.Count - _undo.Rules);
        _newAccount = null;
        _newReferee = null;
    }

    /// <summary>Applies a batch of events in replay order (instant, kind, key), whatever order they come in.</summary>
    /// <param name="events">The events; enumerated once. Input already in replay order is not re-sorted.</param>
    /// <returns>How many events were applied, duplicates, ignored and refused, with the refused ones.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="events"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="OverflowException">Thrown as by <see cref="Apply"/>: the events before the one that overflowed stay
    /// applied, that event and the ones after it are not.</exception>
    public ReplayReport Replay(IEnumerable<LoyaltyEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = events.ToArray();
        var sorted = true;
        for (var i = 0; i < batch.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(batch[i], nameof(events));
            if (i > 0 && LoyaltyEvent.CompareForReplay(batch[i - 1], batch[i]) > 0)
            {
                sorted = false;
            }
        }

        if (!sorted)
        {
            batch = [.. batch.Order(Comparer<LoyaltyEvent>.Create(LoyaltyEvent.CompareForReplay))];
        }

        var counts = new int[4];
        var refused = new List<RefusedEvent>();
        for (var i = 0; i < batch.Length; i++)
        {
            // A pipeline of cache hints over the next events (hints only: they change nothing): the table slots three
            // events ahead, the account two ahead (its slot is loaded by then), its oldest lots one ahead.
            if (i + 3 < batch.Length)
            {
                var ahead = batch[i + 3];
                _keys.Prefetch(KeyTable.Hash(ahead.Key.Value));
                _accounts.Prefetch(ahead.CustomerId);
            }

            if (i + 2 < batch.Length)
            {
                _accounts.PrefetchAccount(KeyTable.Hash(batch[i + 2].CustomerId.Value));
            }

            if (i + 1 < batch.Length)
            {
                var next = batch[i + 1];
                if (_accounts.PrefetchAccount(KeyTable.Hash(next.CustomerId.Value)) is { } account && account.DueBound <= next.At)
                {
                    _lots.Prefetch(account.PendingHead);
                    _lots.Prefetch(account.Head);
                }
            }

            var e = batch[i];
            var result = Apply(e);
            counts[(int)result.Status]++;
            if (result.Status == ApplyStatus.Refused)
            {
                refused.Add(new RefusedEvent(e, result));
            }
        }

        return new ReplayReport(counts[0], counts[1], counts[2], counts[3], refused);
    }

    /// <summary>
    /// Writes every confirmation and expiry due up to <paramref name="at"/> for every customer, as a nightly job would;
    /// afterwards events before <paramref name="at"/> are refused as out of order.
    /// </summary>
    /// <param name="at">The instant to advance to.</param>
    /// <exception cref="InvalidValueException">Thrown, before anything changes, when <paramref name="at"/> is outside the
    /// instants the ledger supports (from 1900-01-01 up to 9000-01-01 UTC), where calendar arithmetic would fail.</exception>
    /// <exception cref="OverflowException">Thrown, before anything changes, when a customer's points totals would not fit
    /// in a 64-bit integer once the due confirmations and expiries are written.</exception>
    public void AdvanceTo(Instant at)
    {
        CheckSupported(at);

        // Writing what is due can overflow only for an account whose totals are near the 64-bit range (a confirmation
        // adds at most the pending points to the available ones, an expiry at most both to the expired ones). Such rare
        // accounts are advanced on a copy first, so an overflow throws before any account or the clock changes.
        foreach (var account in _accounts.Accounts)
        {
            if (account.Clock < at && account.MayOverflowWhenAdvanced)
            {
                Advance(account.CloneForWhatIf(), at);
            }
        }

        if (at > _advancedTo)
        {
            _advancedTo = at;
        }

        foreach (var account in _accounts.Accounts)
        {
            if (account.Clock < at)
            {
                Advance(account, at);
            }

            if (account.Tiers is { } book)
            {
                _tiers!.Advance(book, at);
            }
        }
    }

    /// <summary>Returns a customer's tier status at an instant.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">The instant; before the customer's last event the written tier history answers, after it the
    /// due reviews and downgrades are computed without being written.</param>
    /// <returns>The status; level 0 for a customer the ledger does not know.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the program has no tier ladder.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="at"/> is outside the instants the ledger
    /// supports (from 1900-01-01 up to 9000-01-01 UTC).</exception>
    public TierStatus GetTier(CustomerId customerId, Instant at)
    {
        var tiers = RequireTiers();
        CheckSupported(at);
        return _accounts.TryGetValue(customerId, out var account) && account.Tiers is { } book
            ? tiers.Status(book, at)
            : new TierStatus(tiers.Ladder.Tiers[0], 0, null, null, null, 0m);
    }

    /// <summary>Returns what a customer still needs to reach the next tier and to keep the current one.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">The instant to look from.</param>
    /// <returns>The progress; for a customer the ledger does not know, the way from level 0.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the program has no tier ladder.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="at"/> is outside the instants the ledger
    /// supports (from 1900-01-01 up to 9000-01-01 UTC).</exception>
    public TierProgress GetTierProgress(CustomerId customerId, Instant at)
    {
        var tiers = RequireTiers();
        CheckSupported(at);
        return tiers.Progress(_accounts.TryGetValue(customerId, out var account) && account.Tiers is { } book ? book : new TierBook(at, false), at);
    }

    /// <summary>Returns a customer's written tier changes (upgrades, renewals, downgrades), oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>A copy of the changes; empty for a customer the ledger does not know.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the program has no tier ladder.</exception>
    public IReadOnlyList<TierChange> TierHistory(CustomerId customerId)
    {
        RequireTiers();
        return _accounts.TryGetValue(customerId, out var account) && account.Tiers is { } book ? [.. book.History!] : [];
    }

    /// <summary>Refuses an instant outside [<see cref="EarliestEvent"/>, <see cref="EndOfEvents"/>): the calendar arithmetic
    /// of expiry, tier windows and local days is only sure to stay within the representable dates inside it.</summary>
    private static void CheckSupported(Instant at)
    {
        // The instant is boxed for the message only when it is refused: an advance or a query allocates nothing for it.
        if (at < EarliestEvent || at >= EndOfEvents)
        {
            Preconditions.ThrowInvalid("at", at, "must be from 1900-01-01T00:00:00Z up to (not including) 9000-01-01T00:00:00Z, the instants the ledger supports");
        }
    }

    private TierEngine RequireTiers() =>
        _tiers ?? throw new InvalidOperationException("The points program \"" + Program.Name + "\" has no tier ladder.");

    /// <summary>Returns a customer's balance at an instant.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">The instant; at or before the customer's last event the written history answers, after it the due confirmations and expiries are computed without being written.</param>
    /// <returns>The balance; all zero for a customer the ledger does not know.</returns>
    public PointsBalance GetBalance(CustomerId customerId, Instant at)
    {
        if (!_accounts.TryGetValue(customerId, out var account))
        {
            return default;
        }

        if (at >= account.Clock)
        {
            var whatIf = account.CloneForWhatIf();
            Advance(whatIf, at);
            return whatIf.Balance;
        }

        // The entries up to the first one after the instant (the history is in time order), summed newest first: an
        // entry after the instant drops what was summed so far.
        var available = 0L;
        var pending = 0L;
        var earned = 0L;
        var redeemed = 0L;
        var expired = 0L;
        var reversed = 0L;
        var adjusted = 0L;
        for (var i = account.LastEntry; i >= 0; i = _entries[i].Previous)
        {
            ref var entry = ref _entries[i];
            if (entry.At > at)
            {
                available = pending = earned = redeemed = expired = reversed = adjusted = 0L;
                continue;
            }

            var a = entry.Available;
            var p = entry.Pending;
            available += a;
            pending += p;
            switch (entry.Kind)
            {
                case LedgerEntryKind.Earned or LedgerEntryKind.Pending: earned += a + p; break;
                case LedgerEntryKind.Redeemed: redeemed -= a + p; break;
                case LedgerEntryKind.Expired: expired -= a + p; break;
                case LedgerEntryKind.Reversed: reversed -= a + p; break;
                case LedgerEntryKind.Adjusted: adjusted += a + p; break;
                default: break;
            }
        }

        return new PointsBalance(new Points(available), new Points(pending), new Points(earned), new Points(redeemed), new Points(expired), new Points(reversed), new Points(adjusted));
    }

    /// <summary>Returns a customer's written history, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>A copy of the customer's entries; empty for a customer the ledger does not know.</returns>
    public IReadOnlyList<LedgerEntry> History(CustomerId customerId)
    {
        if (!_accounts.TryGetValue(customerId, out var account))
        {
            return [];
        }

        var history = new LedgerEntry[account.EntryCount];
        var next = history.Length;
        for (var i = account.LastEntry; i >= 0; i = _entries[i].Previous)
        {
            ref var entry = ref _entries[i];
            history[--next] = new LedgerEntry(account.Id, entry.Kind, entry.At, _keys.KeyAt(entry.Cause), entry.Available, entry.Pending, _rules[entry.Rule]);
        }

        return [.. history];
    }

    /// <summary>
    /// Returns the points that will expire within the next <paramref name="days"/> local days unless spent first: those
    /// whose last day to spend is at most <paramref name="days"/> days after the local date of <paramref name="at"/>.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">The instant to look from.</param>
    /// <param name="days">The number of days to look ahead, from 0 (today) to 36,500.</param>
    /// <returns>The expiring points grouped by expiry instant, soonest first; empty when nothing expires.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="days"/> is out of range, or <paramref name="at"/>
    /// is outside the instants the ledger supports (from 1900-01-01 up to 9000-01-01 UTC).</exception>
    public IReadOnlyList<ExpiringPoints> ExpiringWithin(CustomerId customerId, Instant at, int days)
    {
        CheckSupported(at);
        Preconditions.CheckValue(days is >= 0 and <= 36_500, "days", days, "must be from 0 to 36500");
        if (!_accounts.TryGetValue(customerId, out var account) || Program.Expiry.Kind == ExpiryKind.Never)
        {
            return [];
        }

        var whatIf = account.CloneForWhatIf();
        if (at > whatIf.Clock)
        {
            Advance(whatIf, at);
        }

        var horizon = _zone.StartOfDay(checked(_zone.DayNumber(at) + days + 1));
        var result = new List<ExpiringPoints>();
        if (_expiresAfterInactivity)
        {
            if (whatIf.InactivityDue <= horizon && whatIf.InactivityDue > at)
            {
                // Everything available at the due instant expires: lots available now and pending lots confirmed by then.
                var total = 0L;
                for (var i = whatIf.Head; i >= 0; i = whatIf.Lots[i].Next)
                {
                    ref var lot = ref whatIf.Lots[i];
                    if (!lot.IsPending || lot.AvailableAt <= whatIf.InactivityDue)
                    {
                        total += lot.Remaining;
                    }
                }

                if (total > 0)
                {
                    result.Add(Expiring(whatIf.InactivityDue, total));
                }
            }

            return result;
        }

        var lots = whatIf.Lots;
        for (var i = whatIf.Head; i >= 0 && lots[i].ExpiresAt <= horizon; i = lots[i].Next)
        {
            if (lots[i].Remaining == 0)
            {
                continue;
            }

            if (result.Count > 0 && result[^1].ExpiresAt == lots[i].ExpiresAt)
            {
                result[^1] = result[^1] with { Points = result[^1].Points + new Points(lots[i].Remaining) };
            }
            else
            {
                result.Add(Expiring(lots[i].ExpiresAt, lots[i].Remaining));
            }
        }

        return result;
    }

    private static ApplyResult Ignored(string reason) => new(ApplyStatus.Ignored, 0, reason);

    private static ApplyResult Refused(string reason) => new(ApplyStatus.Refused, 0, reason);

    private static string Render(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private ExpiringPoints Expiring(Instant expiresAt, long points) =>
        new(expiresAt, expiresAt.InZone(Program.TimeZone).Date.PlusDays(-1), new Points(points));

    /// <summary>
    /// The customer's account, or a new one staged until the event turns out not to be refused; false when
    /// <paramref name="at"/> is before the account's clock.
    /// </summary>
    private bool TryInOrder(CustomerId customerId, Instant at, out Account account)
    {
        if (_accounts.TryGetValue(customerId, out var known))
        {
            _undo.SaveAccount(known);
        }
        else
        {
            // An event names a customer at most once (a referral's two customers differ), so a new account is never
            // staged twice.
            Debug.Assert(_newAccount is null || _newAccount.Id != customerId, "one account per new customer");

            // A copy of the id, allocated with the account, so that finding the customer later reads one place.
            known = new Account(new CustomerId(new string(customerId.Value)), _lots, records: true)
            {
                Undo = _undo,
                Clock = _advancedTo,
                Tiers = _tiers is null ? null : TierEngine.NewBook(at),
            };
            if (_newAccount is null)
            {
                _newAccount = known;
            }
            else
            {
                _newReferee = known;
            }
        }

        account = known;
        if (known.DueBound <= at)
        {
            // Advance will read the oldest lots: start loading them.
            _lots.Prefetch(known.PendingHead);
            _lots.Prefetch(known.Head);
        }

        return at >= account.Clock;
    }

    private void Register(Account? account)
    {
        if (account is not null)
        {
            _accounts.Add(account);
        }
    }

    private static ApplyResult OutOfOrder(LoyaltyEvent e, Account account) =>
        Refused(Render($"event at {e.At} is earlier than customer {account.Id}'s last event at {account.Clock}; use Replay to apply events out of order"));

    /// <summary>
    /// Refuses the event being applied after it already wrote (the confirmations and expiries due before it): puts the
    /// ledger back as it was before the event, so that a refused event changes nothing. Cheaper than a what-if copy of
    /// the account, whose cost grew with the customer's live lots.
    /// </summary>
    private ApplyResult RefuseAfterWriting(string reason)
    {
        Rollback();
        return Refused(reason);
    }

    private ApplyResult ApplyOrder(OrderPlaced e)
    {
        var order = e.Order;
        if (order.Currency != Program.Currency)
        {
            return Refused(Render($"order {order.Id} is in {order.Currency}, the program in {Program.Currency}"));
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return Ignored(Render($"order {order.Id} is cancelled"));
        }

        if (!TryInOrder(e.CustomerId, e.At, out var account))
        {
            return OutOfOrder(e, account);
        }

        Advance(account, e.At);
        var earning = Program.Earn(order, account.Tiers is { } tierBook ? _tiers!.MultiplierAt(tierBook, e.At) : 1m);
        if (earning.Outcome == EarnOutcome.BelowMinimum)
        {
            return IgnoredButQualifying(account, e, earning.Basis, Render($"order {order.Id} is below the minimum order value {Program.MinimumOrderValue}"));
        }

        if (earning.Outcome == EarnOutcome.NothingEligible)
        {
            return Ignored(Render($"order {order.Id} has nothing that earns points (excluded products or a zero amount)"));
        }

        string? note = earning.Outcome == EarnOutcome.Capped ? Render($"capped at {Program.MaxPointsPerOrder} per order") : null;
        var basePoints = earning.Points;
        var bonusPoints = 0L;
        ActionBonus? firstOrder = null;
        if (!account.HasOrdered)
        {
            account.HasOrdered = true;
            firstOrder = Program.BonusFor(BonusTrigger.FirstOrder);
            if (firstOrder is not null && !WithinBonusLimits(account, firstOrder, e.At, out _))
            {
                firstOrder = null;
            }

            bonusPoints = firstOrder?.Points.Value ?? 0;
        }

        var room = CapRoom(account, e.At);
        if (basePoints + bonusPoints > room)
        {
            note = Render($"capped by the customer's daily or monthly points limit ({room} points of room left)");
            basePoints = Math.Min(basePoints, room);
            bonusPoints = Math.Min(bonusPoints, room - basePoints);
        }

        var total = basePoints + bonusPoints;
        if (total == 0)
        {
            return IgnoredButQualifying(account, e, earning.Basis, note ?? Render($"order {order.Id} earns no points"));
        }

        var availableAt = _zone.AvailableAt(e.At);
        var pending = _hasReturnWindow && availableAt > e.At;
        var expiresAt = _expiresAfterEarning ? _zone.ExpiryFor(e.At) : Instant.MaxValue;
        var firstLot = -1;
        var lotCount = 0;
        if (basePoints > 0)
        {
            firstLot = Earn(account, e, basePoints, pending, availableAt, expiresAt, OrderRule);
            lotCount++;
        }

        if (bonusPoints > 0)
        {
            var bonusLot = Earn(account, e, bonusPoints, pending, availableAt, expiresAt, FirstBonusRule + (int)BonusTrigger.FirstOrder);
            firstLot = lotCount == 0 ? bonusLot : firstLot;
            lotCount++;
            CountBonus(account, firstOrder!, e.At);
        }

        CountCap(account, total);

        // The event key is derived from the order id, so an order id earns at most once; the key carries the record.
        ref var record = ref _orders.Add(out _eventValue);
        record.Order = order;
        record.Points = total;
        record.FirstLot = firstLot;
        record.LotCount = lotCount;
        record.RefundState = -1;
        if (account.Tiers is { } book)
        {
            record.TierContribution = _tiers!.Contribute(book, e.At, _tiersOnSpend ? earning.Basis : total, e.Key);
        }

        Touch(account, e.At);
        return new ApplyResult(ApplyStatus.Applied, total, note);
    }

    /// <summary>
    /// An order that earns no points (below the minimum order value, or capped to nothing) still counts as qualifying
    /// spend for a spend-based tier ladder: it gets a record without lots, so that its refunds lower the spend too.
    /// </summary>
    private ApplyResult IgnoredButQualifying(Account account, OrderPlaced e, decimal basis, string reason)
    {
        if (_tiersOnSpend && account.Tiers is { } book && basis > 0m)
        {
            ref var record = ref _orders.Add(out _eventValue);
            record.Order = e.Order;
            record.Points = 0;
            record.FirstLot = -1;
            record.LotCount = 0;
            record.RefundState = -1;
            record.TierContribution = _tiers!.Contribute(book, e.At, basis, e.Key);
        }

        return Ignored(reason);
    }

    private ApplyResult ApplyRefund(OrderRefunded e)
    {
        var refund = e.Refund;
        if (OrderToReverse(e, refund.OrderId, out var recordIndex, out var account) is { } unapplied)
        {
            return unapplied;
        }

        ref var record = ref _orders[recordIndex];
        _undo.SaveOrder(recordIndex, record, _refunds);
        if (_tiersOnSpend && account.Tiers is { } book)
        {
            _undo.SaveContribution(book, record.TierContribution);

            // Qualifying spend falls by the merchandise (and shipping, when it earns) given back.
            var merchandise = Program.IncludeShipping ? refund.Shipping.Amount : 0m;
            foreach (var line in refund.Lines)
            {
                merchandise += line.Amount.Amount;
            }

            _tiers!.Reduce(book, record.TierContribution, merchandise, e.At);
        }

        ref var state = ref RefundStateOf(ref record);
        state.RefundedWeight += Program.RefundedWeight(record.Order, refund);
        state.RefundedMoney += refund.Amount.Amount;
        var weightedBasis = Program.WeightedBasis(record.Order);
        // Multiply before dividing, so that an exact share (one item of three) reverses exactly its points.
        var (given, whole) = weightedBasis > 0m
            ? (state.RefundedWeight, weightedBasis)
            : (state.RefundedMoney, record.Order.Total.Amount);
        var target = whole <= 0m || given >= whole ? record.Points : (long)decimal.Floor(record.Points * given / whole);
        var amount = target - state.Reversed;
        if (amount <= 0)
        {
            return Ignored(Render($"refund {refund.Id} reverses no whole point of order {refund.OrderId}"));
        }

        return Reverse(account, ref record, ref state, e, amount, RefundRule);
    }

    private ApplyResult ApplyCancellation(OrderCancelled e)
    {
        if (OrderToReverse(e, e.OrderId, out var recordIndex, out var account) is { } unapplied)
        {
            return unapplied;
        }

        ref var record = ref _orders[recordIndex];
        _undo.SaveOrder(recordIndex, record, _refunds);
        if (_tiersOnSpend && account.Tiers is { } book)
        {
            _undo.SaveContribution(book, record.TierContribution);
            _tiers!.Reduce(book, record.TierContribution, TierEngine.Remaining(book, record.TierContribution), e.At);
        }

        ref var state = ref RefundStateOf(ref record);
        var amount = record.Points - state.Reversed;
        return amount <= 0
            ? Ignored(Render($"order {e.OrderId} has no points left to reverse"))
            : Reverse(account, ref record, ref state, e, amount, CancellationRule);
    }

    /// <summary>
    /// Finds the order a refund or cancellation reverses and its customer's account, advanced to the event; or returns
    /// why the event is not applied (an unknown order, another customer's order, an event out of order).
    /// </summary>
    private ApplyResult? OrderToReverse(LoyaltyEvent e, OrderId orderId, out int recordIndex, out Account account)
    {
        recordIndex = FindOrder(orderId);
        account = null!;
        if (recordIndex < 0)
        {
            return UnknownOrder(recordIndex, orderId);
        }

        var customerId = _orders[recordIndex].Order.CustomerId!.Value;
        if (customerId != e.CustomerId)
        {
            return Refused(Render($"order {orderId} belongs to customer {customerId}, not {e.CustomerId}"));
        }

        if (!TryInOrder(e.CustomerId, e.At, out account))
        {
            return OutOfOrder(e, account);
        }

        Advance(account, e.At);
        return null;
    }

    /// <summary>
    /// The index of the record of an order that earned points; -1 when the ledger saw the order earn nothing, -2 when
    /// it has not seen the order.
    /// </summary>
    private int FindOrder(OrderId orderId)
    {
        var id = _keys.Find("order:", orderId.Value);
        return id < 0 ? -2 : _keys.ValueAt(id);
    }

    /// <summary>The order's refund totals, created at its first refund or cancellation.</summary>
    private ref RefundState RefundStateOf(ref OrderRecord record)
    {
        if (record.RefundState < 0)
        {
            _refunds.Add(out var index);
            record.RefundState = index;
        }

        return ref _refunds[record.RefundState];
    }

    /// <summary>
    /// A refund or cancellation of an order without points: ignored when the ledger saw the order earn nothing,
    /// refused (so that a retry can apply) when it has not seen the order yet.
    /// </summary>
    private static ApplyResult UnknownOrder(int found, OrderId orderId) =>
        found == -1
            ? Ignored(Render($"order {orderId} earned no points in this ledger"))
            : Refused(Render($"order {orderId} is not in the ledger yet; apply the order first, or use Replay"));

    private ApplyResult Reverse(Account account, ref OrderRecord record, ref RefundState state, LoyaltyEvent e, long amount, int rule)
    {
        var availableDelta = 0L;
        var pendingDelta = 0L;
        var need = amount;
        var lots = account.Lots;
        var lotIndex = record.FirstLot;
        for (var n = 0; n < record.LotCount && need > 0; n++, lotIndex = lots[lotIndex].Next)
        {
            var i = lotIndex;
            ref var lot = ref lots[i];
            var take = Math.Min(lot.Remaining, need);
            _undo.SaveLot(i, lot);
            lot.Remaining -= take;
            need -= take;
            if (lot.IsPending)
            {
                pendingDelta -= take;
            }
            else
            {
                availableDelta -= take;
            }
        }

        if (need > 0)
        {
            var taken = account.Consume(need);
            availableDelta -= taken;
            need -= taken;
        }

        string? note = null;
        if (need > 0)
        {
            if (Program.Clawback == ClawbackPolicy.AllowNegativeBalance)
            {
                account.Debt += need;
                availableDelta -= need;
                note = Render($"{need} points already spent; the balance goes negative");
            }
            else
            {
                note = Render($"{need} points already spent were forgiven; the balance stops at zero");
            }
        }

        state.Reversed += amount;
        if (!_tiersOnSpend && account.Tiers is { } book)
        {
            _undo.SaveContribution(book, record.TierContribution);
            _tiers!.Reduce(book, record.TierContribution, amount, e.At);
        }

        if (availableDelta != 0 || pendingDelta != 0)
        {
            RecordEntry(account, LedgerEntryKind.Reversed, e.At, _eventId, availableDelta, pendingDelta, rule);
        }

        return new ApplyResult(ApplyStatus.Applied, availableDelta + pendingDelta, note);
    }

    private ApplyResult ApplyAction(ActionPerformed e)
    {
        var action = e.Action;
        var trigger = action.Kind switch
        {
            ActionKind.SignUp => BonusTrigger.SignUp,
            ActionKind.Review => BonusTrigger.Review,
            ActionKind.Rating => BonusTrigger.Rating,
            ActionKind.PhotoReview => BonusTrigger.PhotoReview,
            ActionKind.SocialShare => BonusTrigger.SocialShare,
            ActionKind.Referral => BonusTrigger.ReferralReferrer,
            _ => BonusTrigger.SurveyAnswer,
        };

        if (!TryInOrder(e.CustomerId, e.At, out var account))
        {
            return OutOfOrder(e, account);
        }

        Account? referee = null;
        if (action.ReferredCustomerId is { } refereeId && !TryInOrder(refereeId, e.At, out referee))
        {
            return OutOfOrder(e, referee);
        }

        var result = PayBonus(account, trigger, e);
        if (referee is null)
        {
            return result;
        }

        var refereeResult = PayBonus(referee, BonusTrigger.ReferralReferee, e);
        string? reason = (result.Reason, refereeResult.Reason) switch
        {
            (null, null) => null,
            (null, var only) => only,
            (var only, null) => only,
            var (first, second) => first + "; " + second,
        };
        if (result.Status != ApplyStatus.Applied && refereeResult.Status != ApplyStatus.Applied)
        {
            return Ignored(reason!);
        }

        return new ApplyResult(ApplyStatus.Applied, result.Change.Value + refereeResult.Change.Value, reason);
    }

    private ApplyResult ApplyBirthday(BirthdayReached e)
    {
        var customer = e.Customer;
        if (customer.Birthday is not { } birthday)
        {
            _forgetKey = true;
            return Ignored(Render($"customer {customer.Id} has no birthday on file"));
        }

        var today = customer.LocalDateAt(e.At);
        var inWindow = Program.BirthdayMode == BirthdayMode.OnTheDay ? customer.IsBirthday(e.At) : birthday.Month == today.Month;
        if (!inWindow)
        {
            // Not remembered: the daily check that runs on the birthday itself must still pay.
            _forgetKey = true;
            return Ignored(Render($"{today:uuuu-MM-dd} is not in customer {customer.Id}'s birthday window ({Program.BirthdayMode}, birthday {birthday})"));
        }

        return TryInOrder(e.CustomerId, e.At, out var account) ? PayBonus(account, BonusTrigger.Birthday, e) : OutOfOrder(e, account);
    }

    private ApplyResult PayBonus(Account account, BonusTrigger trigger, LoyaltyEvent e)
    {
        var bonus = Program.BonusFor(trigger);
        if (bonus is null)
        {
            return Ignored(Render($"the program has no {trigger} bonus"));
        }

        Advance(account, e.At);
        if (!WithinBonusLimits(account, bonus, e.At, out var limit))
        {
            return Ignored(Render($"the {trigger} bonus is limited to {limit} for customer {account.Id}"));
        }

        var room = CapRoom(account, e.At);
        var bonusPoints = bonus.Points.Value;
        if (trigger == BonusTrigger.Birthday && account.Tiers is { } birthdayBook && _tiers!.TierAt(birthdayBook, e.At).Benefits.BirthdayPoints is { } tierBirthday)
        {
            bonusPoints = tierBirthday.Value;
        }

        var points = Math.Min(bonusPoints, room);
        if (points == 0)
        {
            return Ignored(Render($"customer {account.Id} has reached the daily or monthly points limit"));
        }

        var expiresAt = _expiresAfterEarning ? _zone.ExpiryFor(e.At) : Instant.MaxValue;
        Earn(account, e, points, false, e.At, expiresAt, FirstBonusRule + (int)trigger);
        CountBonus(account, bonus, e.At);
        CountCap(account, points);
        if (!_tiersOnSpend && account.Tiers is { } book)
        {
            _tiers!.Contribute(book, e.At, points, e.Key);
        }

        Touch(account, e.At);
        return new ApplyResult(ApplyStatus.Applied, points, points < bonusPoints ? "capped by the customer's daily or monthly points limit" : null);
    }

    private ApplyResult ApplyRedemption(RewardRedeemed e)
    {
        var reward = Program.FindReward(e.RewardId);
        if (reward is null)
        {
            return Refused(Render($"the catalog has no reward \"{e.RewardId}\""));
        }

        if (!TryInOrder(e.CustomerId, e.At, out var account))
        {
            return OutOfOrder(e, account);
        }

        var cost = reward.Cost.Value;
        Advance(account, e.At);
        if (account.Available < cost)
        {
            return RefuseAfterWriting(Render($"reward \"{reward.Id}\" costs {cost} points; customer {account.Id} has {account.Available} available ({account.Pending} pending)"));
        }

        var taken = account.Consume(cost);
        Preconditions.DebugCheckState(taken == cost, "available points are held in available lots");
        RecordEntry(account, LedgerEntryKind.Redeemed, e.At, _eventId, -cost, 0, RuleIndex(reward.LedgerRule));
        Touch(account, e.At);
        return new ApplyResult(ApplyStatus.Applied, -cost, null);
    }

    private ApplyResult ApplyAdjustment(PointsAdjusted e)
    {
        if (!TryInOrder(e.CustomerId, e.At, out var account))
        {
            return OutOfOrder(e, account);
        }

        var points = e.Points.Value;
        var rule = e.LedgerRule;
        Advance(account, e.At);
        if (points < 0 && Program.Clawback != ClawbackPolicy.AllowNegativeBalance && account.Available < -points)
        {
            return RefuseAfterWriting(Render($"taking {-points} points would leave customer {account.Id} below zero ({account.Available} available)"));
        }

        if (points > 0)
        {
            var expiresAt = _expiresAfterEarning ? _zone.ExpiryFor(e.At) : Instant.MaxValue;
            account.AddLot(_eventId, e.At, expiresAt, points, pending: false);
            RecordEntry(account, LedgerEntryKind.Adjusted, e.At, _eventId, points, 0, RuleIndex(rule));
            return new ApplyResult(ApplyStatus.Applied, points, null);
        }

        var need = -points;
        var taken = account.Consume(need);
        account.Debt += need - taken;
        RecordEntry(account, LedgerEntryKind.Adjusted, e.At, _eventId, points, 0, RuleIndex(rule));
        return new ApplyResult(ApplyStatus.Applied, points, null);
    }

    /// <summary>Adds a lot earned by the current event and its entry; returns the lot's index.</summary>
    private int Earn(Account account, LoyaltyEvent e, long points, bool pending, Instant availableAt, Instant expiresAt, int rule)
    {
        var lot = account.AddLot(_eventId, availableAt, expiresAt, points, pending);
        RecordEntry(account, pending ? LedgerEntryKind.Pending : LedgerEntryKind.Earned, e.At, _eventId, pending ? 0 : points, pending ? points : 0, rule);
        return lot;
    }

    private void RecordEntry(Account account, LedgerEntryKind kind, Instant at, int cause, long available, long pending, int rule)
    {
        account.Count(kind, available, pending);
        if (!account.Records)
        {
            return;
        }

        ref var entry = ref _entries.Add(out var index);
        entry.At = at;
        entry.Available = available;
        entry.Pending = pending;
        entry.Cause = cause;
        entry.Rule = rule;
        entry.Kind = kind;
        entry.Previous = account.LastEntry;
        account.LastEntry = index;
        account.EntryCount++;
        _entryCount++;
    }

    /// <summary>The index of a reward's or an adjustment's rule name, added to the rule names the first time.</summary>
    private int RuleIndex(string rule)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_ruleIndexes, rule, out var exists);
        if (!exists)
        {
            index = _rules.Count;
            _rules.Add(rule);
        }

        return index;
    }

    /// <summary>Marks earning or spending: the clock for expiry after inactivity restarts.</summary>
    private void Touch(Account account, Instant at)
    {
        account.LastActivityKey = _eventId;
        if (_expiresAfterInactivity)
        {
            account.InactivityDue = _zone.ExpiryFor(at);
            account.DueBound = Instant.Min(account.DueBound, account.InactivityDue);
        }
    }

    private long CapRoom(Account account, Instant at)
    {
        if (Program.MaxPointsPerDay is null && Program.MaxPointsPerMonth is null)
        {
            return long.MaxValue;
        }

        var day = _zone.DayNumber(at);
        if (account.CapDay != day)
        {
            account.CapDay = day;
            account.CapDayPoints = 0;
        }

        var month = ZoneCache.MonthKey(day);
        if (account.CapMonth != month)
        {
            account.CapMonth = month;
            account.CapMonthPoints = 0;
        }

        var room = long.MaxValue;
        if (Program.MaxPointsPerDay is { } perDay)
        {
            room = Math.Max(0, perDay.Value - account.CapDayPoints);
        }

        if (Program.MaxPointsPerMonth is { } perMonth)
        {
            room = Math.Min(room, Math.Max(0, perMonth.Value - account.CapMonthPoints));
        }

        return room;
    }

    private static void CountCap(Account account, long points)
    {
        account.CapDayPoints += points;
        account.CapMonthPoints += points;
    }

    private bool WithinBonusLimits(Account account, ActionBonus bonus, Instant at, out string limit)
    {
        var bit = 1 << (int)bonus.Trigger;
        if (bonus.OncePerCustomer && (account.OnceMask & bit) != 0)
        {
            limit = "once per customer";
            return false;
        }

        if (bonus.MaxPerDay is not null || bonus.MaxPerMonth is not null)
        {
            ref var counter = ref Counter(account, bonus.Trigger);
            var day = _zone.DayNumber(at);
            var month = ZoneCache.MonthKey(day);
            if (bonus.MaxPerDay is { } perDay && counter.Day == day && counter.CountInDay >= perDay)
            {
                limit = perDay.ToString(CultureInfo.InvariantCulture) + " per day";
                return false;
            }

            if (bonus.MaxPerMonth is { } perMonth && counter.Month == month && counter.CountInMonth >= perMonth)
            {
                limit = perMonth.ToString(CultureInfo.InvariantCulture) + " per month";
                return false;
            }
        }

        limit = string.Empty;
        return true;
    }

    private void CountBonus(Account account, ActionBonus bonus, Instant at)
    {
        account.OnceMask |= 1 << (int)bonus.Trigger;
        if (bonus.MaxPerDay is null && bonus.MaxPerMonth is null)
        {
            return;
        }

        ref var counter = ref Counter(account, bonus.Trigger);
        var day = _zone.DayNumber(at);
        var month = ZoneCache.MonthKey(day);
        if (counter.Day != day)
        {
            counter.Day = day;
            counter.CountInDay = 0;
        }

        if (counter.Month != month)
        {
            counter.Month = month;
            counter.CountInMonth = 0;
        }

        counter.CountInDay++;
        counter.CountInMonth++;
    }

    private static ref BonusCounter Counter(Account account, BonusTrigger trigger)
    {
        account.Counters ??= CreateCounters();
        return ref account.Counters[(int)trigger];

        static BonusCounter[] CreateCounters()
        {
            var counters = new BonusCounter[Enum.GetValues<BonusTrigger>().Length];
            counters.AsSpan().Fill(new BonusCounter { Day = int.MinValue, Month = int.MinValue });
            return counters;
        }
    }

    /// <summary>The instant of the customer's next confirmation or expiry; moves the lot heads past spent lots.</summary>
    private Instant NextDue(Account account) => NextDue(account, out _, out _);

    private Instant NextDue(Account account, out Instant confirmAt, out Instant expireAt)
    {
        var lots = account.Lots;
        var pendingHead = account.PendingHead;
        while (pendingHead >= 0 && !(lots[pendingHead].IsPending && lots[pendingHead].Remaining > 0))
        {
            pendingHead = lots[pendingHead].Next;
        }

        account.PendingHead = pendingHead;
        var head = account.Head;
        while (head >= 0 && lots[head].Remaining == 0)
        {
            head = lots[head].Next;
        }

        account.Head = head;
        confirmAt = pendingHead >= 0 ? lots[pendingHead].AvailableAt : Instant.MaxValue;
        expireAt = _expiresAfterEarning && head >= 0 ? lots[head].ExpiresAt : Instant.MaxValue;
        var inactiveAt = _expiresAfterInactivity ? account.InactivityDue : Instant.MaxValue;
        return Instant.Min(confirmAt, Instant.Min(expireAt, inactiveAt));
    }

    /// <summary>Writes the confirmations and expiries due at or before <paramref name="to"/>, in time order.</summary>
    private void Advance(Account account, Instant to)
    {
        while (account.DueBound <= to)
        {
            var next = NextDue(account, out var confirmAt, out var expireAt);
            if (next > to || next == Instant.MaxValue)
            {
                account.DueBound = next;
                break;
            }

            var lots = account.Lots;
            var pendingHead = account.PendingHead;
            var head = account.Head;

            if (confirmAt == next)
            {
                ref var lot = ref lots[pendingHead];
                account.Undo?.SaveLot(pendingHead, lot);
                var points = lot.Remaining;
                lot.IsPending = false;
                account.PayDebt(ref lot);
                RecordEntry(account, LedgerEntryKind.Confirmed, next, lot.Source, points, -points, ReturnWindowRule);
            }
            else if (expireAt == next)
            {
                ref var lot = ref lots[head];
                account.Undo?.SaveLot(head, lot);
                var points = lot.Remaining;
                lot.Remaining = 0;
                RecordEntry(account, LedgerEntryKind.Expired, next, lot.Source, lot.IsPending ? 0 : -points, lot.IsPending ? -points : 0, ExpiryRule);
            }
            else
            {
                var points = 0L;
                for (var i = head; i >= 0; i = lots[i].Next)
                {
                    if (!lots[i].IsPending)
                    {
                        if (lots[i].Remaining != 0)
                        {
                            account.Undo?.SaveLot(i, lots[i]);
                        }

                        points += lots[i].Remaining;
                        lots[i].Remaining = 0;
                    }
                }

                account.InactivityDue = Instant.MaxValue;
                if (points > 0)
                {
                    RecordEntry(account, LedgerEntryKind.Expired, next, account.LastActivityKey, -points, 0, InactivityRule);
                }
            }
        }

        if (to > account.Clock)
        {
            account.Clock = to;
        }
    }
}
