namespace Retention;

/// <summary>Finds a line id used twice in an order's or a refund's lines, without allocating for the usual few lines.</summary>
internal static class RepeatedIds
{
    /// <summary>
    /// Up to this many lines, a repeat is looked for among the earlier lines (at most 120 id comparisons); past it, a
    /// set of the ids is built once.
    /// </summary>
    internal const int ScanLimit = 16;

    /// <summary>Tells whether the id of <paramref name="items"/>[<paramref name="index"/>] is the id of an earlier item.</summary>
    /// <remarks>Call it for the indexes 0, 1, 2, … in turn: past <see cref="ScanLimit"/> items, <paramref name="seen"/>
    /// is created on the first call and holds the ids of the items already checked.</remarks>
    internal static bool RepeatsAnEarlier<T>(T[] items, int index, Func<T, LineItemId> idOf, ref HashSet<LineItemId>? seen)
    {
        var id = idOf(items[index]);
        if (items.Length > ScanLimit)
        {
            seen ??= new HashSet<LineItemId>(items.Length);
            return !seen.Add(id);
        }

        for (var j = 0; j < index; j++)
        {
            if (idOf(items[j]) == id)
            {
                return true;
            }
        }

        return false;
    }
}
