using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// Builds <see cref="CustomerSummary"/> values for a whole population from its transactions: the library's summary loop.
/// </summary>
/// <remarks>
/// <para>Input may be in any order. When it is already grouped by customer and in day order within each customer
/// (for example sorted by customer, then date) one pass suffices; otherwise the purchase days are grouped per customer
/// with a counting sort in pooled buffers and each customer's days are sorted to count distinct days. Either way the
/// result is the same, and no memory is allocated per customer or per transaction.</para>
/// <para>Thread safety: stateless; safe to call concurrently on different destinations.</para>
/// </remarks>
public static class CustomerSummaries
{
    /// <summary>Computes the summary of every customer of a population.</summary>
    /// <param name="transactions">The population's purchases and refunds, in any order.</param>
    /// <param name="window">The calibration end (the "as of" date) and optional holdout end.</param>
    /// <param name="destination">One summary per customer: element <c>i</c> receives customer <c>i</c>'s summary, so its
    /// length is the population size. Customers without transactions get <see cref="CustomerSummary.Empty"/>.</param>
    /// <returns>How many transactions were read and ignored, and how many customers purchased.</returns>
    /// <exception cref="InvalidValueException">Thrown when a transaction's customer index is not below
    /// <c>destination.Length</c>; the field names the transaction's position.</exception>
    /// <exception cref="OverflowException">Thrown when a customer's spend or order count overflows.</exception>
    public static SummaryStatistics Compute(ReadOnlySpan<Transaction> transactions, SummaryWindow window, Span<CustomerSummary> destination)
    {
        var population = destination.Length;
        var lastDay = window.LastDay;
        Span<SummaryState> states = MemoryMarshal.Cast<CustomerSummary, SummaryState>(destination);
        states.Fill(SummaryState.Empty(window));

        // Pass 1: validate, and find out whether each customer's purchases already arrive in day order.
        var grouped = true;
        var ignored = 0;
        var previousCustomer = -1;
        var previousDay = int.MinValue;
        for (var i = 0; i < transactions.Length; i++)
        {
            ref readonly var t = ref transactions[i];
            var customer = t.Customer;
            if ((uint)customer >= (uint)population)
            {
                ThrowCustomerOutOfRange(i, customer, population);
            }

            if (t.DayNumber > lastDay)
            {
                ignored++;
                continue;
            }

            if (customer != previousCustomer)
            {
                grouped &= customer > previousCustomer;
                previousCustomer = customer;
                previousDay = int.MinValue;
            }

            if (t.Kind == TransactionKind.Purchase)
            {
                grouped &= t.DayNumber >= previousDay;
                previousDay = t.DayNumber;
            }
        }

        if (grouped)
        {
            foreach (ref readonly var t in transactions)
            {
                if (t.DayNumber <= lastDay)
                {
                    states[t.Customer].Add(in t, countDays: true);
                }
            }
        }
        else
        {
            AccumulateUngrouped(transactions, lastDay, states);
        }

        var purchasers = 0;
        foreach (ref readonly var s in states)
        {
            purchasers += s.Orders > 0 ? 1 : 0;
        }

        return new SummaryStatistics(transactions.Length, ignored, purchasers);
    }

    /// <summary>Accumulates in input order, then counts distinct days from per-customer day lists built by a counting sort.</summary>
    private static void AccumulateUngrouped(ReadOnlySpan<Transaction> transactions, int lastDay, Span<SummaryState> states)
    {
        var population = states.Length;
        var offsets = ArrayPool<int>.Shared.Rent(population + 1);
        var days = ArrayPool<int>.Shared.Rent(Math.Max(transactions.Length, 1));
        try
        {
            Array.Clear(offsets, 0, population + 1);
            foreach (ref readonly var t in transactions)
            {
                if (t.DayNumber <= lastDay)
                {
                    states[t.Customer].Add(in t, countDays: false);
                    if (t.Kind == TransactionKind.Purchase)
                    {
                        offsets[t.Customer + 1]++;
                    }
                }
            }

            for (var c = 0; c < population; c++)
            {
                offsets[c + 1] += offsets[c];
            }

            // offsets[c] is now where customer c's days start; use a running cursor per customer, then restore.
            foreach (ref readonly var t in transactions)
            {
                if (t.DayNumber <= lastDay && t.Kind == TransactionKind.Purchase)
                {
                    days[offsets[t.Customer]++] = t.DayNumber;
                }
            }

            for (var c = population; c > 0; c--)
            {
                offsets[c] = offsets[c - 1];
            }

            offsets[0] = 0;
            for (var c = 0; c < population; c++)
            {
                var customerDays = days.AsSpan(offsets[c], offsets[c + 1] - offsets[c]);
                if (customerDays.Length > 0)
                {
                    CountDistinctDays(customerDays, ref states[c]);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(days);
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    private static void CountDistinctDays(Span<int> customerDays, ref SummaryState state)
    {
        if (customerDays.Length > 1)
        {
            customerDays.Sort();
        }

        var calibrationEnd = state.CalibrationEnd;
        int calibration = 0, holdout = 0, previous = int.MinValue;
        foreach (var day in customerDays)
        {
            if (day != previous)
            {
                if (day <= calibrationEnd)
                {
                    calibration++;
                }
                else
                {
                    holdout++;
                }

                previous = day;
            }
        }

        state.PurchaseDays = calibration;
        state.HoldoutPurchaseDays = holdout;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCustomerOutOfRange(int index, int customer, int population) =>
        Preconditions.ThrowInvalid(
            "transactions[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].customer",
            customer,
            "must be below the population size " + population.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
