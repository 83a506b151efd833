using System.Collections.ObjectModel;
using System.Text.Json;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Shopify;

/// <summary>
/// A Shopify customer payload (topic <c>customers/create</c>) mapped to what the library keeps about a customer: the
/// id, the sign-up instant, marketing consent and tags.
/// </summary>
/// <remarks>
/// <para>Names, e-mail addresses, phone numbers and addresses are not read: the library needs none of them.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class ShopifyCustomer
{
    private ShopifyCustomer(long id, Instant createdAt, IReadOnlyList<ConsentChange> consents, IReadOnlyList<string> tags)
    {
        Id = id;
        CreatedAt = createdAt;
        Consents = consents;
        Tags = tags;
    }

    /// <summary>Gets Shopify's customer id.</summary>
    /// <value>The 64-bit <c>id</c>; the library's <see cref="CustomerId"/> is its decimal text.</value>
    public long Id { get; }

    /// <summary>Gets the library's identifier of the customer.</summary>
    /// <value>The decimal text of <see cref="Id"/>, the same as orders of this customer carry.</value>
    public CustomerId CustomerId => new(ShopifyOrder.Text(Id));

    /// <summary>Gets when the customer account was created.</summary>
    /// <value><c>created_at</c>, offset applied.</value>
    public Instant CreatedAt { get; }

    /// <summary>Gets the marketing consent the payload states.</summary>
    /// <value>
    /// One change per channel the payload has a state for: <see cref="Channel.Email"/> from
    /// <c>email_marketing_consent</c> (or the older <c>accepts_marketing</c>), <see cref="Channel.Sms"/> from
    /// <c>sms_marketing_consent</c>; granted when the state is <c>subscribed</c>, at <c>consent_updated_at</c> or else
    /// <see cref="CreatedAt"/>.
    /// </value>
    public IReadOnlyList<ConsentChange> Consents { get; }

    /// <summary>Gets the customer's tags.</summary>
    /// <value><c>tags</c> split at commas and trimmed; empty tags dropped.</value>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Maps a customer payload.</summary>
    /// <param name="utf8Json">The raw webhook body.</param>
    /// <returns>The mapped customer.</returns>
    /// <exception cref="ShopifyPayloadException">Thrown when the body is not valid JSON, a required field is missing,
    /// or a value has the wrong type or is out of range; the exception names the JSON path and value.</exception>
    public static ShopifyCustomer Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Json.Parse(utf8Json);
        return Read(document.RootElement, "$");
    }

    /// <summary>Returns the customer's profile.</summary>
    /// <param name="timeZone">The customer's time zone: Shopify does not send one, so pass the store's, or one you know.</param>
    /// <returns>The profile, with <see cref="Consents"/> and <see cref="Tags"/>; no birthday.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="timeZone"/> is <see langword="null"/>.</exception>
    public CustomerProfile ToProfile(DateTimeZone timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return new CustomerProfile(CustomerId, CreatedAt, timeZone, consents: Consents, tags: Tags);
    }

    /// <summary>Returns the sign-up as a loyalty event, keyed <c>shopify-customer:</c> plus the customer id.</summary>
    /// <returns>The event; a program with a <see cref="BonusTrigger.SignUp"/> bonus pays it once per customer.</returns>
    public ActionPerformed ToSignUp() =>
        new(new CustomerAction(new EventKey("shopify-customer:" + ShopifyOrder.Text(Id)), CustomerId, ActionKind.SignUp, CreatedAt));

    internal static ShopifyCustomer Read(JsonElement root, string path)
    {
        Json.Object(root, path);
        var id = Json.Id(Json.Required(root, path, "id"), path + ".id");
        var createdAt = Json.Time(Json.Required(root, path, "created_at"), path + ".created_at");
        var consents = new List<ConsentChange>();
        if (Consent(root, path, "email_marketing_consent", Channel.Email, createdAt) is { } email)
        {
            consents.Add(email);
        }
        else if (Json.Optional(root, "accepts_marketing") is not null)
        {
            consents.Add(new ConsentChange(Channel.Email, Json.Boolean(root, path, "accepts_marketing", false), createdAt));
        }

        if (Consent(root, path, "sms_marketing_consent", Channel.Sms, createdAt) is { } sms)
        {
            consents.Add(sms);
        }

        var tags = (Json.OptionalString(root, path, "tags") ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new ShopifyCustomer(id, createdAt, new ReadOnlyCollection<ConsentChange>(consents), new ReadOnlyCollection<string>(tags));
    }

    private static ConsentChange? Consent(JsonElement root, string path, string name, Channel channel, Instant createdAt)
    {
        if (Json.Optional(root, name) is not { } consent)
        {
            return null;
        }

        var consentPath = path + "." + name;
        Json.Object(consent, consentPath);
        var state = Json.OptionalString(consent, consentPath, "state");
        if (state is null)
        {
            return null;
        }

        var at = Json.OptionalTime(consent, consentPath, "consent_updated_at") ?? createdAt;
        return new ConsentChange(channel, state == "subscribed", at);
    }
}
