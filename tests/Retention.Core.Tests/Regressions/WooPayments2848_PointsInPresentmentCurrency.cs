using System.Globalization;
using NodaTime;
using Retention.Loyalty;
using Retention.Shopify;
using Retention.Tests.Shopify;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/Automattic/woocommerce-payments/issues/2848">Automattic/woocommerce-payments#2848</see>
/// ("Compatibility Multi-Currency with Points &amp; Rewards"; fixed by PR #4465).
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> With one point per unit of the store currency, a product worth 100 EUR earned 100
/// points, but after switching the displayed currency to ZAR the checkout promised about 1700 points: points were
/// computed on the amount in the customer's (presentment) currency. Switching back for the next purchase let the
/// customer spend a ton of points.</para>
/// <para><b>What the library does.</b> A program has one currency and earns on amounts in it; an order in another
/// currency is refused, never converted by a rate it does not know. The Shopify mapping reads only
/// <c>shop_money</c> of every <c>*_set</c> field, so the same 100-dollar order earns 100 points whether the customer saw
/// it in USD, ZAR or EUR.</para>
/// <para><b>Mutation seen killed:</b> reading <c>presentment_money</c> instead of <c>shop_money</c> in
/// <c>Json</c>'s money-set reader.</para>
/// </remarks>
public sealed class WooPayments2848_PointsInPresentmentCurrency
{
    private static byte[] OrderPresentedIn(long id, string currency, string presentmentAmount) =>
        ShopifySamples.Bytes(string.Format(CultureInfo.InvariantCulture, """
            {{"id": {0}, "currency": "USD", "presentment_currency": "{1}", "created_at": "2026-03-0{0}T10:00:00Z", "customer": {{"id": 42}},
             "line_items": [{{"id": {0}1, "product_id": 7, "quantity": 1, "price": "{2}",
               "price_set": {{"shop_money": {{"amount": "100.00", "currency_code": "USD"}}, "presentment_money": {{"amount": "{2}", "currency_code": "{1}"}}}}}}],
             "total_price_set": {{"shop_money": {{"amount": "100.00", "currency_code": "USD"}}, "presentment_money": {{"amount": "{2}", "currency_code": "{1}"}}}}}}
            """, id, currency, presentmentAmount));

    [Fact]
    public void SameOrderPresentedInZarOrEur_EarnsTheShopCurrencyPoints()
    {
        var handler = ShopifySamples.Handler();

        var usd = handler.Deliver(ShopifyTopics.OrdersCreate, OrderPresentedIn(1, "USD", "100.00"), "w1");
        var zar = handler.Deliver(ShopifyTopics.OrdersCreate, OrderPresentedIn(2, "ZAR", "1700.00"), "w2");
        var eur = handler.Deliver(ShopifyTopics.OrdersCreate, OrderPresentedIn(3, "EUR", "92.00"), "w3");

        Assert.Equal(100, usd.Events.Single().Result.Change.Value);
        Assert.Equal(100, zar.Events.Single().Result.Change.Value);
        Assert.Equal(100, eur.Events.Single().Result.Change.Value);
        Assert.Equal(new Points(300), handler.Ledger.GetBalance(new CustomerId("42"), Instant.FromUtc(2026, 3, 10, 0, 0)).Available);
    }

    [Fact]
    public void OrderInAnotherCurrencyThanTheProgram_IsRefused_NotCountedAtFaceValue()
    {
        var ledger = new PointsLedger(Builder().Build());
        var zar = Currency.FromCode("ZAR");
        var order = new Order(new OrderId("ZA-1"), Alice, Local(2026, 3, 1), zar,
            [new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(1700m, zar))]);

        var result = ledger.Apply(new OrderPlaced(order));

        Assert.Equal(new ApplyResult(ApplyStatus.Refused, 0, "order ZA-1 is in ZAR, the program in USD"), result);
        Assert.Equal(0, ledger.CustomerCount);
    }
}
