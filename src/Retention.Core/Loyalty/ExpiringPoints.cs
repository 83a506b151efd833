using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// Points that will expire at an instant unless spent first, for reminder messages.
/// </summary>
/// <param name="ExpiresAt">The instant the points expire: the start of a local day in the program's time zone.</param>
/// <param name="LastDay">The last local date on which the points can still be spent.</param>
/// <param name="Points">The points, greater than zero.</param>
public readonly record struct ExpiringPoints(Instant ExpiresAt, LocalDate LastDay, Points Points);
