using NodaTime;

namespace Retention;

/// <summary>
/// Store-wide settings given to <see cref="RetentionServiceCollectionExtensions.AddRetention"/>: a mutable bag that is
/// validated once and frozen into <see cref="RetentionSettings"/>.
/// </summary>
/// <remarks>Thread safety: not thread-safe; configure it on one thread, then build.</remarks>
public sealed class RetentionOptions
{
    /// <summary>Gets or sets the store's time zone, in which store calendar rules are computed (campaign windows, cohort
    /// months, tier years, point expiry dates).</summary>
    /// <value>The default value is <see cref="DateTimeZone.Utc"/>.</value>
    public DateTimeZone StoreTimeZone { get; set; } = DateTimeZone.Utc;

    /// <summary>Gets or sets the store's (shop) currency: points and tier spend follow it, never a presentment currency.</summary>
    /// <value>The default value is <see langword="null"/>: no single store currency, and amounts in any currency are
    /// accepted, though never mixed.</value>
    public Currency? StoreCurrency { get; set; }
}
