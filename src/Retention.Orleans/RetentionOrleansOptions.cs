using Retention.Loyalty;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Orleans;

/// <summary>
/// The immutable rules every silo shares: the points program (with its tier ladder), the offer selector and its
/// catalog, and the RFM segment map. Register one with
/// <c>AddRetentionOrleans</c> (<see cref="RetentionOrleansServiceCollectionExtensions"/>); grains resolve it.
/// </summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class RetentionOrleansOptions
{
    /// <summary>The name of the grain storage provider the customer grain persists in: register one under this name
    /// (for example <c>siloBuilder.AddMemoryGrainStorage(RetentionOrleansOptions.StorageName)</c> in tests, a durable
    /// provider in production).</summary>
    public const string StorageName = "retention";

    /// <summary>Creates the options.</summary>
    /// <param name="program">The points program; its <see cref="PointsProgram.Tiers"/> ladder gives tiers.</param>
    /// <param name="selector">The offer selector (with its catalog), or <see langword="null"/> when the cluster does
    /// not choose offers.</param>
    /// <param name="segments">The RFM segment map the batch scores with, or <see langword="null"/> for
    /// <see cref="SegmentMap.Default"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="program"/> is <see langword="null"/>.</exception>
    public RetentionOrleansOptions(PointsProgram program, OfferSelector? selector = null, SegmentMap? segments = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Selector = selector;
        Segments = segments ?? SegmentMap.Default;
    }

    /// <summary>Gets the points program.</summary>
    /// <value>The program given at construction.</value>
    public PointsProgram Program { get; }

    /// <summary>Gets the offer selector.</summary>
    /// <value>The selector, or <see langword="null"/>.</value>
    public OfferSelector? Selector { get; }

    /// <summary>Gets the RFM segment map.</summary>
    /// <value>The map; <see cref="SegmentMap.Default"/> unless given.</value>
    public SegmentMap Segments { get; }
}
