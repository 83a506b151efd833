using System.Diagnostics;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// What one <see cref="PointsLedger.Apply"/> needs to undo itself when it throws (an overflow) half way: the sizes of
/// the ledger's append-only stores, a copy of each account the event touches (its own fields, bonus counters and tier
/// book), the lots, order record, refund totals and tier contribution it changes in place. Saving is cheap and happens
/// on every event; restoring only after an exception.
/// </summary>
/// <remarks>Not thread-safe; one per ledger, active only inside <c>Apply</c>.</remarks>
internal sealed class LedgerUndo
{
    private readonly AccountCopy _first = new();
    private readonly AccountCopy _second = new();
    private (int Index, Lot Lot)[] _lots = new (int, Lot)[8];
    private int _lotCount;
    private int _orderIndex; // -1 (set by Begin) or the index of the saved order record
    private OrderRecord _order;
    private int _refundIndex; // -1 (set by Begin) or the index of the saved refund totals
    private RefundState _refund;
    private TierBook? _contributionBook; // null (set by Begin) or the book of the saved contribution
    private int _contributionIndex;
    private TierContribution _contribution;

    /// <summary>Gets whether an event is being applied; lot changes are journaled only then.</summary>
    internal bool Active { get; private set; }

    internal int Entries { get; private set; }

    internal int Lots { get; private set; }

    internal int Orders { get; private set; }

    internal int Refunds { get; private set; }

    internal int Rules { get; private set; }

    internal long EntryCount { get; private set; }

    /// <summary>Starts an event: remembers the store sizes and forgets the previous event's copies.</summary>
    internal void Begin(int entries, int lots, int orders, int refunds, int rules, long entryCount)
    {
        Active = true;
        Entries = entries;
        Lots = lots;
        Orders = orders;
        Refunds = refunds;
        Rules = rules;
        EntryCount = entryCount;
        _first.Clear();
        _second.Clear();
        _lotCount = 0;
        _orderIndex = -1;
        _refundIndex = -1;
        _contributionBook = null;
    }

    /// <summary>Ends the event: nothing is journaled until the next <see cref="Begin"/>.</summary>
    internal void End() => Active = false;

    /// <summary>Copies a known account before the event changes it (once per account and event).</summary>
    internal void SaveAccount(Account account)
    {
        if (_first.Account == account || _second.Account == account)
        {
            return;
        }

        (_first.Account is null ? _first : _second).Save(account);
    }

    /// <summary>Remembers a lot of a known account before it changes in place.</summary>
    internal void SaveLot(int index, in Lot lot)
    {
        if (!Active || index >= Lots)
        {
            return;
        }

        if (_lotCount == _lots.Length)
        {
            Array.Resize(ref _lots, _lots.Length * 2);
        }

        _lots[_lotCount++] = (index, lot);
    }

    /// <summary>Remembers an order's record and refund totals before a refund or cancellation changes them.</summary>
    internal void SaveOrder(int index, in OrderRecord record, ChunkedStore<RefundState> refunds)
    {
        _orderIndex = index;
        _order = record;
        if (record.RefundState >= 0)
        {
            _refundIndex = record.RefundState;
            _refund = refunds[record.RefundState];
        }
    }

    /// <summary>Remembers a tier contribution before a refund or cancellation lowers it (at most one per event).</summary>
    internal void SaveContribution(TierBook book, int index)
    {
        // An order's contribution index is valid for good: contributions are only appended (and dropped only when the
        // event that appended them fails).
        Debug.Assert(index >= 0 && index < book.Contributions.Count, "the order's contribution exists");
        if (_contributionBook is null)
        {
            _contributionBook = book;
            _contributionIndex = index;
            _contribution = book.Contributions[index];
        }
    }

    /// <summary>Puts back everything saved since <see cref="Begin"/>, newest change first; the caller truncates the stores.</summary>
    internal void Restore(ChunkedStore<Lot> lots, ChunkedStore<OrderRecord> orders, ChunkedStore<RefundState> refunds)
    {
        if (_contributionBook is not null)
        {
            // Appended contributions are dropped with the book's copy below; this one was changed in place.
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_contributionBook.Contributions)[_contributionIndex] = _contribution;
        }

        if (_refundIndex >= 0)
        {
            refunds[_refundIndex] = _refund;
        }

        if (_orderIndex >= 0)
        {
            orders[_orderIndex] = _order;
        }

        for (var i = _lotCount - 1; i >= 0; i--)
        {
            lots[_lots[i].Index] = _lots[i].Lot;
        }

