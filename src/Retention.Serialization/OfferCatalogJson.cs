using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Serialization;

/// <summary>
/// Reads and writes an <see cref="OfferCatalog"/> as JSON.
/// </summary>
/// <remarks>
/// <para>
/// The JSON is an object with camelCase members: <c>currency</c> (an ISO 4217 code) is required; <c>frequencyCaps</c>
/// (an object with a member per channel, <c>email</c>, <c>sms</c>, <c>push</c>, <c>messaging</c>, <c>postalMail</c>, each
/// <c>{"messages": 1, "window": "168:00:00"}</c> or <see langword="null"/> for no cap; a channel left out keeps one message
/// per seven days), <c>quietHours</c> (<c>start</c>, <c>end</c>, <c>policy</c> <c>"defer"</c> or <c>"skip"</c>,
/// <c>channels</c>; or <see langword="null"/>), <c>budgets</c> (<c>id</c>, <c>limit</c>) and <c>offers</c> are optional.
/// An offer has <c>id</c>, <c>kind</c> and <c>channel</c> (required), and optionally <c>rule</c>, <c>percent</c>,
/// <c>amount</c>, <c>pointsMultiplier</c>, <c>category</c>, <c>margin</c>, <c>cost</c>, <c>contactCost</c>,
/// <c>responseWeight</c>, <c>priority</c>, <c>exclusiveGroup</c>, <c>cooldown</c>, <c>redemptionLimit</c> and
/// <c>budget</c>, as on <see cref="Offer"/>. A rule is an object with a <c>kind</c> (<c>"always"</c>, <c>"all"</c>,
/// <c>"any"</c>, <c>"not"</c>, <c>"segment"</c>, <c>"tierLevel"</c>, <c>"recency"</c>, <c>"frequency"</c>,
/// <c>"monetary"</c>, <c>"daysSinceLastOrder"</c>, <c>"orders"</c>, <c>"probabilityAlive"</c>, <c>"clv"</c>,
/// <c>"boughtAny"</c>, <c>"lastOrderIn"</c>, <c>"birthdayWithin"</c>, <c>"consent"</c>, <c>"cartOpen"</c>,
/// <c>"wishlistNotEmpty"</c>, <c>"spendToNextTier"</c>) and the members of that kind: <c>rules</c> (all, any),
/// <c>rule</c> (not), <c>segments</c>, <c>categories</c>, <c>category</c> with <c>min</c> and <c>max</c> days
/// (lastOrderIn), <c>channel</c> (consent), or <c>min</c> and <c>max</c> (bounds, <see langword="null"/> for none; the
/// birthday window's days before and after). Money amounts are JSON numbers read as exact decimals in the catalog's
/// currency; durations use NodaTime's round-trip form (<c>"2160:00:00"</c> is 90 days); local times the ISO form
/// (<c>"21:00:00"</c>). The segment map is not part of the JSON: segment names are resolved against the map passed to
/// <see cref="Read(string, SegmentMap?)"/>.
/// </para>
/// <para>
/// Reading is strict, as for <see cref="PointsProgramJson"/>: unknown or duplicate properties, wrong JSON types,
/// missing required members, values the core rejects and every problem <see cref="OfferCatalogBuilder.Build"/> finds
/// are reported together in one <see cref="InvalidConfigurationException"/>, each error starting with its JSON path
/// (<c>$.offers[1].percent: ...</c>, <c>$.offers[0].rule.rules[2].min: ...</c>).
/// </para>
/// <para>
/// Writing is canonical: every member is written in a fixed order (absent values as <see langword="null"/>), offers and
/// budgets sorted by identifier as the catalog holds them, so <c>Write(Read(Write(c)))</c> equals <c>Write(c)</c>.
/// </para>
/// <para>Thread safety: the class holds no state; all members are safe to call from any thread.</para>
/// </remarks>
public static class OfferCatalogJson
{
    private const string Overloads =
        "The overloads differ in the type of their first, required parameter, so adding the optional one cannot make a call ambiguous.";

    /// <summary>Reads a catalog from JSON text.</summary>
    /// <param name="json">The JSON text of one catalog object.</param>
    /// <param name="segments">The segment map that segment rules name, or <see langword="null"/> for
    /// <see cref="SegmentMap.Default"/>.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when the text is not well-formed JSON or does not describe a
    /// valid catalog; <see cref="InvalidConfigurationException.Errors"/> lists every problem, each starting with its JSON
    /// path.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = Overloads)]
    public static OfferCatalog Read(string json, SegmentMap? segments = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CatalogReader.Read(Encoding.UTF8.GetBytes(json), segments ?? SegmentMap.Default);
    }

    /// <summary>Reads a catalog from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream, read to its end and not closed; a leading byte order mark is skipped.</param>
    /// <param name="segments">The segment map that segment rules name, or <see langword="null"/> for
    /// <see cref="SegmentMap.Default"/>.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when the stream does not hold a valid catalog; every
    /// problem is listed with its JSON path.</exception>
    /// <exception cref="IOException">Thrown when reading the stream fails.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = Overloads)]
    public static OfferCatalog Read(Stream utf8Json, SegmentMap? segments = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Length));
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        return CatalogReader.Read(bytes, segments ?? SegmentMap.Default);
    }

    /// <summary>Writes a catalog as canonical JSON text.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="indented">Whether to indent with two spaces and <c>\n</c> line breaks (the default) or write one line.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalog"/> is <see langword="null"/>.</exception>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = Overloads)]
    public static string Write(OfferCatalog catalog, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = indented, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            CatalogWriter.Write(writer, catalog);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a catalog as one JSON object value to a writer.</summary>
    /// <param name="writer">The writer, positioned where a value may be written; it is not flushed.</param>
    /// <param name="catalog">The catalog.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, OfferCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(catalog);
        CatalogWriter.Write(writer, catalog);
    }
}
