using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using NodaTime;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Model;

/// <summary>
/// Validating a domain object allocates nothing when the checks pass: the field names, rules and rendered values of
/// the error messages are built only when a check fails, and values are boxed only then. Measured with the current
/// thread's allocation counter against the objects the constructor must create.
/// </summary>
public sealed class ValidationAllocationTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 9, 0);

    /// <summary>Where each measured object goes, so that the JIT cannot allocate it on the stack.</summary>
    private static object? _sink;

    private static long AllocatedBy(Action action) => Allocations.LeastOf(10, action);

    /// <summary>The size of one instance of <typeparamref name="T"/>, measured by allocating one without its constructor.</summary>
    private static long SizeOf<T>() => AllocatedBy(() => _sink = RuntimeHelpers.GetUninitializedObject(typeof(T)));

    [Fact]
    public void OrderLine_AllocatesOnlyItself()
    {
        var id = new LineItemId("1");
        var product = new ProductId("P");
        var category = new CategoryId("shirts");

        // Before: 536 bytes, the gross amount rendered and the rule text built for the discount check on every line.
        Assert.Equal(SizeOf<OrderLine>(), AllocatedBy(() => _sink = new OrderLine(id, product, 2, Usd(20m), Usd(4m), category)));
    }

    [Fact]
    public void CustomerAction_AllocatesOnlyItself_RatedUnratedOrReferral()
    {
        var key = new EventKey("e1");
        var ann = new CustomerId("ann");
        var bob = new CustomerId("bob");
        var size = SizeOf<CustomerAction>();

        // Before: 392 bytes for the review, the rule text ("... for a Review") built on every action and its values boxed.
        Assert.Equal(size, AllocatedBy(() => _sink = new CustomerAction(key, ann, ActionKind.Review, At, rating: 4)));
        Assert.Equal(size, AllocatedBy(() => _sink = new CustomerAction(key, ann, ActionKind.SignUp, At)));
        Assert.Equal(size, AllocatedBy(() => _sink = new CustomerAction(key, ann, ActionKind.Referral, At, referredCustomerId: bob)));
    }

    [Fact]
    public void Order_AllocatesOnlyItsOwnParts_NothingPerLineForItsChecks()
    {
        OrderLine[] lines = [.. Enumerable.Range(1, 40).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 10m))];
        var id = new OrderId("#1");
        var customer = new CustomerId("C1");

        // What the order keeps or needs: itself, its copy of the lines, their read-only view, and (past 16 lines) the
        // set that finds a repeated line id, built the same way.
        var parts = SizeOf<Order>()
            + AllocatedBy(() => _sink = lines.ToArray())
            + AllocatedBy(() => _sink = new ReadOnlyCollection<OrderLine>(lines))
            + AllocatedBy(() =>
            {
                var seen = new HashSet<LineItemId>(lines.Length);
                foreach (var line in lines)
                {
                    seen.Add(line.Id);
                }

                _sink = seen;
            });

        // Before: two field names per line ("lines[i].unitPrice", "lines[i].id") and the subtotal rendered for the
        // coupon rule: 5,800 bytes more for these 40 lines.
        Assert.Equal(parts, AllocatedBy(() => _sink = new Order(id, customer, At, Currency.Usd, lines, Usd(5m), Usd(4m), Usd(1m))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void Order_OfUpTo16Lines_BuildsNoSetToFindARepeatedLineId(int lineCount)
    {
        OrderLine[] lines = [.. Enumerable.Range(1, lineCount).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 10m))];
        var id = new OrderId("#1");
        var parts = SizeOf<Order>()
            + AllocatedBy(() => _sink = lines.ToArray())
            + AllocatedBy(() => _sink = new ReadOnlyCollection<OrderLine>(lines));

        // Before: a HashSet for every order, 176 bytes more for one line (456 in all) and 760 more for 16 lines.
        Assert.Equal(parts, AllocatedBy(() => _sink = new Order(id, null, At, Currency.Usd, lines)));
    }

    [Fact]
    public void Refund_OfAFewLines_AllocatesOnlyItsOwnParts()
    {
        var order = TwoLineOrder();
        RefundLine[] lines = [new RefundLine(new LineItemId("2"), 1, Usd(60m)), new RefundLine(new LineItemId("1"), 1, Usd(18m))];
        var id = new RefundId("R1");
        var parts = SizeOf<Refund>()
            + AllocatedBy(() => _sink = lines.ToArray())
            + AllocatedBy(() => _sink = new ReadOnlyCollection<RefundLine>(lines));

        // Before: 472 bytes, a HashSet and an enumerator of the order's lines for each refund line looked up.
        Assert.Equal(parts, AllocatedBy(() => _sink = new Refund(id, order, order.PlacedAt, lines)));
    }

    [Fact]
    public void FailedChecks_StillNameTheElement()
    {
        var order = TwoLineOrder();
        var twice = Assert.Throws<InvalidValueException>(() => new Order(
            new OrderId("#2"), null, At, Currency.Usd, [Line("1", 5m), Line("2", 5m), Line("1", 5m)]));
        Assert.Equal("lines[2].id", twice.Field);

        var euro = Assert.Throws<CurrencyMismatchException>(() => new Order(
            new OrderId("#3"), null, At, Currency.Usd, [Line("1", 5m), new OrderLine(new LineItemId("2"), new ProductId("P"), 1, new Money(5m, Currency.Eur))]));
        Assert.Equal("lines[1].unitPrice", euro.Field);

        var tooMany = Assert.Throws<InvalidValueException>(() => new Refund(
            new RefundId("R1"), order, order.PlacedAt, [new RefundLine(new LineItemId("1"), 1, Usd(1m)), new RefundLine(new LineItemId("2"), 2, Usd(1m))]));
        Assert.Equal("lines[1].quantity", tooMany.Field);
        Assert.Equal("Invalid lines[1].quantity: 2 must not exceed the ordered quantity 1.", tooMany.Message);
    }
}
