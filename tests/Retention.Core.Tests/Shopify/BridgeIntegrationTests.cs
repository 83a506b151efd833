using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Retention.Offers;
using Retention.Shopify;
using Retention.Shopify.Bridge;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>
/// The sample bridge service over real HTTP on a free loopback port: signed webhooks accepted, unsigned or tampered ones
/// rejected with 401, redeliveries ignored, and a restart on the same SQLite file keeps every point.
/// </summary>
public sealed class BridgeIntegrationTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "retention-bridge-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public async Task Bridge_SignedUnsignedRedeliveredAndRestarted_KeepsExactlyThePointsEarned()
    {
        var ct = TestContext.Current.CancellationToken;
        var paid = Fixture(PaidWithCustomer);
        var refunded = Fixture(PartiallyRefunded);
        var refund = Fixture(RefundTwoLines);
        var guest = Fixture(GuestEur);

        JsonObject bob;
        await using (var first = await Running(ct))
        {
            Assert.StartsWith("http://127.0.0.1:", first.Address.ToString(), StringComparison.Ordinal);

            var created = await first.Post(ShopifyTopics.OrdersCreate, paid, Sign(paid), "w-1", ct);
            Assert.Equal((HttpStatusCode.OK, "Applied", 199L), created);

            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await first.Post(ShopifyTopics.OrdersCreate, paid, Sign(paid), "w-1", ct));
            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await first.Post(ShopifyTopics.OrdersUpdated, paid, Sign(paid), "w-2", ct));

            Assert.Equal(HttpStatusCode.Unauthorized, (await first.Post(ShopifyTopics.OrdersCreate, refunded, null, "w-3", ct)).Status);
            var tampered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(refunded).Replace("\"3.33\"", "\"0.33\"", StringComparison.Ordinal));
            Assert.NotEqual(refunded, tampered);
            Assert.Equal(HttpStatusCode.Unauthorized, (await first.Post(ShopifyTopics.OrdersCreate, tampered, Sign(refunded), "w-3", ct)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await first.Get("/customers/207119551/loyalty", ct)).Status);

            var withRefund = await first.Post(ShopifyTopics.OrdersCreate, refunded, Sign(refunded), "w-3", ct);
            Assert.Equal((HttpStatusCode.OK, "Applied"), (withRefund.Status, withRefund.Outcome));
            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await first.Post(ShopifyTopics.RefundsCreate, refund, Sign(refund), "w-4", ct));
            Assert.Equal((HttpStatusCode.OK, "Ignored", 0L), await first.Post(ShopifyTopics.OrdersCreate, guest, Sign(guest), "w-5", ct));

            var customer = await first.Get("/customers/1073339459/loyalty", ct);
            Assert.Equal(HttpStatusCode.OK, customer.Status);
            Assert.Equal(199L, customer.Body!["balance"]!["available"]!.GetValue<long>());
            Assert.Equal("Member", customer.Body["tier"]!.GetValue<string>());
            Assert.Equal("Silver", customer.Body["progress"]!["nextTier"]!.GetValue<string>());
            Assert.Equal(301m, customer.Body["progress"]!["neededForNext"]!.GetValue<decimal>());

            bob = (await first.Get("/customers/207119551/loyalty", ct)).Body!;
            Assert.Equal(withRefund.Change, bob["balance"]!["available"]!.GetValue<long>());
            Assert.True(bob["balance"]!["reversed"]!.GetValue<long>() > 0);
        }

        await using (var second = await Running(ct))
        {
            var customer = await second.Get("/customers/1073339459/loyalty", ct);
            Assert.Equal(199L, customer.Body!["balance"]!["available"]!.GetValue<long>());
            Assert.Equal(bob.ToJsonString(), (await second.Get("/customers/207119551/loyalty", ct)).Body!.ToJsonString());

            // After the restart: the webhook id is still known, and so is the order under a new id.
            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await second.Post(ShopifyTopics.OrdersCreate, paid, Sign(paid), "w-1", ct));
            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await second.Post(ShopifyTopics.OrdersCreate, paid, Sign(paid), "w-99", ct));
            Assert.Equal((HttpStatusCode.OK, "Duplicate", 0L), await second.Post(ShopifyTopics.RefundsCreate, refund, Sign(refund), "w-100", ct));
            Assert.Equal(HttpStatusCode.BadRequest, (await second.Post(ShopifyTopics.OrdersCreate, paid[..100], Sign(paid[..100]), "w-101", ct)).Status);
            Assert.Equal(199L, (await second.Get("/customers/1073339459/loyalty", ct)).Body!["balance"]!["available"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Bridge_AnswersTheNextBestOffer_FromConsentOrdersAndTier_AndKeepsItOverARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var paid = Fixture(PaidWithCustomer); // customer 1073339459, one order on 2024-04-02
        var refunded = Fixture(PartiallyRefunded); // customer 207119551
        var subscribed = Customer(1073339459, "subscribed");
        var newcomer = Customer(42, "subscribed");
        var unsubscribed = Customer(7, "not_subscribed");
        var unscored = SegmentResponseModel.Default.Unscored;

        JsonObject before;
        await using (var first = await Running(ct))
        {
            // The sign-up pays 50 points and records the e-mail consent; the order a day later pays 199. The last order
            // is years old and the customer bought once: the win-back is the one eligible offer.
            Assert.Equal((HttpStatusCode.OK, "Applied", 50L), await first.Post(ShopifyTopics.CustomersCreate, subscribed, Sign(subscribed), "c-1", ct));
            Assert.Equal((HttpStatusCode.OK, "Applied", 199L), await first.Post(ShopifyTopics.OrdersCreate, paid, Sign(paid), "o-1", ct));
            before = (await first.Get("/customers/1073339459/loyalty", ct)).Body!;
            Assert.Equal(249L, before["balance"]!["available"]!.GetValue<long>());
            Assert.Equal("Member", before["tier"]!.GetValue<string>());
            var winBack = before["nextBestOffer"]!["offer"]!;
            Assert.Equal("winback-20", winBack["id"]!.GetValue<string>());
            Assert.Equal("WinBack", winBack["kind"]!.GetValue<string>());
            Assert.Equal("Email", winBack["channel"]!.GetValue<string>());
            Assert.Equal(20m, winBack["percent"]!.GetValue<decimal>());
            Assert.Equal(Math.Round(Math.Min(1d, unscored * 2) * (45d - 15d), 2), winBack["expectedValue"]!.GetValue<double>(), 1e-9);
            var why = winBack["why"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            Assert.Equal(2, why.Length);
            Assert.Contains(why, w => w.StartsWith("days since last order", StringComparison.Ordinal));
            Assert.Contains(why, w => w.StartsWith("orders", StringComparison.Ordinal));

            // A subscribed customer without orders gets the welcome discount; one without consent gets nothing, and why;
            // so does a customer known from orders only.
            Assert.Equal((HttpStatusCode.OK, "Applied", 50L), await first.Post(ShopifyTopics.CustomersCreate, newcomer, Sign(newcomer), "c-2", ct));
            var welcome = (await first.Get("/customers/42/loyalty", ct)).Body!["nextBestOffer"]!["offer"]!;
            Assert.Equal("welcome-10", welcome["id"]!.GetValue<string>());
            Assert.Equal(Math.Round(unscored * (30d - 5d), 2), welcome["expectedValue"]!.GetValue<double>(), 1e-9);
            Assert.Equal((HttpStatusCode.OK, "Applied", 50L), await first.Post(ShopifyTopics.CustomersCreate, unsubscribed, Sign(unsubscribed), "c-3", ct));
            var none = (await first.Get("/customers/7/loyalty", ct)).Body!["nextBestOffer"]!;
            Assert.Null(none["offer"]);
            Assert.Equal("no marketing consent on any channel", none["reason"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await first.Post(ShopifyTopics.OrdersCreate, refunded, Sign(refunded), "o-2", ct)).Status);
            var unknown = (await first.Get("/customers/207119551/loyalty", ct)).Body!["nextBestOffer"]!;
            Assert.Null(unknown["offer"]);
            Assert.Equal("no customers/create delivery on record, so no marketing consent", unknown["reason"]!.GetValue<string>());
        }

        // The consent and the orders are rebuilt from the stored deliveries, so the answer is the same after a restart.
        await using var second = await Running(ct);
        Assert.Equal(before.ToJsonString(), (await second.Get("/customers/1073339459/loyalty", ct)).Body!.ToJsonString());
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }
    }

    private static byte[] Customer(long id, string emailState) => System.Text.Encoding.UTF8.GetBytes(
        "{\"id\": " + id.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + ", \"created_at\": \"2024-04-01T10:00:00-05:00\", \"email_marketing_consent\": {\"state\": \"" + emailState
        + "\", \"opt_in_level\": \"single_opt_in\", \"consent_updated_at\": \"2024-04-01T10:00:00-05:00\"}}");

    private async Task<Running> Running(CancellationToken ct)
    {
        var app = BridgeApp.Create(["--Bridge:Secret=" + Secret, "--Bridge:Database=" + _database, "--Bridge:Port=0"]);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Running(app, new Uri(address));
    }
}

/// <summary>A started bridge and a client for it.</summary>
internal sealed class Running(WebApplication app, Uri address) : IAsyncDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = address };

    internal Uri Address => address;

    internal async Task<(HttpStatusCode Status, string Outcome, long Change)> Post(string topic, byte[] body, string? hmac, string webhookId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(ShopifyTopics.HeaderName, topic);
        request.Headers.Add(ShopifyWebhookHandler.WebhookIdHeaderName, webhookId);
        if (hmac is not null)
        {
            request.Headers.Add(ShopifyHmac.HeaderName, hmac);
        }

        using var response = await _client.SendAsync(request, ct);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return (response.StatusCode, json["status"]!.GetValue<string>(), json["change"]!.GetValue<long>());
    }

    internal async Task<(HttpStatusCode Status, JsonObject? Body)> Get(string path, CancellationToken ct)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : null);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
