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

    /// <summary>
    /// A copy that records no entries, for what-if questions about a later instant: the state that confirmations and
    /// expiries read, with copies of the lots from the head on in a lot store of its own.
    /// </summary>
    /// <remarks>
    /// A lot's points only ever go down and a lot stops being pending only once, so every lot before the head holds no
    /// points, and the pending head (the first pending lot with points) is never before the head; -1 for the head means
    /// -1 for the pending head too.
    /// </remarks>
    internal Account CloneForWhatIf()
    {
        Debug.Assert(PendingHead < 0 || (Head >= 0 && Head <= PendingHead), "the pending head is never before the head");
        var copy = new Account(Id, new ChunkedStore<Lot>(), records: false)
        {
            Debt = Debt,
            Clock = Clock,
            Available = Available,
            Pending = Pending,
            Earned = Earned,
            Redeemed = Redeemed,
            Expired = Expired,
            Reversed = Reversed,
            Adjusted = Adjusted,
            LastActivityKey = LastActivityKey,
            InactivityDue = InactivityDue,
            DueBound = DueBound,
        };
        var copyLots = copy.Lots;
        for (var i = Head; i >= 0; i = Lots[i].Next)
        {
            ref var lot = ref copyLots.Add(out var index);
            lot = Lots[i];
            lot.Next = -1;
            if (copy.LastLot >= 0)
            {
                copyLots[copy.LastLot].Next = index;
            }
            else
            {
                copy.Head = index;
            }

            copy.LastLot = index;
            if (i == PendingHead)
            {
                copy.PendingHead = index;
            }
        }

        return copy;
    }

    /// <summary>Updates the running totals for an entry; the caller writes the entry itself when the account records.</summary>
    internal void Count(LedgerEntryKind kind, long available, long pending)
    {
        Available = checked(Available + available);
        Pending = checked(Pending + pending);
        var points = available + pending; // no overflow: one of them is 0, they cancel (a confirmation), or they share a reversal
        switch (kind)
        {
            case LedgerEntryKind.Earned:
            case LedgerEntryKind.Pending:
                Earned = checked(Earned + points);
                break;
            case LedgerEntryKind.Redeemed:
                Redeemed = checked(Redeemed - points);
                break;
            case LedgerEntryKind.Expired:
                Expired = checked(Expired - points);
                break;
            case LedgerEntryKind.Reversed:
                Reversed = checked(Reversed - points);
                break;
            case LedgerEntryKind.Adjusted:
                Adjusted = checked(Adjusted + points);
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
        // No debt pays 0.
        var pay = Math.Min(Debt, lot.Remaining);
        lot.Remaining -= pay;
        Debt -= pay;
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
