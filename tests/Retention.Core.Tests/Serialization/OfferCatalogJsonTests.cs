using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Offers;
using Retention.Serialization;
using Retention.Tests.Offers;

namespace Retention.Tests.Serialization;

/// <summary>The offer catalog's JSON: round trips over random valid catalogs, the playbook catalog's text, and errors
/// that name their JSON path.</summary>
public sealed class OfferCatalogJsonTests
{
    public static Arbitrary<OfferCatalog> Catalogs() => OfferArbitraries.CatalogGen.ToArbitrary();

    [Property(Arbitrary = [typeof(OfferCatalogJsonTests)], MaxTest = 200)]
    public void ReadWrite_AnyCatalog_RoundTripsToTheSameTextAndTheSameDecisions(OfferCatalog catalog)
    {
        var json = OfferCatalogJson.Write(catalog);

        var read = OfferCatalogJson.Read(json);

        Assert.Equal(json, OfferCatalogJson.Write(read));
        Assert.Equal(OfferCatalogJson.Write(catalog, indented: false), OfferCatalogJson.Write(OfferCatalogJson.Read(OfferCatalogJson.Write(catalog, indented: false)), indented: false));
        Assert.Equal(catalog.Offers.Select(o => o.Rule.ToString()), read.Offers.Select(o => o.Rule.ToString()));
        Assert.Equal(catalog.Categories, read.Categories);

        // The same catalog decides the same way.
        var customers = OfferArbitraries.CustomerGen.Sample(20, 10).Select((c, i) => c with { Index = i }).ToArray();
        var now = Instant.FromUtc(2026, 6, 1, 9, 0);
        foreach (var customer in customers)
        {
            var a = new OfferChoice[2];
            var b = new OfferChoice[2];
            var madeA = new OfferSelector(catalog).Choose(customer, now, new ContactLog(catalog), a);
            var madeB = new OfferSelector(read).Choose(customer, now, new ContactLog(read), b);
            Assert.Equal(a[..madeA].Select(c => (c.Offer!.Id, c.ExpectedValue, c.SendAt)), b[..madeB].Select(c => (c.Offer!.Id, c.ExpectedValue, c.SendAt)));
        }
    }

    [Fact]
    public void Write_Playbook_WritesEveryMemberInCanonicalOrder()
    {
        var json = OfferCatalogJson.Write(OfferSamples.Playbook(), indented: false);

        Assert.StartsWith(
            "{\"currency\":\"USD\",\"frequencyCaps\":{\"email\":{\"messages\":1,\"window\":\"168:00:00\"},",
            json);
        Assert.Contains("\"quietHours\":{\"start\":\"21:00:00\",\"end\":\"08:00:00\",\"policy\":\"defer\",\"channels\":[\"sms\",\"push\"]}", json);
        Assert.Contains("\"budgets\":[{\"id\":\"winback\",\"limit\":1000}]", json);
        Assert.Contains(
            "{\"id\":\"trousers-15\",\"kind\":\"crossSell\",\"channel\":\"email\",\"rule\":{\"kind\":\"all\",\"rules\":[{\"kind\":\"lastOrderIn\",\"category\":\"shirts\",\"min\":21,\"max\":35},{\"kind\":\"not\",\"rule\":{\"kind\":\"boughtAny\",\"categories\":[\"trousers\"]}}]},\"percent\":15,\"amount\":null,\"pointsMultiplier\":null,\"category\":\"trousers\",\"margin\":30,\"cost\":6,\"contactCost\":null,\"responseWeight\":2.5,\"priority\":0,\"exclusiveGroup\":\"discount\",\"cooldown\":\"0:00:00\",\"redemptionLimit\":null,\"budget\":null}",
            json);
    }

    [Fact]
    public void Read_InvalidCatalog_ListsEveryProblemWithItsJsonPath()
    {
        const string json = """
            {
              "currency": "USD",
              "frequencyCaps": { "sms": { "messages": 0, "window": "24:00:00" }, "fax": null },
              "budgets": [ { "id": "b", "limit": "ten" } ],
              "offers": [
                { "id": "a", "kind": "percentOff", "channel": "email", "percent": 10, "colour": "red" },
                { "id": "b", "kind": "percentOff", "channel": "carrierPigeon" },
                { "id": "c", "kind": "winBack", "channel": "email", "rule": { "kind": "all", "rules": [ { "kind": "daysSinceLastOrder", "min": 30, "max": 10 }, { "kind": "segment", "segments": ["Champions"], "min": 1 } ] } },
                { "id": "a", "kind": "percentOff", "channel": "sms", "percent": 150 }
              ]
            }
            """;

        var error = Assert.Throws<InvalidConfigurationException>(() => OfferCatalogJson.Read(json));

        Assert.Equal(
            [
                "$.frequencyCaps.fax: unknown property",
                "$.frequencyCaps.sms.messages: 0 must be from 1 to 1000",
                "$.budgets[0].limit: expected a decimal number, got \"ten\"",
                "$.offers[0].colour: unknown property",
                "$.offers[1].channel: expected one of \"email\", \"sms\", \"push\", \"messaging\", \"postalMail\", got \"carrierPigeon\"",
                "$.offers[2].rule.rules[0].max: 10 must be from min (30) to 100000",
                "$.offers[2].rule.rules[1].min: unknown property",
                "$.offers[3].id: \"a\" is used by an earlier offer",
                "$.offers[3].percent: 150 must be greater than 0 and at most 100",
            ],
            error.Errors);
    }
}
