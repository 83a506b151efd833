namespace Retention.Loyalty;

/// <summary>
/// Append-only storage addressed by a dense index, in fixed-size chunks: an element never moves once the first chunk
/// is full, so the garbage collector neither copies the storage on growth nor (for reference-free elements) scans it.
/// The first chunk starts small and doubles up to the chunk size, so that a small ledger stays small.
/// </summary>
/// <remarks>Not thread-safe. Indexes are <see cref="int"/>: more than 2^31 elements throw <see cref="OverflowException"/>.</remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ChunkedStore<T>
{
    private const int Shift = 14;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;
    private T[][] _chunks;
    private int _chunkCount;
    private int _count;

    internal ChunkedStore(int initialCapacity = 8)
    {
        _chunks = [new T[Math.Clamp(initialCapacity, 1, ChunkSize)]];
        _chunkCount = 1;
    }

    internal int Count => _count;

    internal ref T this[int index] => ref _chunks[index >> Shift][index & Mask];

    /// <summary>Appends a default element and returns a reference to it; <paramref name="index"/> is its index.</summary>
    internal ref T Add(out int index)
    {
        index = _count;
        var chunk = index >> Shift;
        var offset = index & Mask;
        if (chunk >= _chunkCount || offset >= _chunks[chunk].Length)
        {
            Grow(chunk);
        }

        _count = checked(index + 1);
        var array = _chunks[chunk];
        array[offset] = default!;
        return ref array[offset];
    }

    /// <summary>Forgets every element, keeping the chunks for reuse (for scratch storage of reference-free elements).</summary>
    internal void Clear() => _count = 0;

    private void Grow(int chunk)
    {
        if (chunk == 0)
        {
            // The first chunk doubles until it reaches the chunk size.
            Array.Resize(ref _chunks[0], Math.Min(_chunks[0].Length * 2, ChunkSize));
            return;
        }

        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[_chunkCount++] = new T[ChunkSize];
    }
}

/// <summary>
/// The ledger's idempotency keys: a hash set of <see cref="EventKey"/>s that numbers each key in the order it was
/// added (its id, which entries and lots store instead of the key) and carries one <see cref="int"/> value per key
/// (for an order's key, the index of the order's record). A key is hashed once per event: the hash found by
/// <see cref="Find(EventKey, out int)"/> is handed back to <see cref="Add"/>.
/// </summary>
/// <remarks>
/// A key can also be looked up from its parts (<c>order:</c> plus an order id) without building the string. A slot
/// added with <see cref="AddForgotten"/> keeps an id that entries already refer to, but is not found.
/// </remarks>
internal sealed class KeyTable
{
    private const int Forgotten = int.MinValue;
    private readonly ChunkedStore<Slot> _slots = new(16);
    private int[] _buckets = new int[16]; // slot index + 1; 0 is an empty bucket

    /// <summary>Gets the number of slots, which is also the id the next added key gets.</summary>
    internal int Count => _slots.Count;

    internal static int Hash(ReadOnlySpan<char> key) => string.GetHashCode(key, StringComparison.Ordinal);

    /// <summary>Returns the id of a remembered key, or -1; <paramref name="hash"/> is the key's hash for <see cref="Add"/>.</summary>
    internal int Find(EventKey key, out int hash)
    {
        var text = key.Value;
        hash = Hash(text);
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0;)
        {
            ref var slot = ref _slots[i];
            if (slot.Hash == hash && slot.Value != Forgotten && string.Equals(slot.Key.Value, text, StringComparison.Ordinal))
            {
                return i;
            }

            i = slot.Next;
        }

        return -1;
    }

    /// <summary>Returns the id of the remembered key <paramref name="prefix"/> + <paramref name="rest"/>, or -1.</summary>
    internal int Find(string prefix, string rest)
    {
        var length = checked(prefix.Length + rest.Length);
        Span<char> text = length <= 256 ? stackalloc char[length] : new char[length];
        prefix.CopyTo(text);
        rest.CopyTo(text[prefix.Length..]);
        var hash = Hash(text);
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0;)
        {
            ref var slot = ref _slots[i];
            if (slot.Hash == hash && slot.Value != Forgotten && text.SequenceEqual(slot.Key.Value))
            {
                return i;
            }

            i = slot.Next;
        }

        return -1;
    }

    /// <summary>Remembers a key (not already remembered) with its hash and value; returns its id.</summary>
    internal int Add(EventKey key, int hash, int value)
    {
        Preconditions.DebugCheckState(value != Forgotten, "a remembered key's value is not the forgotten marker");
        return AddSlot(key, hash, value);
    }

    /// <summary>Numbers a key without remembering it: entries written before an exception refer to the id.</summary>
    internal void AddForgotten(EventKey key, int hash) => AddSlot(key, hash, Forgotten);

    internal EventKey KeyAt(int id) => id < 0 ? default : _slots[id].Key;

    internal int ValueAt(int id) => _slots[id].Value;

    private int AddSlot(EventKey key, int hash, int value)
    {
        if (_slots.Count >= _buckets.Length)
        {
            Rehash(checked(_buckets.Length * 2));
        }

        ref var slot = ref _slots.Add(out var id);
        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        slot.Key = key;
        slot.Hash = hash;
        slot.Value = value;
        slot.Next = bucket - 1;
        bucket = id + 1;
        return id;
    }

    private void Rehash(int size)
    {
        var buckets = new int[size];
        for (var i = 0; i < _slots.Count; i++)
        {
            ref var slot = ref _slots[i];
            ref var bucket = ref buckets[slot.Hash & (size - 1)];
            slot.Next = bucket - 1;
            bucket = i + 1;
        }

        _buckets = buckets;
    }

    private struct Slot
    {
        internal EventKey Key;
        internal int Hash;
        internal int Next;
        internal int Value;
    }
}