        _second.Restore(lots);
        _first.Restore(lots);
        End();
    }

    /// <summary>A copy of one account's own fields and of its tier book's.</summary>
    private sealed class AccountCopy
    {
        private readonly BonusCounter[] _counters = new BonusCounter[Enum.GetValues<BonusTrigger>().Length];
        private BonusCounter[]? _countersRef;
        private int _lastEntry;
        private int _entryCount;
        private int _lastLot;
        private int _head;
        private int _pendingHead;
        private long _debt;
        private Instant _clock;
        private long _available;
        private long _pending;
        private long _earned;
        private long _redeemed;
        private long _expired;
        private long _reversed;
        private long _adjusted;
        private int _lastActivityKey;
        private Instant _inactivityDue;
        private Instant _dueBound;
        private int _capDay;
        private long _capDayPoints;
        private int _capMonth;
        private long _capMonthPoints;
        private int _onceMask;
        private bool _hasOrdered;
        private int _level;
        private Instant? _since;
        private Instant _validUntil;
        private Instant _downgradeAt;
        private Instant _reviewedAt;
        private int _reviewLevel;
        private decimal _reviewQualifying;
        private Instant _tierClock;
        private int _contributions;
        private int _history;

        internal Account? Account { get; private set; }

        internal void Clear() => Account = null;

        internal void Save(Account account)
        {
            Account = account;
            _lastEntry = account.LastEntry;
            _entryCount = account.EntryCount;
            _lastLot = account.LastLot;
            _head = account.Head;
            _pendingHead = account.PendingHead;
            _debt = account.Debt;
            _clock = account.Clock;
            _available = account.Available;
            _pending = account.Pending;
            _earned = account.Earned;
            _redeemed = account.Redeemed;
            _expired = account.Expired;
            _reversed = account.Reversed;
            _adjusted = account.Adjusted;
            _lastActivityKey = account.LastActivityKey;
            _inactivityDue = account.InactivityDue;
            _dueBound = account.DueBound;
            _capDay = account.CapDay;
            _capDayPoints = account.CapDayPoints;
            _capMonth = account.CapMonth;
            _capMonthPoints = account.CapMonthPoints;
            _onceMask = account.OnceMask;
            _hasOrdered = account.HasOrdered;
            _countersRef = account.Counters;
            _countersRef?.AsSpan().CopyTo(_counters);
            if (account.Tiers is { } book)
            {
                _level = book.Level;
                _since = book.Since;
                _validUntil = book.ValidUntil;
                _downgradeAt = book.DowngradeAt;
                _reviewedAt = book.ReviewedAt;
                _reviewLevel = book.ReviewLevel;
                _reviewQualifying = book.ReviewQualifying;
                _tierClock = book.Clock;
                _contributions = book.Contributions.Count;
                _history = book.History?.Count ?? 0;
            }
        }

        internal void Restore(ChunkedStore<Lot> lots)
        {
            if (Account is not { } account)
            {
                return;
            }

            account.LastEntry = _lastEntry;
            account.EntryCount = _entryCount;
            account.LastLot = _lastLot;
            account.Head = _head;
            account.PendingHead = _pendingHead;
            account.Debt = _debt;
            account.Clock = _clock;
            account.Available = _available;
            account.Pending = _pending;
            account.Earned = _earned;
            account.Redeemed = _redeemed;
            account.Expired = _expired;
            account.Reversed = _reversed;
            account.Adjusted = _adjusted;
            account.LastActivityKey = _lastActivityKey;
            account.InactivityDue = _inactivityDue;
            account.DueBound = _dueBound;
            account.CapDay = _capDay;
            account.CapDayPoints = _capDayPoints;
            account.CapMonth = _capMonth;
            account.CapMonthPoints = _capMonthPoints;
            account.OnceMask = _onceMask;
            account.HasOrdered = _hasOrdered;
            account.Counters = _countersRef;
            if (_countersRef is not null)
            {
                _counters.AsSpan(0, _countersRef.Length).CopyTo(_countersRef);
            }

            // The last lot links to nothing again (a lot added by the event was linked after it).
            if (_lastLot >= 0)
            {
                lots[_lastLot].Next = -1;
            }

            if (account.Tiers is { } book)
            {
                book.Level = _level;
                book.Since = _since;
                book.ValidUntil = _validUntil;
                book.DowngradeAt = _downgradeAt;
                book.ReviewedAt = _reviewedAt;
                book.ReviewLevel = _reviewLevel;
                book.ReviewQualifying = _reviewQualifying;
                book.Clock = _tierClock;
                book.Contributions.RemoveRange(_contributions, book.Contributions.Count - _contributions);
                book.History?.RemoveRange(_history, book.History.Count - _history);
            }

            Account = null;
        }
    }
}
