using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// One qualifying contribution: an order's points or spend or a bonus's points (<see cref="At"/> = <see cref="EffectiveAt"/>),
/// or a refund's negative share of an order, which counts in the order's window from the refund's instant on.
/// </summary>
internal struct TierContribution
{
    /// <summary>The instant that decides which window the amount belongs to: the order's or bonus's.</summary>
    internal Instant At;

    /// <summary>The instant from which the amount counts.</summary>
    internal Instant EffectiveAt;

    internal decimal Amount;

    /// <summary>For an order's contribution, what refunds have left of it.</summary>
    internal decimal Remaining;
}

/// <summary>One customer's tier state in a ledger.</summary>
internal sealed class TierBook
{
    internal TierBook(Instant memberSince, bool recordsHistory)
    {
        MemberSince = memberSince;
        History = recordsHistory ? [] : null;
    }

    internal Instant MemberSince { get; }

    internal int Level { get; set; }

    internal Instant? Since { get; set; }

    /// <summary>The next review; <see cref="Instant.MaxValue"/> at level 0.</summary>
    internal Instant ValidUntil { get; set; } = Instant.MaxValue;

    /// <summary>The end of the grace period after a review that did not keep the status; otherwise <see cref="Instant.MaxValue"/>.</summary>
    internal Instant DowngradeAt { get; set; } = Instant.MaxValue;

    internal Instant ReviewedAt { get; set; }

    internal int ReviewLevel { get; set; }

    internal decimal ReviewQualifying { get; set; }

    internal Instant Clock { get; set; } = Instant.MinValue;

    internal List<TierContribution> Contributions { get; private init; } = [];

    /// <summary>The changes, or <see langword="null"/> for a what-if copy.</summary>
    internal List<TierChange>? History { get; }

    internal TierBook CloneForWhatIf() => new(MemberSince, false)
    {
        Level = Level,
        Since = Since,
        ValidUntil = ValidUntil,
        DowngradeAt = DowngradeAt,
        ReviewedAt = ReviewedAt,
        ReviewLevel = ReviewLevel,
        ReviewQualifying = ReviewQualifying,
        Clock = Clock,
        Contributions = Contributions,
    };
}

/// <summary>
/// The tier rules of a <see cref="TierLadder"/> in a time zone: windows, reviews, grace and downgrades, applied to
/// <see cref="TierBook"/>s. Time-driven changes (reviews, downgrades) are written when a book is advanced past them;
/// upgrades when a contribution reaches a higher threshold.
/// </summary>
internal sealed class TierEngine(TierLadder ladder, DateTimeZone zone)
{
    private static readonly Duration Epsilon = Duration.Epsilon;

    internal TierLadder Ladder { get; } = ladder;

    internal static TierBook NewBook(Instant memberSince) => new(memberSince, recordsHistory: true);

    /// <summary>Writes the reviews and downgrades due at or before <paramref name="to"/>.</summary>
    internal void Advance(TierBook book, Instant to)
    {
        while (true)
        {
            if (book.DowngradeAt != Instant.MaxValue)
            {
                if (book.DowngradeAt > to)
                {
                    break;
                }

                EndGrace(book);
            }
            else if (book.ValidUntil <= to)
            {
                Review(book);
            }
            else
            {
                break;
            }
        }

        if (to > book.Clock)
        {
            book.Clock = to;
        }
    }

    /// <summary>Adds a contribution at <paramref name="at"/> (the book advanced to it) and upgrades when it reaches a higher tier.</summary>
    /// <returns>The contribution's index, for later refunds.</returns>
    internal int Contribute(TierBook book, Instant at, decimal amount, EventKey cause)
    {
        Advance(book, at);
        book.Contributions.Add(new TierContribution { At = at, EffectiveAt = at, Amount = amount, Remaining = amount });
        var qualifying = Qualifying(book, at);
        var level = Ladder.QualifiedLevel(qualifying);
        if (level > 0 && level == book.Level && Ladder.Window.Kind == QualificationWindowKind.RollingMonths)
        {
            // A rolling window keeps a status for as long as the customer keeps qualifying: each qualifying event
            // extends it, and cancels a pending downgrade.
            var until = ValidUntilReached(book, at);
            if (book.DowngradeAt != Instant.MaxValue || until > book.ValidUntil)
            {
                book.DowngradeAt = Instant.MaxValue;
                book.ValidUntil = until;
                book.History?.Add(new TierChange(at, TierChangeKind.Renewal, level, level, until, qualifying, cause));
            }
        }

        if (level > book.Level)
        {
            var from = book.Level;
            book.Level = level;
            book.Since = at;
            book.ValidUntil = ValidUntilReached(book, at);
            book.DowngradeAt = Instant.MaxValue;
            book.History?.Add(new TierChange(at, TierChangeKind.Upgrade, from, level, book.ValidUntil, qualifying, cause));
        }

        return book.Contributions.Count - 1;
    }

