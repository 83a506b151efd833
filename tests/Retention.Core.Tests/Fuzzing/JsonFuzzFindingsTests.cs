using Retention.Serialization;

namespace Retention.Tests.Fuzzing;

/// <summary>Deterministic reproductions of what <see cref="JsonFuzzProperties"/> found in the JSON readers.</summary>
public sealed class JsonFuzzFindingsTests
{
    private const string Head = """ "name": "Stars", "currency": "USD", "timeZone": "UTC" """;

    [Fact]
    public void ProgramWithAnUnpairedSurrogateEscape_IsAPathNamingError_NotInvalidOperationException()
    {
        // Found: JsonDocument accepts "\ud800" but GetString throws InvalidOperationException, which leaked.
        var json = "{" + Head + """, "earning": {"excludedProducts": ["ok", "bad\ud800"]}}""";

        var error = Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(json));

        Assert.Equal(["$.earning.excludedProducts[1]: the string holds an unpaired UTF-16 surrogate escape"], error.Errors);
    }

    [Fact]
    public void ProgramWithAnUnpairedSurrogateInAPropertyName_IsAPathNamingError()
    {
        var json = "{" + Head + """, "earning": {"\udc00x": 1}}""";

        var error = Assert.Throws<InvalidConfigurationException>(() => PointsProgramJson.Read(json));

        Assert.Equal(["$.earning: a property name holds an unpaired UTF-16 surrogate escape"], error.Errors);
    }

    [Fact]
    public void CatalogWithAnUnpairedSurrogateEscape_IsAPathNamingError()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => OfferCatalogJson.Read("""{"currency": "\ud83d"}"""));

        Assert.Equal(["$.currency: the string holds an unpaired UTF-16 surrogate escape"], error.Errors);
    }

    [Fact]
    public void PairedSurrogateEscapes_StillRead()
    {
        var program = PointsProgramJson.Read("{" + Head.Replace("Stars", "\\ud83c\\udf89", StringComparison.Ordinal) + "}");

        Assert.Equal("\U0001F389", program.Name);
    }

    [Fact]
    public void ShopifyOrderWithAnUnpairedSurrogateEscape_IsAShopifyPayloadException()
    {
        // Found by ShopifyFuzzProperties: the same InvalidOperationException leaked out of ShopifyOrder.Parse and the handler.
        var body = System.Text.Encoding.UTF8.GetBytes("""{"id": 1, "email": "a\ud800b"}""");

        var error = Assert.Throws<Retention.Shopify.ShopifyPayloadException>(() => Retention.Shopify.ShopifyOrder.Parse(body));

        Assert.Contains("$.email", error.Message, StringComparison.Ordinal);
        Assert.Contains("unpaired UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }
}
