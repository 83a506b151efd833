namespace Retention;

/// <summary>The validation shared by the identifier value types.</summary>
internal static class Identifier
{
    internal static string Check(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        Preconditions.CheckValue(!string.IsNullOrWhiteSpace(value), field, value, "must not be empty or white space");
        Preconditions.CheckValue(
            !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]),
            field,
            value,
            "must not start or end with white space");
        return value;
    }
}
