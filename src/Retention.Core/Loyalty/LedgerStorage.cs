using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>Gets how many elements the store has room for without growing (the first chunk plus the full ones).</summary>
    internal int Capacity => _chunks[0].Length + ((_chunkCount - 1) * ChunkSize);

    internal ref T this[int index] => ref _chunks[index >> Shift][index & Mask];

    /// <summary>Asks the processor to start loading an element (a hint: no effect on any value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Prefetch(int index)
    {
        if (unchecked((uint)index) < (uint)_count)
        {
            CacheHint.Prefetch(ref this[index]);
        }
    }

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

    /// <summary>Forgets the elements from <paramref name="count"/> on (undoing appends); their slots are reused by later appends.</summary>
    internal void Truncate(int count)
    {
        Debug.Assert(count >= 0 && count <= _count, "only appended elements are forgotten");
        for (var i = count; i < _count; i++)
        {
            this[i] = default!;
        }

        _count = count;
    }

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
/// <see cref="Find(EventKey, int)"/> is handed back to <see cref="Add"/>.
/// </summary>
/// <remarks>
/// Open addressing with linear probing over one array of (hash, id) pairs, at most half full, so that looking up a
/// new key usually reads one cache line and compares no string. A key can also be looked up from its parts
/// (<c>order:</c> plus an order id) without building the string.
/// </remarks>
internal sealed class KeyTable
{
    private readonly ChunkedStore<Slot> _slots = new(16);
    private long[] _table = new long[32]; // (hash << 32) | (id + 1); 0 is empty

    /// <summary>Gets the number of numbered keys, which is also the id the next added key gets.</summary>
    internal int Count => _slots.Count;

    internal static int Hash(ReadOnlySpan<char> key) => string.GetHashCode(key, StringComparison.Ordinal);

    /// <summary>Returns the id of a remembered key whose hash (<see cref="Hash"/>) is known, or -1.</summary>
    internal int Find(EventKey key, int hash) => Find(key.Value, hash);

    /// <summary>Starts loading the probe slot of a hash (a hint: no effect on any value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Prefetch(int hash)
    {
        var table = _table;
        CacheHint.Prefetch(ref table[hash & (table.Length - 1)]);
    }

    /// <summary>Returns the id of the remembered key <paramref name="prefix"/> + <paramref name="rest"/>, or -1.</summary>
    internal int Find(string prefix, string rest)
    {
        var length = checked(prefix.Length + rest.Length);
        Span<char> text = length <= 256 ? stackalloc char[length] : new char[length];
        prefix.CopyTo(text);
        rest.CopyTo(text[prefix.Length..]);
        return Find(text, Hash(text));
    }

    private int Find(ReadOnlySpan<char> text, int hash)
    {
        var table = _table;
        var mask = table.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = table[i];
            if (entry == 0)
            {
                return -1;
            }

            if ((int)(entry >> 32) == hash)
            {
                var id = unchecked((int)entry) - 1;
                if (text.SequenceEqual(_slots[id].Key.Value))
                {
                    return id;
                }
            }
        }
    }

    /// <summary>Remembers a key (not already remembered) with its hash and value; returns its id.</summary>
    internal int Add(EventKey key, int hash, int value)
    {
        if (checked(Count + 1) > _table.Length / 2)
        {
            Rehash(checked(_table.Length * 2));
        }

        ref var slot = ref _slots.Add(out var id);
        slot.Key = key;
        slot.Value = value;
        Insert(_table, hash, id);
        return id;
    }

    internal EventKey KeyAt(int id) => id < 0 ? default : _slots[id].Key;

    internal int ValueAt(int id) => _slots[id].Value;

    private static void Insert(long[] table, int hash, int id)
    {
        var mask = table.Length - 1;
        var i = hash & mask;
        while (table[i] != 0)
        {
            i = (i + 1) & mask;
        }

        table[i] = ((long)hash << 32) | (uint)(id + 1);
    }

    private void Rehash(int size)
    {
        var table = new long[size];
        foreach (var entry in _table)
        {
            if (entry != 0)
            {
                Insert(table, (int)(entry >> 32), unchecked((int)entry) - 1);
            }
        }

        _table = table;
    }

    private struct Slot
    {
        internal EventKey Key;
        internal int Value;
    }
}

/// <summary>
/// The ledger's accounts by customer: open addressing with linear probing over slots that hold the account itself and
/// the hash of its customer id, at most half full, so that finding a known customer reads one slot and the account
/// (whose id the ledger allocates next to it, see <see cref="PointsLedger"/>). Enumerates in the order accounts were added.
/// </summary>
internal sealed class AccountTable
{
    private readonly List<Account> _accounts = [];
    private Slot[] _table = new Slot[16];

    internal int Count => _accounts.Count;

    /// <summary>Gets the accounts in the order they were added.</summary>
    internal List<Account> Accounts => _accounts;

    /// <summary>Starts loading a customer's probe slot (a hint: no effect on any value); returns the id's hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Prefetch(CustomerId customerId)
    {
        var hash = KeyTable.Hash(customerId.Value);
        var table = _table;
        CacheHint.Prefetch(ref table[hash & (table.Length - 1)]);
        return hash;
    }

    /// <summary>
    /// Starts loading the account in a customer's first probe slot when the slot's hash matches (a hint: at worst it
    /// loads another customer's account); returns that account or <see langword="null"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Account? PrefetchAccount(int hash)
    {
        var table = _table;
        ref var slot = ref table[hash & (table.Length - 1)];
        var account = slot.Hash == hash ? slot.Account : null;
        CacheHint.Prefetch(account);
        return account;
    }

    internal bool TryGetValue(CustomerId customerId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Account? account)
    {
        var text = customerId.Value;
        var hash = KeyTable.Hash(text);
        var table = _table;
        var mask = table.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref table[i];
            if (slot.Account is null)
            {
                account = null;
                return false;
            }

            if (slot.Hash == hash && string.Equals(slot.Account.Id.Value, text, StringComparison.Ordinal))
            {
                account = slot.Account;
                return true;
            }
        }
    }

    /// <summary>Adds the account of a customer not in the table (the ledger creates one account per new customer).</summary>
    internal void Add(Account account)
    {
        Debug.Assert(!TryGetValue(account.Id, out _), "one account per customer");
        if (checked(_accounts.Count + 1) > _table.Length / 2)
        {
            var table = new Slot[checked(_table.Length * 2)];
            foreach (var slot in _table)
            {
                if (slot.Account is not null)
                {
                    Insert(table, slot.Hash, slot.Account);
                }
            }

            _table = table;
        }

        Insert(_table, KeyTable.Hash(account.Id.Value), account);
        _accounts.Add(account);
    }

    private static void Insert(Slot[] table, int hash, Account account)
    {
        var mask = table.Length - 1;
        var i = hash & mask;
        while (table[i].Account is not null)
        {
            i = (i + 1) & mask;
        }

        table[i] = new Slot { Account = account, Hash = hash };
    }

    private struct Slot
    {
        internal Account? Account;
        internal int Hash;
    }
}

/// <summary>
/// Software prefetch: asks the processor to start loading a cache line that the ledger will read soon, so that the
/// cache misses of one event (key table, account table, account, lots) overlap instead of following each other. A hint
/// only: it reads nothing, changes nothing, and is skipped on processors without it.
/// </summary>
internal static class CacheHint
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch(object? value)
    {
        if (Sse.IsSupported && value is not null)
        {
            // The object's address; a stale one after a collection is harmless for a prefetch.
            Sse.Prefetch0((void*)Unsafe.As<object, nint>(ref value));
        }
    }
}
