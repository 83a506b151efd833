using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Loyalty;
using Retention.Shopify;
using Retention.Tests.Shopify;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Mutations of the real Shopify fixtures (../shared/fixtures/shopify; skipped when absent): parsing gives a mapped
/// payload or <see cref="ShopifyPayloadException"/>, and the webhook handler answers every signed delivery with a
/// result (never another exception); a malformed, refused, ignored or duplicate delivery leaves the ledger as it was.
/// </summary>
public sealed class ShopifyFuzzProperties
{
    private const int MaxTest = 200;

    public static Arbitrary<JsonMutation[]> Mutations() => JsonMutator.MutationsGen.ToArbitrary();

    [Property(Arbitrary = [typeof(ShopifyFuzzProperties)], MaxTest = MaxTest)]
    public void MutatedPayloads_ParseOrThrowShopifyPayloadException(JsonMutation[] mutations, PositiveInt fixture, bool byteLevel)
    {
        var name = ShopifySamples.All[fixture.Get % ShopifySamples.All.Length];
        var body = Mutate(ShopifySamples.Fixture(name), mutations, byteLevel);
        try
        {
            if (name == ShopifySamples.RefundTwoLines)
            {
                var refund = ShopifyRefund.Parse(body);
                var order = ShopifyOrder.Parse(ShopifySamples.Fixture(ShopifySamples.PartiallyRefunded));
                try
                {
                    refund.ToRefund(order.Order);
                }
                catch (ShopifyPayloadException)
                {
                }
            }
            else
            {
                var order = ShopifyOrder.Parse(body);
                Assert.Equal(order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), order.Order.Id.Value);
            }
        }
        catch (ShopifyPayloadException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Property(Arbitrary = [typeof(ShopifyFuzzProperties)], MaxTest = MaxTest)]
    public void MutatedDeliveries_GiveAResult_AndOnlyAnAppliedOneChangesTheLedger(JsonMutation[] mutations, PositiveInt fixture, bool byteLevel)
    {
        var handler = ShopifySamples.Handler();
        handler.Deliver(ShopifyTopics.OrdersCreate, ShopifySamples.Fixture(ShopifySamples.PaidWithCustomer), "w-1");
        handler.Deliver(ShopifyTopics.OrdersCreate, ShopifySamples.Fixture(ShopifySamples.PartiallyRefunded), "w-2");
        var name = ShopifySamples.All[fixture.Get % ShopifySamples.All.Length];
        var topic = name == ShopifySamples.RefundTwoLines ? ShopifyTopics.RefundsCreate : name == ShopifySamples.CancelledVoided ? ShopifyTopics.OrdersCancelled : ShopifyTopics.OrdersUpdated;
        var body = Mutate(ShopifySamples.Fixture(name), mutations, byteLevel);
        var before = LedgerFuzzProperties.Snapshot(handler.Ledger);

        ShopifyWebhookResult result;
        try
        {
            result = handler.Deliver(topic, body, "w-3");
        }
        catch (OverflowException)
        {
            Assert.Equal(before, LedgerFuzzProperties.Snapshot(handler.Ledger));
            return;
        }

        if (result.Status is ShopifyWebhookStatus.Malformed or ShopifyWebhookStatus.Ignored or ShopifyWebhookStatus.Duplicate)
        {
            Assert.Equal(before, LedgerFuzzProperties.Snapshot(handler.Ledger));
        }

        if (result.Status == ShopifyWebhookStatus.Malformed)
        {
            Assert.IsType<ShopifyPayloadException>(result.Error);
        }

        // A tampered body with the original signature is unauthorized and changes nothing.
        var original = ShopifySamples.Fixture(name);
        if (!body.AsSpan().SequenceEqual(original))
        {
            var afterFirst = LedgerFuzzProperties.Snapshot(handler.Ledger);
            Assert.Equal(ShopifyWebhookStatus.Unauthorized, handler.Handle(topic, body, ShopifySamples.Sign(original), "w-4").Status);
            Assert.Equal(afterFirst, LedgerFuzzProperties.Snapshot(handler.Ledger));
        }
    }

    /// <summary>A customers/create body: the fields ShopifyCustomerTests maps (consent objects, tags) and some it ignores.</summary>
    private const string CustomerCreate = """
        {"id": 706405506930370084, "email": "bob@biller.com", "created_at": "2026-03-01T10:00:00-05:00",
         "updated_at": "2026-03-01T10:00:00-05:00", "first_name": "Bob", "last_name": "Biller", "orders_count": 0,
         "state": "enabled", "tags": "vip, wholesale", "currency": "USD", "accepts_marketing": false,
         "email_marketing_consent": {"state": "subscribed", "opt_in_level": "single_opt_in", "consent_updated_at": "2026-03-01T10:05:00-05:00"},
         "sms_marketing_consent": {"state": "not_subscribed", "opt_in_level": null, "consent_updated_at": null, "consent_collected_from": "OTHER"}}
        """;

    [Property(Arbitrary = [typeof(ShopifyFuzzProperties)], MaxTest = MaxTest)]
    public void MutatedCustomers_ParseOrThrowShopifyPayloadException(JsonMutation[] mutations, bool byteLevel)
    {
        var body = Mutate(Encoding.UTF8.GetBytes(CustomerCreate), mutations, byteLevel);
        ShopifyCustomer customer;
        try
        {
            customer = ShopifyCustomer.Parse(body);
        }
        catch (ShopifyPayloadException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return;
        }

        // What parsed is usable: the sign-up event and the profile build, keyed by the id, consents in time order.
        Assert.Equal(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), customer.CustomerId.Value);
        var signUp = customer.ToSignUp();
        Assert.Equal(customer.CustomerId, signUp.CustomerId);
        Assert.Equal(customer.CreatedAt, signUp.At);
        var profile = customer.ToProfile(NodaTime.DateTimeZone.Utc);
        Assert.Equal(customer.CustomerId, profile.Id);
        Assert.All(customer.Tags, t => Assert.False(string.IsNullOrWhiteSpace(t)));
    }

    private static byte[] Mutate(byte[] fixture, JsonMutation[] mutations, bool byteLevel) =>
        byteLevel ? JsonMutator.ApplyBytes(fixture, mutations) : Encoding.UTF8.GetBytes(JsonMutator.Apply(Encoding.UTF8.GetString(fixture), mutations));
}
