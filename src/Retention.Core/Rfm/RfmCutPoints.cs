using System.Collections.ObjectModel;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Retention.Rfm;

/// <summary>
/// Value thresholds that turn recency, frequency and monetary values into scores: either given by the user
/// (<see cref="Fixed"/>) or computed as value quantiles of a population (<see cref="FromQuantiles"/>), where customers
/// with equal values always share a score. Scoring against known cut points is the fastest path.
/// </summary>
/// <remarks>
/// <para>Each dimension has up to <c>bins - 1</c> ascending thresholds <c>t1 &lt; t2 &lt; ...</c>. Frequency and monetary:
/// a value at or below <c>t1</c> scores 1, above <c>t1</c> and at or below <c>t2</c> scores 2, and so on; above the last
/// threshold scores <c>bins</c>. Recency in days is the mirror image: at or below <c>t1</c> scores <c>bins</c> (most
/// recent), above the last threshold scores 1.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class RfmCutPoints
{
    private const int ParallelThreshold = 1_000_000;

    private readonly int[] _recency;
    private readonly int[] _frequency;
    private readonly double[] _monetary;

    // The thresholds padded to 8 lanes with values no input exceeds, so one vector compare counts the thresholds below
    // a value (at most 8 thresholds: 9 bins).
    private readonly Vector256<int> _recencyLanes;
    private readonly Vector256<int> _frequencyLanes;
    private readonly Vector256<double> _monetaryLow;
    private readonly Vector256<double> _monetaryHigh;

    private RfmCutPoints(int[] recency, int[] frequency, double[] monetary, SegmentMap segments)
    {
        _recency = recency;
        _frequency = frequency;
        _monetary = monetary;
        _recencyLanes = Vector256.Create(Pad(recency, int.MaxValue));
        _frequencyLanes = Vector256.Create(Pad(frequency, int.MaxValue));
        var m = Pad(monetary, double.PositiveInfinity);
        _monetaryLow = Vector256.Create(m.AsSpan(0, 4));
        _monetaryHigh = Vector256.Create(m.AsSpan(4, 4));
        Segments = segments;
        RecencyDays = new ReadOnlyCollection<int>(recency);
        Frequency = new ReadOnlyCollection<int>(frequency);
        Monetary = new ReadOnlyCollection<double>(monetary);
    }

    /// <summary>Gets the recency thresholds in days, ascending.</summary>
    /// <value>At most <c>bins - 1</c> values.</value>
    public IReadOnlyList<int> RecencyDays { get; }

    /// <summary>Gets the frequency thresholds, ascending.</summary>
    /// <value>At most <c>bins - 1</c> values.</value>
    public IReadOnlyList<int> Frequency { get; }

    /// <summary>Gets the monetary thresholds, ascending.</summary>
    /// <value>At most <c>bins - 1</c> values.</value>
    public IReadOnlyList<double> Monetary { get; }

    /// <summary>Gets the segment map that names scored customers; its bins are the number of scores.</summary>
    /// <value>The map given at creation, or <see cref="SegmentMap.Default"/>.</value>
    public SegmentMap Segments { get; }

    /// <summary>Creates cut points from thresholds chosen by the user.</summary>
    /// <param name="recencyDays">Ascending recency thresholds in days, at most <c>bins - 1</c>.</param>
    /// <param name="frequency">Ascending frequency thresholds, at most <c>bins - 1</c>.</param>
    /// <param name="monetary">Ascending monetary thresholds, finite, at most <c>bins - 1</c>.</param>
    /// <param name="segments">The segment map, or <see langword="null"/> for <see cref="SegmentMap.Default"/>.</param>
    /// <returns>The cut points.</returns>
    /// <exception cref="ArgumentNullException">Thrown when a threshold list is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when a list is too long, not strictly ascending, or holds a
    /// non-finite number; every problem is listed.</exception>
    public static RfmCutPoints Fixed(IEnumerable<int> recencyDays, IEnumerable<int> frequency, IEnumerable<double> monetary, SegmentMap? segments = null)
    {
        ArgumentNullException.ThrowIfNull(recencyDays);
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(monetary);
        var map = segments ?? SegmentMap.Default;
        var r = recencyDays.ToArray();
        var f = frequency.ToArray();
        var m = monetary.ToArray();
        var errors = new List<string>();
        Check(r.Select(x => (double)x).ToArray(), "RecencyDays", map.Bins, errors);
        Check(f.Select(x => (double)x).ToArray(), "Frequency", map.Bins, errors);
        Check(m, "Monetary", map.Bins, errors);
        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(nameof(RfmCutPoints), errors);
        }

        return new RfmCutPoints(r, f, m, map);
    }

    /// <summary>
    /// Computes value quantiles of a population as cut points: threshold <c>j</c> of each dimension is the
    /// <c>j / bins</c> quantile (linear interpolation between order statistics, R's and NumPy's default, type 7).
    /// </summary>
    /// <param name="values">The population.</param>
    /// <param name="segments">The segment map, or <see langword="null"/> for <see cref="SegmentMap.Default"/>.</param>
    /// <returns>The cut points.</returns>
    /// <remarks>
    /// Customers with equal values share a score, so heavily tied values (most customers with one order) use fewer
    /// than <c>bins</c> scores: equal thresholds collapse into one, and the scores used stay contiguous (frequency and
    /// monetary from 1 up, recency from <c>bins</c> down). Use <see cref="RfmScoring.ScoreQuantiles"/> for scores of
    /// equal-sized groups. Integer dimensions round thresholds down, which keeps "at or below" exact.
    /// </remarks>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="values"/> is empty.</exception>
    public static RfmCutPoints FromQuantiles(ReadOnlySpan<RfmValues> values, SegmentMap? segments = null)
    {
        Preconditions.CheckValue(values.Length > 0, "values", values.Length, "must hold at least one customer to compute quantiles");
        var map = segments ?? SegmentMap.Default;
        var n = values.Length;
        var r = new double[n];
        var f = new double[n];
        var m = new double[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = values[i].RecencyDays;
            f[i] = values[i].Frequency;
            m[i] = values[i].Monetary;
        }

        Array.Sort(r);
        Array.Sort(f);
        Array.Sort(m);
        return new RfmCutPoints(
            Quantiles(r, map.Bins).Select(x => (int)Math.Floor(x)).Distinct().ToArray(),
            Quantiles(f, map.Bins).Select(x => (int)Math.Floor(x)).Distinct().ToArray(),
            Quantiles(m, map.Bins).Distinct().ToArray(),
            map);
    }

    /// <summary>Scores one customer.</summary>
    /// <param name="values">The customer's values.</param>
    /// <returns>The scores and segment.</returns>
    public RfmScore Score(in RfmValues values)
    {
        // Count the thresholds each value is above: one compare per dimension (two for monetary), no branches.
        var recencyAbove = BitOperations.PopCount(Vector256.GreaterThan(Vector256.Create(values.RecencyDays), _recencyLanes).ExtractMostSignificantBits());
        var frequencyAbove = BitOperations.PopCount(Vector256.GreaterThan(Vector256.Create(values.Frequency), _frequencyLanes).ExtractMostSignificantBits());
        var spend = Vector256.Create(values.Monetary);
        var monetaryAbove = BitOperations.PopCount(Vector256.GreaterThan(spend, _monetaryLow).ExtractMostSignificantBits())
            + BitOperations.PopCount(Vector256.GreaterThan(spend, _monetaryHigh).ExtractMostSignificantBits());
        var r = (byte)(Segments.Bins - recencyAbove);
        var f = (byte)(1 + frequencyAbove);
        var m = (byte)(1 + monetaryAbove);
        return new RfmScore(r, f, m, Segments.ClassifyUnchecked(r, f, m));
    }

    /// <summary>Scores a population against these cut points, on both cores for large inputs; allocates nothing.</summary>
    /// <param name="values">The population.</param>
    /// <param name="destination">Receives customer <c>i</c>'s score at <c>i</c>; the same length as <paramref name="values"/>.</param>
    /// <exception cref="ArgumentException">Thrown when the spans differ in length.</exception>
    public void Score(ReadOnlySpan<RfmValues> values, Span<RfmScore> destination)
    {
        if (destination.Length != values.Length)
        {
            throw new ArgumentException("The destination must have one element per customer.", nameof(destination));
        }

        if (values.Length < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            ScoreRange(values, destination);
            return;
        }

        ScoreOnTwoCores(values, destination);
    }

    /// <summary>Splits the work in two halves. Kept apart from <see cref="Score(ReadOnlySpan{RfmValues}, Span{RfmScore})"/>
    /// because the lambdas' closure is allocated on entry to the method that declares what they capture.</summary>
    private unsafe void ScoreOnTwoCores(ReadOnlySpan<RfmValues> values, Span<RfmScore> destination)
    {
        var half = values.Length / 2;
        fixed (RfmValues* input = values)
        fixed (RfmScore* output = destination)
        {
            var inputAddress = (nint)input;
            var outputAddress = (nint)output;
            var length = values.Length;
            Parallel.Invoke(
                () => ScoreRange(new ReadOnlySpan<RfmValues>((void*)inputAddress, half), new Span<RfmScore>((void*)outputAddress, half)),
                () => ScoreRange(
                    new ReadOnlySpan<RfmValues>((void*)(inputAddress + (half * sizeof(RfmValues))), length - half),
                    new Span<RfmScore>((void*)(outputAddress + (half * sizeof(RfmScore))), length - half)));
        }
    }

    private void ScoreRange(ReadOnlySpan<RfmValues> values, Span<RfmScore> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = Score(in values[i]);
        }
    }

    private static T[] Pad<T>(T[] thresholds, T padding)
    {
        var lanes = new T[8];
        Array.Fill(lanes, padding);
        thresholds.CopyTo(lanes, 0);
        return lanes;
    }

    private static double[] Quantiles(double[] sorted, int bins)
    {
        var n = sorted.Length;
        var result = new double[bins - 1];
        for (var j = 1; j < bins; j++)
        {
            var h = (n - 1) * (double)j / bins;
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, n - 1);
            result[j - 1] = sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
        }

        return result;
    }

    private static void Check(double[] thresholds, string name, int bins, List<string> errors)
    {
        if (thresholds.Length > bins - 1)
        {
            errors.Add(FormattableString.Invariant($"{name} has {thresholds.Length} thresholds; {bins} bins take at most {bins - 1}."));
        }

        for (var i = 0; i < thresholds.Length; i++)
        {
            if (!double.IsFinite(thresholds[i]))
            {
                errors.Add(FormattableString.Invariant($"{name}[{i}] is {thresholds[i]}; thresholds must be finite."));
            }
            else if (i > 0 && !(thresholds[i] > thresholds[i - 1]))
            {
                errors.Add(FormattableString.Invariant($"{name}[{i}] = {thresholds[i]} is not above {name}[{i - 1}] = {thresholds[i - 1]}; thresholds must be strictly ascending."));
            }
        }
    }
}
