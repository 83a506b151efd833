using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Text;

namespace Retention.Shopify;

/// <summary>
/// Strict readers for the fields of a Shopify payload: each names the JSON path and the value when it fails, with a
/// <see cref="ShopifyPayloadException"/>. Money is parsed from its text exactly, as <see cref="decimal"/>, never through
/// <see cref="double"/>; identifiers are 64-bit integers.
/// </summary>
internal static class Json
{
    /// <summary>The deepest nesting accepted. Shopify payloads nest about eight levels; anything deeper is refused.</summary>
    internal const int MaxDepth = 64;

    private const int MaxValueText = 80;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses the body; malformed, truncated or too deeply nested JSON becomes a <see cref="ShopifyPayloadException"/> with the path where reading stopped.</summary>
    internal static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new ShopifyPayloadException("$", null, "the body is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            var (path, message) = MalformedJson.Describe(utf8.Span, e);
            throw new ShopifyPayloadException(path, null, "malformed JSON: " + message, e);
        }

        // JsonDocument accepts an unpaired surrogate escape ("\ud800"), but reading it as a string throws later.
        if (MalformedJson.FindUnpairedSurrogate(utf8.Span) is { } surrogate)
        {
            document.Dispose();
            throw new ShopifyPayloadException(surrogate, null, "the string holds an unpaired UTF-16 surrogate escape");
        }

        return document;
    }

    /// <summary>Checks that <paramref name="element"/> is an object.</summary>
    internal static JsonElement Object(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(element, path, "an object");
        }

        return element;
    }

    /// <summary>Returns the member, or <see langword="null"/> when it is absent or JSON <c>null</c>.</summary>
    internal static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Returns the member; throws naming its path when it is absent or JSON <c>null</c>.</summary>
    internal static JsonElement Required(JsonElement obj, string path, string name) =>
        Optional(obj, name) ?? throw new ShopifyPayloadException(path + "." + name, null, obj.TryGetProperty(name, out _) ? "is null but required" : "is missing but required");

    /// <summary>Reads a Shopify identifier: a JSON integer from 1 to 2^63-1, never through <see cref="double"/>.</summary>
    internal static long Id(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(element, path, "an integer identifier");
        }

        if (!element.TryGetInt64(out var id) || id <= 0)
        {
            throw new ShopifyPayloadException(path, Text(element), "is not an identifier (a whole number from 1 to 9223372036854775807)");
        }

        return id;
    }

    /// <summary>Reads an optional identifier; absent or <c>null</c> gives <see langword="null"/>.</summary>
    internal static long? OptionalId(JsonElement obj, string path, string name) =>
        Optional(obj, name) is { } value ? Id(value, path + "." + name) : null;

    /// <summary>Reads a count from <paramref name="minimum"/> to <see cref="int.MaxValue"/>.</summary>
    internal static int Count(JsonElement element, string path, int minimum)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(element, path, "a whole number");
        }

        if (!element.TryGetInt32(out var count) || count < minimum)
        {
            throw new ShopifyPayloadException(path, Text(element), string.Create(CultureInfo.InvariantCulture, $"is not a whole number from {minimum} to {int.MaxValue}"));
        }

        return count;
    }

    /// <summary>Reads an optional string; absent or <c>null</c> gives <see langword="null"/>.</summary>
    internal static string? OptionalString(JsonElement obj, string path, string name)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(value, path + "." + name, "a string");
    }

    /// <summary>Reads an optional boolean; absent or <c>null</c> gives <paramref name="fallback"/>.</summary>
    internal static bool Boolean(JsonElement obj, string path, string name, bool fallback)
    {
        if (Optional(obj, name) is not { } value)
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(value, path + "." + name, "true or false"),
        };
    }

    /// <summary>Reads an ISO 8601 date-time with an offset (<c>2024-04-02T09:03:41-05:00</c>, <c>...-00:00</c>, <c>...Z</c>) as an instant.</summary>
    internal static Instant Time(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw WrongType(element, path, "a date-time string");
        }

        var text = element.GetString()!;
        var result = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (!result.Success)
        {
            throw new ShopifyPayloadException(path, Text(element), "is not an ISO 8601 date-time with an offset");
        }

        return result.Value.ToInstant();
    }

    /// <summary>Reads an optional date-time; absent or <c>null</c> gives <see langword="null"/>.</summary>
    internal static Instant? OptionalTime(JsonElement obj, string path, string name) =>
        Optional(obj, name) is { } value ? Time(value, path + "." + name) : null;

    /// <summary>Reads the currency code at <paramref name="path"/>.</summary>
    internal static Currency CurrencyCode(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw WrongType(element, path, "a currency code");
        }

        return Currency.TryFromCode(element.GetString(), out var currency)
            ? currency
            : throw new ShopifyPayloadException(path, Text(element), "is not a known ISO 4217 currency code");
    }

    /// <summary>
    /// Reads an amount written as a decimal string (<c>"199.00"</c>) or a JSON number (<c>195.66</c>) exactly; rejects
    /// <c>NaN</c>, infinities, exponents in strings, thousands separators and amounts beyond <see cref="decimal"/>.
    /// </summary>
    internal static decimal Amount(JsonElement element, string path, bool allowNegative = false)
    {
        decimal amount;
        if (element.ValueKind == JsonValueKind.String)
        {
            const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
            if (!decimal.TryParse(element.GetString(), Styles, CultureInfo.InvariantCulture, out amount))
            {
                throw new ShopifyPayloadException(path, Text(element), "is not a finite decimal amount");
            }
        }
        else if (element.ValueKind == JsonValueKind.Number)
        {
            // The number's own text is parsed as decimal: 195.66 stays exactly 195.66.
            if (!element.TryGetDecimal(out amount))
            {
                throw new ShopifyPayloadException(path, Text(element), "is too large for a decimal amount");
            }
        }
        else
        {
            throw WrongType(element, path, "a decimal amount");
        }

        if (amount < 0m && !allowNegative)
        {
            throw new ShopifyPayloadException(path, Text(element), "must not be negative");
        }

        return amount;
    }

    /// <summary>
    /// Reads a money field in the shop currency: <c>{name}_set.shop_money</c> when the payload has it (its
    /// <c>currency_code</c> must be <paramref name="shop"/>), else the plain <c>{name}</c> field, which Shopify gives in
    /// the shop currency. Presentment money is never read. Absent or <c>null</c> gives <see langword="null"/>.
    /// </summary>
    internal static decimal? ShopAmount(JsonElement obj, string path, string name, ref Currency? shop, bool allowNegative = false)
    {
        if (Optional(obj, name + "_set") is { } set)
        {
            var setPath = path + "." + name + "_set";
            Object(set, setPath);
            var moneyPath = setPath + ".shop_money";
            var money = Object(Required(set, setPath, "shop_money"), moneyPath);
            var amount = Amount(Required(money, moneyPath, "amount"), moneyPath + ".amount", allowNegative);
            var currency = CurrencyCode(Required(money, moneyPath, "currency_code"), moneyPath + ".currency_code");
            if (shop is { } expected && currency != expected)
            {
                throw new ShopifyPayloadException(moneyPath + ".currency_code", "\"" + currency.Code + "\"", "is not the shop currency " + expected.Code);
            }

            shop = currency;
            return amount;
        }

        return Optional(obj, name) is { } plain ? Amount(plain, path + "." + name, allowNegative) : null;
    }

    /// <summary>Iterates an optional array; absent or <c>null</c> is empty.</summary>
    internal static IEnumerable<(JsonElement Item, string Path, int Index)> Array(JsonElement obj, string path, string name)
    {
        if (Optional(obj, name) is not { } value)
        {
            yield break;
        }

        var arrayPath = path + "." + name;
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(value, arrayPath, "an array");
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, arrayPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", index);
            index++;
        }
    }

    internal static ShopifyPayloadException WrongType(JsonElement element, string path, string expected) =>
        new(path, Text(element), "is " + Kind(element.ValueKind) + ", expected " + expected);

    /// <summary>Renders a value for an error: its JSON text, shortened to 80 characters.</summary>
    internal static string Text(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length <= MaxValueText ? raw : raw[..(MaxValueText - 3)] + "...";
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}

