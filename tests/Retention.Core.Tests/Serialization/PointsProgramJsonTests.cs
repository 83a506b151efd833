using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Testing.TimeZones;
using Retention.Loyalty;
using Retention.Serialization;

namespace Retention.Tests.Serialization;

/// <summary>Reading and writing a complete program, the defaults, and the entry points' overloads.</summary>
public sealed partial class PointsProgramJsonTests
{
    /// <summary>Every member, each away from its default where it has one; this is also the canonical text.</summary>
    private const string Full = """
        {
          "name": "Stars ☆ \"gold\"",
          "currency": "USD",
          "timeZone": "America/New_York",
          "earning": {
            "pointsPerUnit": 2.5,
            "rounding": "nearest",
            "roundingScope": "perLine",
            "netOfDiscounts": false,
            "includeShipping": true,
            "includeTax": true,
            "excludedProducts": [
              "gift-card",
              "voucher"
            ],
            "excludedCategories": [
              "donations"
            ],
            "minimumOrderValue": 10.00,
            "maxPerOrder": 500,
            "productMultipliers": {
              "p-1": 3
            },
            "categoryMultipliers": {
              "shoes": 2
            }
          },
          "limits": {
            "maxPerDay": 1000,
            "maxPerMonth": 5000
          },
          "tiers": {
            "basis": "spend",
            "window": {
              "kind": "membershipYear"
            },
            "gracePeriod": "P1M",
            "maxLevelsDown": 1,
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
                "name": "Silver",
                "threshold": 250.50,
                "benefits": {
                  "earningMultiplier": 1.25,
                  "freeShipping": true,
                  "earlyAccess": false,
                  "exclusiveOffers": false,
                  "birthdayPoints": null
                }
              },
              {
                "name": "Gold ★",
                "threshold": 500,
                "benefits": {
                  "earningMultiplier": 1.5,
                  "freeShipping": true,
                  "earlyAccess": true,
                  "exclusiveOffers": true,
                  "birthdayPoints": 200
                }
              }
            ]
          },
          "campaigns": [
            {
              "name": "Double weekend",
              "start": "2026-11-27T00:00:00",
              "end": "2026-11-30T00:00:00",
              "multiplier": 2
            },
            {
              "name": "Happy hour",
              "start": "2026-12-01T17:00:00",
              "end": "2026-12-01T18:30:00.5",
              "multiplier": 1.5
            }
          ],
          "bonuses": [
            {
              "trigger": "signUp",
              "points": 100,
              "oncePerCustomer": true,
              "maxPerDay": null,
              "maxPerMonth": null
            },
            {
              "trigger": "referralReferrer",
              "points": 250,
              "oncePerCustomer": false,
              "maxPerDay": 1,
              "maxPerMonth": 5
            },
            {
              "trigger": "birthday",
              "points": 50,
              "oncePerCustomer": false,
              "maxPerDay": null,
              "maxPerMonth": null
            }
          ],
          "birthday": "inBirthMonth",
          "returnWindow": "P1M2DT12H",
          "expiry": {
            "kind": "afterInactivity",
            "months": 18
          },
          "clawback": "allowNegativeBalance",
          "rewards": [
            {
              "id": "5-off",
              "cost": 500,
              "kind": "amountOff",
              "amount": 5.00
            },
            {
              "id": "10-pct",
              "cost": 800,
              "kind": "percentOff",
              "percent": 10
            },
            {
              "id": "ship",
              "cost": 300,
              "kind": "freeShipping"
            },
            {
              "id": "mug",
              "cost": 1200,
              "kind": "freeProduct",
              "product": "mug-1"
            }
          ]
        }
        """;

