using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retention.Rfm;

/// <summary>
/// Builds <see cref="CustomerSummary"/> values for a whole population from its transactions: the library's summary loop.
/// </summary>
/// <remarks>
/// <para>Input may be in any order. When it is already grouped by customer, in day order within each customer (for
/// example sorted by customer, then date), it is read as it is; otherwise (an export sorted by date is the common case)
/// it is first grouped by customer in pooled buffers: one scatter into buckets by the high bits of the customer index
/// (each half of the input on its own core for large inputs), then a counting sort of each bucket in cache. Each
/// customer's run is then reduced in one pass, on both cores for large inputs. Either way the result is the same, and nothing is allocated per customer
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

        // Pass 1: validate, count what is kept per bucket of customers (for the grouping below, if needed), and find out
        // whether the input is already grouped with days in order.
        var customerBits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(population - 1, 1));
        var lowBits = Math.Max(0, customerBits - DigitBits);
        var buckets = 1 << (customerBits - lowBits);
        var starts = Scratch.Rent<int>(buckets + 1);
        var firstHalf = Scratch.Rent<int>(buckets);
        Array.Clear(starts, 0, buckets + 1);
        Array.Clear(firstHalf, 0, buckets);
        var half = transactions.Length / 2;
        var grouped = true;
        var kept = 0;
        var previousCustomer = -1;
        var previousDay = int.MinValue;
        for (var i = 0; i < transactions.Length; i++)
        {
            ref readonly var t = ref transactions[i];
            var customer = t.Customer;
            if (unchecked((uint)customer) >= (uint)population)
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
            starts[(customer >> lowBits) + 1]++;
            if (i < half)
            {
                firstHalf[customer >> lowBits]++;
            }

            if (t.Kind == TransactionKind.Purchase)
            {
                grouped &= t.DayNumber >= previousDay;
                previousDay = t.DayNumber;
            }
        }

        try
        {
            if (grouped)
            {
                Reduce(transactions, lastDay, states, daysInOrder: true);
            }
            else
            {
                ReduceUngrouped(transactions, lastDay, states, kept, starts, firstHalf, buckets, lowBits);
            }
        }
        finally
        {
            Scratch.Return(firstHalf);
            Scratch.Return(starts);
        }

        var purchasers = 0;
        foreach (ref readonly var s in states)
        {
            purchasers += s.Orders > 0 ? 1 : 0;
        }

        return new SummaryStatistics(transactions.Length, transactions.Length - kept, purchasers);
    }

    /// <summary>
    /// Groups by customer in two levels, then reduces: one stable scatter by the high bits of the customer index into
    /// at most 2,048 buckets (the only pass over memory that does not fit in cache), then, bucket by bucket, a stable
    /// counting sort by the low bits and the reduction, on data that stays in cache. Buckets hold disjoint customers, so
    /// two threads take alternate buckets.
    /// </summary>
    /// <remarks><paramref name="starts"/> holds, per bucket of customers (the index's high <c>bits - lowBits</c> bits),
    /// the count of kept transactions at <c>bucket + 1</c>, and <paramref name="firstHalf"/> the count among the first
    /// half of the input at <c>bucket</c>, as pass 1 left them: the two halves scatter in parallel into disjoint slots.</remarks>
    private static void ReduceUngrouped(ReadOnlySpan<Transaction> transactions, int lastDay, Span<SummaryState> states, int kept, int[] starts, int[] firstHalf, int buckets, int lowBits)
    {
        var buffer = Scratch.Rent<Transaction>(Math.Max(kept, 1));
        var scratch = Scratch.Rent<Transaction>(Math.Max(kept, 1));
        var secondHalf = Scratch.Rent<int>(buckets);
        try
        {
            for (var b = 0; b < buckets; b++)
            {
                starts[b + 1] += starts[b];
            }

            // Cursors: the first half fills each bucket from its start, the second half from where the first half ends.
            for (var b = 0; b < buckets; b++)
            {
                secondHalf[b] = starts[b] + firstHalf[b];
                firstHalf[b] = starts[b];
            }

            if (kept < ParallelThreshold || Environment.ProcessorCount < 2)
            {
                Scatter(transactions, lastDay, lowBits, buffer, firstHalf);
            }
            else
            {
                ScatterOnTwoCores(transactions, lastDay, lowBits, buffer, firstHalf, secondHalf);
            }

            if (kept < ParallelThreshold || Environment.ProcessorCount < 2)
            {
                ReduceBuckets(buffer, scratch, starts, 0, 1, buckets, lowBits, lastDay, states);
            }
            else
            {
                ReduceBucketsOnTwoCores(buffer, scratch, starts, buckets, lowBits, lastDay, states);
            }
        }
        finally
        {
            Scratch.Return(secondHalf);
            Scratch.Return(scratch);
            Scratch.Return(buffer);
        }
    }

    /// <summary>Copies the kept transactions into their buckets, advancing one cursor per bucket.</summary>
    private static void Scatter(ReadOnlySpan<Transaction> transactions, int lastDay, int lowBits, Transaction[] buffer, int[] cursors)
    {
        foreach (ref readonly var t in transactions)
        {
            if (t.DayNumber <= lastDay)
            {
                buffer[cursors[t.Customer >> lowBits]++] = t;
            }
        }
    }

    /// <summary>Scatters the two halves of the input at once (their slots are disjoint: the second half's cursors start
    /// where the first half's end). Kept apart because the lambdas' closure is allocated on entry to the method that
    /// declares what they capture.</summary>
    private static unsafe void ScatterOnTwoCores(ReadOnlySpan<Transaction> transactions, int lastDay, int lowBits, Transaction[] buffer, int[] first, int[] second)
    {
        var half = transactions.Length / 2;
        fixed (Transaction* input = transactions)
        {
            var address = (nint)input;
            var length = transactions.Length;
            Parallel.Invoke(
                () => Scatter(new ReadOnlySpan<Transaction>((void*)address, half), lastDay, lowBits, buffer, first),
                () => Scatter(new ReadOnlySpan<Transaction>((void*)(address + (half * sizeof(Transaction))), length - half), lastDay, lowBits, buffer, second));
        }
    }

    /// <summary>Kept apart because the lambdas' closure is allocated on entry to the method that declares what they capture.</summary>
    private static unsafe void ReduceBucketsOnTwoCores(Transaction[] buffer, Transaction[] scratch, int[] starts, int buckets, int lowBits, int lastDay, Span<SummaryState> states)
    {
        fixed (SummaryState* output = states)
        {
            var outputAddress = (nint)output;
            var population = states.Length;
            Parallel.Invoke(
                () => ReduceBuckets(buffer, scratch, starts, 0, 2, buckets, lowBits, lastDay, new Span<SummaryState>((void*)outputAddress, population)),
                () => ReduceBuckets(buffer, scratch, starts, 1, 2, buckets, lowBits, lastDay, new Span<SummaryState>((void*)outputAddress, population)));
        }
    }

    /// <summary>Sorts each bucket <c>first, first + step, ...</c> by the low bits of the customer into the same range of
    /// <paramref name="scratch"/> (stable), then reduces it.</summary>
    private static void ReduceBuckets(Transaction[] buffer, Transaction[] scratch, int[] starts, int first, int step, int buckets, int lowBits, int lastDay, Span<SummaryState> states)
    {
        var lowCount = 1 << lowBits;
        var counts = Scratch.Rent<int>(lowCount + 1);
        try
        {
            for (var b = first; b < buckets; b += step)
            {
                var start = starts[b];
                var length = starts[b + 1] - start;
                if (length == 0)
                {
                    continue;
                }

                var source = buffer.AsSpan(start, length);
                var target = scratch.AsSpan(start, length);
                var mask = lowCount - 1;
                Array.Clear(counts, 0, lowCount + 1);
                foreach (ref readonly var t in source)
                {
                    counts[(t.Customer & mask) + 1]++;
                }

                for (var d = 0; d < lowCount; d++)
                {
                    counts[d + 1] += counts[d];
                }

                foreach (ref readonly var t in source)
                {
                    target[counts[t.Customer & mask]++] = t;
                }

                ReduceRange(target, lastDay, states, daysInOrder: false);
            }
        }
        finally
        {
            Scratch.Return(counts);
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
            var days = run.Length <= small.Length ? small : (rented = Scratch.Rent<int>(run.Length));
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
                Scratch.Return(rented);
            }

            start = end;
        }
    }

    private static void CountDistinctDays(Span<int> customerDays, ref SummaryState state)
    {
        if (customerDays.Length > 16)
        {
            customerDays.Sort();
        }
        else
        {
            // Insertion sort: most customers have a handful of purchase days.
            for (var i = 1; i < customerDays.Length; i++)
            {
                var day = customerDays[i];
                var j = i - 1;
                while (j >= 0 && customerDays[j] > day)
                {
                    customerDays[j + 1] = customerDays[j];
                    j--;
                }

                customerDays[j + 1] = day;
            }
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
