using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Rfm;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Rfm;

public sealed class VipAndConversionTests
{
    [Fact]
    public void MarkVips_TakesTheTopShareByNetSpend_TiesByCustomerOrder()
    {
        var values = new[] { 10d, 500, 20, 500, 5 }.Select(m => new RfmValues(1, 1, m)).ToArray();
        var vips = new bool[5];
        Assert.Equal(1, RfmScoring.MarkVips(values, 0.2, vips));
        Assert.Equal([false, false, false, true, false], vips); // the later of the two 500s ranks higher, as in NTILE
        Assert.Equal(2, RfmScoring.MarkVips(values, 0.21, vips)); // ceiling of 1.05
        Assert.Equal([false, true, false, true, false], vips);
        Assert.Equal(5, RfmScoring.MarkVips(values, 1, vips));
        Assert.Equal(0, RfmScoring.MarkVips([], 0.5, []));
        var error = Assert.Throws<InvalidValueException>(() => RfmScoring.MarkVips(values, 0, vips));
        Assert.Equal("topFraction", error.Field);
        Assert.Contains("must be above 0 and at most 1", error.Message, StringComparison.Ordinal);

        // A destination that held an earlier answer is cleared: only this call's VIPs are marked (a mutant that
        // removed the clearing survived).
        var reused = new bool[] { true, true, true, true, true };
        Assert.Equal(1, RfmScoring.MarkVips(values, 0.2, reused));
        Assert.Equal(1, reused.Count(v => v));
        Assert.Equal("topFraction", Assert.Throws<InvalidValueException>(() => RfmScoring.MarkVips(values, double.NaN, vips)).Field);
        Assert.Throws<ArgumentException>(() => RfmScoring.MarkVips(values, 0.5, new bool[4]));
    }

    [Property(Arbitrary = [typeof(RfmScoringTests)], MaxTest = 200)]
    public bool MarkVips_NoNonVipOutspendsAVip(RfmValues[] values, byte percent)
    {
        var fraction = (percent % 100 + 1) / 100d;
        var vips = new bool[values.Length];
        var count = RfmScoring.MarkVips(values, fraction, vips);
        var minVip = values.Where((_, i) => vips[i]).Select(v => v.Monetary).DefaultIfEmpty(double.PositiveInfinity).Min();
        var maxOther = values.Where((_, i) => !vips[i]).Select(v => v.Monetary).DefaultIfEmpty(double.NegativeInfinity).Max();
        return count == vips.Count(v => v) && count == (int)Math.Ceiling(values.Length * fraction) && maxOther <= minVip;
    }

    [Fact]
    public void FromOrders_UsesTotalsAndLocalDates_SkippingCancelledAndGuests()
    {
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var paid = TwoLineOrder(id: "#1", customer: "ann");
        var cancelled = TwoLineOrder(OrderStatus.Cancelled, id: "#2", customer: "ann");
        var guest = TwoLineOrder(id: "#3", customer: null);
        var refund = Refund.Full(new RefundId("r1"), paid, PlacedAt + Duration.FromHours(24));
        var refundOfCancelled = Refund.Full(new RefundId("r2"), cancelled, PlacedAt);
        var customers = CustomerIndex.Create([new CustomerId("ann")]);

        var transactions = TransactionConverter.FromOrders([paid, cancelled, guest], [refund, refundOfCancelled], customers, tokyo, Currency.Usd);

        // 2026-03-14T15:00Z is midnight starting 2026-03-15 in Tokyo; the refund a day later is on the 16th there.
        Assert.Equal(
            [Transaction.Purchase(0, new LocalDate(2026, 3, 15), 97.30m), Transaction.Refund(0, new LocalDate(2026, 3, 16), 97.30m)],
            transactions);
        Assert.Throws<CurrencyMismatchException>(() => TransactionConverter.FromOrders([paid], [], customers, tokyo, Currency.Eur));
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => TransactionConverter.FromOrders([paid], [], CustomerIndex.Create([new CustomerId("bob")]), tokyo, Currency.Usd)).Field);
    }

    public static Arbitrary<string[]> IdTriples() =>
        Gen.ArrayOf(
            from length in Gen.Choose(1, 3)
            from chars in Gen.ArrayOf(Gen.Elements("0", "1", "2", "9", "a", "A", "_"), length)
            select string.Concat(chars),
            3).ToArbitrary();

    [Property(Arbitrary = [typeof(VipAndConversionTests)], MaxTest = 1000)]
    public bool NaturalOrder_IsATotalOrder(string[] ids)
    {
        var order = CustomerIndex.NaturalOrder;
        var (a, b, c) = (new CustomerId(ids[0]), new CustomerId(ids[1]), new CustomerId(ids[2]));
        var antisymmetric = Math.Sign(order.Compare(a, b)) == -Math.Sign(order.Compare(b, a));
        var transitive = !(order.Compare(a, b) <= 0 && order.Compare(b, c) <= 0) || order.Compare(a, c) <= 0;
        var consistent = (order.Compare(a, b) == 0) == (a == b);
        return antisymmetric && transitive && consistent;
    }

    [Fact]
    public void CustomerIndex_OrdersNumbersByValue_AndTextOrdinally()
    {
        var index = CustomerIndex.Create(new[] { "10", "9", "b", "B", "007", "7", "a", "9" }.Select(s => new CustomerId(s)));
        Assert.Equal(["007", "7", "9", "10", "B", "a", "b"], Enumerable.Range(0, index.Count).Select(i => index[i].Value));

        // Mixed: whole numbers first (so "2" < "10" < "1a" holds without a cycle).
        var mixed = CustomerIndex.Create(new[] { "1a", "10", "2" }.Select(s => new CustomerId(s)));
        Assert.Equal(["2", "10", "1a"], Enumerable.Range(0, mixed.Count).Select(i => mixed[i].Value));
        Assert.Equal(3, index.IndexOf(new CustomerId("10")));
        Assert.False(index.TryGetIndex(new CustomerId("11"), out var missing));
        Assert.Equal(-1, missing);
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => index.IndexOf(new CustomerId("11"))).Field);
        Assert.Throws<ArgumentOutOfRangeException>(() => index[7]);
    }
}
