using Microsoft.Extensions.DependencyInjection;
using Retention.Loyalty;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Orleans;

/// <summary>Registers the shared rules the Retention grains read, on each silo's services.</summary>
public static class RetentionOrleansServiceCollectionExtensions
{
    /// <summary>Registers the program, offer catalog and segment map as one singleton <see cref="RetentionOrleansOptions"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="program">The points program (its tier ladder included).</param>
    /// <param name="catalog">The offer catalog, or <see langword="null"/>; offers are chosen by an
    /// <see cref="OfferSelector"/> with the default response model.</param>
    /// <param name="segments">The RFM segment map for the batch, or <see langword="null"/> for the default.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> or <paramref name="program"/> is <see langword="null"/>.</exception>
    /// <remarks>The grains also need a grain storage provider named <see cref="RetentionOrleansOptions.StorageName"/>.</remarks>
    public static IServiceCollection AddRetentionOrleans(this IServiceCollection services, PointsProgram program, OfferCatalog? catalog = null, SegmentMap? segments = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(program);
        return services.AddRetentionOrleans(new RetentionOrleansOptions(program, catalog is null ? null : new OfferSelector(catalog), segments));
    }

    /// <summary>Registers prepared options (for a selector with its own response model).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="options">The options.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddRetentionOrleans(this IServiceCollection services, RetentionOrleansOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        return services;
    }
}
