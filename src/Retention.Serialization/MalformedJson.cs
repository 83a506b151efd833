using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Retention.Serialization;

/// <summary>
/// Describes a JSON syntax error with the path of the value being read when it happened and its line and byte, both
/// counted from 1. <see cref="JsonDocument"/> reports the line and byte but no path, so the text is read again with a
/// <see cref="Utf8JsonReader"/> that tracks the path.
/// </summary>
internal static class MalformedJson
{
    internal static string Describe(ReadOnlySpan<byte> utf8, JsonException original)
    {
        var path = new List<Frame>();
        var reader = new Utf8JsonReader(utf8);
        var failure = original;
        try
        {
            while (reader.Read())
            {
                Track(ref reader, path);
            }
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

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Render(path)}: malformed JSON at line {failure.LineNumber + 1}, byte {failure.BytePositionInLine + 1}: {message.TrimEnd('.')}");
    }

    /// <summary>
    /// The error for the first string or property name that holds an unpaired UTF-16 surrogate escape such as
    /// <c>"\ud800"</c>: <see cref="JsonDocument"/> accepts it, but it cannot become a .NET string. Null when there is
    /// none. The text must be well-formed JSON.
    /// </summary>
    internal static string? FindUnpairedSurrogate(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var path = new List<Frame>();
        var reader = new Utf8JsonReader(utf8);
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
                    var what = reader.TokenType == JsonTokenType.PropertyName ? "a property name" : "the string";
                    return Render(path) + ": " + what + " holds an unpaired UTF-16 surrogate escape";
                }
            }

            Track(ref reader, path);
        }

        return null;
    }

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

    /// <summary>Records that a value inside the innermost open container was read to its end.</summary>
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

    /// <summary>
    /// One open container. An array counts the values read to their end, so the one being read has that index; an
    /// object keeps the last property name and whether its value was read to its end (then the failure lies between
    /// properties and the path stops at the object).
    /// </summary>
    private readonly record struct Frame(bool IsArray, int Count, string? Name, bool Done);
}
