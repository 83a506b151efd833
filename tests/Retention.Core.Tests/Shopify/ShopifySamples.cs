using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using Retention.Loyalty;
using Retention.Shopify;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Shopify;

/// <summary>The shared Shopify fixtures, a signing helper that does not use the code under test, and small programs.</summary>
internal static class ShopifySamples
{
    internal const string Secret = "hush";

    internal const string PaidWithCustomer = "order_paid_with_customer.json";
    internal const string PartiallyRefunded = "order_partially_refunded.json";
    internal const string RefundTwoLines = "refund_two_line_items.json";
    internal const string GuestEur = "order_guest_eur.json";
    internal const string CancelledVoided = "order_cancelled_voided.json";

    internal static readonly string[] All = [PaidWithCustomer, PartiallyRefunded, RefundTwoLines, GuestEur, CancelledVoided];

    /// <summary>Reads a fixture from ../shared (the test skips with the reason when it is absent).</summary>
    internal static byte[] Fixture(string name) => File.ReadAllBytes(SharedData.PathTo("fixtures/shopify/" + name));

    /// <summary>Reads a fixture as a mutable JSON tree.</summary>
    internal static JsonObject FixtureNode(string name) => JsonNode.Parse(Fixture(name))!.AsObject();

    internal static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    internal static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Signs a body the way Shopify does, with the BCL's HMACSHA256 instance API (not ShopifyHmac).</summary>
    internal static string Sign(byte[] body, string secret = Secret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(body));
    }

    /// <summary>One point per unit of USD, no return window, UTC: an order's points are its net merchandise, rounded down.</summary>
    internal static PointsProgram UsdProgram(Points? signUpBonus = null)
    {
        var builder = PointsProgram.CreateBuilder("Stars", Currency.Usd, DateTimeZone.Utc);
        if (signUpBonus is { } bonus)
        {
            builder.Bonus(new ActionBonus(BonusTrigger.SignUp, bonus, oncePerCustomer: true));
        }

        return builder.Build();
    }

    internal static ShopifyWebhookHandler Handler(PointsProgram? program = null) => new(new PointsLedger(program ?? UsdProgram()), Secret);

    internal static ShopifyWebhookResult Deliver(this ShopifyWebhookHandler handler, string topic, byte[] body, string? webhookId) =>
        handler.Handle(topic, body, Sign(body), webhookId);

    /// <summary>Everything a ledger holds, as text, to show that an event changed nothing.</summary>
    internal static string Snapshot(PointsLedger ledger) =>
        string.Join("\n", ledger.Customers.Order().SelectMany(c => ledger.History(c).Select(e => e.ToString())))
        + "\n" + ledger.CustomerCount + " customers, " + ledger.EntryCount + " entries";

    /// <summary>A small order payload with plain (not *_set) amounts, for hostile variations.</summary>
    internal const string MinimalOrder = """
        {"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00-05:00", "customer": {"id": 42},
         "line_items": [{"id": 1, "product_id": 7, "quantity": 2, "price": "10.00"}]}
        """;
}
