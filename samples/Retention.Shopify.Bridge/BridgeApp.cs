using System.Net;
using NodaTime;
using Retention.Loyalty;
using Retention.Offers;

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
    private readonly OfferCatalog _offers = LoyaltyOffers.Create();
    private readonly OfferSelector _selector;
    private readonly ContactLog _contacts;
    private readonly Dictionary<CustomerId, CustomerProfile> _profiles = [];
    private readonly Dictionary<CustomerId, Dictionary<long, Order>> _orders = [];

    internal Bridge(DeliveryStore store, string secret)
    {
        _store = store;
        _handler = new ShopifyWebhookHandler(new PointsLedger(LoyaltyProgram.Create()), secret);
        _selector = new OfferSelector(_offers);
        _contacts = new ContactLog(_offers);
        foreach (var (topic, webhookId, body) in store.ReadAll())
        {
            // Stored deliveries were verified when they arrived; they are signed again with the current secret.
            var result = _handler.Handle(topic, body, ShopifyHmac.Compute(body, secret), webhookId);
            if (Kept(result))
            {
                Remember(topic, body);
            }
        }
    }

    internal ShopifyWebhookResult Receive(string topic, byte[] body, string? hmac, string? webhookId)
    {
        lock (_gate)
        {
            var result = _handler.Handle(topic, body, hmac, webhookId);
            if (Kept(result))
            {
                _store.Append(topic, webhookId, body);
                Remember(topic, body);
            }

            return result;
        }
    }

    // Keep every delivery whose handling changed or settled something, so a restart rebuilds the same ledger, the same
    // set of known orders and webhook ids (test and guest orders included) and the same customer facts.
    private static bool Kept(ShopifyWebhookResult result) =>
        result.Status is ShopifyWebhookStatus.Applied or ShopifyWebhookStatus.Ignored
        || result.Events.Any(e => e.Result.Status == ApplyStatus.Applied);

    // What the offers read besides the ledger: the profile (consent) from customers/create, and the latest state of each
    // order (a cancellation arrives as an update). The handler has parsed the body already, so these parses succeed.
    private void Remember(string topic, byte[] body)
    {
        switch (topic)
        {
            case ShopifyTopics.CustomersCreate:
                var customer = ShopifyCustomer.Parse(body);
                _profiles[customer.CustomerId] = customer.ToProfile(_handler.Ledger.Program.TimeZone);
                break;
            case ShopifyTopics.OrdersCreate or ShopifyTopics.OrdersUpdated or ShopifyTopics.OrdersCancelled:
                var payload = ShopifyOrder.Parse(body);
                if (!payload.IsTest && payload.Order.CustomerId is { } id)
                {
                    if (!_orders.TryGetValue(id, out var orders))
                    {
                        _orders[id] = orders = [];
                    }

                    orders[payload.Id] = payload.Order;
                }

                break;
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
                nextBestOffer = NextBestOffer(customer, progress.Status.Level, now),
            };
        }
    }

    // The best offer now, or why there is none. A GET records no contact: the system that sends the offer commits it.
    private object NextBestOffer(CustomerId id, int tierLevel, Instant now)
    {
        if (!_profiles.TryGetValue(id, out var profile))
        {
            return new { offer = (object?)null, reason = "no customers/create delivery on record, so no marketing consent" };
        }

        var orders = _orders.TryGetValue(id, out var known) ? known.Values : Enumerable.Empty<Order>();
        var snapshot = _offers.DescribeCustomer(0, profile, now, orders, tierLevel: tierLevel);
        var best = new OfferChoice[1];
        if (_selector.Choose(snapshot, now, _contacts, best) == 0)
        {
            var reason = snapshot.ConsentedChannels == 0 ? "no marketing consent on any channel" : "no offer is eligible";
            return new { offer = (object?)null, reason };
        }

        var offer = best[0].Offer!;
        var checks = _selector.Explain(snapshot, now, _contacts).For(offer.Id).Checks;
        var leaves = checks.Any(c => c.Depth > 0) ? checks.Where(c => c.Depth > 0) : checks;
        return new
        {
            offer = new
            {
                id = offer.Id,
                kind = offer.Kind.ToString(),
                channel = offer.Channel.ToString(),
                percent = offer.Percent,
                expectedValue = Math.Round(best[0].ExpectedValue, 2),
                why = leaves.Where(c => c.Passed).Select(c => c.Description + " (" + c.Seen + ")").ToArray(),
            },
            reason = (string?)null,
        };
    }
}
