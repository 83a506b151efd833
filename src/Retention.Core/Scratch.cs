using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Retention;

/// <summary>
/// Scratch arrays rented from <see cref="ArrayPool{T}.Shared"/>, which the test suite can ask to poison.
/// </summary>
/// <remarks>
/// A pooled array comes back holding what the last call left in it. A deterministic test run twice in one process
/// then hides a missing write: the slot still holds the right answer from the first run. Mutation testing found one
/// such false survival (docs/testing.md, "The rfm re-run at 60 s"). With <see cref="PoisonOnRent"/> set, as the test
/// assembly sets it when it loads, every rented array is filled with ones first (−1 for integers, NaN for doubles), so
/// a read of a slot not written in this call gives a wrong answer or an out-of-range index. Off, a rent costs one
/// static read.
/// </remarks>
internal static class Scratch
{
    /// <summary>Whether <see cref="Rent{T}"/> fills each array with ones (bit patterns) or defaults (types holding references).</summary>
    internal static bool PoisonOnRent { get; set; }

    /// <summary>Rents an array of at least <paramref name="minimumLength"/> elements from the shared pool.</summary>
    internal static T[] Rent<T>(int minimumLength)
    {
        var array = ArrayPool<T>.Shared.Rent(minimumLength);
        if (PoisonOnRent)
        {
            Poison(array);
        }

        return array;
    }

    /// <summary>Returns an array rented by <see cref="Rent{T}"/> to the shared pool.</summary>
    internal static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array);

    private static void Poison<T>(T[] array)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(array);
            return;
        }

        var bytes = MemoryMarshal.CreateSpan(
            ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array)),
            checked(array.Length * Unsafe.SizeOf<T>()));
        bytes.Fill(0xFF);
    }
}
