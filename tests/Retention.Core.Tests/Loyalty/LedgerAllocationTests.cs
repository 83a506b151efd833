using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Applying an event allocates nothing beyond the ledger's own storage: measured per call with the current thread's
/// allocation counter, an order for a known customer allocates nothing (its lot, entry and record go into the
/// ledger's chunked stores, which grow now and then), and a duplicate, a bonus or a redemption allocate nothing at all.
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
    public void Apply_DuplicateBonusAndRedemption_AllocateNothing()
    {
        var ledger = new PointsLedger(Realistic);
        var order = Placed("o1", Alice, Local(2026, 3, 1), 40m);
        ledger.Apply(order);

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
    }
}
