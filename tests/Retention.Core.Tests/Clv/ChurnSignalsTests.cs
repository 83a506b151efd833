using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// Churn signals (issue 7): worked examples with exact flags and numbers, the boundaries (exactly at a threshold never
/// fires), calendar months at month ends and leap days, invalid inputs, the batch overload and monotonicity properties.
/// </summary>
public sealed class ChurnSignalsTests
{
    private static readonly ChurnRules Defaults = new();

    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Rules_Defaults_ArePinned()
    {
        Assert.Equal(0.5, Defaults.ProbabilityAliveBelow);
        Assert.Equal(6, Defaults.NoPurchaseMonths);
        Assert.Equal(3d, Defaults.RhythmMultiple);
        Assert.Equal(2, Defaults.MinRepeatPurchasesForRhythm);
        Assert.Equal("p alive below 0.5, no purchase in 6 months, gap over 3x the mean interval after 2 repeats", Defaults.ToString());
    }

    [Fact]
    public void Evaluate_RegularBuyerGoneQuiet_IsLowAndOverdue()
    {
        // Purchases 2024-01-01 .. 2024-03-31 on 4 days: 90 days, 3 intervals of 30 days. As of 2024-07-29: 120 days, 4 intervals.
        var a = ChurnSignals.Evaluate(Defaults, 0.42, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 29));

