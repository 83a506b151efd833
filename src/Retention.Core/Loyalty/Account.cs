using System.Diagnostics;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// A lot: points earned together, spent oldest first, pending until <see cref="AvailableAt"/>. Lots live in a
/// ledger-wide <see cref="ChunkedStore{T}"/>; each account links its own lots in the order it earned them.
/// </summary>
internal struct Lot
{
    internal Instant AvailableAt;
    internal Instant ExpiresAt;
    internal long Remaining;

    /// <summary>The id (in the ledger's <see cref="KeyTable"/>) of the event that earned the lot.</summary>
    internal int Source;

    /// <summary>The index of the account's next lot, or -1.</summary>
    internal int Next;
    internal bool IsPending;
}

/// <summary>
/// One written ledger entry, reference-free: the rule is an index into the ledger's rule names, the cause an id in its
/// <see cref="KeyTable"/>. Entries live in a ledger-wide <see cref="ChunkedStore{T}"/>, each linked to the previous
/// entry of its customer; <see cref="PointsLedger.History"/> turns them into <see cref="LedgerEntry"/>s.
/// </summary>
internal struct EntryRecord
{
    internal Instant At;
    internal long Available;
    internal long Pending;
    internal int Cause;
    internal int Rule;

    /// <summary>The index of the customer's previous entry, or -1.</summary>
    internal int Previous;
    internal LedgerEntryKind Kind;
}

/// <summary>Per-trigger counters for bonus limits.</summary>
internal struct BonusCounter
{
    internal int Day;
    internal int CountInDay;
    internal int Month;
    internal int CountInMonth;
}

/// <summary>
/// What the ledger keeps about an order that earned points, to reverse them on refund or cancellation; the refund
/// totals live apart (<see cref="RefundState"/>) since most orders are never refunded.
/// </summary>
internal struct OrderRecord
{
    internal Order Order;
    internal long Points;
    internal int FirstLot;
    internal int LotCount;

    /// <summary>The index of the order's <see cref="RefundState"/>, or -1 before its first refund or cancellation.</summary>
    internal int RefundState;

    /// <summary>The index of the order's qualifying contribution in the customer's tier book, when the program has tiers.</summary>
    internal int TierContribution;
}

/// <summary>An order's refunds so far.</summary>
internal struct RefundState
{
    internal decimal RefundedWeight;
    internal decimal RefundedMoney;
    internal long Reversed;
}

/// <summary>
/// One customer's state in a ledger: its entries and lots (linked through the ledger's stores), debt, running totals,
/// limit counters. The invariant <c>Available == (sum of available lots) - Debt</c> holds between operations, and
/// <c>Debt &gt; 0</c> only when no available lot holds points.
/// </summary>
internal sealed class Account
{
    internal Account(CustomerId id, ChunkedStore<Lot> lots, bool records)
    {
        Id = id;
        Lots = lots;
        Records = records;
    }

    internal CustomerId Id { get; }

    /// <summary>Gets whether the account writes entries; a what-if copy records nothing.</summary>
    internal bool Records { get; }

    /// <summary>Gets the store that holds the account's lots (the ledger's, or a what-if copy's own).</summary>
    internal ChunkedStore<Lot> Lots { get; }

    /// <summary>The index of the account's last entry in the ledger's entry store, or -1.</summary>
    internal int LastEntry { get; set; } = -1;

    internal int EntryCount { get; set; }

    internal int FirstLot { get; set; } = -1;

    internal int LastLot { get; set; } = -1;

    /// <summary>The first lot that may still hold points, or -1 past the last lot.</summary>
    internal int Head { get; set; } = -1;

    /// <summary>The first lot that may still be pending with points, or -1 past the last lot.</summary>
    internal int PendingHead { get; set; } = -1;

    internal long Debt { get; set; }

    internal Instant Clock { get; set; } = Instant.MinValue;

    internal long Available { get; set; }

    internal long Pending { get; set; }

    internal long Earned { get; set; }

    internal long Redeemed { get; set; }

    internal long Expired { get; set; }

    internal long Reversed { get; set; }

    internal long Adjusted { get; set; }

    /// <summary>The id of the customer's last earning or spending event, or -1.</summary>
    internal int LastActivityKey { get; set; } = -1;

    internal Instant InactivityDue { get; set; } = Instant.MaxValue;

    /// <summary>
    /// No confirmation or expiry is due before this instant: the next due instant as last computed, lowered by every
    /// lot added since and by every restart of the inactivity clock (spending and refunds only make things due later).
    /// </summary>
    internal Instant DueBound { get; set; } = Instant.MaxValue;

    internal int CapDay { get; set; } = int.MinValue;

    internal long CapDayPoints { get; set; }

    internal int CapMonth { get; set; } = int.MinValue;

    internal long CapMonthPoints { get; set; }

    internal int OnceMask { get; set; }

    internal BonusCounter[]? Counters { get; set; }

    internal bool HasOrdered { get; set; }

    /// <summary>The ledger's undo journal for lots changed in place, or <see langword="null"/> for a what-if copy.</summary>
    internal LedgerUndo? Undo { get; init; }

    /// <summary>The customer's tier state, or <see langword="null"/> when the program has no tier ladder.</summary>
    internal TierBook? Tiers { get; init; }

