using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// Builds <see cref="CustomerSummary"/> values for a whole population from its transactions: the library's summary loop.
/// </summary>
/// <remarks>
/// <para>Input may be in any order. When it is already grouped by customer, in day order within each customer (for
/// example sorted by customer, then date), it is read as it is; otherwise it is first grouped by customer with a stable
/// radix sort in pooled buffers (an export sorted by date is the common case). Each customer's run is then reduced in
/// one pass, on both cores for large inputs. Either way the result is the same, and nothing is allocated per customer
/// or per transaction.</para>
/// <para>Thread safety: stateless; safe to call concurrently on different destinations.</para>
/// </remarks>
public static class CustomerSummaries
{
    private const int ParallelThreshold = 200_000;
    private const int DigitBits = 11;

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
        var states = MemoryMarshal.Cast<CustomerSummary, SummaryState>(destination);
        states.Fill(SummaryState.Empty(window));

        // Pass 1: validate, count what is kept, and find out whether the input is already grouped with days in order.
        var grouped = true;
        var kept = 0;
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

            // Every transaction, kept or not, must respect the customer order: Reduce splits the work at a customer
            // boundary and relies on no customer appearing on both sides of it.
            if (customer != previousCustomer)
            {
                grouped &= customer > previousCustomer;
                previousCustomer = customer;
                previousDay = int.MinValue;
            }

            if (t.DayNumber > lastDay)
            {
                continue;
            }

            kept++;

            if (t.Kind == TransactionKind.Purchase)
            {
                grouped &= t.DayNumber >= previousDay;
                previousDay = t.DayNumber;
            }
        }

        if (grouped)
        {
            Reduce(transactions, lastDay, states, daysInOrder: true);
        }
        else
        {
            var buffer = ArrayPool<Transaction>.Shared.Rent(kept);
            var scratch = ArrayPool<Transaction>.Shared.Rent(kept);
            try
            {
                var sorted = GroupByCustomer(transactions, lastDay, population, buffer.AsSpan(0, kept), scratch.AsSpan(0, kept));
                Reduce(sorted, lastDay, states, daysInOrder: false);
            }
            finally
            {
                ArrayPool<Transaction>.Shared.Return(scratch);
                ArrayPool<Transaction>.Shared.Return(buffer);
            }
        }

        var purchasers = 0;
        foreach (ref readonly var s in states)
        {
            purchasers += s.Orders > 0 ? 1 : 0;
        }

        return new SummaryStatistics(transactions.Length, transactions.Length - kept, purchasers);
    }

    /// <summary>Stable LSD radix sort by customer of the transactions not after <paramref name="lastDay"/>.</summary>
    /// <returns>The span (one of the two buffers) holding the grouped transactions.</returns>
    private static Span<Transaction> GroupByCustomer(ReadOnlySpan<Transaction> transactions, int lastDay, int population, Span<Transaction> a, Span<Transaction> b)
    {
        var customerBits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(population - 1, 1));
        var passes = (customerBits + DigitBits - 1) / DigitBits;
        var counts = ArrayPool<int>.Shared.Rent(1 << DigitBits);
        try
        {
            Span<Transaction> target = a, other = b;
            for (var pass = 0; pass < passes; pass++)
            {
                var shift = pass * DigitBits;
                Array.Clear(counts, 0, 1 << DigitBits);
                if (pass == 0)
                {
                    foreach (ref readonly var t in transactions)
                    {
                        if (t.DayNumber <= lastDay)
                        {
                            counts[(t.Customer >> shift) & ((1 << DigitBits) - 1)]++;
                        }
                    }
                }
                else
                {
                    foreach (ref readonly var t in other)
                    {
                        counts[(t.Customer >> shift) & ((1 << DigitBits) - 1)]++;
                    }
                }

                var total = 0;
                for (var d = 0; d < 1 << DigitBits; d++)
                {
                    var c = counts[d];
                    counts[d] = total;
                    total += c;
                }

                if (pass == 0)
                {
                    foreach (ref readonly var t in transactions)
                    {
                        if (t.DayNumber <= lastDay)
                        {
                            target[counts[(t.Customer >> shift) & ((1 << DigitBits) - 1)]++] = t;
                        }
                    }
                }
                else
                {
                    foreach (ref readonly var t in other)
                    {
                        target[counts[(t.Customer >> shift) & ((1 << DigitBits) - 1)]++] = t;
                    }
                }

                var swap = target;
                target = other;
                other = swap;
            }

            return other;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>Reduces transactions grouped by customer (in ascending customer order), on two threads when large,
    /// splitting at a customer boundary so each customer's state is written by one thread only.</summary>
    private static void Reduce(ReadOnlySpan<Transaction> grouped, int lastDay, Span<SummaryState> states, bool daysInOrder)
    {
        if (grouped.Length < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            ReduceRange(grouped, lastDay, states, daysInOrder);
        }
        else
        {
            ReduceOnTwoCores(grouped, lastDay, states, daysInOrder);
        }
    }

    /// <summary>Kept apart from <see cref="Reduce"/> because the lambdas' closure is allocated on entry to the method
    /// that declares what they capture.</summary>
    private static unsafe void ReduceOnTwoCores(ReadOnlySpan<Transaction> grouped, int lastDay, Span<SummaryState> states, bool daysInOrder)
    {
        var split = grouped.Length / 2;
        var boundary = grouped[split].Customer;
        while (split < grouped.Length && grouped[split].Customer == boundary)
        {
            split++;
        }

        fixed (Transaction* input = grouped)
        fixed (SummaryState* output = states)
        {
            var inputAddress = (nint)input;
            var outputAddress = (nint)output;
            var length = grouped.Length;
            var population = states.Length;
            Parallel.Invoke(
                () => ReduceRange(new ReadOnlySpan<Transaction>((void*)inputAddress, split), lastDay, new Span<SummaryState>((void*)outputAddress, population), daysInOrder),
                () => ReduceRange(new ReadOnlySpan<Transaction>((void*)(inputAddress + (split * sizeof(Transaction))), length - split), lastDay, new Span<SummaryState>((void*)outputAddress, population), daysInOrder));
        }
    }

    private static void ReduceRange(ReadOnlySpan<Transaction> grouped, int lastDay, Span<SummaryState> states, bool daysInOrder)
    {
        if (daysInOrder)
        {
            foreach (ref readonly var t in grouped)
            {
                if (t.DayNumber <= lastDay)
                {
                    states[t.Customer].Add(in t, countDays: true);
                }
            }

            return;
        }

        // Runs of one customer, days in input order: accumulate, then count distinct days from the run's sorted days.
        Span<int> small = stackalloc int[64];
        for (var start = 0; start < grouped.Length;)
        {
            var customer = grouped[start].Customer;
            var end = start + 1;
            while (end < grouped.Length && grouped[end].Customer == customer)
            {
                end++;
            }

            ref var state = ref states[customer];
            var run = grouped[start..end];
            int[]? rented = null;
            var days = run.Length <= small.Length ? small : (rented = ArrayPool<int>.Shared.Rent(run.Length));
            var count = 0;
            foreach (ref readonly var t in run)
            {
                state.Add(in t, countDays: false);
                if (t.Kind == TransactionKind.Purchase)
                {
                    days[count++] = t.DayNumber;
                }
            }

            if (count > 0)
            {
                CountDistinctDays(days[..count], ref state);
            }

            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }

            start = end;
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