/// <summary>
/// Describes a JSON syntax error with the path of the value being read when it happened. <see cref="JsonDocument"/>
/// reports the line and byte but no path, so the text is read again with a <see cref="Utf8JsonReader"/> that tracks it.
/// </summary>
internal static class MalformedJson
{
    internal static (string Path, string Message) Describe(ReadOnlySpan<byte> utf8, JsonException original)
    {
        var path = new List<Frame>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Json.MaxDepth });
        var failure = original;
        try
        {
            while (reader.Read())
            {
                Track(ref reader, path);
            }

            // The reader found no syntax error (a duplicate property, which only the document checks): the path is the root.
            path.Clear();
        }
        catch (JsonException e)
        {
            failure = e;
        }
        catch (InvalidOperationException)
        {
            // A property name with an unpaired surrogate escape cannot be named; the path ends before it.
        }

        var message = failure.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            message = message[..suffix];
        }

        var where = failure.LineNumber is { } line && failure.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
            : string.Empty;
        return (Render(path), message.TrimEnd('.') + where);
    }

    /// <summary>The path of the first string or property name with an unpaired surrogate escape, or null; the text is well-formed.</summary>
    internal static string? FindUnpairedSurrogate(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var path = new List<Frame>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Json.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return Render(path);
                }
            }

            Track(ref reader, path);
        }

        return null;
    }

    /// <summary>Moves the path along the token the reader is on.</summary>
    private static void Track(ref Utf8JsonReader reader, List<Frame> path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                path[^1] = path[^1] with { Name = reader.GetString(), Done = false };
                break;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, 0, null, false));
                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                path.RemoveAt(path.Count - 1);
                ValueDone(path);
                break;
            default:
                ValueDone(path);
                break;
        }
    }

    private static void ValueDone(List<Frame> path)
    {
        if (path.Count > 0)
        {
            path[^1] = path[^1].IsArray ? path[^1] with { Count = path[^1].Count + 1 } : path[^1] with { Done = true };
        }
    }

    private static string Render(List<Frame> path)
    {
        var text = new StringBuilder("$");
        foreach (var frame in path)
        {
            if (frame.IsArray)
            {
                text.Append('[').Append(frame.Count.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (frame.Name is not null && !frame.Done)
            {
                text.Append('.').Append(frame.Name);
            }
        }

        return text.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Count, string? Name, bool Done);
}