    internal PointsBalance Balance => new(
        new Points(Available), new Points(Pending), new Points(Earned), new Points(Redeemed), new Points(Expired), new Points(Reversed), new Points(Adjusted));

    /// <summary>
    /// Gets whether writing due confirmations and expiries might overflow a total: not when the available, pending and
    /// expired points are each below 2^61 in magnitude, since a confirmation moves at most the pending points to the
    /// available ones and expiries add at most both to the expired ones (three such values sum below 2^63).
    /// </summary>
    internal bool MayOverflowWhenAdvanced => !(IsSmall(Available) && IsSmall(Pending) && IsSmall(Expired));

    /// <summary>A copy that records no entries, for what-if questions about a later instant.</summary>
    internal Account CloneForWhatIf()
    {
        var copy = new Account(Id, new ChunkedStore<Lot>(), records: false);
        CopyForWhatIf(copy);
        return copy;
    }

    /// <summary>
    /// Copies the state that confirmations and expiries read into <paramref name="target"/> (an account that records
    /// nothing, with a lot store of its own), reusing its lot store; spent lots before both heads are left out.
    /// </summary>
    internal void CopyForWhatIf(Account target)
    {
        Debug.Assert(!target.Records && target.Lots != Lots, "a what-if copy records nothing and owns its lots");
        var targetLots = target.Lots;
        targetLots.Clear();
        target.FirstLot = -1;
        target.LastLot = -1;
        target.Head = -1;
        target.PendingHead = -1;
        var start = Head < 0 ? PendingHead : PendingHead < 0 ? Head : Math.Min(Head, PendingHead);
        for (var i = start; i >= 0; i = Lots[i].Next)
        {
            ref var copy = ref targetLots.Add(out var index);
            copy = Lots[i];
            copy.Next = -1;
            if (target.LastLot >= 0)
            {
                targetLots[target.LastLot].Next = index;
            }
            else
            {
                target.FirstLot = index;
            }

            target.LastLot = index;
            if (i == Head)
            {
                target.Head = index;
            }

            if (i == PendingHead)
            {
                target.PendingHead = index;
            }
        }

        target.Debt = Debt;
        target.Clock = Clock;
        target.Available = Available;
        target.Pending = Pending;
        target.Earned = Earned;
        target.Redeemed = Redeemed;
        target.Expired = Expired;
        target.Reversed = Reversed;
        target.Adjusted = Adjusted;
        target.LastActivityKey = LastActivityKey;
        target.InactivityDue = InactivityDue;
        target.DueBound = DueBound;
    }

    /// <summary>Updates the running totals for an entry; the caller writes the entry itself when the account records.</summary>
    internal void Count(LedgerEntryKind kind, long available, long pending)
    {
        Available = checked(Available + available);
        Pending = checked(Pending + pending);
        switch (kind)
        {
            case LedgerEntryKind.Earned:
            case LedgerEntryKind.Pending:
                Earned = checked(Earned + available + pending);
                break;
            case LedgerEntryKind.Redeemed:
                Redeemed = checked(Redeemed - available - pending);
                break;
            case LedgerEntryKind.Expired:
                Expired = checked(Expired - available - pending);
                break;
            case LedgerEntryKind.Reversed:
                Reversed = checked(Reversed - available - pending);
                break;
            case LedgerEntryKind.Adjusted:
                Adjusted = checked(Adjusted + available + pending);
                break;
            default:
                break;
        }
    }

    /// <summary>Adds a lot at the end of the account's lots and returns its index; an available lot pays any debt first.</summary>
    internal int AddLot(int source, Instant availableAt, Instant expiresAt, long points, bool pending)
    {
        ref var lot = ref Lots.Add(out var index);
        lot.Source = source;
        lot.AvailableAt = availableAt;
        lot.ExpiresAt = expiresAt;
        lot.Remaining = points;
        lot.IsPending = pending;
        lot.Next = -1;
        if (!pending)
        {
            PayDebt(ref lot);
        }

        DueBound = Instant.Min(DueBound, Instant.Min(pending ? availableAt : Instant.MaxValue, expiresAt));
        if (LastLot >= 0)
        {
            Lots[LastLot].Next = index;
        }
        else
        {
            FirstLot = index;
        }

        LastLot = index;

        // A head past the last lot moves on to the new one, as an index into a growing list would.
        if (Head < 0)
        {
            Head = index;
        }

        if (PendingHead < 0)
        {
            PendingHead = index;
        }

        return index;
    }

    internal void PayDebt(ref Lot lot)
    {
        if (Debt > 0)
        {
            var pay = Math.Min(Debt, lot.Remaining);
            lot.Remaining -= pay;
            Debt -= pay;
        }
    }

    /// <summary>Takes up to <paramref name="points"/> from available lots, oldest first; returns what it took.</summary>
    internal long Consume(long points)
    {
        var lots = Lots;
        var taken = 0L;
        for (var i = Head; i >= 0 && taken < points; i = lots[i].Next)
        {
            ref var lot = ref lots[i];
            if (lot.IsPending || lot.Remaining == 0)
            {
                continue;
            }

            var take = Math.Min(lot.Remaining, points - taken);
            Undo?.SaveLot(i, lot);
            lot.Remaining -= take;
            taken += take;
        }

        return taken;
    }

    private static bool IsSmall(long value) => unchecked((ulong)(value + (1L << 61))) < (1UL << 62);
}
