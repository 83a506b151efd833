using NodaTime;
using Retention.Loyalty;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Applying an event allocates nothing beyond the ledger's own storage: measured per call with the current thread's
/// allocation counter, an order for a known customer allocates nothing (its lot, entry and record go into the
/// ledger's chunked stores, which grow now and then), a duplicate, a bonus, a redemption or a refund allocate nothing at
/// all, and neither does an advance that writes into room the stores already have.
/// </summary>
public sealed class LedgerAllocationTests
{
    private static readonly PointsProgram Realistic = Builder()
        .CategoryMultiplier(new CategoryId("home"), 2m)
        .ReturnWindow(Period.FromDays(30))
        .Expiry(PointsExpiry.AfterEarning(12))
        .MaxPerDay(new Points(100_000))
        .Bonus(new ActionBonus(BonusTrigger.Review, new Points(10), maxPerDay: 5))
        .Reward(Reward.FreeShipping("ship", new Points(1)))
        .Build();

    private static long Allocated(Func<ApplyResult> apply, out ApplyResult result)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        result = apply();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Apply_OrderForAKnownCustomer_AllocatesNothing()
    {
        const int customers = 400;
        var start = Local(2026, 3, 1, 9);
        var first = new OrderPlaced[customers];
        var second = new OrderPlaced[customers];
        for (var c = 0; c < customers; c++)
        {
            var id = new CustomerId("c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var at = start + Duration.FromMinutes(c);
            first[c] = new OrderPlaced(Order("a" + c, id, at, Line("a" + c, 20m), Line("b" + c, 5m, product: "mug", category: "home")));
            second[c] = new OrderPlaced(Order("b" + c, id, at + Duration.FromDays(1), Line("c" + c, 12.5m), Line("d" + c, 3m, product: "mug", category: "home")));
        }

        var ledger = new PointsLedger(Realistic);
        foreach (var e in first)
        {
            ledger.Apply(e);
        }

        // Warm up the code paths (JIT tiers) on a throw-away ledger, then measure every second order.
        var warm = new PointsLedger(Realistic);
        foreach (var e in first.Concat(second))
        {
            warm.Apply(e);
        }

        var sizes = new long[customers];
        for (var c = 0; c < customers; c++)
        {
            sizes[c] = Allocated(() => ledger.Apply(second[c]), out var result);
            Assert.Equal(ApplyStatus.Applied, result.Status);
        }

        // The ledger's stores and lookup tables grow now and then (a new chunk is storage too); the typical call allocates nothing.
        Array.Sort(sizes);
        Assert.Equal(0, sizes[0]);
        Assert.Equal(0, sizes[customers / 2]);
        Assert.True(sizes.Count(s => s == 0) > customers * 9 / 10, "more than 10% of calls allocated");
    }

    [Fact]
    public void Apply_DuplicateBonusRedemptionAndRefund_AllocateNothing()
    {
        var ledger = new PointsLedger(Realistic);
        var order = Placed("o1", Alice, Local(2026, 3, 1), 40m);
        ledger.Apply(order);
        var refundable = Enumerable.Range(0, 5).Select(i => Order("p" + i, Alice, Local(2026, 3, 2, 10 + i), Line("p" + i + "-1", 40m))).ToArray();
        foreach (var placed in refundable)
        {
            ledger.Apply(new OrderPlaced(placed));
        }

        // The least of a few calls, each with a new event of the kind, so that a one-off runtime allocation on this
        // thread (JIT, type loading) is not charged to the ledger.
        long Least(Func<int, LoyaltyEvent> create, ApplyStatus expected)
        {
            var least = long.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var e = create(i);
                least = Math.Min(least, Allocated(() => ledger.Apply(e), out var result));
                Assert.Equal(expected, result.Status);
            }

            return least;
        }

        Assert.Equal(0, Least(_ => order, ApplyStatus.Duplicate));
        Assert.Equal(0, Least(i => Action("v" + i, Alice, ActionKind.Review, Local(2026, 4, 3, 10 + i), rating: 5), ApplyStatus.Applied));
        Assert.Equal(0, Least(i => Redeem("r" + i, Alice, "ship", Local(2026, 4, 4, 10 + i)), ApplyStatus.Applied));

        // A refund finds its order's record from "order:" and the id, in a stack buffer (a short id).
        Assert.Equal(0, Least(
            i => new OrderRefunded(new Refund(new RefundId("f" + i), refundable[i], Local(2026, 4, 5, 10 + i), [new RefundLine(new LineItemId("p" + i + "-1"), 1, Usd(10m))])),
            ApplyStatus.Applied));
    }

