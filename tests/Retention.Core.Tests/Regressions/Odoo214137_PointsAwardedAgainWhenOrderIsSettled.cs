using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/odoo/odoo/pull/214137">odoo/odoo#214137</see> ("pos_loyalty: prevent
/// adding points again when settling order").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> A point-of-sale order paid on the customer's account earned its points in full when
/// it was confirmed; when the customer later settled the amount due, the settlement was processed like a new sale of the
/// same order and paid points a second time, in proportion to the amount settled.</para>
/// <para><b>What the library does.</b> Points belong to the order, not to a payment: every order event carries the key
/// <c>order:</c> + order id, and a ledger applies a key at most once, so the same order delivered again when it is
/// settled (even with the settlement's instant and amount) is a <see cref="ApplyStatus.Duplicate"/> and changes nothing.</para>
/// <para><b>Mutation seen killed:</b> removing the duplicate-key check at the top of <c>PointsLedger.Apply</c>.</para>
/// </remarks>
public sealed class Odoo214137_PointsAwardedAgainWhenOrderIsSettled
{
    [Fact]
    public void OrderSettledLater_IsADuplicate_AndTheCustomerKeepsTheOriginalPointsOnly()
    {
        var ledger = new PointsLedger(Builder().Build());
        var confirmed = Placed("POS-0042", Alice, Local(2026, 6, 2, 10, 0), 120m);

        var first = ledger.Apply(confirmed);

        // The settlement a week later pays the $120 due; the point of sale sends the order again with the payment.
        var settled = ledger.Apply(Placed("POS-0042", Alice, Local(2026, 6, 9, 16, 30), 120m));

        Assert.Equal(new ApplyResult(ApplyStatus.Applied, 120, null), first);
        Assert.Equal(new ApplyResult(ApplyStatus.Duplicate, 0, null), settled);
        var entry = Assert.Single(ledger.History(Alice));
        Assert.Equal(LedgerEntryKind.Earned, entry.Kind);
        Assert.Equal(new Points(120), entry.Available);
        Assert.Equal(new EventKey("order:POS-0042"), entry.Cause);
        Assert.Equal(Local(2026, 6, 2, 10, 0), entry.At);
        Assert.Equal(new PointsBalance(new Points(120), Points.Zero, new Points(120), Points.Zero, Points.Zero, Points.Zero, Points.Zero), ledger.GetBalance(Alice, Local(2026, 6, 30)));
    }

    [Fact]
    public void PartialSettlements_NeverEarnInProportionToTheAmountPaid()
    {
        var ledger = new PointsLedger(Builder().Build());
        ledger.Apply(Placed("POS-0043", Alice, Local(2026, 6, 2, 10, 0), 200m));

        // Three settlements of part of the amount due, each sent as the order with the amount paid so far.
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(Placed("POS-0043", Alice, Local(2026, 6, 5), 50m)).Status);
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(Placed("POS-0043", Alice, Local(2026, 6, 12), 120m)).Status);
        Assert.Equal(ApplyStatus.Duplicate, ledger.Apply(Placed("POS-0043", Alice, Local(2026, 6, 19), 30m)).Status);

        Assert.Equal(new Points(200), ledger.GetBalance(Alice, Local(2026, 6, 30)).Earned);
        Assert.Equal(1L, ledger.EntryCount);
    }

    public static Arbitrary<int[]> Redeliveries() =>
        Gen.Sized(size => Gen.ArrayOf(Gen.Choose(0, 60 * 24 * 90), Math.Min(size, 30) + 1)).ToArbitrary();

    /// <summary>Any number of redeliveries, at any later minutes (up to 90 days), leave exactly one earning.</summary>
    [Property(Arbitrary = [typeof(Odoo214137_PointsAwardedAgainWhenOrderIsSettled)], MaxTest = 100)]
    public bool AnyNumberOfRedeliveries_EarnOnce(int[] minutesLater)
    {
        var ledger = new PointsLedger(Builder().Build());
        var placedAt = Local(2026, 6, 2, 10, 0);
        var first = ledger.Apply(Placed("POS-0044", Alice, placedAt, 75.40m));
        var again = minutesLater
            .Order()
            .Select(m => ledger.Apply(Placed("POS-0044", Alice, placedAt + Duration.FromMinutes(m), 75.40m)))
            .ToArray();
        return first == new ApplyResult(ApplyStatus.Applied, 75, null)
            && again.All(r => r == new ApplyResult(ApplyStatus.Duplicate, 0, null))
            && ledger.History(Alice).Count == 1
            && ledger.GetBalance(Alice, placedAt + Duration.FromDays(100)).Available == new Points(75);
    }
}
