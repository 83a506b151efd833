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
}
