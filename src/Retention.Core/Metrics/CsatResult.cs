namespace Retention.Metrics;

/// <summary>A customer satisfaction score: the share of 4 and 5 answers on a 1-5 scale, x 100.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class CsatResult
{
    internal CsatResult(int answers, int satisfied)
    {
        Answers = answers;
        Satisfied = satisfied;
        Score = 100d * satisfied / answers;
    }

    /// <summary>Gets the number of answers.</summary>
    /// <value>At least 1.</value>
    public int Answers { get; }

    /// <summary>Gets the answers of 4 or 5.</summary>
    /// <value>0 or more.</value>
    public int Satisfied { get; }

    /// <summary>Gets the score.</summary>
    /// <value>From 0 to 100.</value>
    public double Score { get; }
}