    /// <summary>
    /// Lowers an order's contribution (a refund or cancellation) from <paramref name="at"/> on, in the order's window;
    /// the status answers at its next review.
    /// </summary>
    internal void Reduce(TierBook book, int index, decimal amount, Instant at)
    {
        Advance(book, at);
        var contributions = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(book.Contributions);
        ref var contribution = ref contributions[index];
        var taken = Math.Min(amount, contribution.Remaining);
        if (taken <= 0m)
        {
            return;
        }

        contribution.Remaining -= taken;
        var orderAt = contribution.At;
        book.Contributions.Add(new TierContribution { At = orderAt, EffectiveAt = at, Amount = -taken });
    }

    internal static decimal Remaining(TierBook book, int index) => book.Contributions[index].Remaining;

    internal decimal MultiplierAt(TierBook book, Instant at)
    {
        Advance(book, at);
        return Ladder.Tiers[book.Level].Benefits.EarningMultiplier;
    }

    internal Tier TierAt(TierBook book, Instant at)
    {
        Advance(book, at);
        return Ladder.Tiers[book.Level];
    }

    internal TierStatus Status(TierBook book, Instant at)
    {
        if (at >= book.Clock)
        {
            var whatIf = book.CloneForWhatIf();
            Advance(whatIf, at);
            return StatusOf(whatIf, at);
        }

        // Before the book's clock: the written history answers.
        var level = 0;
        Instant? since = null;
        var validUntil = Instant.MaxValue;
        foreach (var change in book.History!)
        {
            if (change.At > at)
            {
                break;
            }

            if (change.ToLevel != level)
            {
                since = change.At;
            }

            level = change.ToLevel;
            validUntil = change.ValidUntil ?? Instant.MaxValue;
        }

        Instant? downgradeAt = validUntil <= at ? Plus(validUntil, Ladder.GracePeriod) : null;
        return new TierStatus(Ladder.Tiers[level], level, since, NullIfMax(validUntil), downgradeAt, Qualifying(book, at));
    }

    internal TierProgress Progress(TierBook book, Instant at)
    {
        var whatIf = book.CloneForWhatIf();
        if (at >= whatIf.Clock)
        {
            Advance(whatIf, at);
        }

        var status = at >= book.Clock ? StatusOf(whatIf, at) : Status(book, at);
        var tiers = Ladder.Tiers;
        Tier? next = status.Level + 1 < tiers.Count ? tiers[status.Level + 1] : null;
        var neededForNext = next is null ? 0m : Math.Max(0m, next.Threshold - status.Qualifying);
        Instant? nextBy = Ladder.Window.Kind is QualificationWindowKind.CalendarYear or QualificationWindowKind.MembershipYear
            ? PeriodEnd(whatIf, at)
            : null;
        if (status.Level == 0 || status.ValidUntil is not { } validUntil)
        {
            return new TierProgress(status, next, neededForNext, nextBy, 0m, null);
        }

        // Kept at the review by the value of the period that ends at it; during grace, by the new period's value.
        var keepBy = status.DowngradeAt ?? validUntil;
        var reviewFrom = WindowStart(whatIf, validUntil - Epsilon);
        var inReview = SumFrom(whatIf, reviewFrom, at);
        if (status.DowngradeAt is not null)
        {
            // The ended period fell short and is closed: only the new period's value can keep the tier now.
            inReview = status.Qualifying;
        }

        var neededToKeep = Math.Max(0m, status.Tier.Threshold - inReview);
        return new TierProgress(status, next, neededForNext, nextBy, neededToKeep, keepBy);
    }

    private TierStatus StatusOf(TierBook book, Instant at) => new(
        Ladder.Tiers[book.Level],
        book.Level,
        book.Since,
        NullIfMax(book.ValidUntil),
        NullIfMax(book.DowngradeAt),
        Qualifying(book, at));

    private static Instant? NullIfMax(Instant value) => value == Instant.MaxValue ? null : value;

