using System.Collections.ObjectModel;
using System.Globalization;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// An ordered ladder of tiers (Bronze, Silver, Gold…) with the rules for reaching and keeping them: what qualifies
/// (<see cref="Basis"/>), over which period (<see cref="Window"/>), how long a lapsed status lingers
/// (<see cref="GracePeriod"/>) and how far one review may drop it (<see cref="MaxLevelsDown"/>).
/// </summary>
/// <remarks>
/// <para>
/// Level 0 is the first tier, whose threshold is zero: every customer starts there and never leaves it. A customer
/// moves up the instant their qualifying value in the current window reaches a higher threshold, to the highest tier
/// reached. A status above level 0 carries a "valid until" instant: the end of the period after the one in which it
/// was reached (calendar and membership years), or the end of the calendar year (lifetime). At that instant the status
/// is reviewed against the period that just ended: kept for one more period when that period's qualifying value still
/// reaches it, otherwise lowered at the end of the grace period to the tier reached by the ended period or by the new
/// one so far, whichever is higher, but by at most <see cref="MaxLevelsDown"/> levels. The lowered status is valid for
/// one more period.
/// </para>
/// <para>
/// With a rolling window of N months a level is held for N months after the last instant the customer qualified for
/// it, plus the grace period; after that the status falls to the highest level still held that way (no level limit).
/// See <c>docs/loyalty-tiers.md</c> for worked examples.
/// </para>
/// <para>Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class TierLadder
{
    private readonly decimal[] _thresholds;

    /// <summary>Creates a ladder.</summary>
    /// <param name="basis">What the thresholds measure.</param>
    /// <param name="window">The period qualifying values are added up over.</param>
    /// <param name="tiers">The tiers from lowest to highest: at least one, the first with threshold zero, thresholds
    /// strictly increasing, names unique.</param>
    /// <param name="gracePeriod">How long a status that was not kept lingers after its review, with no negative
    /// component and shorter than the window's period (a year, or N months); <see cref="Period.Zero"/> when omitted.</param>
    /// <param name="maxLevelsDown">The most levels one review may drop a status, at least 1, or <see langword="null"/>
    /// for no limit (straight to the tier the customer qualifies for); not allowed with a rolling window.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="tiers"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when a rule above is broken; it lists every problem.</exception>
    public TierLadder(TierBasis basis, QualificationWindow window, IEnumerable<Tier> tiers, Period? gracePeriod = null, int? maxLevelsDown = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var list = tiers.ToArray();
        var grace = gracePeriod ?? Period.Zero;
        var errors = new List<string>();
        if (!Enum.IsDefined(basis))
        {
            errors.Add("tiers.basis: " + Preconditions.Render(basis) + " is not a defined tier basis");
        }

        if (list.Length == 0)
        {
            errors.Add("tiers.levels: the ladder must have at least one tier");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(tiers));
            var path = "tiers.levels[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (i == 0 && list[i].Threshold != 0m)
            {
                errors.Add(path + ".threshold: " + Preconditions.Render(list[i].Threshold) + " must be 0 for the first tier, where every customer starts");
            }

            if (i > 0 && list[i].Threshold <= list[i - 1].Threshold)
            {
                errors.Add(path + ".threshold: " + Preconditions.Render(list[i].Threshold) + " must be greater than the tier below (" + Preconditions.Render(list[i - 1].Threshold) + ")");
            }

            if (!names.Add(list[i].Name))
            {
                errors.Add(path + ".name: " + Preconditions.Render(list[i].Name) + " is used by a lower tier");
            }
        }

        if (maxLevelsDown is < 1)
        {
            errors.Add("tiers.maxLevelsDown: " + Preconditions.Render(maxLevelsDown) + " must be at least 1 when given");
        }
        else if (maxLevelsDown is not null && window.Kind == QualificationWindowKind.RollingMonths)
        {
            errors.Add("tiers.maxLevelsDown: " + Preconditions.Render(maxLevelsDown) + " cannot be used with a rolling window, whose status falls to the highest level of its last N months");
        }

        var nonNegative = Preconditions.HasNoNegativeComponent(grace);
        if (!nonNegative)
        {
            errors.Add("tiers.gracePeriod: " + Preconditions.Render(grace) + " must not have a negative component");
        }
        else if (!GraceFits(grace, window))
        {
            errors.Add("tiers.gracePeriod: " + Preconditions.Render(grace) + " must be shorter than the window's period (" + PeriodText(window) + ")");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("tier ladder", errors);
        }

        Basis = basis;
        Window = window;
        Tiers = new ReadOnlyCollection<Tier>(list);
        GracePeriod = grace;
        MaxLevelsDown = maxLevelsDown;
        _thresholds = [.. list.Select(t => t.Threshold)];
    }

    /// <summary>Gets what the thresholds measure.</summary>
    /// <value>Qualifying points or qualifying spend.</value>
    public TierBasis Basis { get; }

    /// <summary>Gets the period qualifying values are added up over.</summary>
    /// <value>The window.</value>
    public QualificationWindow Window { get; }

    /// <summary>Gets the tiers, lowest first; a tier's index is its level.</summary>
    /// <value>At least one tier.</value>
    public IReadOnlyList<Tier> Tiers { get; }

    /// <summary>Gets how long a status that was not kept lingers after its review.</summary>
    /// <value>The grace period, added in local time; <see cref="Period.Zero"/> for none.</value>
    public Period GracePeriod { get; }

    /// <summary>Gets the most levels one review may drop a status.</summary>
    /// <value>At least 1, or <see langword="null"/> for no limit.</value>
    public int? MaxLevelsDown { get; }

    /// <summary>Returns the highest level whose threshold <paramref name="qualifying"/> reaches.</summary>
    /// <param name="qualifying">A qualifying value; below zero counts as zero.</param>
    /// <returns>The level, from 0 to the number of tiers minus one.</returns>
    public int QualifiedLevel(decimal qualifying)
    {
        var thresholds = _thresholds;
        if (thresholds.Length <= 8)
        {
            // Short ladders, where most customers sit low: walk up from the bottom.
            var level = 0;
            while (level + 1 < thresholds.Length && thresholds[level + 1] <= qualifying)
            {
                level++;
            }

            return level;
        }

        var low = 0;
        var high = thresholds.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >> 1;
            if (thresholds[mid] <= qualifying)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    /// <summary>Computes <see cref="QualifiedLevel"/> for many customers at once, without allocating.</summary>
    /// <param name="qualifying">The customers' qualifying values.</param>
    /// <param name="levels">Receives each customer's level; at least as long as <paramref name="qualifying"/>.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="levels"/> is too short.</exception>
    public void QualifiedLevels(ReadOnlySpan<decimal> qualifying, Span<int> levels)
    {
        if (levels.Length < qualifying.Length)
        {
            throw new ArgumentException("The levels span (" + levels.Length.ToString(CultureInfo.InvariantCulture) + ") is shorter than the qualifying values (" + qualifying.Length.ToString(CultureInfo.InvariantCulture) + ").", nameof(levels));
        }

        for (var i = 0; i < qualifying.Length; i++)
        {
            levels[i] = QualifiedLevel(qualifying[i]);
        }
    }

    private static bool GraceFits(Period grace, QualificationWindow window)
    {
        // The shortest period a window can have starts on 31 January (February next) or 1 February.
        var months = window.Kind == QualificationWindowKind.RollingMonths ? window.Months : 12;
        foreach (var start in (LocalDateTime[])[new LocalDateTime(2001, 1, 31, 0, 0), new LocalDateTime(2001, 2, 1, 0, 0)])
        {
            try
            {
                if (start.Plus(grace) >= start.PlusMonths(months))
                {
                    return false;
                }
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        return true;
    }

    private static string PeriodText(QualificationWindow window) =>
        window.Kind == QualificationWindowKind.RollingMonths ? window.Months.ToString(CultureInfo.InvariantCulture) + " months" : "a year";
}
