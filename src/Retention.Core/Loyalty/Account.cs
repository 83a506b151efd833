using System.Diagnostics;
using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>A lot: points earned together, spent oldest first, pending until <see cref="AvailableAt"/>.</summary>
internal struct Lot
{
    internal EventKey Source;
    internal Instant AvailableAt;
    internal Instant ExpiresAt;
    internal long Remaining;
    internal bool IsPending;
}

/// <summary>Per-trigger counters for bonus limits.</summary>
internal struct BonusCounter
{
    internal int Day;
    internal int CountInDay;
    internal int Month;
    internal int CountInMonth;
}

/// <summary>What the ledger keeps about an order that earned points, to reverse them on refund or cancellation.</summary>
internal sealed class OrderRecord(CustomerId customerId, Order order, long points, decimal weightedBasis, int lotStart, int lotCount)
{
    internal CustomerId CustomerId { get; } = customerId;

    internal Order Order { get; } = order;

    internal long Points { get; } = points;

    internal decimal WeightedBasis { get; } = weightedBasis;

    internal int LotStart { get; } = lotStart;

    internal int LotCount { get; } = lotCount;

    internal decimal RefundedWeight { get; set; }

    internal decimal RefundedMoney { get; set; }

    internal long Reversed { get; set; }

    /// <summary>The index of the order's qualifying contribution in the customer's tier book.</summary>
    internal int TierContribution { get; set; } = -1;
}

/// <summary>
/// One customer's state in a ledger: entries, lots, debt, running totals, limit counters. The invariant
/// <c>Available == (sum of available lots) - Debt</c> holds between operations, and <c>Debt &gt; 0</c> only when no
/// available lot holds points.
/// </summary>
internal sealed class Account
{
    internal Account(CustomerId id, List<LedgerEntry>? entries)
    {
        Id = id;
        Entries = entries;
    }

    internal CustomerId Id { get; }

    /// <summary>The entries, or <see langword="null"/> for a what-if copy that records nothing.</summary>
    internal List<LedgerEntry>? Entries { get; }

    internal List<Lot> Lots { get; private init; } = [];

    internal int Head { get; set; }

    internal int PendingHead { get; set; }

    internal long Debt { get; set; }

    internal Instant Clock { get; set; } = Instant.MinValue;

    internal long Available { get; set; }

    internal long Pending { get; set; }

    internal long Earned { get; set; }

    internal long Redeemed { get; set; }

    internal long Expired { get; set; }

    internal long Reversed { get; set; }

    internal long Adjusted { get; set; }

    internal EventKey LastActivityKey { get; set; }

    internal Instant InactivityDue { get; set; } = Instant.MaxValue;

    internal int CapDay { get; set; } = int.MinValue;

    internal long CapDayPoints { get; set; }

    internal int CapMonth { get; set; } = int.MinValue;

    internal long CapMonthPoints { get; set; }

    internal int OnceMask { get; set; }

    internal BonusCounter[]? Counters { get; set; }

    internal bool HasOrdered { get; set; }

    /// <summary>The customer's tier state, or <see langword="null"/> when the program has no tier ladder.</summary>
    internal TierBook? Tiers { get; init; }

    internal Span<Lot> LotSpan => CollectionsMarshal.AsSpan(Lots);

    internal PointsBalance Balance => new(
        new Points(Available), new Points(Pending), new Points(Earned), new Points(Redeemed), new Points(Expired), new Points(Reversed), new Points(Adjusted));

    /// <summary>A copy that records no entries, for what-if questions about a later instant.</summary>
    internal Account CloneForWhatIf()
    {
        var copy = new Account(Id, null);
        CopyForWhatIf(copy);
        return copy;
    }

    /// <summary>
    /// Copies the state that confirmations and expiries read into <paramref name="target"/> (an account that records
    /// nothing), reusing its lot list; spent lots before both heads are left out.
    /// </summary>
    internal void CopyForWhatIf(Account target)
    {
        Debug.Assert(target.Entries is null, "a what-if copy records nothing");
        var start = Math.Min(Head, PendingHead);
        target.Lots.Clear();
        target.Lots.AddRange(LotSpan[start..]);
        target.Head = Head - start;
        target.PendingHead = PendingHead - start;
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
    }

    internal void Record(LedgerEntryKind kind, Instant at, EventKey cause, long available, long pending, string rule)
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

        Entries?.Add(new LedgerEntry(Id, kind, at, cause, available, pending, rule));
    }

    /// <summary>Adds a lot; an available lot pays any debt first.</summary>
    internal void AddLot(EventKey source, Instant availableAt, Instant expiresAt, long points, bool pending)
    {
        var lot = new Lot { Source = source, AvailableAt = availableAt, ExpiresAt = expiresAt, Remaining = points, IsPending = pending };
        if (!pending)
        {
            PayDebt(ref lot);
        }

        Lots.Add(lot);
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
        var lots = LotSpan;
        var taken = 0L;
        for (var i = Head; i < lots.Length && taken < points; i++)
        {
            ref var lot = ref lots[i];
            if (lot.IsPending || lot.Remaining == 0)
            {
                continue;
            }

            var take = Math.Min(lot.Remaining, points - taken);
            lot.Remaining -= take;
            taken += take;
        }

        return taken;
    }
}