    [Fact]
    public void AdvanceTo_WritingConfirmations_AllocatesNothing_EvenAfterAFailedEvent()
    {
        // The undo journal records lot changes only while an event is applied (a failed one included): an advance that
        // confirms a hundred customers' lots writes their entries into room the stores already have, and nothing else.
        const int customers = 100;
        var program = Builder().EarnPerUnit(1m).ReturnWindow(Period.FromDays(7)).Build();
        var start = Local(2026, 3, 1, 9);

        Instant Story(PointsLedger ledger)
        {
            // 200 adjustments first, so that the entry store (300 entries before the advance, 400 after) does not grow.
            var filler = new CustomerId("filler");
            for (var i = 0; i < 200; i++)
            {
                ledger.Apply(new PointsAdjusted(new EventKey("adj" + i), filler, new Points(1), start, "opening"));
            }

            for (var c = 0; c < customers; c++)
            {
                var id = new CustomerId("c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
                ledger.Apply(Placed("o" + c, id, start + Duration.FromMinutes(c), 10m));
            }

            Assert.Throws<OverflowException>(() => ledger.Apply(new PointsAdjusted(new EventKey("big"), filler, new Points(long.MaxValue), start + Duration.FromHours(3), "overflow")));
            return start + Duration.FromDays(8);
        }

        // The least of three ledgers' advances, so that a one-off runtime allocation on this thread is not charged to the
        // ledger (a journal that grew would grow in each).
        var least = Allocations.LeastOf(
            3,
            () =>
            {
                var ledger = new PointsLedger(program);
                return (Ledger: ledger, At: Story(ledger), Entries: ledger.EntryCount);
            },
            story => story.Ledger.AdvanceTo(story.At),
            story => Assert.Equal(story.Entries + customers, story.Ledger.EntryCount));

        Assert.Equal(0, least);
    }

    [Fact]
    public void Replay_InputAlreadyInReplayOrder_IsNotCopiedToBeSorted()
    {
        // Replay documents that input in replay order is not re-sorted. Sorting copies the batch (at least 8 bytes an
        // event); the in-order batch, with a duplicate next to its original, must not pay for it.
        const int n = 2_000;
        var start = Local(2026, 3, 1, 9);
        var inOrder = new List<LoyaltyEvent>(n + 1);
        for (var i = 0; i < n; i++)
        {
            inOrder.Add(Placed("o" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? Alice : Bob, start + Duration.FromMinutes(i), 10m));
            if (i == n / 2)
            {
                inOrder.Add(inOrder[^1]); // the same event delivered twice: equal in replay order, still in order
            }
        }

        LoyaltyEvent[] sortedBatch = [.. inOrder];
        LoyaltyEvent[] swapped = [.. inOrder];
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);

        static long Least(LoyaltyEvent[] events)
        {
            ReplayReport? report = null;
            return Allocations.LeastOf(
                5,
                () => new PointsLedger(Realistic),
                ledger => report = ledger.Replay(events),
                _ => Assert.Equal((events.Length - 1, 1), (report!.Applied, report.Duplicates)));
        }

        Assert.True(Least(sortedBatch) + (8L * n) <= Least(swapped), "an in-order batch was copied to be sorted");
    }
}
