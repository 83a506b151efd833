using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Loyalty;
using Retention.Offers;
using Retention.Serialization;
using Retention.Tests.Offers;
using Retention.Tests.Serialization;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Mutated program and catalog JSON: reading gives a valid object (which writes and reads back to itself) or the
/// documented <see cref="InvalidConfigurationException"/> whose every error starts with a <c>$</c> path; no
/// <c>JsonException</c>, <see cref="InvalidOperationException"/>, <see cref="NullReferenceException"/> or
/// <see cref="OverflowException"/> leaks.
/// </summary>
public sealed class JsonFuzzProperties
{
    private const int MaxTest = 250;

    public sealed record MutatedJson(string Original, string Text, byte[] Bytes, string Description)
    {
        public override string ToString() => Description + "\n" + (Text.Length > 3000 ? Text[..3000] + "..." : Text);
    }

    public static Arbitrary<JsonMutation[]> Mutations() => JsonMutator.MutationsGen.ToArbitrary();

    public static Arbitrary<MutatedJson> Programs() =>
        Mutated(PointsProgramArbitraries.AnyProgram().Generator.Select(p => PointsProgramJson.Write(p, indented: false))).ToArbitrary();

    [Property(Arbitrary = [typeof(JsonFuzzProperties)], MaxTest = MaxTest)]
    public void MutatedProgramJson_GivesAProgramOrAPathNamingError(MutatedJson json)
    {
        Check(() => PointsProgramJson.Read(json.Text), p => PointsProgramJson.Read(PointsProgramJson.Write(p)));
        Check(() => PointsProgramJson.Read(new MemoryStream(json.Bytes)), p => PointsProgramJson.Read(PointsProgramJson.Write(p)));
    }

    [Property(Arbitrary = [typeof(JsonFuzzProperties)], MaxTest = MaxTest)]
    public void MutatedCatalogJson_GivesACatalogOrAPathNamingError(JsonMutation[] mutations, bool bytes)
    {
        var original = OfferCatalogJson.Write(OfferSamples.Playbook(), indented: false);
        var text = JsonMutator.Apply(original, mutations.Take(4));
        Check(() => OfferCatalogJson.Read(text), c => OfferCatalogJson.Read(OfferCatalogJson.Write(c)));
        if (bytes)
        {
            var raw = JsonMutator.ApplyBytes(Encoding.UTF8.GetBytes(original), mutations.Take(4));
            Check(() => OfferCatalogJson.Read(new MemoryStream(raw)), c => OfferCatalogJson.Read(OfferCatalogJson.Write(c)));
        }
    }

    [Property(Arbitrary = [typeof(JsonFuzzProperties)], MaxTest = 100)]
    public void MutatedGeneratedCatalogJson_GivesACatalogOrAPathNamingError(JsonMutation[] mutations)
    {
        // Arbitrary catalogs are generated here rather than by an Arbitrary class, to keep the Gen local.
        var catalog = OfferArbitraries.CatalogGen.Sample(1, 5).Last();
        var text = JsonMutator.Apply(OfferCatalogJson.Write(catalog, indented: false), mutations.Take(4));
        Check(() => OfferCatalogJson.Read(text), c => OfferCatalogJson.Read(OfferCatalogJson.Write(c)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(100_000)]
    public void DeeplyNestedJson_IsAPathNamingError(int depth)
    {
        var nested = new string('[', depth) + new string(']', depth);
        foreach (var text in new[] { nested, "{\"name\": " + nested + "}", "{\"name\":\"S\",\"currency\":\"USD\",\"timeZone\":\"UTC\",\"rewards\":" + nested + "}" })
        {
            Check(() => PointsProgramJson.Read(text), _ => null);
            Check(() => OfferCatalogJson.Read(text), _ => null);
        }
    }

    internal static Gen<MutatedJson> Mutated(Gen<string> originals) =>
        from original in originals
        from mutations in JsonMutator.MutationsGen
        let text = JsonMutator.Apply(original, mutations)
        select new MutatedJson(original, text, JsonMutator.ApplyBytes(Encoding.UTF8.GetBytes(original), mutations), JsonMutator.Describe(mutations));

    /// <summary>
    /// Reads; a result must survive a write and read back (<paramref name="roundTrip"/>), an error must be the
    /// documented one with every message starting at a JSON path.
    /// </summary>
    internal static void Check<T>(Func<T> read, Func<T, object?> roundTrip)
    {
        T result;
        try
        {
            result = read();
        }
        catch (InvalidConfigurationException e)
        {
            Assert.NotEmpty(e.Errors);
            Assert.All(e.Errors, error => Assert.StartsWith("$", error, StringComparison.Ordinal));
            return;
        }

        Assert.NotNull(result);
        roundTrip(result);
    }
}
