using System.Collections.ObjectModel;

namespace Retention.Rfm;

/// <summary>
/// Names customers by their scores: ordered rules, the first that matches wins, and a named fallback for scores no rule
/// covers. Maps are data: use <see cref="Default"/>, <see cref="RfmPackage"/>, or build your own.
/// </summary>
/// <remarks>
/// <para>Building a map rejects a rule that can never match because earlier rules already take every score it covers
/// (the overlapping-rules mistake that leaves a segment empty in other tools), and rules outside the number of bins.</para>
/// <para>Classification is a table lookup precomputed for all bins^3 score triples.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class SegmentMap
{
    /// <summary>The largest number of bins (scores 1 to 9).</summary>
    public const int MaxBins = 9;

    private readonly byte[] _table;
    private readonly string[] _names;

    internal SegmentMap(int bins, SegmentRule[] rules, string fallback)
    {
        Bins = bins;
        Rules = new ReadOnlyCollection<SegmentRule>(rules);
        FallbackName = fallback;
        var names = new List<string>();
        foreach (var rule in rules)
        {
            if (!names.Contains(rule.Name))
            {
                names.Add(rule.Name);
            }
        }

        if (!names.Contains(fallback))
        {
            names.Add(fallback);
        }

        _names = [.. names];
        SegmentNames = new ReadOnlyCollection<string>(_names);
        var fallbackIndex = names.IndexOf(fallback);
        _table = new byte[bins * bins * bins];
        for (var r = 1; r <= bins; r++)
        {
            for (var f = 1; f <= bins; f++)
            {
                for (var m = 1; m <= bins; m++)
                {
                    var match = Array.FindIndex(rules, rule => rule.Matches(r, f, m));
                    _table[Cell(r, f, m)] = (byte)(match < 0 ? fallbackIndex : names.IndexOf(rules[match].Name));
                }
            }
        }
    }

    /// <summary>Gets the default map: ten segments on R and F for 5 bins, fallback "Other" (never reached with 5 bins).</summary>
    /// <value>
    /// Champions R5 F4-5; Loyal R3-4 F4-5; Potential Loyalist R4-5 F2-3; New R5 F1; Promising R4 F1; Need Attention R3 F3;
    /// About To Sleep R3 F1-2; Can't Lose Them R1-2 F5; At Risk R1-2 F3-4; Hibernating R1-2 F1-2.
    /// </value>
    public static SegmentMap Default { get; } = CreateBuilder(5)
        .Add("Champions", new ScoreRange(5, 5), new ScoreRange(4, 5))
        .Add("Loyal", new ScoreRange(3, 4), new ScoreRange(4, 5))
        .Add("Potential Loyalist", new ScoreRange(4, 5), new ScoreRange(2, 3))
        .Add("New", new ScoreRange(5, 5), new ScoreRange(1, 1))
        .Add("Promising", new ScoreRange(4, 4), new ScoreRange(1, 1))
        .Add("Need Attention", new ScoreRange(3, 3), new ScoreRange(3, 3))
        .Add("About To Sleep", new ScoreRange(3, 3), new ScoreRange(1, 2))
        .Add("Can't Lose Them", new ScoreRange(1, 2), new ScoreRange(5, 5))
        .Add("At Risk", new ScoreRange(1, 2), new ScoreRange(3, 4))
        .Add("Hibernating", new ScoreRange(1, 2), new ScoreRange(1, 2))
        .WithFallback("Other")
        .Build();

    /// <summary>
    /// Gets the segment table of the R package <c>rfm</c> (rsquaredacademy/rfm, the <c>rfm_segment</c> example): ten
    /// segments on R, F and M ranges for 5 bins, fallback "Others", first match wins as in the package.
    /// </summary>
    /// <value>
    /// Champions R4-5 F4-5 M4-5; Loyal Customers R2-5 F3-5 M3-5; New Customers R4-5 F1 M1; Promising R3-4 F1 M1;
    /// Potential Loyalist R3-5 F1-3 M1-3; Need Attention R2-3 F2-3 M2-3; About To Sleep R2-3 F1-2 M1-2; Can't Lose Them
    /// R1 F4-5 M4-5; At Risk R1-2 F2-5 M2-5; Lost R1-2 F1-2 M1-2.
    /// </value>
    /// <remarks>
    /// The ranges are the package's. Its order puts New Customers and Promising after Potential Loyalist, and Can't
    /// Lose Them after At Risk, whose ranges contain them, so with first match wins those three segments can never be
    /// filled (the overlapping-rules reports rsquaredacademy/rfm#56 and #67); this map's builder rejects such rules.
    /// The preset therefore tries each of the three before the rule that contains it; every other customer gets the
    /// segment the package gives.
    /// </remarks>
    public static SegmentMap RfmPackage { get; } = CreateBuilder(5)
        .Add("Champions", new ScoreRange(4, 5), new ScoreRange(4, 5), new ScoreRange(4, 5))
        .Add("Loyal Customers", new ScoreRange(2, 5), new ScoreRange(3, 5), new ScoreRange(3, 5))
        .Add("New Customers", new ScoreRange(4, 5), new ScoreRange(1, 1), new ScoreRange(1, 1))
        .Add("Promising", new ScoreRange(3, 4), new ScoreRange(1, 1), new ScoreRange(1, 1))
        .Add("Potential Loyalist", new ScoreRange(3, 5), new ScoreRange(1, 3), new ScoreRange(1, 3))
        .Add("Need Attention", new ScoreRange(2, 3), new ScoreRange(2, 3), new ScoreRange(2, 3))
        .Add("About To Sleep", new ScoreRange(2, 3), new ScoreRange(1, 2), new ScoreRange(1, 2))
        .Add("Can't Lose Them", new ScoreRange(1, 1), new ScoreRange(4, 5), new ScoreRange(4, 5))
        .Add("At Risk", new ScoreRange(1, 2), new ScoreRange(2, 5), new ScoreRange(2, 5))
        .Add("Lost", new ScoreRange(1, 2), new ScoreRange(1, 2), new ScoreRange(1, 2))
        .WithFallback("Others")
        .Build();

    /// <summary>Gets the number of bins (scores run from 1 to this).</summary>
    /// <value>From 1 to <see cref="MaxBins"/>.</value>
    public int Bins { get; }

    /// <summary>Gets the rules, in the order they are tried.</summary>
    /// <value>The first matching rule names the segment.</value>
    public IReadOnlyList<SegmentRule> Rules { get; }

    /// <summary>Gets the name given to scores no rule matches.</summary>
    /// <value>For example <c>Other</c>.</value>
    public string FallbackName { get; }

    /// <summary>Gets the distinct segment names; <see cref="RfmScore.Segment"/> indexes this list.</summary>
    /// <value>Rule names in first-appearance order, then the fallback unless a rule already has its name.</value>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>Creates a builder for a map with the given number of bins.</summary>
    /// <param name="bins">The number of bins, 1 to 9.</param>
    /// <returns>A new builder.</returns>
    public static SegmentMapBuilder CreateBuilder(int bins = 5) => new(bins);

    /// <summary>Returns the segment index of a score triple.</summary>
    /// <param name="recency">The R score, 1 to <see cref="Bins"/>.</param>
    /// <param name="frequency">The F score, 1 to <see cref="Bins"/>.</param>
    /// <param name="monetary">The M score, 1 to <see cref="Bins"/>.</param>
    /// <returns>The index into <see cref="SegmentNames"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a score is outside 1 to <see cref="Bins"/>.</exception>
    public int Classify(int recency, int frequency, int monetary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recency, Bins);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, Bins);
        ArgumentOutOfRangeException.ThrowIfLessThan(monetary, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(monetary, Bins);
        return _table[Cell(recency, frequency, monetary)];
    }

    /// <summary>Returns the name of a segment index.</summary>
    /// <param name="segment">An index into <see cref="SegmentNames"/>, as in <see cref="RfmScore.Segment"/>.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="segment"/> is outside the list.</exception>
    public string SegmentName(int segment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segment);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(segment, _names.Length);
        return _names[segment];
    }

    /// <summary>Returns the rule that named a score triple, to explain a segment.</summary>
    /// <param name="recency">The R score.</param>
    /// <param name="frequency">The F score.</param>
    /// <param name="monetary">The M score.</param>
    /// <returns>The first matching rule, or <see langword="null"/> when the fallback applies.</returns>
    public SegmentRule? Explain(int recency, int frequency, int monetary)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(recency, frequency, monetary))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>Returns a builder holding this map's bins, rules and fallback, to derive a new map.</summary>
    /// <returns>A new builder.</returns>
    public SegmentMapBuilder ToBuilder()
    {
        var builder = new SegmentMapBuilder(Bins).WithFallback(FallbackName);
        foreach (var rule in Rules)
        {
            builder.Add(rule.Name, rule.Recency, rule.Frequency, rule.Monetary);
        }

        return builder;
    }

    /// <summary>Looks up the segment of scores already known to be in range (the hot loop).</summary>
    internal byte ClassifyUnchecked(byte recency, byte frequency, byte monetary) => _table[Cell(recency, frequency, monetary)];

    private int Cell(int recency, int frequency, int monetary) => (((recency - 1) * Bins) + (frequency - 1)) * Bins + (monetary - 1);
}
