using System.Security.Cryptography;
using System.Text;

namespace Retention.Shopify;

/// <summary>
/// Verifies the <c>X-Shopify-Hmac-Sha256</c> header of a webhook: the base64 HMAC-SHA256 of the raw body bytes, keyed
/// with the app's client secret (its UTF-8 bytes).
/// </summary>
/// <remarks>
/// <para>Verify the exact bytes received, before any parsing or re-encoding: a body read as text and written back can
/// differ by a byte and fail. The comparison is constant-time
/// (<see cref="CryptographicOperations.FixedTimeEquals(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>) on the decoded digests.</para>
/// <para>Thread safety: stateless; safe to call from any thread.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// byte[] body = await ReadAllBytes(request.Body);
/// if (!ShopifyHmac.Verify(body, request.Headers["X-Shopify-Hmac-Sha256"], secret)) return Results.Unauthorized();
/// ]]></code>
/// </example>
public static class ShopifyHmac
{
    /// <summary>The name of the header Shopify signs webhooks with.</summary>
    public const string HeaderName = "X-Shopify-Hmac-Sha256";

    private const int DigestLength = 32;

    /// <summary>Computes the header value Shopify sends for <paramref name="body"/>.</summary>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="secret">The app's client secret.</param>
    /// <returns>The base64 text of HMAC-SHA256(secret, body).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="secret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="secret"/> is empty.</exception>
    public static string Compute(ReadOnlySpan<byte> body, string secret) => Convert.ToBase64String(Digest(body, Key(secret)));

    /// <summary>Returns whether <paramref name="header"/> is the signature of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    /// <param name="body">The raw body bytes, exactly as received.</param>
    /// <param name="header">The <c>X-Shopify-Hmac-Sha256</c> header value, or <see langword="null"/> when absent.</param>
    /// <param name="secret">The app's client secret.</param>
    /// <returns><see langword="true"/> when the header decodes to the expected 32-byte digest; <see langword="false"/>
    /// when it is absent, not base64, of another length, or another digest.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="secret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="secret"/> is empty.</exception>
    public static bool Verify(ReadOnlySpan<byte> body, string? header, string secret) => Verify(body, header, Key(secret));

    internal static bool Verify(ReadOnlySpan<byte> body, string? header, byte[] key)
    {
        if (header is null)
        {
            return false;
        }

        Span<byte> received = stackalloc byte[DigestLength + 3];
        if (!Convert.TryFromBase64String(header.Trim(), received, out var length) || length != DigestLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[DigestLength];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received[..DigestLength]);
    }

    internal static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Encoding.UTF8.GetBytes(secret);
    }

    private static byte[] Digest(ReadOnlySpan<byte> body, byte[] key) => HMACSHA256.HashData(key, body);
}
