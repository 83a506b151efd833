using System.Globalization;

namespace Retention.Loyalty;

/// <summary>
/// The outcome of applying one event to a <see cref="PointsLedger"/>: what happened, the change in points, and why.
/// </summary>
/// <remarks>
/// Equality compares all properties. The default value is an applied event that changed nothing. Thread safety:
/// immutable.
/// </remarks>
public readonly struct ApplyResult : IEquatable<ApplyResult>
{
    internal ApplyResult(ApplyStatus status, long change, string? reason)
    {
        Status = status;
        Change = new Points(change);
        Reason = reason;
    }

    /// <summary>Gets what the ledger did with the event.</summary>
    /// <value>The status.</value>
    public ApplyStatus Status { get; }

    /// <summary>Gets the change in points (available plus pending), summed over the customers the event touched.</summary>
    /// <value>The signed change; zero unless <see cref="Status"/> is <see cref="ApplyStatus.Applied"/>.</value>
    public Points Change { get; }

    /// <summary>Gets why the event was ignored or refused, or a note on an applied event (a cap that cut the points, points forgiven by the claw-back policy).</summary>
    /// <value>The explanation, or <see langword="null"/> when there is nothing to add.</value>
    public string? Reason { get; }

    /// <inheritdoc/>
    public bool Equals(ApplyResult other) => Status == other.Status && Change == other.Change && string.Equals(Reason, other.Reason, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ApplyResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, Change, Reason);

    /// <summary>
    /// Returns a description such as <c>Applied +240 pts</c>, <c>Applied -150 pts: note</c> or
    /// <c>Refused: reason</c>; the change is shown for applied events only.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var head = Status == ApplyStatus.Applied
            ? string.Create(CultureInfo.InvariantCulture, $"{Status} {Change.Value:+0;-0;0} pts")
            : Status.ToString();
        return Reason is null ? head : head + ": " + Reason;
    }

    /// <summary>Compares two results for equality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when the results are equal.</returns>
    public static bool operator ==(ApplyResult left, ApplyResult right) => left.Equals(right);

    /// <summary>Compares two results for inequality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when the results differ.</returns>
    public static bool operator !=(ApplyResult left, ApplyResult right) => !left.Equals(right);
}
