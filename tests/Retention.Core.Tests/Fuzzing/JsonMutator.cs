using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Retention.Tests.Fuzzing;

/// <summary>One edit of a JSON document: <see cref="JsonMutator.Apply"/> interprets it against the current text.</summary>
public readonly record struct JsonMutation(int Kind, int Where, int What);

/// <summary>
/// Mutations of valid JSON documents: truncation, byte flips, deletions, hostile values in place of a value (NaN,
/// Infinity, 1e400, numbers just past decimal and 64-bit ranges, wrong types), duplicate keys and deep nesting.
/// </summary>
public static partial class JsonMutator
{
    /// <summary>Raw JSON (or almost-JSON) texts that replace a value.</summary>
    internal static readonly string[] HostileValues =
    [
        "NaN", "\"NaN\"", "Infinity", "-Infinity", "\"Infinity\"", "\"-Infinity\"", "1e400", "-1e400", "1e-400", "1e28", "-1e28",
        "79228162514264337593543950336", "-79228162514264337593543950336", "79228162514264337593543950335",
        "9223372036854775808", "-9223372036854775809", "9223372036854775807", "2147483648", "-2147483649",
        "1.00000000000000000000000000001", "0.1e2", "-0", "-0.0", "0", "-1", "1E+2", "00", "1.", ".5",
        "null", "true", "false", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[null]", "{\"\":1}",
        "\"2026-02-30\"", "\"P-1D\"", "\"PT1H\"", "\"P99999Y\"", "\"Mars/Olympus\"", "\"usd\"", "\"XXX\"",
        "\"" + new string('a', 5000) + "\"", "\"é𝔘\"",
    ];

    public static Gen<JsonMutation> MutationGen { get; } =
        from kind in Gen.Frequency((3, Gen.Constant(4)), (1, Gen.Choose(0, 3)), (1, Gen.Choose(5, 7)))
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(0, int.MaxValue)
        select new JsonMutation(kind, position, value);

    public static Gen<JsonMutation[]> MutationsGen { get; } = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(MutationGen, n));

    /// <summary>Applies the mutations in turn to the text.</summary>
    public static string Apply(string json, IEnumerable<JsonMutation> mutations)
    {
        foreach (var m in mutations)
        {
            json = Apply(json, m);
        }

        return json;
    }

    private static string Apply(string json, JsonMutation m)
    {
        if (json.Length == 0)
        {
            return json;
        }

        var at = m.Where % json.Length;
        switch (m.Kind)
        {
            case 0:
                return json[..at];
            case 1:
                var chars = json.ToCharArray();
                chars[at] = (char)(chars[at] ^ (1 + (m.What % 127)));
                return new string(chars);
            case 2:
                return json.Remove(at, Math.Min(json.Length - at, 1 + (m.What % 20)));
            case 3:
                return json.Insert(at, HostileValues[m.What % HostileValues.Length]);
            case 4:
                return ReplaceValue(json, m.Where, HostileValues[m.What % HostileValues.Length]);
            case 5:
                return DuplicateKey(json, m.Where, m.What);
            case 6:
                var depth = 64 + (m.What % 3000);
                return ReplaceValue(json, m.Where, new string('[', depth) + new string(']', depth));
            default:
                // A value of another property moved here: right type in the wrong place, or the reverse.
                var values = Values(json);
                return values.Count == 0 ? json : ReplaceValue(json, m.Where, json.Substring(values[m.What % values.Count].Index, values[m.What % values.Count].Length));
        }
    }

    /// <summary>Replaces the value after a random property name.</summary>
    private static string ReplaceValue(string json, int where, string replacement)
    {
        var values = Values(json);
        if (values.Count == 0)
        {
            return json;
        }

        var value = values[where % values.Count];
        return string.Concat(json.AsSpan(0, value.Index), replacement, json.AsSpan(value.Index + value.Length));
    }

    /// <summary>Repeats a property name at the start of an object, with a hostile value.</summary>
    private static string DuplicateKey(string json, int where, int what)
    {
        var names = PropertyName().Matches(json);
        var opens = Enumerable.Range(0, json.Length).Where(i => json[i] == '{').ToArray();
        if (names.Count == 0 || opens.Length == 0)
        {
            return json;
        }

        var name = names[what % names.Count].Groups[1].Value;
        var value = what % 3 == 0 ? HostileValues[where % HostileValues.Length] : "1";
        return json.Insert(opens[where % opens.Length] + 1, "\"" + name + "\": " + value + ",");
    }

    /// <summary>The scalar values that follow a property name (strings, numbers, literals).</summary>
    private static List<(int Index, int Length)> Values(string json) =>
        [.. ScalarValue().Matches(json).Select(match => (match.Groups[1].Index, match.Groups[1].Length))];

    [GeneratedRegex("\"([^\"\\\\]{1,40})\"\\s*:")]
    private static partial Regex PropertyName();

    [GeneratedRegex(":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null)")]
    private static partial Regex ScalarValue();

    /// <summary>Byte-level edits of UTF-8: truncation, flips (possibly invalid UTF-8), a BOM, deletion.</summary>
    public static byte[] ApplyBytes(byte[] bytes, IEnumerable<JsonMutation> mutations)
    {
        foreach (var m in mutations)
        {
            if (bytes.Length == 0)
            {
                break;
            }

            var at = m.Where % bytes.Length;
            bytes = (m.What % 5) switch
            {
                0 => bytes[..at],
                1 => Flip(bytes, at, (byte)(1 + (m.What % 255))),
                2 => [.. Encoding.UTF8.GetPreamble(), .. bytes],
                3 => [.. bytes[..at], 0xC3, .. bytes[at..]],
                _ => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + 1 + (m.Kind % 7))..]],
            };
        }

        return bytes;

        static byte[] Flip(byte[] source, int at, byte mask)
        {
            var copy = source.ToArray();
            copy[at] ^= mask;
            return copy;
        }
    }

    internal static string Describe(JsonMutation[] mutations) =>
        string.Join(", ", mutations.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Kind}@{m.Where}/{m.What}")));
}
