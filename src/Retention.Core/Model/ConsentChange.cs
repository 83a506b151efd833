using NodaTime;

namespace Retention;

/// <summary>
/// A customer's consent to a channel given or withdrawn at an instant.
/// </summary>
/// <remarks>
/// <para>Equality is by value (channel, granted, instant). The default value is email consent withdrawn at the Unix epoch,
/// which, like no record at all, means "no consent".</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
/// <param name="Channel">The channel.</param>
/// <param name="Granted"><see langword="true"/> when consent was given, <see langword="false"/> when withdrawn.</param>
/// <param name="At">When it was given or withdrawn.</param>
public readonly record struct ConsentChange(Channel Channel, bool Granted, Instant At);
