using Retention.Shopify.Bridge;

// Configuration (command line, environment or appsettings): Bridge:Secret (required; the app's client secret),
// Bridge:Database (default bridge.db), Bridge:Port (default 5080; 0 picks a free port). Kestrel listens on 127.0.0.1 only.
var app = BridgeApp.Create(args);
await app.RunAsync();
