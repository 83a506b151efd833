using System.Text;
using Retention.Serialization;

namespace Retention.Tests.Serialization;

/// <summary>The exact error texts: each starts with the JSON path, and one exception lists every problem.</summary>
public sealed partial class PointsProgramJsonTests
{
    private const string Head = """ "name": "Stars", "currency": "USD", "timeZone": "UTC" """;

    [Fact]
    public void Read_UnknownProperty_ReportsItsPath()
    {
        Assert.Equal(["$.earning.pointsPerUnt: unknown property"], Errors("{" + Head + """, "earning": {"pointsPerUnt": 2}}"""));
        Assert.Equal(["$.reward: unknown property"], Errors("{" + Head + """, "reward": []}"""));
    }

    [Fact]
    public void Read_DuplicateProperty_ReportsTheRepeat()
    {
        Assert.Equal(
            ["$.name: duplicate property", "$.earning.categoryMultipliers.shoes: duplicate property", "$.tiers.levels[0].threshold: duplicate property"],
            Errors("{" + Head + """
                , "name": "Other", "earning": {"categoryMultipliers": {"shoes": 2, "shoes": 3}},
                  "tiers": {"basis": "points", "window": {"kind": "lifetime"}, "levels": [{"name": "Member", "threshold": 0, "threshold": 0}]}}
                """));
    }

    [Fact]
    public void Read_WrongJsonType_NamesTheExpectedTypeAndTheValue()
    {
        var json = "{" + Head + """
            , "rewards": [{"id": "ship", "cost": 300, "kind": "freeShipping"}, {"id": "mug", "cost": "abc", "kind": "freeShipping"}]}
            """;

        Assert.Equal(["$.rewards[1].cost: expected a whole number, got \"abc\""], Errors(json));
    }

    [Fact]
    public void Read_WrongJsonTypes_DescribeEachKindOfValue()
    {
        var json = "{" + Head + """
            , "earning": {"pointsPerUnit": "2", "netOfDiscounts": 1, "excludedProducts": "gift-card", "maxPerOrder": 1.5,
                          "productMultipliers": [], "minimumOrderValue": 1e400},
              "limits": {"maxPerDay": true}, "campaigns": {}, "bonuses": [{"trigger": "signUp", "points": 1, "maxPerDay": 3000000000}],
              "birthday": null, "clawback": "never", "expiry": {"kind": "afterEarning", "months": 99999999999}, "returnWindow": 30}
            """;

        Assert.Equal(
            [
                "$.earning.pointsPerUnit: expected a decimal number, got \"2\"",
                "$.earning.netOfDiscounts: expected true or false, got 1",
                "$.earning.excludedProducts: expected an array, got \"gift-card\"",
                "$.earning.minimumOrderValue: expected a decimal number, got 1e400",
                "$.earning.maxPerOrder: expected a whole number or null, got 1.5",
                "$.earning.productMultipliers: expected an object, got an array",
                "$.limits.maxPerDay: expected a whole number or null, got true",
                "$.campaigns: expected an array, got an object",
                "$.bonuses[0].maxPerDay: expected a whole number from -2147483648 to 2147483647 or null, got 3000000000",
                "$.birthday: expected one of \"onTheDay\", \"inBirthMonth\", got null",
                "$.returnWindow: expected a string, got 30",
                "$.expiry.months: expected a whole number from -2147483648 to 2147483647, got 99999999999",
                "$.clawback: expected one of \"stopAtZero\", \"allowNegativeBalance\", got \"never\"",
            ],
            Errors(json));
    }

    [Fact]
    public void Read_MissingRequiredMembers_AreEachReported()
    {
        Assert.Equal(["$.currency: missing required property"], Errors("""{"name": "Stars", "timeZone": "UTC"}"""));
        Assert.Equal(
            ["$.name: missing required property", "$.currency: missing required property", "$.timeZone: missing required property"],
            Errors("{}"));
        Assert.Equal(
            [
                "$.campaigns[0].end: missing required property",
                "$.campaigns[0].multiplier: missing required property",
                "$.bonuses[0].points: missing required property",
                "$.expiry.months: missing required property",
                "$.rewards[0].amount: missing required property",
            ],
            Errors("{" + Head + """
                , "campaigns": [{"name": "Sale", "start": "2026-11-27T00:00:00"}], "bonuses": [{"trigger": "signUp"}],
                  "expiry": {"kind": "afterEarning"}, "rewards": [{"id": "5-off", "cost": 500, "kind": "amountOff"}]}
                """));
    }

    [Fact]
    public void Read_UnknownTimeZone_SaysTheProviderDoesNotKnowIt()
    {
        Assert.Equal(
            ["$.timeZone: \"Mars/Olympus\" is not a time zone known to the provider"],
            Errors("""{"name": "Stars", "currency": "USD", "timeZone": "Mars/Olympus"}"""));
    }

