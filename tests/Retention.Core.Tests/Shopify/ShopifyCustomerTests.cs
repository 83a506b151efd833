using NodaTime;
using Retention.Loyalty;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>customers/create payloads: profile, consent, tags and the sign-up event.</summary>
public sealed class ShopifyCustomerTests
{
    private const string Customer = """
        {"id": 706405506930370084, "email": "bob@biller.com", "created_at": "2026-03-01T10:00:00-05:00",
         "first_name": "Bob", "tags": "vip, wholesale,,vip ",
         "email_marketing_consent": {"state": "subscribed", "opt_in_level": "single_opt_in", "consent_updated_at": "2026-03-01T10:05:00-05:00"},
         "sms_marketing_consent": {"state": "not_subscribed", "opt_in_level": null, "consent_updated_at": null}}
        """;

    [Fact]
    public void Parse_Customer_MapsIdConsentAndTags()
    {
        var customer = ShopifyCustomer.Parse(Bytes(Customer));

        Assert.Equal(706405506930370084L, customer.Id);
        Assert.Equal(new CustomerId("706405506930370084"), customer.CustomerId);
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 15, 0), customer.CreatedAt);
        Assert.Equal(
            [new ConsentChange(Channel.Email, true, Instant.FromUtc(2026, 3, 1, 15, 5)), new ConsentChange(Channel.Sms, false, Instant.FromUtc(2026, 3, 1, 15, 0))],
            customer.Consents);
        Assert.Equal(["vip", "wholesale"], customer.Tags);
    }

    [Fact]
    public void ToProfile_UsesTheGivenZoneAndTheConsentHistory()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];

        var profile = ShopifyCustomer.Parse(Bytes(Customer)).ToProfile(zone);

        Assert.Equal(zone, profile.TimeZone);
        Assert.False(profile.HasConsent(Channel.Email, Instant.FromUtc(2026, 3, 1, 15, 4)));
        Assert.True(profile.HasConsent(Channel.Email, Instant.FromUtc(2026, 3, 1, 15, 5)));
        Assert.False(profile.HasConsent(Channel.Sms, Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.Null(profile.Birthday);
    }

    [Fact]
    public void ToSignUp_IsKeyedByTheCustomerId()
    {
        var signUp = ShopifyCustomer.Parse(Bytes(Customer)).ToSignUp();

        Assert.Equal(new EventKey("shopify-customer:706405506930370084"), signUp.Key);
        Assert.Equal(ActionKind.SignUp, signUp.Action.Kind);
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 15, 0), signUp.At);
    }

    [Fact]
    public void Parse_OlderAcceptsMarketing_IsEmailConsentAtCreation()
    {
        var customer = ShopifyCustomer.Parse(Bytes("""{"id": 5, "created_at": "2016-05-17T04:14:36-00:00", "accepts_marketing": true}"""));

        Assert.Equal([new ConsentChange(Channel.Email, true, Instant.FromUtc(2016, 5, 17, 4, 14, 36))], customer.Consents);
    }
}
