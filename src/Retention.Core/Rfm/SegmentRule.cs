namespace Retention.Rfm;

/// <summary>
/// A named segment's rule: the R, F and M score ranges a customer must be in, for example Champions = R 5, F 4-5.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed class SegmentRule
{
    internal SegmentRule(string name, ScoreRange recency, ScoreRange frequency, ScoreRange monetary)
    {
        Name = name;
        Recency = recency;
        Frequency = frequency;
        Monetary = monetary;
    }

    /// <summary>Gets the segment's name.</summary>
    /// <value>For example <c>Champions</c>.</value>
    public string Name { get; }

    /// <summary>Gets the recency scores the rule accepts.</summary>
    /// <value>An inclusive range.</value>
    public ScoreRange Recency { get; }

    /// <summary>Gets the frequency scores the rule accepts.</summary>
    /// <value>An inclusive range.</value>
    public ScoreRange Frequency { get; }

    /// <summary>Gets the monetary scores the rule accepts.</summary>
    /// <value>An inclusive range; <see cref="ScoreRange.Any"/> for rules on R and F only.</value>
    public ScoreRange Monetary { get; }

    /// <summary>Gets a human-readable description of the rule, used to explain a segment.</summary>
    /// <value>For example <c>Champions: R 5, F 4-5, M any</c>.</value>
    public string Description => Name + ": R " + Recency + ", F " + Frequency + ", M " + Monetary;

    /// <summary>Returns whether scores satisfy the rule.</summary>
    /// <param name="recency">The R score.</param>
    /// <param name="frequency">The F score.</param>
    /// <param name="monetary">The M score.</param>
    /// <returns><see langword="true"/> when every score is in its range.</returns>
    public bool Matches(int recency, int frequency, int monetary) =>
        Recency.Contains(recency) && Frequency.Contains(frequency) && Monetary.Contains(monetary);

    /// <summary>Returns <see cref="Description"/>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Description;
}
