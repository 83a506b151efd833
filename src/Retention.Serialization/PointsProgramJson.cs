using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using Retention.Loyalty;

namespace Retention.Serialization;

/// <summary>
/// Reads and writes a loyalty <see cref="PointsProgram"/> definition as JSON.
/// </summary>
/// <remarks>
/// <para>
/// The JSON is an object with camelCase members: <c>name</c>, <c>currency</c> (an ISO 4217 code) and <c>timeZone</c>
/// (an identifier of the zone provider) are required; <c>earning</c>, <c>limits</c>, <c>tiers</c>, <c>campaigns</c>,
/// <c>bonuses</c>, <c>birthday</c>, <c>returnWindow</c>, <c>expiry</c>, <c>clawback</c> and <c>rewards</c> are
/// optional, and a member left out keeps the <see cref="PointsProgramBuilder"/> default. <c>tiers</c> is the
/// <see cref="TierLadder"/> (<c>basis</c>, <c>window</c>, <c>gracePeriod</c>, <c>maxLevelsDown</c> and <c>levels</c>,
/// each level a <c>name</c>, a <c>threshold</c> and its <c>benefits</c>), or <see langword="null"/> for none. Enum
/// values are camelCase strings (<c>"floor"</c>, <c>"perLine"</c>, <c>"signUp"</c>, <c>"calendarYear"</c>); rates,
/// multipliers, thresholds and money amounts are JSON numbers read as exact <see cref="decimal"/>s, and money amounts
/// are in the program's currency; points and counts are whole numbers; caps are a whole number or
/// <see langword="null"/> for none. Local date-times use the ISO form <c>2026-11-27T00:00:00</c>, and the return
/// window and the ladder's grace period NodaTime's round-trip period form (<c>P30D</c>), through the converters of
/// NodaTime.Serialization.SystemTextJson. The package README shows a complete document.
/// </para>
/// <para>
/// Reading is strict: an unknown or duplicate property, a value of the wrong JSON type, a missing required member,
/// a value the core rejects, and every problem <see cref="PointsProgramBuilder.Build"/> finds are all reported
/// together in one <see cref="InvalidConfigurationException"/>, each error starting with the JSON path of the member
/// (<c>$.earning.pointsPerUnit: ...</c>, <c>$.rewards[1].cost: ...</c>). Problems found while reading come first, then
/// those found by the builder. Comments and trailing commas are not allowed.
/// </para>
/// <para>
/// Writing is canonical: every member is written, absent caps and an absent ladder as <see langword="null"/>, in a
/// fixed order, with sets and dictionaries sorted by ordinal key, so equal programs write equal text and
/// <c>Write(Read(Write(p)))</c> equals <c>Write(p)</c>. Decimals keep their scale (<c>10.00</c> stays <c>10.00</c>).
/// </para>
/// <para>
/// The reader and writer are written by hand over <see cref="JsonDocument"/> and <see cref="Utf8JsonWriter"/>, with
/// no reflection, so they are safe to trim and to compile ahead of time.
/// </para>
/// <para>Thread safety: the class holds no state; all members are safe to call from any thread.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var program = PointsProgramJson.Read(File.ReadAllText("stars.json"));
/// File.WriteAllText("stars.json", PointsProgramJson.Write(program));
/// ]]></code>
/// </example>
public static class PointsProgramJson
{
    private const string Overloads =
        "The overloads differ in the type of their first, required parameter, so adding the optional one cannot make a call ambiguous.";

    /// <summary>Reads a program definition from JSON text.</summary>
    /// <param name="json">The JSON text of one program object.</param>
    /// <param name="zones">The provider that resolves <c>timeZone</c>, or <see langword="null"/> for
    /// <see cref="DateTimeZoneProviders.Tzdb"/>.</param>
    /// <returns>The program.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when the text is not well-formed JSON or does not describe a
    /// valid program; <see cref="InvalidConfigurationException.Errors"/> lists every problem, each starting with its
    /// JSON path.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = Overloads)]
    public static PointsProgram Read(string json, IDateTimeZoneProvider? zones = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ProgramReader.Read(Encoding.UTF8.GetBytes(json), zones ?? DateTimeZoneProviders.Tzdb);
    }

    /// <summary>Reads a program definition from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream, read to its end and not closed; a leading UTF-8 byte order mark is
    /// skipped.</param>
    /// <param name="zones">The provider that resolves <c>timeZone</c>, or <see langword="null"/> for
    /// <see cref="DateTimeZoneProviders.Tzdb"/>.</param>
    /// <returns>The program.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when the stream does not hold valid UTF-8, is not
    /// well-formed JSON or does not describe a valid program; <see cref="InvalidConfigurationException.Errors"/> lists
    /// every problem, each starting with its JSON path.</exception>
    /// <exception cref="IOException">Thrown when reading the stream fails.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = Overloads)]
    public static PointsProgram Read(Stream utf8Json, IDateTimeZoneProvider? zones = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Length));
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        return ProgramReader.Read(bytes, zones ?? DateTimeZoneProviders.Tzdb);
    }

    /// <summary>Writes a program definition as canonical JSON text.</summary>
    /// <param name="program">The program.</param>
    /// <param name="indented">Whether to indent with two spaces and <c>\n</c> line breaks (the default) or write one
    /// line.</param>
    /// <returns>The JSON text. Strings are escaped where JSON requires it; other characters, HTML-sensitive and
    /// non-ASCII ones included, are written as they are, except characters outside the Basic Multilingual Plane (emoji,
    /// for example), which are written as <c>\u</c> escapes. The text is meant for files and APIs, not for embedding
    /// unencoded in HTML.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="program"/> is <see langword="null"/>.</exception>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = Overloads)]
    public static string Write(PointsProgram program, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(program);
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            ProgramWriter.Write(writer, program);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a program definition as one JSON object value to a writer.</summary>
    /// <param name="writer">The writer, positioned where a value may be written; its options decide indentation and
    /// escaping. It is not flushed.</param>
    /// <param name="program">The program.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="writer"/> or <paramref name="program"/> is
    /// <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when <paramref name="writer"/> cannot take a value where it
    /// stands (for example, inside an object with no property name written).</exception>
    public static void Write(Utf8JsonWriter writer, PointsProgram program)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(program);
        ProgramWriter.Write(writer, program);
    }
}
