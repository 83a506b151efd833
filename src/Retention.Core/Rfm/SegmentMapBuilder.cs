namespace Retention.Rfm;

/// <summary>
/// Builds a <see cref="SegmentMap"/>: add rules in the order they should be tried, name the fallback, then build.
/// </summary>
/// <remarks>
/// <para>Validation happens in <see cref="Build"/> and reports every problem at once. After a build, more rules cannot be
/// added (build again from <see cref="SegmentMap.ToBuilder"/>); calling <see cref="Build"/> twice is fine.</para>
/// <para>Thread safety: not thread-safe.</para>
/// </remarks>
public sealed class SegmentMapBuilder
{
    private readonly int _bins;
    private readonly List<SegmentRule> _rules = [];
    private string _fallback = "Other";
    private bool _built;

    internal SegmentMapBuilder(int bins) => _bins = bins;

    /// <summary>Adds a rule: customers whose scores are in all three ranges get the segment <paramref name="name"/>,
    /// unless an earlier rule matched.</summary>
    /// <param name="name">The segment name; several rules may share one.</param>
    /// <param name="recency">The R scores accepted.</param>
    /// <param name="frequency">The F scores accepted.</param>
    /// <param name="monetary">The M scores accepted; <see langword="null"/> for any.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown after <see cref="Build"/> was called.</exception>
    public SegmentMapBuilder Add(string name, ScoreRange recency, ScoreRange frequency, ScoreRange? monetary = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfBuilt();
        _rules.Add(new SegmentRule(name, recency, frequency, monetary ?? ScoreRange.Any));
        return this;
    }

    /// <summary>Names the segment of scores that no rule matches.</summary>
    /// <param name="name">The fallback name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown after <see cref="Build"/> was called.</exception>
    public SegmentMapBuilder WithFallback(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfBuilt();
        _fallback = name;
        return this;
    }

    /// <summary>Validates the rules and builds the immutable map.</summary>
    /// <returns>The map.</returns>
    /// <exception cref="InvalidConfigurationException">Thrown when the bins are outside 1 to 9, a name is empty, a range
    /// goes beyond the bins, a rule can never match because earlier rules take all its scores, or there are more than
    /// 254 segments. Every problem is listed.</exception>
    public SegmentMap Build()
    {
        _built = true;
        var errors = new List<string>();
        if (_bins is < 1 or > SegmentMap.MaxBins)
        {
            errors.Add(FormattableString.Invariant($"Bins must be from 1 to {SegmentMap.MaxBins}, not {_bins}."));
            throw new InvalidConfigurationException(nameof(SegmentMap), errors);
        }

        if (string.IsNullOrWhiteSpace(_fallback))
        {
            errors.Add("The fallback segment name must not be empty.");
        }

        var taken = new bool[_bins * _bins * _bins];
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            var label = FormattableString.Invariant($"Rule {i + 1} ('{rule.Name}')");
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add(FormattableString.Invariant($"Rule {i + 1} has an empty name."));
            }

            foreach (var (range, dimension) in new[] { (rule.Recency, "R"), (rule.Frequency, "F"), (rule.Monetary, "M") })
            {
                if (range != ScoreRange.Any && range.Max > _bins)
                {
                    errors.Add(FormattableString.Invariant($"{label} has {dimension} {range}, beyond the {_bins} bins."));
                }
            }

            var claimsAny = false;
            for (var r = 1; r <= _bins; r++)
            {
                for (var f = 1; f <= _bins; f++)
                {
                    for (var m = 1; m <= _bins; m++)
                    {
                        var cell = (((r - 1) * _bins) + (f - 1)) * _bins + (m - 1);
                        if (!taken[cell] && rule.Matches(r, f, m))
                        {
                            taken[cell] = true;
                            claimsAny = true;
                        }
                    }
                }
            }

            if (!claimsAny)
            {
                errors.Add(label + " can never match: every score it covers is taken by earlier rules (first match wins), so its segment would stay empty.");
            }
        }

        if (_rules.Select(r => r.Name).Append(_fallback).Distinct(StringComparer.Ordinal).Count() >= byte.MaxValue)
        {
            errors.Add("A map holds at most 254 segments.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(nameof(SegmentMap), errors);
        }

        return new SegmentMap(_bins, [.. _rules], _fallback);
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("The builder was already used to build a map; start again from SegmentMap.ToBuilder().");
        }
    }
}
