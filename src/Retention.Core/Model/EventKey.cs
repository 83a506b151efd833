namespace Retention;

/// <summary>
/// Identifies an event: the key that makes applying it idempotent (named to avoid a clash with <c>Microsoft.Extensions.Logging.EventId</c>). A small value type around the identifier text the store uses (for example <c>orders/create:450789469</c>).
/// </summary>
/// <remarks>
/// <para>Equality and ordering are ordinal on <see cref="Value"/>: case matters, and no culture is involved.</para>
/// <para>The default value is the unassigned identifier (<see cref="Value"/> is empty); the constructor never produces
/// it, and the domain types reject it.</para>
/// <para>Thread safety: immutable value type; safe to share between threads.</para>
/// </remarks>
public readonly struct EventKey : IEquatable<EventKey>, IComparable<EventKey>, IComparable
{
    private readonly string? _value;

    /// <summary>Initializes a new identifier.</summary>
    /// <param name="value">The identifier text: not empty, not only white space, no leading or trailing white space.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="value"/> is empty, white space, or padded with white space.</exception>
    public EventKey(string value)
    {
        _value = Identifier.Check(value, "eventKey");
    }

    /// <summary>Gets the identifier text.</summary>
    /// <value>The text given at construction; empty for the default value.</value>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether this is the default, unassigned identifier.</summary>
    /// <value><see langword="true"/> for <c>default(EventKey)</c>.</value>
    public bool IsUnassigned => _value is null;

    /// <summary>Returns the identifier text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(EventKey other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Returns whether <paramref name="obj"/> is the same identifier (ordinal comparison).</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is EventKey other && Equals(other);

    /// <summary>Returns an ordinal hash code of <see cref="Value"/>.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Compares identifiers ordinally.</summary>
    /// <param name="other">The identifier to compare with.</param>
    /// <returns>A negative number, zero, or a positive number.</returns>
    public int CompareTo(EventKey other) => string.CompareOrdinal(Value, other.Value);

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        EventKey other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type EventKey.", nameof(obj)),
    };

    /// <summary>Returns whether two identifiers are equal.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(EventKey left, EventKey right) => left.Equals(right);

    /// <summary>Returns whether two identifiers differ.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(EventKey left, EventKey right) => !left.Equals(right);

    /// <summary>Compares identifiers ordinally.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(EventKey left, EventKey right) => left.CompareTo(right) < 0;

    /// <summary>Compares identifiers ordinally.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or they are equal.</returns>
    public static bool operator <=(EventKey left, EventKey right) => left.CompareTo(right) <= 0;

    /// <summary>Compares identifiers ordinally.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(EventKey left, EventKey right) => left.CompareTo(right) > 0;

    /// <summary>Compares identifiers ordinally.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or they are equal.</returns>
    public static bool operator >=(EventKey left, EventKey right) => left.CompareTo(right) >= 0;
}
