using NodaTime;

namespace Retention;

/// <summary>
/// The validated, immutable store-wide settings built from <see cref="RetentionOptions"/>.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed class RetentionSettings
{
    private RetentionSettings(DateTimeZone storeTimeZone, Currency? storeCurrency)
    {
        StoreTimeZone = storeTimeZone;
        StoreCurrency = storeCurrency;
    }

    /// <summary>Gets the settings built from default <see cref="RetentionOptions"/>.</summary>
    /// <value>UTC and no store currency.</value>
    public static RetentionSettings Default { get; } = Create(new RetentionOptions());

    /// <summary>Gets the store's time zone.</summary>
    /// <value>Never <see langword="null"/>.</value>
    public DateTimeZone StoreTimeZone { get; }

    /// <summary>Gets the store's (shop) currency.</summary>
    /// <value><see langword="null"/> when the store has none set.</value>
    public Currency? StoreCurrency { get; }

    /// <summary>Validates options and freezes them.</summary>
    /// <param name="options">The options; not changed, and later changes to them have no effect on the result.</param>
    /// <returns>The immutable settings.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when one or more options are invalid; every problem is listed.</exception>
    public static RetentionSettings Create(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.StoreTimeZone is null)
        {
            errors.Add("StoreTimeZone must not be null; use DateTimeZone.Utc for UTC.");
        }

        if (options.StoreCurrency is { Code: "XXX" })
        {
            errors.Add("StoreCurrency must be a real currency, not XXX (no currency); leave it null for none.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(nameof(RetentionOptions), errors);
        }

        return new RetentionSettings(options.StoreTimeZone!, options.StoreCurrency);
    }
}
