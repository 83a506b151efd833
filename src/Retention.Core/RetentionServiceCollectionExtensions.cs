using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Retention;

/// <summary>
/// Registers the library's services in a dependency injection container.
/// </summary>
/// <remarks>
/// Lives in namespace <c>Retention</c>, not <c>Microsoft.Extensions.DependencyInjection</c>, following Microsoft's guidance
/// for library authors (as Polly and FluentValidation do).
/// </remarks>
public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the library: the validated <see cref="RetentionSettings"/> and a default <see cref="IClock"/>
    /// (the system clock), each only when the container has none yet, so a host can register its own first.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults. It runs at once, and the
    /// options are validated at once, so a bad configuration fails at start-up rather than at first use.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <remarks>
    /// Idempotent: a second call registers nothing more, and the settings of the first call stay (every registration
    /// uses <c>TryAdd</c>).
    /// </remarks>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when the configured options are invalid.</exception>
    /// <example>
    /// <code><![CDATA[
    /// services.AddRetention(o =>
    /// {
    ///     o.StoreTimeZone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    ///     o.StoreCurrency = Currency.Eur;
    /// });
    /// ]]></code>
    /// </example>
    public static IServiceCollection AddRetention(this IServiceCollection services, Action<RetentionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = new RetentionOptions();
        configure?.Invoke(options);
        var settings = RetentionSettings.Create(options);

        if (services.Any(d => d.ServiceType == typeof(RegistrationMarker)))
        {
            return services;
        }

        services.AddSingleton<RegistrationMarker>();
#pragma warning disable RS0030 // The one sanctioned use of the system clock: the default registration, overridable by the host.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton(settings);
        return services;
    }

    /// <summary>Marks a collection in which <see cref="AddRetention"/> already ran.</summary>
    private sealed class RegistrationMarker;
}
