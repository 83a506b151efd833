using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Model;

/// <summary>The validation rules as properties: the boundary is exact, and every rejection names its field.</summary>
public sealed class ValidationPropertyTests
{
    [Property(MaxTest = 300)]
    public bool LineQuantity_IsAcceptedExactlyWhenPositive(int quantity)
    {
        try
        {
            return Line("1", 1m, quantity).Quantity == quantity && quantity > 0;
        }
        catch (InvalidValueException e)
        {
            return quantity <= 0 && e.Field == "quantity";
        }
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public bool LineDiscount_IsAcceptedExactlyUpToGross(Money price, PositiveInt quantity, int centsOver)
    {
        var unit = new Money(Math.Abs(price.Amount), Currency.Usd);
        var qty = Math.Min(quantity.Get, 1000);
        var discount = (unit * qty) + new Money(centsOver / 100m, Currency.Usd);
        try
        {
            var line = new OrderLine(new LineItemId("1"), new ProductId("P"), qty, unit, discount);
            return discount.Amount >= 0 && line.Net == (unit * qty) - discount && !line.Net.IsNegative;
        }
        catch (InvalidValueException e)
        {
            return (discount > unit * qty && e.Field == "discount") || (discount.IsNegative && e.Field == "discount");
        }
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public bool NegativeAmounts_AreAlwaysRejectedNamingTheField(Money amount)
    {
        var negative = new Money(-Math.Abs(amount.Amount) - 0.01m, Currency.Usd);
        var ex = Record.Exception(() => new OrderLine(new LineItemId("1"), new ProductId("P"), 1, negative));
        return ex is InvalidValueException { Field: "unitPrice" };
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public bool RefundLineAmount_IsAcceptedExactlyUpToTheLineNet(Order order, int centsOver)
    {
        var line = order.Lines[0];
        var amount = line.Net + new Money(centsOver / 100m, order.Currency);
        try
        {
            var refund = new Refund(new RefundId("R"), order, order.PlacedAt, [new RefundLine(line.Id, 1, amount)]);
            return amount <= line.Net && amount <= order.Total && refund.Amount == amount;
        }
        catch (InvalidValueException e)
        {
            return amount > line.Net || amount.IsNegative || (amount > order.Total && e.Field == "amount");
        }
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public bool RefundBeforeItsOrder_IsAlwaysRejected(Order order, PositiveInt seconds)
    {
        var ex = Record.Exception(() => Refund.Full(new RefundId("R"), order, order.PlacedAt - Duration.FromSeconds(seconds.Get)));
        return ex is InvalidValueException { Field: "refundedAt" };
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public Property OrderInOneCurrency_RejectsAnyLineInAnother(Currency orderCurrency, Currency lineCurrency)
    {
        return Prop.When(orderCurrency != lineCurrency, () =>
        {
            var line = new OrderLine(new LineItemId("1"), new ProductId("P"), 1, new Money(1m, lineCurrency));
            var ex = Assert.Throws<CurrencyMismatchException>(() => new Order(new OrderId("1"), null, PlacedAt, orderCurrency, [line]));
            Assert.Equal("lines[0].unitPrice", ex.Field);
            Assert.Equal(orderCurrency, ex.Expected);
        });
    }

    /// <summary>
    /// Orders and refunds of 1 to 40 lines whose ids come from 30 values, so that short ones seldom repeat an id and
    /// long ones nearly always do: below and past <c>RepeatedIds.ScanLimit</c>, where the search changes.
    /// </summary>
    private static Arbitrary<int[]> LineIdCodes() =>
        Gen.Choose(1, 40).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 29), length)).ToArbitrary();

    /// <summary>The index of the first code equal to an earlier one, or -1 when all differ.</summary>
    private static int FirstRepeat(int[] codes) =>
        Enumerable.Range(0, codes.Length).Where(i => Array.IndexOf(codes, codes[i], 0, i) >= 0).DefaultIfEmpty(-1).First();

    [Property(MaxTest = 300)]
    public Property Order_RefusesARepeatedLineId_NamingTheFirstLineThatRepeatsOne()
    {
        return Prop.ForAll(LineIdCodes(), codes =>
        {
            OrderLine[] lines = [.. codes.Select(c => Line("L" + c, 1m))];
            var repeat = FirstRepeat(codes);
            var ex = Record.Exception(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, lines));
            return repeat < 0
                ? ex is null
                : ex is InvalidValueException e && e.Field == $"lines[{repeat}].id" && e.Value == $"\"L{codes[repeat]}\"";
        });
    }

    [Property(MaxTest = 300)]
    public Property Refund_RefusesALineRefundedTwice_NamingTheFirstRefundLineThatRepeatsOne()
    {
        return Prop.ForAll(LineIdCodes(), codes =>
        {
            var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [.. Enumerable.Range(0, 30).Select(c => Line("L" + c, 1m))]);
            RefundLine[] lines = [.. codes.Select(c => new RefundLine(new LineItemId("L" + c), 1, Usd(1m)))];
            var repeat = FirstRepeat(codes);
            var ex = Record.Exception(() => new Refund(new RefundId("R"), order, PlacedAt, lines));
            return repeat < 0
                ? ex is null
                : ex is InvalidValueException e && e.Field == $"lines[{repeat}].lineItemId" && e.Message.EndsWith("is refunded twice in one refund.", StringComparison.Ordinal);
        });
    }
}