    /// <summary>At the status's review: kept for one more period, or a downgrade due at the end of the grace period.</summary>
    private void Review(TierBook book)
    {
        var reviewAt = book.ValidUntil;
        var ended = Qualifying(book, reviewAt - Epsilon);
        var endedLevel = Ladder.QualifiedLevel(ended);
        if (Ladder.Window.Kind == QualificationWindowKind.RollingMonths)
        {
            // A rolling window keeps a level for N months after the last instant the customer qualified for it; the
            // value is highest just before it drops (a contribution leaving the window, or a refund).
            if (LastQualified(book, reviewAt, book.Level) is { } kept && ValidUntilReached(book, kept) > reviewAt)
            {
                book.ValidUntil = ValidUntilReached(book, kept);
                book.History?.Add(new TierChange(reviewAt, TierChangeKind.Renewal, book.Level, book.Level, book.ValidUntil, Qualifying(book, kept), null));
                return;
            }

            // Not kept: the grace's end finds the level to fall to itself (EndRollingGrace), from the N months and
            // grace before that instant, so the lower levels are not looked for here (ReviewLevel is not read).
        }

        if (endedLevel >= book.Level)
        {
            book.ValidUntil = RenewedUntil(book, reviewAt);
            book.History?.Add(new TierChange(reviewAt, TierChangeKind.Renewal, book.Level, book.Level, book.ValidUntil, ended, null));
            return;
        }

        book.ReviewedAt = reviewAt;
        book.ReviewLevel = endedLevel;
        book.ReviewQualifying = ended;
        book.DowngradeAt = Plus(reviewAt, Ladder.GracePeriod);
    }

    /// <summary>At the end of the grace period: kept when the ended or the new period reaches the tier, else lowered.</summary>
    private void EndGrace(TierBook book)
    {
        if (Ladder.Window.Kind == QualificationWindowKind.RollingMonths)
        {
            EndRollingGrace(book);
            return;
        }

        var at = book.DowngradeAt;
        var now = Qualifying(book, at);
        var target = Math.Max(book.ReviewLevel, Ladder.QualifiedLevel(now));
        var renewedUntil = RenewedUntil(book, book.ReviewedAt);
        book.DowngradeAt = Instant.MaxValue;
        if (target >= book.Level)
        {
            book.ValidUntil = renewedUntil;
            book.History?.Add(new TierChange(at, TierChangeKind.Renewal, book.Level, book.Level, renewedUntil, now, null));
            return;
        }

        var from = book.Level;
        var level = Ladder.MaxLevelsDown is { } most ? Math.Max(target, from - most) : target;
        book.Level = level;
        book.Since = at;
        book.ValidUntil = level == 0 ? Instant.MaxValue : renewedUntil;
        book.History?.Add(new TierChange(at, TierChangeKind.Downgrade, from, level, NullIfMax(book.ValidUntil), Math.Max(book.ReviewQualifying, now), null));
    }

    /// <summary>
    /// At the end of a rolling window's grace period: the highest level the customer qualified for at an instant whose
    /// N months and grace have not both run out; that level's own review is N months after that instant (already past
    /// when the level is itself in grace).
    /// </summary>
    private void EndRollingGrace(TierBook book)
    {
        var at = book.DowngradeAt;
        var from = book.Level;
        book.DowngradeAt = Instant.MaxValue;
        for (var level = from - 1; level > 0; level--)
        {
            if (LastQualified(book, at + Epsilon, level) is { } last && Plus(ValidUntilReached(book, last), Ladder.GracePeriod) > at)
            {
                var until = ValidUntilReached(book, last);
                book.Level = level;
                book.Since = at;
                book.ValidUntil = until;
                if (until <= at)
                {
                    book.ReviewedAt = until;
                    book.DowngradeAt = Plus(until, Ladder.GracePeriod);
                }

                book.History?.Add(new TierChange(at, TierChangeKind.Downgrade, from, level, until, Qualifying(book, last), null));
                return;
            }
        }

        book.Level = 0;
        book.Since = at;
        book.ValidUntil = Instant.MaxValue;
        book.History?.Add(new TierChange(at, TierChangeKind.Downgrade, from, 0, null, Qualifying(book, at), null));
    }

