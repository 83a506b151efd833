using Retention.Loyalty;

namespace Retention.Tests.Loyalty;

/// <summary>
/// The argument checks of the tier types, their messages and their bounds on both sides, and the window's equality and
/// text: what the 60 s re-run of <c>loyalty-tiers</c> (2 December) found no test reading. The 15 s run had counted these
/// mutants as timeouts (kills).
/// </summary>
public sealed class TierArgumentTests
{
    private static void AssertInvalid(Action action, string field, string message)
    {
        var e = Assert.Throws<InvalidValueException>(action);
        Assert.Equal((field, message), (e.Field, e.Message));
    }

    [Fact]
    public void RollingMonths_AcceptsOneTo120_AndNamesTheBoundsOtherwise()
    {
        // Survived: QualificationWindow.cs:47 '>= 1' -> '> 1', '<= 120' -> '< 120', and the two strings "".
        Assert.Equal((QualificationWindowKind.RollingMonths, 1), (QualificationWindow.RollingMonths(1).Kind, QualificationWindow.RollingMonths(1).Months));
        Assert.Equal(120, QualificationWindow.RollingMonths(120).Months);
        AssertInvalid(() => QualificationWindow.RollingMonths(0), "window.months", "Invalid window.months: 0 must be from 1 to 120.");
        AssertInvalid(() => QualificationWindow.RollingMonths(121), "window.months", "Invalid window.months: 121 must be from 1 to 120.");
    }

    [Fact]
    public void Window_EqualityComparesKindAndMonths_AndItsTextNamesTheKind()
    {
        // NoCoverage: QualificationWindow.cs:52 ('&&' -> '||', '==' -> '!=' twice) and :74 ('!=' operator); Survived:
        // :62, the text (both arms, the test negated, the two strings "").
        var twelve = QualificationWindow.RollingMonths(12);
        Assert.True(twelve == QualificationWindow.RollingMonths(12));
        Assert.False(twelve != QualificationWindow.RollingMonths(12));
        Assert.True(twelve.Equals(QualificationWindow.RollingMonths(12)));
        Assert.False(twelve.Equals(QualificationWindow.RollingMonths(6))); // same kind, other months
        Assert.False(twelve.Equals(QualificationWindow.CalendarYear));     // other kind, same 12 months
        Assert.True(twelve != QualificationWindow.CalendarYear);
        Assert.False(QualificationWindow.CalendarYear.Equals(QualificationWindow.Lifetime));

        Assert.Equal("RollingMonths(12)", twelve.ToString());
        Assert.Equal("CalendarYear", QualificationWindow.CalendarYear.ToString());
        Assert.Equal("Lifetime", QualificationWindow.Lifetime.ToString());
    }

    [Fact]
    public void Tier_RefusesANullEmptyOrBlankName_AndANegativeThreshold_NamingThem()
    {
        // Survived: Tier.cs:16 ThrowIfNull removed; :17 the check removed, '> 0' -> '>= 0' and its strings ""; :18 the
        // threshold's strings "".
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new Tier(null!, 0m)).ParamName);
        AssertInvalid(() => _ = new Tier("", 0m), "tier.name", "Invalid tier.name: \"\" must not be empty.");
        AssertInvalid(() => _ = new Tier("  ", 0m), "tier.name", "Invalid tier.name: \"  \" must not be empty.");
        AssertInvalid(() => _ = new Tier("Gold", -0.01m), "tier.threshold", "Invalid tier.threshold: -0.01 must not be negative.");
        Assert.Equal(("G", 0m), (new Tier("G", 0m).Name, new Tier("G", 0m).Threshold));
    }

    [Fact]
    public void Benefits_EarningMultiplierUpTo1000_AndBirthdayPointsAboveZero()
    {
        // Survived: TierBenefits.cs:22 '<= 1000m' -> '< 1000m' and its strings ""; :47 the check removed, 'is null' ->
        // 'is not null', '> Zero' -> '>= Zero' and its strings "".
        Assert.Equal(1000m, new TierBenefits { EarningMultiplier = 1000m }.EarningMultiplier);
        AssertInvalid(() => _ = new TierBenefits { EarningMultiplier = 1000.5m }, "benefits.earningMultiplier", "Invalid benefits.earningMultiplier: 1000.5 must be greater than 0 and at most 1000.");
        AssertInvalid(() => _ = new TierBenefits { EarningMultiplier = 0m }, "benefits.earningMultiplier", "Invalid benefits.earningMultiplier: 0 must be greater than 0 and at most 1000.");

        Assert.Null(new TierBenefits { BirthdayPoints = null }.BirthdayPoints);
        Assert.Equal(new Points(1), new TierBenefits { BirthdayPoints = new Points(1) }.BirthdayPoints);
        AssertInvalid(() => _ = new TierBenefits { BirthdayPoints = Points.Zero }, "benefits.birthdayPoints", "Invalid benefits.birthdayPoints: 0 pts must be greater than zero when given.");
        AssertInvalid(() => _ = new TierBenefits { BirthdayPoints = new Points(-5) }, "benefits.birthdayPoints", "Invalid benefits.birthdayPoints: -5 pts must be greater than zero when given.");
    }

    [Fact]
    public void Ladder_RefusesANullListAndEqualThresholds()
    {
        // Survived: TierLadder.cs:47 ThrowIfNull(tiers) removed (the ToArray would name "source"); :71 '<=' -> '<'
        // (two tiers with the same threshold were accepted).
        Assert.Equal("tiers", Assert.Throws<ArgumentNullException>(() => new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, null!)).ParamName);
        var ex = Assert.Throws<InvalidConfigurationException>(() => new TierLadder(TierBasis.Points, QualificationWindow.Lifetime, [new Tier("Member", 0m), new Tier("Silver", 100m), new Tier("Gold", 100m)]));
        Assert.Equal(["tiers.levels[2].threshold: 100 must be greater than the tier below (100)"], ex.Errors);
    }
}
