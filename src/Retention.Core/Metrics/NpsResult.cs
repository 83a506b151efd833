namespace Retention.Metrics;

/// <summary>
/// A Net Promoter Score: % promoters (answers 9-10) minus % detractors (0-6) of 0-10 answers, with its standard error and
/// a 95% interval.
/// </summary>
/// <remarks>
/// <para>Each answer is scored +1 (promoter), 0 (passive) or -1 (detractor); NPS is 100 x their mean. With p and d the
/// promoter and detractor shares, the variance of one answer is <c>p + d - (p - d)^2</c>, so the standard error is
/// <c>100 x sqrt((p + d - (p - d)^2) / n)</c> and the 95% interval is NPS +/- 1.96 standard errors, clipped to
/// [-100, 100]. A single answer (or all answers alike) has a standard error of 0: the formula then says nothing about
/// uncertainty, so read <see cref="Answers"/> beside it.</para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class NpsResult
{
    internal NpsResult(int promoters, int passives, int detractors)
    {
        Promoters = promoters;
        Passives = passives;
        Detractors = detractors;
        var n = (double)Answers;
        var p = promoters / n;
        var d = detractors / n;
        Score = 100d * (p - d);
        StandardError = 100d * Math.Sqrt(Math.Max(0d, p + d - ((p - d) * (p - d))) / n);
        Lower95 = Math.Max(-100d, Score - (1.96 * StandardError));
        Upper95 = Math.Min(100d, Score + (1.96 * StandardError));
    }

    /// <summary>Gets the number of answers.</summary>
    /// <value>At least 1.</value>
    public int Answers => Promoters + Passives + Detractors;

    /// <summary>Gets the answers of 9 or 10.</summary>
    /// <value>0 or more.</value>
    public int Promoters { get; }

    /// <summary>Gets the answers of 7 or 8.</summary>
    /// <value>0 or more.</value>
    public int Passives { get; }

    /// <summary>Gets the answers from 0 to 6.</summary>
    /// <value>0 or more.</value>
    public int Detractors { get; }

    /// <summary>Gets the score.</summary>
    /// <value>From -100 to 100.</value>
    public double Score { get; }

    /// <summary>Gets the standard error of the score.</summary>
    /// <value>0 or more, in score points.</value>
    public double StandardError { get; }

    /// <summary>Gets the lower end of the 95% interval.</summary>
    /// <value>At least -100.</value>
    public double Lower95 { get; }

    /// <summary>Gets the upper end of the 95% interval.</summary>
    /// <value>At most 100.</value>
    public double Upper95 { get; }
}