    /// <summary>
    /// The last instant before <paramref name="before"/> at which the rolling value reached <paramref name="level"/>'s
    /// threshold: just before a drop (a contribution leaving the window, or a refund), or just before
    /// <paramref name="before"/>; <see langword="null"/> when it never did.
    /// </summary>
    private Instant? LastQualified(TierBook book, Instant before, int level)
    {
        var threshold = Ladder.Tiers[level].Threshold;
        if (Qualifying(book, before - Epsilon) >= threshold)
        {
            return before - Epsilon;
        }

        Instant? last = null;
        foreach (var contribution in book.Contributions)
        {
            var drop = contribution.Amount > 0m ? ValidUntilReached(book, contribution.At) : contribution.EffectiveAt;
            if (drop < before && (last is null || drop - Epsilon > last) && Qualifying(book, drop - Epsilon) >= threshold)
            {
                last = drop - Epsilon;
            }
        }

        return last;
    }

    /// <summary>The qualifying value of the window as of <paramref name="at"/>.</summary>
    internal decimal Qualifying(TierBook book, Instant at) => SumFrom(book, WindowStart(book, at), at);

    /// <summary>
    /// The sum of the contributions that belong after <paramref name="from"/> (exclusive) up to <paramref name="to"/>
    /// (inclusive) and count by <paramref name="to"/>: refunds lower an order's window only from their own instant.
    /// </summary>
    private static decimal SumFrom(TierBook book, Instant from, Instant to)
    {
        var sum = 0m;
        var contributions = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(book.Contributions);
        for (var i = contributions.Length - 1; i >= 0; i--)
        {
            ref readonly var contribution = ref contributions[i];
            if (contribution.EffectiveAt <= from)
            {
                // Kept in order of EffectiveAt, and At <= EffectiveAt: nothing earlier belongs to the window.
                break;
            }

            if (contribution.EffectiveAt <= to && contribution.At > from && contribution.At <= to)
            {
                sum += contribution.Amount;
            }
        }

        return sum;
    }

    /// <summary>The instant just before the window that contains <paramref name="at"/> (contributions after it count).</summary>
    private Instant WindowStart(TierBook book, Instant at)
    {
        switch (Ladder.Window.Kind)
        {
            case QualificationWindowKind.Lifetime:
                return Instant.MinValue;
            case QualificationWindowKind.RollingMonths:
                return zone.AtLeniently(Local(at).PlusMonths(-Ladder.Window.Months)).ToInstant();
            default:
                return PeriodStart(book, at) - Epsilon;
        }
    }

    /// <summary>The start of the calendar or membership year containing <paramref name="at"/> (lifetime: calendar year).</summary>
    private Instant PeriodStart(TierBook book, Instant at)
    {
        var date = Local(at).Date;
        if (Ladder.Window.Kind != QualificationWindowKind.MembershipYear)
        {
            return ZoneResolution.StartOfDay(zone, new LocalDate(date.Year, 1, 1));
        }

        var anchor = Local(book.MemberSince).Date;
        var years = date.Year - anchor.Year;
        var start = anchor.PlusYears(years);
        if (start > date)
        {
            start = anchor.PlusYears(years - 1);
        }

        return ZoneResolution.StartOfDay(zone, start);
    }

    /// <summary>The end of the calendar or membership year containing <paramref name="at"/>.</summary>
    private Instant PeriodEnd(TierBook book, Instant at)
    {
        var start = Local(PeriodStart(book, at)).Date;
        if (Ladder.Window.Kind != QualificationWindowKind.MembershipYear)
        {
            return ZoneResolution.StartOfDay(zone, new LocalDate(start.Year + 1, 1, 1));
        }

        var anchor = Local(book.MemberSince).Date;
        return ZoneResolution.StartOfDay(zone, anchor.PlusYears(start.Year - anchor.Year + 1));
    }

    /// <summary>A status reached at <paramref name="at"/> is valid through the next period (lifetime: to the year's end).</summary>
    private Instant ValidUntilReached(TierBook book, Instant at) => Ladder.Window.Kind switch
    {
        QualificationWindowKind.RollingMonths => Plus(at, Period.FromMonths(Ladder.Window.Months)),
        QualificationWindowKind.Lifetime => PeriodEnd(book, at),
        _ => PeriodEnd(book, PeriodEnd(book, at)),
    };

    /// <summary>A status kept at the review <paramref name="reviewAt"/> is valid for one more period.</summary>
    private Instant RenewedUntil(TierBook book, Instant reviewAt) => Ladder.Window.Kind == QualificationWindowKind.RollingMonths
        ? Plus(reviewAt, Period.FromMonths(Ladder.Window.Months))
        : PeriodEnd(book, reviewAt);

    private LocalDateTime Local(Instant at) => at.InZone(zone).LocalDateTime;

    private Instant Plus(Instant at, Period period) => period == Period.Zero ? at : zone.AtLeniently(Local(at).Plus(period)).ToInstant();
}