    [Fact]
    public void Read_UnparsableNodaTimeText_NamesTheExpectedForm()
    {
        Assert.Equal(
            [
                "$.campaigns[0].start: \"2026-11-27\" is not an ISO local date-time such as \"2026-11-27T00:00:00\"",
                "$.returnWindow: \"30 days\" is not a NodaTime round-trip period such as \"P30D\" or \"P1MT12H\"",
            ],
            Errors("{" + Head + """
                , "campaigns": [{"name": "Sale", "start": "2026-11-27", "end": "2026-11-30T00:00:00", "multiplier": 2}],
                  "returnWindow": "30 days"}
                """));
    }

    [Fact]
    public void Read_ValuesTheCoreRejects_AreReportedAtTheirJsonMember()
    {
        var json = "{" + Head + """
            , "earning": {"excludedProducts": ["ok", " padded"], "productMultipliers": {"": 2}},
              "campaigns": [{"name": "Sale", "start": "2026-11-27T00:00:00", "end": "2026-11-26T00:00:00", "multiplier": 2}],
              "bonuses": [{"trigger": "review", "points": 0}],
              "expiry": {"kind": "afterEarning", "months": 1201},
              "rewards": [{"id": "5-off", "cost": 500, "kind": "amountOff", "amount": 0},
                          {"id": "10-pct", "cost": 800, "kind": "percentOff", "percent": 100.5},
                          {"id": "mug", "cost": 1, "kind": "freeProduct", "product": ""},
                          {"id": " ship", "cost": 300, "kind": "freeShipping"}]}
            """;

        Assert.Equal(
            [
                "$.earning.excludedProducts[1]: \" padded\" must not start or end with white space",
                "$.earning.productMultipliers.: \"\" must not be empty or white space",
                "$.campaigns[0].end: 2026-11-26T00:00:00 must be after the start 2026-11-27T00:00:00",
                "$.bonuses[0].points: 0 pts must be greater than zero",
                "$.expiry.months: 1201 must be from 1 to 1200",
                "$.rewards[0].amount: 0 USD must be greater than zero",
                "$.rewards[1].percent: 100.5 must be greater than 0 and at most 100",
                "$.rewards[2].product: \"\" must not be empty or white space",
                "$.rewards[3].id: \" ship\" must not be empty or start or end with white space",
            ],
            Errors(json));
        Assert.Equal(
            ["$.currency: \"DOLLARS\" is not a known ISO 4217 currency code"],
            Errors("""{"name": "Stars", "currency": "DOLLARS", "timeZone": "UTC"}"""));
    }

    [Fact]
    public void Read_CampaignBeyondTheInstantsOfItsZone_IsReportedInsteadOfOverflowing()
    {
        var json = """
            {"name": "Stars", "currency": "USD", "timeZone": "America/Adak",
             "campaigns": [{"name": "Last", "start": "9999-12-31T12:00:00", "end": "9999-12-31T23:00:00", "multiplier": 2}]}
            """;

        Assert.Equal(["$.campaigns[0].end: 9999-12-31T23:00:00 is outside the range of instants in time zone \"America/Adak\""], Errors(json));
    }

    [Fact]
    public void Read_ReturnWindowBeyondTheCalendar_IsReportedInsteadOfOverflowing()
    {
        Assert.Equal(
            ["$.returnWindow: \"P13M\" must end before points expire (expiry after 12 months)"],
            Errors("{" + Head + """, "returnWindow": "P13M", "expiry": {"kind": "afterEarning", "months": 12}}"""));

        // These run past NodaTime's calendar; the builder reports them as too long rather than overflowing.
        Assert.Equal(
            ["$.returnWindow: \"P9999Y\" must be at most 10 years"],
            Errors("{" + Head + """, "returnWindow": "P9999Y", "expiry": {"kind": "afterEarning", "months": 12}}"""));
        Assert.Equal(
            ["$.returnWindow: \"PT999999999999999999H\" must be at most 10 years"],
            Errors("{" + Head + """, "returnWindow": "PT999999999999999999H", "expiry": {"kind": "afterEarning", "months": 1200}}"""));
        Assert.Equal(
            ["$.returnWindow: \"P10YT1H\" must be at most 10 years"],
            Errors("{" + Head + """, "returnWindow": "P10YT1H"}"""));
    }

    [Fact]
    public void Read_BuilderErrors_AreReportedWithTheJsonPath()
    {
        var json = "{" + Head + """
            , "earning": {"pointsPerUnit": -1, "maxPerOrder": 0, "categoryMultipliers": {"gold": 1001}},
              "rewards": [{"id": "5-off", "cost": 500, "kind": "amountOff", "amount": 5}, {"id": "5-off", "cost": 600, "kind": "freeShipping"}]}
            """;

        Assert.Equal(
            [
                "$.earning.pointsPerUnit: -1 must be from 0 to 1000000",
                "$.earning.maxPerOrder: 0 pts must be greater than zero when given",
                "$.earning.categoryMultipliers.gold: 1001 must be greater than 0 and at most 1000",
                "$.rewards[1].id: \"5-off\" is used by an earlier reward",
            ],
            Errors(json));
    }

