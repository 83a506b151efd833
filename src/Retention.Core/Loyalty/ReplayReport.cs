using System.Collections.ObjectModel;

namespace Retention.Loyalty;

/// <summary>
/// What <see cref="PointsLedger.Replay"/> did with a batch of events.
/// </summary>
/// <remarks>Thread safety: immutable and safe to share.</remarks>
public sealed class ReplayReport
{
    internal ReplayReport(int applied, int duplicates, int ignored, int refusedCount, IList<RefusedEvent> refused)
    {
        Applied = applied;
        Duplicates = duplicates;
        Ignored = ignored;
        RefusedCount = refusedCount;
        Refused = new ReadOnlyCollection<RefusedEvent>(refused);
    }

    /// <summary>Gets the number of events applied.</summary>
    /// <value>The number of events with <see cref="ApplyStatus.Applied"/>.</value>
    public int Applied { get; }

    /// <summary>Gets the number of duplicate events.</summary>
    /// <value>The number of events with <see cref="ApplyStatus.Duplicate"/>.</value>
    public int Duplicates { get; }

    /// <summary>Gets the number of events ignored.</summary>
    /// <value>The number of events with <see cref="ApplyStatus.Ignored"/>.</value>
    public int Ignored { get; }

    /// <summary>Gets the number of events refused.</summary>
    /// <value>The number of events with <see cref="ApplyStatus.Refused"/>.</value>
    public int RefusedCount { get; }

    /// <summary>Gets the refused events with their results, in replay order.</summary>
    /// <value>The refused events; nothing refused is dropped without a trace.</value>
    public IReadOnlyList<RefusedEvent> Refused { get; }
}

/// <summary>An event the ledger refused, with the reason.</summary>
/// <param name="Event">The event.</param>
/// <param name="Result">The result, whose <see cref="ApplyResult.Reason"/> says why.</param>
public readonly record struct RefusedEvent(LoyaltyEvent Event, ApplyResult Result);
