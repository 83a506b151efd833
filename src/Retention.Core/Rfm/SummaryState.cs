using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// The mutable fields behind <see cref="CustomerSummary"/>, which wraps exactly one of these so the summary loop can
/// update a destination span in place (<c>Unsafe.As</c>) without copying.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SummaryState : IEquatable<SummaryState>
{
    internal decimal Spend;
    internal decimal FirstDaySpend;
    internal decimal Refunded;
    internal decimal HoldoutSpend;
    internal int CalibrationEnd;
    internal int HoldoutEnd;
    internal int FirstDay;
    internal int LastDay;
    internal int Orders;
    internal int PurchaseDays;
    internal int FirstHoldoutDay;
    internal int LastHoldoutDay;
    internal int HoldoutOrders;
    internal int HoldoutPurchaseDays;

    internal readonly SummaryWindow Window => new(Rfm.DayNumbers.ToDate(CalibrationEnd), HoldoutEnd == CalibrationEnd ? null : Rfm.DayNumbers.ToDate(HoldoutEnd));

    internal static SummaryState Empty(SummaryWindow window) => new()
    {
        CalibrationEnd = window.CalibrationEndDay,
        HoldoutEnd = window.LastDay,
    };

    /// <summary>Adds a purchase or refund whose day is not after the window's last day. Distinct days are counted
    /// only when <paramref name="countDays"/> is set, which is correct only when this customer's purchases arrive in
    /// day order.</summary>
    internal void Add(in Transaction t, bool countDays)
    {
        var day = t.DayNumber;
        if (t.Kind == TransactionKind.Refund)
        {
            if (day <= CalibrationEnd)
            {
                Refunded += t.Amount;
            }

            return;
        }

        if (day <= CalibrationEnd)
        {
            if (Orders == 0)
            {
                FirstDay = day;
                LastDay = day;
                FirstDaySpend = t.Amount;
                PurchaseDays = countDays ? 1 : 0;
            }
            else
            {
                if (countDays && day != LastDay)
                {
                    PurchaseDays++;
                }

                if (day < FirstDay)
                {
                    FirstDay = day;
                    FirstDaySpend = t.Amount;
                }
                else if (day == FirstDay)
                {
                    FirstDaySpend += t.Amount;
                }

                if (day > LastDay)
                {
                    LastDay = day;
                }
            }

            Orders++;
            Spend += t.Amount;
        }
        else
        {
            if (HoldoutOrders == 0)
            {
                FirstHoldoutDay = day;
                LastHoldoutDay = day;
                HoldoutPurchaseDays = countDays ? 1 : 0;
            }
            else
            {
                if (countDays && day != LastHoldoutDay)
                {
                    HoldoutPurchaseDays++;
                }

                FirstHoldoutDay = Math.Min(FirstHoldoutDay, day);
                LastHoldoutDay = Math.Max(LastHoldoutDay, day);
            }

            HoldoutOrders++;
            HoldoutSpend += t.Amount;
        }
    }

    internal static SummaryState Merge(in SummaryState a, in SummaryState b)
    {
        if (a.CalibrationEnd != b.CalibrationEnd || a.HoldoutEnd != b.HoldoutEnd)
        {
            Preconditions.ThrowInvalid("second", b.Window, "has another window than the first summary " + a.Window);
        }

        var merged = a;
        merged.Spend = checked(a.Spend + b.Spend);
        merged.Refunded = checked(a.Refunded + b.Refunded);
        merged.HoldoutSpend = checked(a.HoldoutSpend + b.HoldoutSpend);

        if (b.Orders > 0)
        {
            merged.FirstDaySpend = a.Orders == 0 || b.FirstDay < a.FirstDay ? b.FirstDaySpend
                : a.FirstDay == b.FirstDay ? a.FirstDaySpend + b.FirstDaySpend
                : a.FirstDaySpend;
            MergeRange(ref merged.FirstDay, ref merged.LastDay, ref merged.PurchaseDays, a.Orders == 0, b.FirstDay, b.LastDay, b.PurchaseDays, "purchase");
            merged.Orders = checked(a.Orders + b.Orders);
        }

        if (b.HoldoutOrders > 0)
        {
            MergeRange(ref merged.FirstHoldoutDay, ref merged.LastHoldoutDay, ref merged.HoldoutPurchaseDays, a.HoldoutOrders == 0, b.FirstHoldoutDay, b.LastHoldoutDay, b.HoldoutPurchaseDays, "holdout purchase");
            merged.HoldoutOrders = checked(a.HoldoutOrders + b.HoldoutOrders);
        }

        return merged;
    }

    /// <summary>Merges the other shard's day range and distinct-day count into (first, last, days), which hold this
    /// shard's, unless this shard has none (<paramref name="empty"/>).</summary>
    private static void MergeRange(ref int first, ref int last, ref int days, bool empty, int otherFirst, int otherLast, int otherDays, string what)
    {
        days = empty ? otherDays : MergeDays(first, last, days, otherFirst, otherLast, otherDays, what);
        first = empty ? otherFirst : Math.Min(first, otherFirst);
        last = empty ? otherLast : Math.Max(last, otherLast);
    }

    private static int MergeDays(int aFirst, int aLast, int aDays, int bFirst, int bLast, int bDays, string what)
    {
        // Order the shards by time; they may touch at one day (counted once) but must not interleave.
        if (bFirst < aFirst || (bFirst == aFirst && bLast < aLast))
        {
            (aFirst, aLast, bFirst, bLast) = (bFirst, bLast, aFirst, aLast);
        }

        if (bFirst > aLast)
        {
            return checked(aDays + bDays);
        }

        if (bFirst == aLast)
        {
            return checked(aDays + bDays - 1);
        }

        Preconditions.ThrowInvalid(
            "second",
            Rfm.DayNumbers.ToDate(bFirst),
            "starts a shard whose " + what + " days interleave with the other shard's (" + Preconditions.Render(Rfm.DayNumbers.ToDate(aFirst)) + " to " + Preconditions.Render(Rfm.DayNumbers.ToDate(aLast)) + "); only time-ordered shards merge exactly");
        return 0;
    }

    public readonly bool Equals(SummaryState other) =>
        Spend == other.Spend && FirstDaySpend == other.FirstDaySpend && Refunded == other.Refunded && HoldoutSpend == other.HoldoutSpend
        && CalibrationEnd == other.CalibrationEnd && HoldoutEnd == other.HoldoutEnd && Orders == other.Orders && PurchaseDays == other.PurchaseDays
        && HoldoutOrders == other.HoldoutOrders && HoldoutPurchaseDays == other.HoldoutPurchaseDays
        && (Orders == 0 || (FirstDay == other.FirstDay && LastDay == other.LastDay))
        && (HoldoutOrders == 0 || (FirstHoldoutDay == other.FirstHoldoutDay && LastHoldoutDay == other.LastHoldoutDay));

    public override readonly bool Equals(object? obj) => obj is SummaryState other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Spend, Refunded, CalibrationEnd, Orders, PurchaseDays, FirstDay, LastDay, HoldoutOrders);
}