    private const string Minimal = """{"name": "Stars", "currency": "EUR", "timeZone": "Europe/Paris"}""";

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public void Read_EveryMember_GivesTheProgramItDescribes()
    {
        var usd = Currency.Usd;
        var expected = PointsProgram.CreateBuilder("Stars ☆ \"gold\"", usd, NewYork)
            .EarnPerUnit(2.5m, PointsRounding.Nearest, RoundingScope.PerLine)
            .Basis(netOfDiscounts: false, includeShipping: true, includeTax: true)
            .ExcludeProducts(new ProductId("voucher"), new ProductId("gift-card"))
            .ExcludeCategories(new CategoryId("donations"))
            .MinimumOrderValue(new Money(10.00m, usd))
            .MaxPerOrder(new Points(500))
            .MaxPerDay(new Points(1000))
            .MaxPerMonth(new Points(5000))
            .Tiers(new TierLadder(
                TierBasis.Spend,
                QualificationWindow.MembershipYear,
                [
                    new Tier("Member", 0m),
                    new Tier("Silver", 250.50m, new TierBenefits { EarningMultiplier = 1.25m, FreeShipping = true }),
                    new Tier("Gold ★", 500m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true, EarlyAccess = true, ExclusiveOffers = true, BirthdayPoints = new Points(200) }),
                ],
                Period.FromMonths(1),
                maxLevelsDown: 1))
            .ProductMultiplier(new ProductId("p-1"), 3m)
            .CategoryMultiplier(new CategoryId("shoes"), 2m)
            .Campaign(new Campaign("Double weekend", new LocalDateTime(2026, 11, 27, 0, 0), new LocalDateTime(2026, 11, 30, 0, 0), 2m))
            .Campaign(new Campaign("Happy hour", new LocalDateTime(2026, 12, 1, 17, 0), new LocalDateTime(2026, 12, 1, 18, 30, 0, 500), 1.5m))
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(250), maxPerDay: 1, maxPerMonth: 5))
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(50)))
            .Birthday(BirthdayMode.InBirthMonth)
            .ReturnWindow(Period.FromMonths(1) + Period.FromDays(2) + Period.FromHours(12))
            .Expiry(PointsExpiry.AfterInactivity(18))
            .Clawback(ClawbackPolicy.AllowNegativeBalance)
            .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, usd)))
            .Reward(Reward.PercentOff("10-pct", new Points(800), 10m))
            .Reward(Reward.FreeShipping("ship", new Points(300)))
            .Reward(Reward.FreeProduct("mug", new Points(1200), new ProductId("mug-1")))
            .Build();

        var program = PointsProgramJson.Read(Full);

        ProgramAssert.Equivalent(expected, program);
        Assert.Equal(2, program.MinimumOrderValue.Amount.Scale);
        Assert.Equal(2, program.Rewards[0].Amount!.Value.Amount.Scale);
        Assert.Equal(2, program.Tiers!.Tiers[1].Threshold.Scale);
    }

    [Fact]
    public void Write_ProgramReadFromCanonicalText_GivesTheSameText()
    {
        Assert.Equal(Full, PointsProgramJson.Write(PointsProgramJson.Read(Full)));
        Assert.Equal(Full, PointsProgramJson.Write(PointsProgramJson.Read(Full).ToBuilder().Build()));
    }

    [Fact]
    public void Write_NotIndented_IsTheCanonicalTextOnOneLine()
    {
        var program = PointsProgramJson.Read(Full);
        var line = PointsProgramJson.Write(program, indented: false);

        Assert.DoesNotContain('\n', line);
        Assert.Equal(Compact(Full), line);
        Assert.Equal(Full, PointsProgramJson.Write(PointsProgramJson.Read(line)));
    }

    [Fact]
    public void Read_OnlyRequiredMembers_KeepsTheBuilderDefaults()
    {
        var program = PointsProgramJson.Read(Minimal);

        ProgramAssert.Equivalent(PointsProgram.CreateBuilder("Stars", Currency.Eur, DateTimeZoneProviders.Tzdb["Europe/Paris"]).Build(), program);
        Assert.Equal(
            """
            {
              "name": "Stars",
              "currency": "EUR",
              "timeZone": "Europe/Paris",
              "earning": {
                "pointsPerUnit": 1,
                "rounding": "floor",
                "roundingScope": "perOrder",
                "netOfDiscounts": true,
                "includeShipping": false,
                "includeTax": false,
                "excludedProducts": [],
                "excludedCategories": [],
                "minimumOrderValue": 0,
                "maxPerOrder": null,
                "productMultipliers": {},
                "categoryMultipliers": {}
              },
              "limits": {
                "maxPerDay": null,
                "maxPerMonth": null
              },
              "tiers": null,
              "campaigns": [],
              "bonuses": [],
              "birthday": "onTheDay",
              "returnWindow": "P0D",
              "expiry": {
                "kind": "never"
              },
              "clawback": "stopAtZero",
              "rewards": []
            }
            """,
            PointsProgramJson.Write(program));
    }

    [Fact]
    public void Read_EmptySectionsAndNullCaps_KeepTheDefaults()
    {
        var program = PointsProgramJson.Read("""
            {"name": "Stars", "currency": "usd", "timeZone": "UTC", "earning": {"maxPerOrder": null}, "limits": {},
             "campaigns": [], "bonuses": [{"trigger": "review", "points": 5}], "expiry": {"kind": "never"}, "rewards": []}
            """);

        Assert.Equal(Currency.Usd, program.Currency);
        Assert.Null(program.MaxPointsPerOrder);
        Assert.Null(program.MaxPointsPerDay);
        Assert.Equal(PointsExpiry.Never, program.Expiry);
        Assert.Equal([new ActionBonus(BonusTrigger.Review, new Points(5))], program.Bonuses);
    }

    [Fact]
    public void Read_ReadmeExample_ReadsAndWritesBackToTheSameProgram()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SerializationReadme.md"));
        var start = readme.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var json = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var program = PointsProgramJson.Read(json);

        Assert.Equal(2m, program.PointsPerUnit);
        Assert.Equal(new Money(10.00m, Currency.Usd), program.MinimumOrderValue);
        Assert.Equal(4, program.Rewards.Count);
        Assert.Equal(["Member", "Gold"], program.Tiers!.Tiers.Select(t => t.Name));
        Assert.Equal(1.5m, program.Tiers.Tiers[1].Benefits.EarningMultiplier);
        ProgramAssert.Equivalent(program, PointsProgramJson.Read(PointsProgramJson.Write(program)));
    }

    [Fact]
    public void Read_Stream_ReadsUtf8WithOrWithoutByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetBytes(Full);
        using var plain = new MemoryStream(bytes);
        using var marked = new MemoryStream([.. Encoding.UTF8.Preamble, .. bytes]);

        Assert.Equal(Full, PointsProgramJson.Write(PointsProgramJson.Read(plain)));
        Assert.Equal(Full, PointsProgramJson.Write(PointsProgramJson.Read(marked)));
    }

    [Fact]
    public void Read_CustomZoneProvider_ResolvesTheZoneThroughIt()
    {
        var zone = new SingleTransitionDateTimeZone(Instant.FromUtc(2026, 3, 29, 1, 0), Offset.FromHours(1), Offset.FromHours(2), "Store/Local");
        var zones = new FakeDateTimeZoneSource.Builder { zone }.Build().ToProvider();

        var program = PointsProgramJson.Read("""{"name": "Stars", "currency": "USD", "timeZone": "Store/Local"}""", zones);

        Assert.Same(zones["Store/Local"], program.TimeZone);
        var ex = Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(Minimal, zones));
        Assert.Equal(["$.timeZone: \"Europe/Paris\" is not a time zone known to the provider"], ex.Errors);
    }

    [Fact]
    public void Write_IntoAWriter_WritesOneObjectValueInsideALargerDocument()
    {
        var program = PointsProgramJson.Read(Full);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("program");
            PointsProgramJson.Write(writer, program);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var inner = PointsProgramJson.Read(document.RootElement.GetProperty("program").GetRawText());
        ProgramAssert.Equivalent(program, inner);
    }

    [Fact]
    public void Write_NonAsciiText_IsWrittenUnescaped_AndControlCharactersEscaped()
    {
        var program = PointsProgram.CreateBuilder("Café <b>&\t\"", Currency.Eur, DateTimeZone.Utc).Build();

        var json = PointsProgramJson.Write(program, indented: false);

        Assert.StartsWith("""{"name":"Café <b>&\t\"","currency":"EUR","timeZone":"UTC",""", json, StringComparison.Ordinal);
        Assert.Equal(program.Name, PointsProgramJson.Read(json).Name);
    }

    [Fact]
    public void ReadAndWrite_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("json", () => PointsProgramJson.Read((string)null!));
        Assert.Throws<ArgumentNullException>("utf8Json", () => PointsProgramJson.Read((Stream)null!));
        Assert.Throws<ArgumentNullException>("program", () => PointsProgramJson.Write(null!));
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentNullException>("writer", () => PointsProgramJson.Write(null!, PointsProgramJson.Read(Minimal)));
        Assert.Throws<ArgumentNullException>("program", () => PointsProgramJson.Write(writer, null!));
    }

    [Fact]
    public void PointsProgram_PublicProperties_AreAllComparedByTheRoundTripTests()
    {
        var properties = typeof(PointsProgram).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal);

        // A new setting on the program must be added to the JSON form, its tests and this list.
        Assert.Equal(ProgramAssert.ComparedProperties.Order(StringComparer.Ordinal), properties);
    }

    private static string Compact(string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            using var document = JsonDocument.Parse(json);
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
