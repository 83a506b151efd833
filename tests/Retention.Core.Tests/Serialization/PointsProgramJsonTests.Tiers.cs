using NodaTime;
using Retention.Loyalty;
using Retention.Serialization;

namespace Retention.Tests.Serialization;

/// <summary>The tier ladder: its canonical form, its defaults and the exact error texts.</summary>
public sealed partial class PointsProgramJsonTests
{
    private const string TwoLevels = """[{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 500}]""";

    public static TheoryData<string, string> Windows => new()
    {
        { """{"kind": "lifetime"}""", "Lifetime" },
        { """{"kind": "calendarYear"}""", "CalendarYear" },
        { """{"kind": "membershipYear"}""", "MembershipYear" },
        { """{"kind": "rollingMonths", "months": 1}""", "RollingMonths(1)" },
        { """{"kind": "rollingMonths", "months": 120}""", "RollingMonths(120)" },
    };

    [Fact]
    public void Read_TiersAbsentOrNull_GivesAProgramWithoutALadder()
    {
        Assert.Null(PointsProgramJson.Read(Minimal).Tiers);
        Assert.Null(PointsProgramJson.Read("{" + Head + """, "tiers": null}""").Tiers);
    }

    [Fact]
    public void Read_LadderWithOnlyRequiredMembers_KeepsTheLadderDefaultsAndWritesEveryMember()
    {
        var program = PointsProgramJson.Read("{" + Head + """
            , "tiers": {"basis": "points", "window": {"kind": "calendarYear"}, "levels": [{"name": "Member", "threshold": 0},
                        {"name": "Gold", "threshold": 500, "benefits": {}}]}}
            """);

        var ladder = Assert.IsType<TierLadder>(program.Tiers);
        Assert.Equal(TierBasis.Points, ladder.Basis);
        Assert.Equal(QualificationWindow.CalendarYear, ladder.Window);
        Assert.Equal(Period.Zero, ladder.GracePeriod);
        Assert.Null(ladder.MaxLevelsDown);
        Assert.Equal([new Tier("Member", 0m), new Tier("Gold", 500m)], ladder.Tiers);
        Assert.Contains(
            """
              "tiers": {
                "basis": "points",
                "window": {
                  "kind": "calendarYear"
                },
                "gracePeriod": "P0D",
                "maxLevelsDown": null,
                "levels": [
                  {
                    "name": "Member",
                    "threshold": 0,
                    "benefits": {
                      "earningMultiplier": 1,
                      "freeShipping": false,
                      "earlyAccess": false,
                      "exclusiveOffers": false,
                      "birthdayPoints": null
                    }
                  },
                  {
                    "name": "Gold",
                    "threshold": 500,
            """,
            PointsProgramJson.Write(program),
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void ReadWrite_EachWindowKind_RoundTrips(string window, string expected)
    {
        var program = PointsProgramJson.Read("{" + Head + """, "tiers": {"basis": "spend", "window": """ + window + """, "levels": """ + TwoLevels + "}}");

        Assert.Equal(expected, program.Tiers!.Window.ToString());
        var json = PointsProgramJson.Write(program, indented: false);
        Assert.Contains("\"window\":" + window.Replace(" ", string.Empty, StringComparison.Ordinal) + ",", json, StringComparison.Ordinal);
        Assert.Equal(json, PointsProgramJson.Write(PointsProgramJson.Read(json), indented: false));
    }

    [Fact]
    public void Read_LadderOfTheWrongJsonType_IsReported()
    {
        Assert.Equal(["$.tiers: expected an object, got an array"], Errors("{" + Head + """, "tiers": []}"""));
        Assert.Equal(["$.tiers: expected an object, got \"gold\""], Errors("{" + Head + """, "tiers": "gold"}"""));
    }

    [Fact]
    public void Read_LadderMissingRequiredMembers_AreEachReported()
    {
        Assert.Equal(
            ["$.tiers.basis: missing required property", "$.tiers.window: missing required property", "$.tiers.levels: missing required property"],
            Errors("{" + Head + """, "tiers": {}}"""));
        Assert.Equal(
            ["$.tiers.window.kind: missing required property", "$.tiers.levels[1].name: missing required property", "$.tiers.levels[1].threshold: missing required property"],
            Errors("{" + Head + """, "tiers": {"basis": "points", "window": {}, "levels": [{"name": "Member", "threshold": 0}, {}]}}"""));
    }

    [Fact]
    public void Read_UnknownBasis_ListsTheAcceptedOnes()
    {
        Assert.Equal(
            ["$.tiers.basis: expected one of \"points\", \"spend\", got \"visits\""],
            Errors(WithLadder(""" "basis": "visits", "window": {"kind": "lifetime"}, "levels": """ + TwoLevels)));
    }

    [Fact]
    public void Read_UnknownWindowKind_ListsTheAcceptedOnes()
    {
        Assert.Equal(
            ["$.tiers.window.kind: expected one of \"lifetime\", \"calendarYear\", \"rollingMonths\", \"membershipYear\", got \"quarter\""],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "quarter"}, "levels": """ + TwoLevels)));
    }

    [Theory]
    [InlineData("""{"kind": "rollingMonths"}""", "$.tiers.window.months: missing required property")]
    [InlineData("""{"kind": "rollingMonths", "months": 0}""", "$.tiers.window.months: 0 must be from 1 to 120")]
    [InlineData("""{"kind": "rollingMonths", "months": 121}""", "$.tiers.window.months: 121 must be from 1 to 120")]
    [InlineData("""{"kind": "rollingMonths", "months": 1.5}""", "$.tiers.window.months: expected a whole number from -2147483648 to 2147483647, got 1.5")]
    [InlineData("""{"kind": "calendarYear", "months": 12}""", "$.tiers.window.months: not used when kind is \"calendarYear\"")]
    [InlineData("""{"kind": "lifetime", "length": 12}""", "$.tiers.window.length: unknown property")]
    [InlineData("\"calendarYear\"", "$.tiers.window: expected an object, got \"calendarYear\"")]
    public void Read_WindowMonthsMissingOutOfRangeOrNotUsed_IsReported(string window, string expected)
    {
        Assert.Equal([expected], Errors(WithLadder(""" "basis": "points", "window": """ + window + """, "levels": """ + TwoLevels)));
    }

    [Fact]
    public void Read_ThresholdsNotIncreasing_ReportsEachLevelAgainstTheOneBelow()
    {
        Assert.Equal(
            [
                "$.tiers.levels[2].threshold: 500.0 must be greater than the tier below (500)",
                "$.tiers.levels[3].threshold: 400 must be greater than the tier below (500.0)",
            ],
            Errors(WithLadder("""
                "basis": "points", "window": {"kind": "lifetime"},
                "levels": [{"name": "Member", "threshold": 0}, {"name": "Silver", "threshold": 500}, {"name": "Gold", "threshold": 500.0},
                           {"name": "Platinum", "threshold": 400}]
                """)));
    }

    [Fact]
    public void Read_FirstThresholdNotZero_IsReported()
    {
        Assert.Equal(
            ["$.tiers.levels[0].threshold: 100 must be 0 for the first tier, where every customer starts"],
            Errors(WithLadder(""" "basis": "spend", "window": {"kind": "lifetime"}, "levels": [{"name": "Silver", "threshold": 100}]""")));
    }

    [Fact]
    public void Read_EmptyLevelsOrARepeatedName_IsReported()
    {
        Assert.Equal(
            ["$.tiers.levels: the ladder must have at least one tier"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "lifetime"}, "levels": []""")));
        Assert.Equal(
            ["$.tiers.levels[1].name: \"Member\" is used by a lower tier"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "lifetime"}, "levels": [{"name": "Member", "threshold": 0}, {"name": "Member", "threshold": 1}]""")));
    }

    [Fact]
    public void Read_NegativeOrTooLongGracePeriod_IsReported()
    {
        Assert.Equal(
            ["$.tiers.gracePeriod: \"P-1M\" must not have a negative component"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "calendarYear"}, "gracePeriod": "P-1M", "levels": """ + TwoLevels)));
        Assert.Equal(
            ["$.tiers.gracePeriod: \"P1Y\" must be shorter than the window's period (a year)"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "calendarYear"}, "gracePeriod": "P1Y", "levels": """ + TwoLevels)));
        Assert.Equal(
            ["$.tiers.gracePeriod: \"P3M\" must be shorter than the window's period (3 months)"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "rollingMonths", "months": 3}, "gracePeriod": "P3M", "levels": """ + TwoLevels)));
        Assert.Equal(
            ["$.tiers.gracePeriod: \"one month\" is not a NodaTime round-trip period such as \"P30D\" or \"P1MT12H\""],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "calendarYear"}, "gracePeriod": "one month", "levels": """ + TwoLevels)));
    }

    [Fact]
    public void Read_MaxLevelsDownBelowOne_IsReported()
    {
        Assert.Equal(
            ["$.tiers.maxLevelsDown: 0 must be at least 1 when given"],
            Errors(WithLadder(""" "basis": "points", "window": {"kind": "lifetime"}, "maxLevelsDown": 0, "levels": """ + TwoLevels)));
    }

    [Fact]
    public void Read_UnknownMemberInTheLadderALevelOrItsBenefits_IsReported()
    {
        Assert.Equal(
            [
                "$.tiers.levelz: unknown property",
                "$.tiers.levels[1].colour: unknown property",
                "$.tiers.levels[1].benefits.lounge: unknown property",
            ],
            Errors(WithLadder("""
                "basis": "points", "window": {"kind": "lifetime"}, "levelz": [],
                "levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 500, "colour": "gold", "benefits": {"lounge": true}}]
                """)));
    }

    [Fact]
    public void Read_LadderWrongJsonTypes_NameTheExpectedTypeAndTheValue()
    {
        Assert.Equal(
            [
                "$.tiers.basis: expected one of \"points\", \"spend\", got 1",
                "$.tiers.gracePeriod: expected a string, got 30",
                "$.tiers.maxLevelsDown: expected a whole number from -2147483648 to 2147483647 or null, got \"1\"",
                "$.tiers.levels: expected an array, got an object",
            ],
            Errors(WithLadder(""" "basis": 1, "window": {"kind": "lifetime"}, "gracePeriod": 30, "maxLevelsDown": "1", "levels": {}""")));
        Assert.Equal(
            [
                "$.tiers.levels[0]: expected an object, got \"Member\"",
                "$.tiers.levels[1].name: expected a string, got 5",
                "$.tiers.levels[1].threshold: expected a decimal number, got \"500\"",
                "$.tiers.levels[1].benefits.earningMultiplier: expected a decimal number, got \"2\"",
                "$.tiers.levels[1].benefits.freeShipping: expected true or false, got \"yes\"",
                "$.tiers.levels[1].benefits.earlyAccess: expected true or false, got null",
                "$.tiers.levels[1].benefits.exclusiveOffers: expected true or false, got 0",
                "$.tiers.levels[1].benefits.birthdayPoints: expected a whole number or null, got 1.5",
                "$.tiers.levels[2].benefits: expected an object, got true",
            ],
            Errors(WithLadder("""
                "basis": "points", "window": {"kind": "lifetime"},
                "levels": ["Member",
                           {"name": 5, "threshold": "500", "benefits": {"earningMultiplier": "2", "freeShipping": "yes", "earlyAccess": null,
                                                                       "exclusiveOffers": 0, "birthdayPoints": 1.5}},
                           {"name": "Gold", "threshold": 900, "benefits": true}]
                """)));
    }

    [Fact]
    public void Read_LevelValuesTheCoreRejects_AreReportedAtTheirJsonMember()
    {
        Assert.Equal(
            [
                "$.tiers.levels[1].name: \"  \" must not be empty",
                "$.tiers.levels[2].threshold: -1 must not be negative",
                "$.tiers.levels[3].benefits.earningMultiplier: 0 must be greater than 0 and at most 1000",
                "$.tiers.levels[3].benefits.birthdayPoints: 0 pts must be greater than zero when given",
            ],
            Errors(WithLadder("""
                "basis": "points", "window": {"kind": "lifetime"},
                "levels": [{"name": "Member", "threshold": 0}, {"name": "  ", "threshold": 100}, {"name": "Silver", "threshold": -1},
                           {"name": "Gold", "threshold": 500, "benefits": {"earningMultiplier": 0, "birthdayPoints": 0}}]
                """)));
    }

    [Fact]
    public void Read_LevelThatCannotBeRead_SkipsTheChecksBetweenLevels()
    {
        // Without the second level the third cannot be compared with the one below it; only the unreadable level is reported.
        Assert.Equal(
            ["$.tiers.levels[1].threshold: expected a decimal number, got \"lots\""],
            Errors(WithLadder("""
                "basis": "points", "window": {"kind": "lifetime"},
                "levels": [{"name": "Member", "threshold": 0}, {"name": "Silver", "threshold": "lots"}, {"name": "Gold", "threshold": 1}]
                """)));
    }

    [Fact]
    public void Read_UnreadableWindow_StillChecksTheRestOfTheLadder()
    {
        // The grace period is measured against a stand-in window that fits any grace, so only real problems show. The
        // ladder's own checks come in the core's order (levels, then the level limit, then the grace period).
        Assert.Equal(
            [
                "$.tiers.window.months: 0 must be from 1 to 120",
                "$.tiers.levels[1].threshold: 0 must be greater than the tier below (0)",
                "$.tiers.gracePeriod: \"P-1D\" must not have a negative component",
            ],
            Errors(WithLadder("""
                "basis": "spend", "window": {"kind": "rollingMonths", "months": 0}, "gracePeriod": "P-1D",
                "levels": [{"name": "Member", "threshold": 0}, {"name": "Gold", "threshold": 0}]
                """)));
        Assert.Equal(
            [
                "$.tiers.basis: expected one of \"points\", \"spend\", got \"visits\"",
                "$.tiers.window.kind: expected one of \"lifetime\", \"calendarYear\", \"rollingMonths\", \"membershipYear\", got \"quarter\"",
            ],
            Errors(WithLadder(""" "basis": "visits", "window": {"kind": "quarter", "months": 1}, "gracePeriod": "P5Y", "levels": """ + TwoLevels)));
    }

    [Fact]
    public void Read_LadderErrorsWithOtherErrors_ComeInTheOrderOfTheCanonicalForm()
    {
        var json = "{" + Head + """
            , "rewards": [{"id": "a", "cost": 0, "kind": "freeShipping"}],
              "tiers": {"basis": "points", "window": {"kind": "lifetime"}, "levels": [{"name": "Member", "threshold": 1}]},
              "limits": {"maxPerDay": 0}}
            """;

        Assert.Equal(
            [
                "$.tiers.levels[0].threshold: 1 must be 0 for the first tier, where every customer starts",
                "$.rewards[0].cost: 0 pts must be greater than zero",
                "$.limits.maxPerDay: 0 pts must be greater than zero when given",
            ],
            Errors(json));
    }

    private static string WithLadder(string members) => "{" + Head + """, "tiers": {""" + members + "}}";
}
