using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Retention.Referrals;

/// <summary>
/// Generates referral codes deterministically from a secret seed, the customer and an attempt number: the same inputs
/// always give the same code, on any machine, and without the seed the codes cannot be guessed from customer ids.
/// </summary>
/// <remarks>
/// <para>The code is the first <see cref="Length"/> characters of the SHA-256 hash of the seed, the customer id and the
/// attempt, written in Crockford's base 32 (digits and capital letters without I, L, O and U, so codes read aloud
/// well). <see cref="ReferralTracker.IssueCode"/> tries attempts 0, 1, 2… until a code is free, which makes codes unique.</para>
/// <para>Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class ReferralCodeGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly byte[] _seed;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The secret seed, not empty; keep it private and stable (changing it changes every future code).</param>
    /// <param name="length">The code length, 6 to 32.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="seed"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="seed"/> is empty or <paramref name="length"/> is out of range.</exception>
    public ReferralCodeGenerator(string seed, int length = 8)
    {
        ArgumentNullException.ThrowIfNull(seed);
        Preconditions.CheckValue(seed.Length > 0, "codes.seed", seed, "must not be empty");
        Preconditions.CheckValue(length is >= 6 and <= 32, "codes.length", length, "must be from 6 to 32");
        _seed = Encoding.UTF8.GetBytes(seed);
        Length = length;
    }

    /// <summary>Gets the length of the codes.</summary>
    /// <value>6 to 32 characters.</value>
    public int Length { get; }

    /// <summary>Generates the code for a customer and an attempt.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="attempt">The attempt, 0 or more; a tracker moves to the next attempt when a code is taken.</param>
    /// <returns>The code.</returns>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="customerId"/> is unassigned or <paramref name="attempt"/> is negative.</exception>
    public ReferralCode Generate(CustomerId customerId, int attempt = 0)
    {
        Preconditions.CheckValue(!customerId.IsUnassigned, "customerId", customerId, "must be assigned");
        Preconditions.CheckValue(attempt >= 0, "attempt", attempt, "must not be negative");
        var tail = Encoding.UTF8.GetBytes("\n" + customerId.Value + "\n" + attempt.ToString(CultureInfo.InvariantCulture));
        var input = new byte[_seed.Length + tail.Length];
        _seed.CopyTo(input, 0);
        tail.CopyTo(input, _seed.Length);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            // Five bits per character, read from the hash as a big-endian bit string.
            var bit = i * 5;
            var pair = (hash[bit / 8] << 8) | (bit / 8 + 1 < hash.Length ? hash[(bit / 8) + 1] : 0);
            code[i] = Alphabet[(pair >> (11 - (bit % 8))) & 31];
        }

        return new ReferralCode(new string(code));
    }
}
