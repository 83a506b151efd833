using System.Net;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Shopify.Bridge;

/// <summary>Builds the bridge: POST /webhooks/shopify and GET /customers/{id}/loyalty on 127.0.0.1.</summary>
public static class BridgeApp
{
    /// <summary>Creates the application from command-line style arguments (<c>--Bridge:Secret=...</c>).</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var secret = builder.Configuration["Bridge:Secret"];
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException("Set Bridge:Secret (for example --Bridge:Secret=... or the environment variable Bridge__Secret) to the Shopify app's client secret.");
        }

        var database = builder.Configuration["Bridge:Database"] ?? "bridge.db";
        var port = int.Parse(builder.Configuration["Bridge:Port"] ?? "5080", System.Globalization.CultureInfo.InvariantCulture);
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = 1024 * 1024; // Shopify order payloads are tens of kilobytes
        });
        builder.Logging.ClearProviders();

        var store = new DeliveryStore(database);
        var bridge = new Bridge(store, secret);
        builder.Services.AddSingleton(bridge);
        builder.Services.AddSingleton(TimeProvider.System);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(store.Dispose);

        app.MapPost("/webhooks/shopify", async (HttpRequest request, Bridge b) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var result = b.Receive(
                request.Headers[ShopifyTopics.HeaderName].ToString(),
                buffer.ToArray(),
                request.Headers[ShopifyHmac.HeaderName].FirstOrDefault(),
                request.Headers[ShopifyWebhookHandler.WebhookIdHeaderName].FirstOrDefault());
            var body = new { status = result.Status.ToString(), reason = result.Reason, change = result.Change.Value };
            return result.Status switch
            {
                ShopifyWebhookStatus.Unauthorized => Results.Json(body, statusCode: StatusCodes.Status401Unauthorized),
                ShopifyWebhookStatus.Malformed => Results.Json(body, statusCode: StatusCodes.Status400BadRequest),
                ShopifyWebhookStatus.Refused => Results.Json(body, statusCode: StatusCodes.Status409Conflict),
                _ => Results.Json(body),
            };
        });

        app.MapGet("/customers/{id}/loyalty", (string id, Bridge b, TimeProvider time) =>
        {
            var now = Instant.FromDateTimeOffset(time.GetUtcNow());
            return b.Loyalty(id, now) is { } loyalty ? Results.Json(loyalty) : Results.NotFound(new { reason = "customer " + id + " has no points history" });
        });

        return app;
    }
}

/// <summary>The handler and its store behind one lock: webhooks are applied one at a time, in arrival order.</summary>
internal sealed class Bridge
{
    private readonly Lock _gate = new();
    private readonly DeliveryStore _store;
    private readonly ShopifyWebhookHandler _handler;

    internal Bridge(DeliveryStore store, string secret)
    {
        _store = store;
        _handler = new ShopifyWebhookHandler(new PointsLedger(LoyaltyProgram.Create()), secret);
        foreach (var (topic, webhookId, body) in store.ReadAll())
        {
            // Stored deliveries were verified when they arrived; they are signed again with the current secret.
            _handler.Handle(topic, body, ShopifyHmac.Compute(body, secret), webhookId);
        }
    }

    internal ShopifyWebhookResult Receive(string topic, byte[] body, string? hmac, string? webhookId)
    {
        lock (_gate)
        {
            var result = _handler.Handle(topic, body, hmac, webhookId);

            // Keep every delivery whose handling changed or settled something, so a restart rebuilds the same ledger and
            // the same set of known orders and webhook ids (test and guest orders included).
            if (result.Status is ShopifyWebhookStatus.Applied or ShopifyWebhookStatus.Ignored
                || result.Events.Any(e => e.Result.Status == ApplyStatus.Applied))
            {
                _store.Append(topic, webhookId, body);
            }

            return result;
        }
    }

    internal object? Loyalty(string id, Instant now)
    {
        if (id.Length == 0 || id != id.Trim())
        {
            return null;
        }

        lock (_gate)
        {
            var ledger = _handler.Ledger;
            var customer = new CustomerId(id);
            if (!ledger.Customers.Contains(customer))
            {
                return null;
            }

            var balance = ledger.GetBalance(customer, now);
            var progress = ledger.GetTierProgress(customer, now);
            return new
            {
                customerId = id,
                balance = new
                {
                    available = balance.Available.Value,
                    pending = balance.Pending.Value,
                    earned = balance.Earned.Value,
                    redeemed = balance.Redeemed.Value,
                    expired = balance.Expired.Value,
                    reversed = balance.Reversed.Value,
                },
                tier = progress.Status.Tier.Name,
                progress = new
                {
                    qualifying = progress.Status.Qualifying,
                    nextTier = progress.Next?.Name,
                    neededForNext = progress.NeededForNext,
                },
            };
        }
    }
}