    [Fact]
    public void Read_BuilderErrorAfterASkippedElement_KeepsTheDocumentIndex()
    {
        var json = "{" + Head + """
            , "bonuses": [{"trigger": "signUp", "points": "many"}, {"trigger": "review", "points": 5}, {"trigger": "review", "points": 6}],
              "rewards": [{"id": "a", "cost": 1, "kind": "freeShipping"}, {"id": "b", "cost": -1, "kind": "freeShipping"},
                          {"id": "a", "cost": 2, "kind": "freeShipping"}]}
            """;

        Assert.Equal(
            [
                "$.bonuses[0].points: expected a whole number, got \"many\"",
                "$.rewards[1].cost: -1 pts must be greater than zero",
                "$.bonuses[2].trigger: \"review\" is used by an earlier bonus",
                "$.rewards[2].id: \"a\" is used by an earlier reward",
            ],
            Errors(json));
    }

    [Fact]
    public void Read_MembersOfAnotherKind_AreReported()
    {
        var json = "{" + Head + """
            , "expiry": {"kind": "never", "months": 12},
              "rewards": [{"id": "ship", "cost": 300, "kind": "freeShipping", "amount": 5}, {"id": "x", "cost": 1, "kind": "cashBack"}]}
            """;

        Assert.Equal(
            [
                "$.expiry.months: not used when kind is \"never\"",
                "$.rewards[0].amount: not used when kind is \"freeShipping\"",
                "$.rewards[1].kind: expected one of \"amountOff\", \"percentOff\", \"freeShipping\", \"freeProduct\", got \"cashBack\"",
            ],
            Errors(json));
    }

    [Fact]
    public void Read_SeveralProblems_AreAllReportedInOneException()
    {
        var json = """
            {
              "name": "  ",
              "currency": "USD",
              "timeZone": "Mars/Olympus",
              "earning": { "pointsPerUnt": 2, "rounding": "down", "pointsPerUnit": 2000000 },
              "campaigns": [ { "name": "Sale", "start": "2026-11-27T00:00:00", "end": "2026-11-27T00:00:00", "multiplier": 2 } ],
              "rewards": [ { "id": "5-off", "cost": "500", "kind": "amountOff", "amount": 5 } ]
            }
            """;

        var ex = Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(json));

        string[] expected =
        [
            "$.timeZone: \"Mars/Olympus\" is not a time zone known to the provider",
            "$.earning.pointsPerUnt: unknown property",
            "$.earning.rounding: expected one of \"floor\", \"nearest\", \"ceiling\", got \"down\"",
            "$.campaigns[0].end: 2026-11-27T00:00:00 must be after the start 2026-11-27T00:00:00",
            "$.rewards[0].cost: expected a whole number, got \"500\"",
            "$.earning.pointsPerUnit: 2000000 must be from 0 to 1000000",
            "$.name: \"  \" must not be empty",
        ];
        Assert.Equal(expected, ex.Errors);
        Assert.Equal("points program JSON", ex.Subject);
        Assert.Equal("Invalid points program JSON:" + Environment.NewLine + string.Join(Environment.NewLine, expected.Select(e => "- " + e)), ex.Message);
    }

    [Fact]
    public void Read_MalformedJson_IsOneErrorWithPathLineAndByte()
    {
        Assert.Equal(
            ["$.currency: malformed JSON at line 1, byte 31: '}' is an invalid start of a value"],
            Errors("""{"name": "Stars", "currency": }"""));
        Assert.Equal(
            ["$.rewards[1]: malformed JSON at line 3, byte 28: Expected start of a property name or value, but instead reached end of data"],
            Errors("{\n  \"name\": \"Stars\",\n  \"rewards\": [{\"id\": \"a\"}, "));
        Assert.Equal(
            ["$: malformed JSON at line 1, byte 1: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true"],
            Errors(string.Empty));
        Assert.Equal(
            ["$.earning: malformed JSON at line 1, byte 13: '/' is invalid after a value. Expected either ',', '}', or ']'"],
            Errors("""{"earning": // comment"""));
    }

    [Fact]
    public void Read_NotAnObject_IsOneError()
    {
        Assert.Equal(["$.expiry: expected an object, got \"never\""], Errors("{" + Head + ", \"expiry\": \"never\"}"));
        Assert.Equal(["$: expected an object, got an array"], Errors("[]"));
        Assert.Equal(["$: expected an object, got null"], Errors("null"));
    }

    [Fact]
    public void Read_StreamWithInvalidUtf8_IsOneError()
    {
        using var stream = new MemoryStream([.. Encoding.UTF8.GetBytes("""{"name": "St"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("""ars"}""")]);

        var ex = Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(stream));

        Assert.Equal(["$: the input is not valid UTF-8"], ex.Errors);
    }

    private static IReadOnlyList<string> Errors(string json) =>
        Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(json)).Errors;
}
