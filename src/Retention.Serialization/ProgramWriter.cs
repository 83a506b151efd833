using System.Text.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Retention.Loyalty;

namespace Retention.Serialization;

/// <summary>Writes the canonical JSON form of a program: every member, in a fixed order, sets and maps sorted.</summary>
internal static class ProgramWriter
{
    internal static void Write(Utf8JsonWriter writer, PointsProgram program)
    {
        writer.WriteStartObject();
        writer.WriteString("name", program.Name);
        writer.WriteString("currency", program.Currency.Code);
        writer.WritePropertyName("timeZone");
        NodaJson.ZoneWriter.Write(writer, program.TimeZone, NodaJson.Options);

        writer.WriteStartObject("earning");
        writer.WriteNumber("pointsPerUnit", program.PointsPerUnit);
        writer.WriteString("rounding", JsonNames.Roundings.NameOf(program.Rounding));
        writer.WriteString("roundingScope", JsonNames.Scopes.NameOf(program.RoundingScope));
        writer.WriteBoolean("netOfDiscounts", program.NetOfDiscounts);
        writer.WriteBoolean("includeShipping", program.IncludeShipping);
        writer.WriteBoolean("includeTax", program.IncludeTax);
        WriteSet(writer, "excludedProducts", program.ExcludedProducts.Select(p => p.Value));
        WriteSet(writer, "excludedCategories", program.ExcludedCategories.Select(c => c.Value));
        writer.WriteNumber("minimumOrderValue", program.MinimumOrderValue.Amount);
        WriteCap(writer, "maxPerOrder", program.MaxPointsPerOrder);
        WriteMap(writer, "productMultipliers", program.ProductMultipliers.Select(e => (e.Key.Value, e.Value)));
        WriteMap(writer, "categoryMultipliers", program.CategoryMultipliers.Select(e => (e.Key.Value, e.Value)));
        writer.WriteEndObject();

        writer.WriteStartObject("limits");
        WriteCap(writer, "maxPerDay", program.MaxPointsPerDay);
        WriteCap(writer, "maxPerMonth", program.MaxPointsPerMonth);
        writer.WriteEndObject();

        if (program.Tiers is { } ladder)
        {
            WriteLadder(writer, ladder);
        }
        else
        {
            writer.WriteNull("tiers");
        }

        writer.WriteStartArray("campaigns");
        foreach (var campaign in program.Campaigns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", campaign.Name);
            writer.WritePropertyName("start");
            NodaConverters.LocalDateTimeConverter.Write(writer, campaign.Start, NodaJson.Options);
            writer.WritePropertyName("end");
            NodaConverters.LocalDateTimeConverter.Write(writer, campaign.End, NodaJson.Options);
            writer.WriteNumber("multiplier", campaign.Multiplier);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("bonuses");
        foreach (var bonus in program.Bonuses)
        {
            writer.WriteStartObject();
            writer.WriteString("trigger", JsonNames.Triggers.NameOf(bonus.Trigger));
            writer.WriteNumber("points", bonus.Points.Value);
            writer.WriteBoolean("oncePerCustomer", bonus.OncePerCustomer);
            WriteCount(writer, "maxPerDay", bonus.MaxPerDay);
            WriteCount(writer, "maxPerMonth", bonus.MaxPerMonth);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteString("birthday", JsonNames.BirthdayModes.NameOf(program.BirthdayMode));
        writer.WritePropertyName("returnWindow");
        NodaConverters.RoundtripPeriodConverter.Write(writer, program.ReturnWindow, NodaJson.Options);

        writer.WriteStartObject("expiry");
        writer.WriteString("kind", JsonNames.ExpiryKinds.NameOf(program.Expiry.Kind));
        if (program.Expiry.Kind != ExpiryKind.Never)
        {
            writer.WriteNumber("months", program.Expiry.Months);
        }

        writer.WriteEndObject();

        writer.WriteString("clawback", JsonNames.ClawbackPolicies.NameOf(program.Clawback));

        writer.WriteStartArray("rewards");
        foreach (var reward in program.Rewards)
        {
            WriteReward(writer, reward);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLadder(Utf8JsonWriter writer, TierLadder ladder)
    {
        writer.WriteStartObject("tiers");
        writer.WriteString("basis", JsonNames.TierBases.NameOf(ladder.Basis));
        writer.WriteStartObject("window");
        writer.WriteString("kind", JsonNames.WindowKinds.NameOf(ladder.Window.Kind));
        if (ladder.Window.Kind == QualificationWindowKind.RollingMonths)
        {
            writer.WriteNumber("months", ladder.Window.Months);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("gracePeriod");
        NodaConverters.RoundtripPeriodConverter.Write(writer, ladder.GracePeriod, NodaJson.Options);
        WriteCount(writer, "maxLevelsDown", ladder.MaxLevelsDown);
        writer.WriteStartArray("levels");
        foreach (var tier in ladder.Tiers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tier.Name);
            writer.WriteNumber("threshold", tier.Threshold);
            writer.WriteStartObject("benefits");
            writer.WriteNumber("earningMultiplier", tier.Benefits.EarningMultiplier);
            writer.WriteBoolean("freeShipping", tier.Benefits.FreeShipping);
            writer.WriteBoolean("earlyAccess", tier.Benefits.EarlyAccess);
            writer.WriteBoolean("exclusiveOffers", tier.Benefits.ExclusiveOffers);
            WriteCap(writer, "birthdayPoints", tier.Benefits.BirthdayPoints);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteReward(Utf8JsonWriter writer, Reward reward)
    {
        writer.WriteStartObject();
        writer.WriteString("id", reward.Id);
        writer.WriteNumber("cost", reward.Cost.Value);
        writer.WriteString("kind", JsonNames.RewardKinds.NameOf(reward.Kind));
        switch (reward.Kind)
        {
            case RewardKind.AmountOff when reward.Amount is { } amount:
                writer.WriteNumber("amount", amount.Amount);
                break;
            case RewardKind.PercentOff when reward.Percent is { } percent:
                writer.WriteNumber("percent", percent);
                break;
            case RewardKind.FreeProduct when reward.Product is { } product:
                writer.WriteString("product", product.Value);
                break;
            default:
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteSet(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<(string Key, decimal Value)> entries)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteCap(Utf8JsonWriter writer, string name, Points? cap)
    {
        if (cap is { } value)
        {
            writer.WriteNumber(name, value.Value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, int? count)
    {
        if (count is { } value)
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>The NodaTime converters' shared pieces.</summary>
internal static class NodaJson
{
    /// <summary>Gets the options passed to the NodaTime converters, which use none of them.</summary>
    internal static JsonSerializerOptions Options { get; } = new();

    /// <summary>Gets a time zone converter for writing, which only writes the zone's id and never asks its provider.</summary>
    internal static System.Text.Json.Serialization.JsonConverter<DateTimeZone> ZoneWriter { get; } =
        NodaConverters.CreateDateTimeZoneConverter(new NoZones());

    /// <summary>A provider with no zones: the writing converter needs one, but writing a zone never consults it.</summary>
    private sealed class NoZones : IDateTimeZoneProvider
    {
        public string VersionId => "none";

        public System.Collections.ObjectModel.ReadOnlyCollection<string> Ids { get; } = new([]);

        public DateTimeZone this[string id] => throw new NodaTime.TimeZones.DateTimeZoneNotFoundException("No zones: " + id);

        public DateTimeZone GetSystemDefault() => throw new NodaTime.TimeZones.DateTimeZoneNotFoundException("No zones.");

        public DateTimeZone? GetZoneOrNull(string id) => null;
    }
}
