using System.Collections.Frozen;

namespace Retention.Rfm;

/// <summary>
/// Maps customer identifiers to the dense indexes (0 to <see cref="Count"/> - 1) the summary and scoring loops use, in
/// <see cref="NaturalOrder"/>, so that an index order is also the <c>customer_id ASC</c> tie-break of NTILE scoring.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed class CustomerIndex
{
    private readonly CustomerId[] _ids;
    private readonly FrozenDictionary<CustomerId, int> _indexes;

    private CustomerIndex(CustomerId[] ids)
    {
        _ids = ids;
        var map = new Dictionary<CustomerId, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            map.Add(ids[i], i);
        }

        _indexes = map.ToFrozenDictionary();
    }

    /// <summary>Gets the comparison that orders customer identifiers: whole numbers (ASCII digits only) come first, in
    /// numeric order (<c>2 &lt; 10</c>; <c>007</c> equals <c>7</c> in value and sorts before it); all other identifiers
    /// follow, in ordinal order. The order is total, so sorting with it is well defined.</summary>
    /// <value>A comparer consistent across runs and cultures.</value>
    public static IComparer<CustomerId> NaturalOrder { get; } = new NaturalComparer();

    /// <summary>Gets the number of customers.</summary>
    /// <value>0 or more.</value>
    public int Count => _ids.Length;

    /// <summary>Gets the identifier at a dense index.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <value>The customer's identifier.</value>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="index"/> is outside the range.</exception>
    public CustomerId this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _ids.Length);
            return _ids[index];
        }
    }

    /// <summary>Creates an index of the distinct identifiers given, in <see cref="NaturalOrder"/>.</summary>
    /// <param name="ids">The identifiers, in any order, duplicates allowed; read once.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="ids"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an identifier is unassigned.</exception>
    public static CustomerIndex Create(IEnumerable<CustomerId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = new HashSet<CustomerId>();
        foreach (var id in ids)
        {
            Preconditions.CheckValue(!id.IsUnassigned, "ids", id, "must be assigned");
            distinct.Add(id);
        }

        var array = distinct.ToArray();
        Array.Sort(array, NaturalOrder);
        return new CustomerIndex(array);
    }

    /// <summary>Returns the dense index of an identifier.</summary>
    /// <param name="id">The identifier.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidValueException">Thrown when the identifier is not in the index.</exception>
    public int IndexOf(CustomerId id)
    {
        if (!_indexes.TryGetValue(id, out var index))
        {
            Preconditions.ThrowInvalid("customerId", id, "is not in the customer index");
        }

        return index;
    }

    /// <summary>Looks up the dense index of an identifier.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="index">The index when found; otherwise -1.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetIndex(CustomerId id, out int index)
    {
        if (_indexes.TryGetValue(id, out index))
        {
            return true;
        }

        index = -1;
        return false;
    }

    private sealed class NaturalComparer : IComparer<CustomerId>
    {
        public int Compare(CustomerId x, CustomerId y)
        {
            var a = x.Value.AsSpan();
            var b = y.Value.AsSpan();
            var aDigits = IsDigits(a);
            var bDigits = IsDigits(b);
            if (aDigits != bDigits)
            {
                return aDigits ? -1 : 1; // whole numbers first: keeps the order total (transitive)
            }

            if (aDigits)
            {
                var ta = a.TrimStart('0');
                var tb = b.TrimStart('0');
                var byValue = ta.Length != tb.Length ? ta.Length.CompareTo(tb.Length) : ta.SequenceCompareTo(tb);
                if (byValue != 0)
                {
                    return byValue;
                }
            }

            return a.SequenceCompareTo(b);
        }

        private static bool IsDigits(ReadOnlySpan<char> s)
        {
            foreach (var c in s)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return s.Length > 0;
        }
    }
}