        Assert.Equal(ChurnSignal.LowProbabilityAlive | ChurnSignal.OverdueForRhythm, a.Signals);
        Assert.True(a.IsAtRisk);
        Assert.True(a.Has(ChurnSignal.OverdueForRhythm));
        Assert.False(a.Has(ChurnSignal.OverdueForRhythm | ChurnSignal.NoPurchaseInWindow));
        Assert.Equal(0.42, a.ProbabilityAlive);
        Assert.Equal(120, a.DaysSinceLastPurchase);
        Assert.Equal(D(2024, 1, 29), a.WindowStart);
        Assert.Equal(30d, a.MeanIntervalDays);
        Assert.Equal(4d, a.GapRatio);
        Assert.Equal("LowProbabilityAlive, OverdueForRhythm: p alive 0.42, 120 days since last, window from 2024-01-29, mean interval 30d, gap ratio 4", a.ToString());
    }

    [Fact]
    public void Evaluate_AllThreeSignals()
    {
        // 2023-01-01 .. 2023-01-31 on 3 days (mean 15 days); as of 2024-01-31: 365 days, window from 2023-07-31.
        var a = ChurnSignals.Evaluate(Defaults, 0.01, D(2023, 1, 1), D(2023, 1, 31), 2, D(2024, 1, 31));

        Assert.Equal(ChurnSignal.LowProbabilityAlive | ChurnSignal.NoPurchaseInWindow | ChurnSignal.OverdueForRhythm, a.Signals);
        Assert.Equal(365, a.DaysSinceLastPurchase);
        Assert.Equal(D(2023, 7, 31), a.WindowStart);
        Assert.Equal(15d, a.MeanIntervalDays);
        Assert.Equal(365d / 15d, a.GapRatio);
    }

    [Fact]
    public void Evaluate_OneTimeBuyer_HasNoRhythm()
    {
        var a = ChurnSignals.Evaluate(Defaults, null, D(2024, 1, 10), D(2024, 1, 10), 0, D(2024, 12, 31));

        Assert.Equal(ChurnSignal.NoPurchaseInWindow, a.Signals);
        Assert.Null(a.ProbabilityAlive);
        Assert.Equal(356, a.DaysSinceLastPurchase);
        Assert.Null(a.MeanIntervalDays);
        Assert.Null(a.GapRatio);
        Assert.Equal("NoPurchaseInWindow: p alive -, 356 days since last, window from 2024-06-30, mean interval -, gap ratio -", a.ToString());
    }

    [Fact]
    public void Evaluate_FewerRepeatsThanTheMinimum_HasNoRhythm()
    {
        // One repeat 10 days after the first; 100 days later that is 10 intervals, but one interval is no rhythm by default.
        var none = ChurnSignals.Evaluate(Defaults, null, D(2024, 1, 1), D(2024, 1, 11), 1, D(2024, 4, 20));
        Assert.Equal(ChurnSignal.None, none.Signals);
        Assert.False(none.IsAtRisk);
        Assert.Null(none.MeanIntervalDays);

        var one = ChurnSignals.Evaluate(new ChurnRules { MinRepeatPurchasesForRhythm = 1 }, null, D(2024, 1, 1), D(2024, 1, 11), 1, D(2024, 4, 20));
        Assert.Equal(ChurnSignal.OverdueForRhythm, one.Signals);
        Assert.Equal(10d, one.MeanIntervalDays);
        Assert.Equal(10d, one.GapRatio);
    }

    [Fact]
    public void Evaluate_NoModel_NeverFlagsLowProbability()
    {
        var a = ChurnSignals.Evaluate(Defaults, null, D(2024, 5, 1), D(2024, 5, 1), 0, D(2024, 5, 1));
        Assert.Equal(ChurnSignal.None, a.Signals);
        Assert.Equal(0, a.DaysSinceLastPurchase);
    }

    [Theory]
    [InlineData(0.5, false)] // exactly at the threshold: not flagged
    [InlineData(0.4999999, true)]
    [InlineData(0d, true)]
    [InlineData(1d, false)]
    public void Evaluate_ProbabilityAtTheThreshold_IsNotFlagged(double p, bool flagged)
    {
        var a = ChurnSignals.Evaluate(Defaults, p, D(2024, 5, 1), D(2024, 5, 1), 0, D(2024, 5, 2));
        Assert.Equal(flagged, a.Has(ChurnSignal.LowProbabilityAlive));
    }

    [Theory]
    [InlineData(90, false)] // exactly 3 mean intervals of 30 days: not flagged
    [InlineData(91, true)]
    public void Evaluate_GapOfExactlyTheMultiple_IsNotFlagged(int daysSince, bool flagged)
    {
        var a = ChurnSignals.Evaluate(Defaults, null, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 3, 31).PlusDays(daysSince));
        Assert.Equal(flagged ? ChurnSignal.OverdueForRhythm : ChurnSignal.None, a.Signals);
        Assert.Equal(daysSince / 30d, a.GapRatio);
    }

    [Fact]
    public void Evaluate_GapRatio_IsExactForFractionalIntervals()
    {
        // 10 days over 3 repeats: mean 3.33 days; 10 days since is exactly 3 intervals (10 * 3 / 10), so not flagged.
        var a = ChurnSignals.Evaluate(Defaults, null, D(2024, 1, 1), D(2024, 1, 11), 3, D(2024, 1, 21));
        Assert.Equal(3d, a.GapRatio);
        Assert.Equal(10d / 3d, a.MeanIntervalDays);
        Assert.Equal(ChurnSignal.None, a.Signals);
    }

    [Theory]
    // Calendar months, not 30 days; the as-of day clamps to the end of a shorter month (NodaTime PlusMonths).
    [InlineData("2024-08-31", 6, "2024-02-29")] // month end into a leap February
    [InlineData("2024-02-29", 12, "2023-02-28")] // leap-day as-of, one year back
    [InlineData("2024-03-31", 1, "2024-02-29")]
    [InlineData("2023-03-31", 1, "2023-02-28")]
    [InlineData("2023-03-28", 1, "2023-02-28")]
    [InlineData("2024-05-31", 1, "2024-04-30")]
    [InlineData("2025-02-28", 12, "2024-02-28")]
    [InlineData("2024-07-15", 6, "2024-01-15")]
    public void Evaluate_WindowStart_IsAsOfMinusCalendarMonths(string asOf, int months, string start)
    {
        var asOfDate = LocalDate.FromDateOnly(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        var startDate = LocalDate.FromDateOnly(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var rules = new ChurnRules { NoPurchaseMonths = months };

        var onStart = ChurnSignals.Evaluate(rules, null, startDate, startDate, 0, asOfDate);
        var dayBefore = ChurnSignals.Evaluate(rules, null, startDate.PlusDays(-1), startDate.PlusDays(-1), 0, asOfDate);

        Assert.Equal(startDate, onStart.WindowStart);
        Assert.False(onStart.Has(ChurnSignal.NoPurchaseInWindow)); // exactly N months ago: inside the window, not flagged
        Assert.True(dayBefore.Has(ChurnSignal.NoPurchaseInWindow));
    }

    [Fact]
    public void Evaluate_LeapDayAsOf_CountsDaysExactly()
    {
        // 2023-02-28 to 2024-02-29 is 366 days, and exactly 12 calendar months: not flagged.
        var a = ChurnSignals.Evaluate(new ChurnRules { NoPurchaseMonths = 12 }, 0.8, D(2022, 2, 28), D(2023, 2, 28), 4, D(2024, 2, 29));
        Assert.Equal(366, a.DaysSinceLastPurchase);
        Assert.Equal(D(2023, 2, 28), a.WindowStart);
        Assert.Equal(365d / 4d, a.MeanIntervalDays);
        Assert.Equal(366d * 4d / 365d, a.GapRatio);
        Assert.Equal(ChurnSignal.OverdueForRhythm, a.Signals);
    }

    [Fact]
    public void Rules_RejectOutOfRangeValues_NamingTheProperty()
    {
        Assert.Equal("ProbabilityAliveBelow", Assert.Throws<InvalidValueException>(() => new ChurnRules { ProbabilityAliveBelow = 0d }).Field);
        Assert.Equal("ProbabilityAliveBelow", Assert.Throws<InvalidValueException>(() => new ChurnRules { ProbabilityAliveBelow = 1d }).Field);
        Assert.Equal("ProbabilityAliveBelow", Assert.Throws<InvalidValueException>(() => new ChurnRules { ProbabilityAliveBelow = double.NaN }).Field);
        Assert.Equal("NoPurchaseMonths", Assert.Throws<InvalidValueException>(() => new ChurnRules { NoPurchaseMonths = 0 }).Field);
        Assert.Equal("NoPurchaseMonths", Assert.Throws<InvalidValueException>(() => new ChurnRules { NoPurchaseMonths = 1201 }).Field);
        Assert.Equal("RhythmMultiple", Assert.Throws<InvalidValueException>(() => new ChurnRules { RhythmMultiple = 1d }).Field);
        Assert.Equal("RhythmMultiple", Assert.Throws<InvalidValueException>(() => new ChurnRules { RhythmMultiple = double.PositiveInfinity }).Field);
        Assert.Equal("MinRepeatPurchasesForRhythm", Assert.Throws<InvalidValueException>(() => new ChurnRules { MinRepeatPurchasesForRhythm = 0 }).Field);
        Assert.Equal(
            "Invalid ProbabilityAliveBelow: 1.5 must be above 0 and below 1.",
            Assert.Throws<InvalidValueException>(() => new ChurnRules { ProbabilityAliveBelow = 1.5 }).Message);

        var edge = new ChurnRules { NoPurchaseMonths = 1200, RhythmMultiple = 1.0001, MinRepeatPurchasesForRhythm = 1, ProbabilityAliveBelow = 0.0001 };
        Assert.Equal(1200, edge.NoPurchaseMonths);
    }

    [Fact]
    public void Evaluate_RejectsInvalidInputs_NamingFieldAndValue()
    {
        InvalidValueException Throws(double? p, LocalDate first, LocalDate last, int repeats, LocalDate asOf) =>
            Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, p, first, last, repeats, asOf));

        var e = Throws(null, D(2024, 3, 1), D(2024, 2, 1), 1, D(2024, 4, 1));
        Assert.Equal("lastPurchase", e.Field);
        Assert.Equal("Invalid lastPurchase: Thursday, 01 February 2024 must not be before the first purchase Friday, 01 March 2024.", e.Message);

        e = Throws(null, D(2024, 1, 1), D(2024, 2, 1), 1, D(2024, 1, 31));
        Assert.Equal("lastPurchase", e.Field);
        Assert.Equal("must not be after the as-of date Wednesday, 31 January 2024", e.Rule);

        e = Throws(double.NaN, D(2024, 1, 1), D(2024, 1, 1), 0, D(2024, 1, 1));
        Assert.Equal(("probabilityAlive", "NaN"), (e.Field, e.Value));
        Assert.Equal("Invalid probabilityAlive: 1.1 must be a probability from 0 to 1.", Throws(1.1, D(2024, 1, 1), D(2024, 1, 1), 0, D(2024, 1, 1)).Message);
        Assert.Equal("probabilityAlive", Throws(-0.1, D(2024, 1, 1), D(2024, 1, 1), 0, D(2024, 1, 1)).Field);

        e = Throws(null, D(2024, 1, 1), D(2024, 1, 11), -1, D(2024, 2, 1));
        Assert.Equal("Invalid repeatPurchases: -1 must not be negative.", e.Message);
        Assert.Equal("must be 0 when the last purchase is the first", Throws(null, D(2024, 1, 1), D(2024, 1, 1), 2, D(2024, 2, 1)).Rule);
        Assert.Equal("must be from 1 to the 10 days from the first to the last purchase", Throws(null, D(2024, 1, 1), D(2024, 1, 11), 0, D(2024, 2, 1)).Rule);
        Assert.Equal("repeatPurchases", Throws(null, D(2024, 1, 1), D(2024, 1, 11), 11, D(2024, 2, 1)).Field);

        var julian = new LocalDate(2024, 1, 1, CalendarSystem.Julian);
        Assert.Equal("asOf", Throws(null, julian, julian, 0, julian).Field);
        Assert.Equal("firstPurchase", Throws(null, julian, D(2024, 2, 1), 1, D(2024, 3, 1)).Field);
        Assert.Equal("asOf", Throws(null, D(2024, 1, 1), D(2024, 1, 1), 0, D(0, 12, 31)).Field);
        Assert.Throws<ArgumentNullException>(() => ChurnSignals.Evaluate(null!, null, D(2024, 1, 1), D(2024, 1, 1), 0, D(2024, 1, 1)));
    }

    [Fact]
    public void Evaluate_EarlyAsOf_WindowReachesBeforeYearOne()
    {
        var a = ChurnSignals.Evaluate(new ChurnRules { NoPurchaseMonths = 1200 }, null, D(1, 1, 1), D(1, 1, 1), 0, D(1, 6, 1));
        Assert.Equal(D(-99, 6, 1), a.WindowStart);
        Assert.Equal(ChurnSignal.None, a.Signals);
    }

    [Fact]
    public void Assessment_Equality_ComparesEveryNumber()
    {
        var a = ChurnSignals.Evaluate(Defaults, 0.42, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 29));
        var same = ChurnSignals.Evaluate(Defaults, 0.42, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 29));
        TestHelper.TestEqualsStruct(
            a,
            same,
            ChurnSignals.Evaluate(Defaults, 0.43, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 29)),
            ChurnSignals.Evaluate(Defaults, null, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 29)),
            ChurnSignals.Evaluate(Defaults, 0.42, D(2024, 1, 1), D(2024, 3, 31), 3, D(2024, 7, 30)),
            ChurnSignals.Evaluate(Defaults, 0.42, D(2024, 1, 2), D(2024, 3, 31), 3, D(2024, 7, 29)),
            default);
    }

    [Fact]
    public void Batch_EqualsOneByOne_AndAllocatesNothing()
    {
        LocalDate[] first = [D(2024, 1, 1), D(2024, 1, 10), D(2023, 1, 1), D(2024, 1, 1)];
        LocalDate[] last = [D(2024, 3, 31), D(2024, 1, 10), D(2023, 1, 31), D(2024, 1, 11)];
        int[] repeats = [3, 0, 2, 1];
        double[] alive = [0.42, 1d, 0.01, 0.5];
        var asOf = D(2024, 7, 29);
        var destination = new ChurnAssessment[4];

        ChurnSignals.Evaluate(Defaults, alive, first, last, repeats, asOf, destination);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ChurnSignals.Evaluate(Defaults, alive[i], first[i], last[i], repeats[i], asOf), destination[i]);
        }

        ChurnSignals.Evaluate(Defaults, default, first, last, repeats, asOf, destination);
        Assert.All(destination, a => Assert.Null(a.ProbabilityAlive));
        Assert.Equal(ChurnSignal.NoPurchaseInWindow | ChurnSignal.OverdueForRhythm, destination[2].Signals);

        Assert.Equal(0, Allocations.LeastOf(10, () => ChurnSignals.Evaluate(Defaults, alive, first, last, repeats, asOf, destination)));
    }

    [Fact]
    public void Batch_RejectsBadRows_BeforeWritingAnything()
    {
        LocalDate[] first = [D(2024, 1, 1), D(2024, 1, 1)];
        LocalDate[] last = [D(2024, 1, 1), D(2024, 9, 1)];
        int[] repeats = [0, 1];
        var destination = new ChurnAssessment[2];

        var e = Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, default, first, last, repeats, D(2024, 8, 1), destination));
        Assert.Equal("lastPurchase[1]", e.Field);
        Assert.All(destination, a => Assert.Equal(default, a));

        Assert.Equal("probabilityAlive[0]", Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, [double.NaN, 0.5], first, first, [0, 0], D(2024, 8, 1), destination)).Field);
        Assert.Equal("probabilityAlive.Length", Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, [0.5], first, first, [0, 0], D(2024, 8, 1), destination)).Field);
        Assert.Equal("repeatPurchases.Length", Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, default, first, first, [0], D(2024, 8, 1), destination)).Field);
        Assert.Equal("destination.Length", Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, default, first, first, [0, 0], D(2024, 8, 1), new ChurnAssessment[3])).Field);
        Assert.Equal("repeatPurchases[1]", Assert.Throws<InvalidValueException>(() => ChurnSignals.Evaluate(Defaults, default, first, first, [0, 1], D(2024, 8, 1), destination)).Field);
    }

    // ---- properties -------------------------------------------------------------------------------------------------

    private static readonly LocalDate Origin = new(2023, 1, 1);

    /// <summary>A valid history: first purchase, span (often 0), repeats from 1 to the span, and a gap to the as-of date
    /// biased towards month ends and exact boundaries.</summary>
    public static Arbitrary<(LocalDate First, LocalDate Last, int Repeats, int Gap)> Histories() =>
        (from start in Gen.Choose(0, 800)
         from span in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 400)))
         from repeats in span == 0 ? Gen.Constant(0) : Gen.Frequency((3, Gen.Choose(1, Math.Min(span, 12))), (1, Gen.Elements(1, span)))
         from gap in Gen.Frequency((3, Gen.Choose(0, 500)), (1, Gen.Elements(0, 28, 29, 30, 31, 59, 181, 182, 183, 184)))
         select (Origin.PlusDays(start), Origin.PlusDays(start + span), repeats, gap)).ToArbitrary();

    public static Arbitrary<ChurnRules> Rules() =>
        (from p in Gen.Choose(1, 999)
         from months in Gen.Frequency((3, Gen.Choose(1, 13)), (1, Gen.Elements(1, 6, 12, 1200)))
         from multiple in Gen.Choose(11, 60)
         from min in Gen.Choose(1, 4)
         select new ChurnRules { ProbabilityAliveBelow = p / 1000d, NoPurchaseMonths = months, RhythmMultiple = multiple / 10d, MinRepeatPurchasesForRhythm = min }).ToArbitrary();

    public static Arbitrary<double> Probabilities() =>
        Gen.Frequency((3, Gen.Choose(0, 1000).Select(v => v / 1000d)), (1, Gen.Elements(0d, 0.5, 1d))).ToArbitrary();

    [Property(Arbitrary = [typeof(ChurnSignalsTests)], MaxTest = 300)]
    public bool RaisingTheThreshold_NeverRemovesLowProbabilityAlive((LocalDate First, LocalDate Last, int Repeats, int Gap) h, double p, ChurnRules rules, byte raise)
    {
        var higher = new ChurnRules { ProbabilityAliveBelow = Math.Min(rules.ProbabilityAliveBelow + ((raise % 100) / 100d), 0.999) };
        var asOf = h.Last.PlusDays(h.Gap);
        var low = ChurnSignals.Evaluate(rules, p, h.First, h.Last, h.Repeats, asOf);
        var high = ChurnSignals.Evaluate(higher, p, h.First, h.Last, h.Repeats, asOf);
        return !low.Has(ChurnSignal.LowProbabilityAlive) || high.Has(ChurnSignal.LowProbabilityAlive);
    }

    [Property(Arbitrary = [typeof(ChurnSignalsTests)], MaxTest = 300)]
    public bool LaterAsOf_NeverRemovesNoPurchaseOrOverdue((LocalDate First, LocalDate Last, int Repeats, int Gap) h, ChurnRules rules, byte later)
    {
        var asOf = h.Last.PlusDays(h.Gap);
        var early = ChurnSignals.Evaluate(rules, null, h.First, h.Last, h.Repeats, asOf);
        var late = ChurnSignals.Evaluate(rules, null, h.First, h.Last, h.Repeats, asOf.PlusDays(later));
        return (!early.Has(ChurnSignal.NoPurchaseInWindow) || late.Has(ChurnSignal.NoPurchaseInWindow))
            && (!early.Has(ChurnSignal.OverdueForRhythm) || late.Has(ChurnSignal.OverdueForRhythm))
            && late.WindowStart >= early.WindowStart
            && late.DaysSinceLastPurchase == early.DaysSinceLastPurchase + later;
    }

    [Property(Arbitrary = [typeof(ChurnSignalsTests)], MaxTest = 300)]
    public bool Signals_MatchTheirDefinitions((LocalDate First, LocalDate Last, int Repeats, int Gap) h, double p, ChurnRules rules)
    {
        var asOf = h.Last.PlusDays(h.Gap);
        var a = ChurnSignals.Evaluate(rules, p, h.First, h.Last, h.Repeats, asOf);
        var hasRhythm = h.Repeats >= rules.MinRepeatPurchasesForRhythm;
        var span = Period.Between(h.First, h.Last, PeriodUnits.Days).Days;
        return a.Has(ChurnSignal.LowProbabilityAlive) == (p < rules.ProbabilityAliveBelow)
            && a.Has(ChurnSignal.NoPurchaseInWindow) == (h.Last < asOf.PlusMonths(-rules.NoPurchaseMonths))
            && a.MeanIntervalDays.HasValue == hasRhythm
            && a.Has(ChurnSignal.OverdueForRhythm) == (hasRhythm && (double)h.Gap * h.Repeats > rules.RhythmMultiple * span)
            && a.DaysSinceLastPurchase == h.Gap;
    }
}
