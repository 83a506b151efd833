using System.Text.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Retention.Offers;

namespace Retention.Serialization;

/// <summary>Writes the canonical JSON form of an offer catalog: every member, in a fixed order.</summary>
internal static class CatalogWriter
{
    internal static void Write(Utf8JsonWriter writer, OfferCatalog catalog)
    {
        writer.WriteStartObject();
        writer.WriteString("currency", catalog.Currency.Code);
        writer.WriteStartObject("frequencyCaps");
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var cap = catalog.FrequencyCapOf(channel);
            if (cap.IsNone)
            {
                writer.WriteNull(OfferJsonNames.Channels.NameOf(channel));
                continue;
            }

            writer.WriteStartObject(OfferJsonNames.Channels.NameOf(channel));
            writer.WriteNumber("messages", cap.Messages);
            WriteDuration(writer, "window", cap.Window);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        if (catalog.QuietHours is { } quiet)
        {
            writer.WriteStartObject("quietHours");
            writer.WritePropertyName("start");
            NodaConverters.LocalTimeConverter.Write(writer, quiet.Start, NodaJson.Options);
            writer.WritePropertyName("end");
            NodaConverters.LocalTimeConverter.Write(writer, quiet.End, NodaJson.Options);
            writer.WriteString("policy", OfferJsonNames.Policies.NameOf(quiet.Policy));
            writer.WriteStartArray("channels");
            foreach (var channel in catalog.QuietChannels)
            {
                writer.WriteStringValue(OfferJsonNames.Channels.NameOf(channel));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("quietHours");
        }

        writer.WriteStartArray("budgets");
        foreach (var budget in catalog.Budgets)
        {
            writer.WriteStartObject();
            writer.WriteString("id", budget.Id);
            writer.WriteNumber("limit", budget.Limit.Amount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("offers");
        foreach (var offer in catalog.Offers)
        {
            WriteOffer(writer, offer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteOffer(Utf8JsonWriter writer, Offer offer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", offer.Id);
        writer.WriteString("kind", OfferJsonNames.Kinds.NameOf(offer.Kind));
        writer.WriteString("channel", OfferJsonNames.Channels.NameOf(offer.Channel));
        writer.WritePropertyName("rule");
        WriteRule(writer, offer.Rule);
        WriteDecimal(writer, "percent", offer.Percent);
        WriteDecimal(writer, "amount", offer.Amount?.Amount);
        WriteDecimal(writer, "pointsMultiplier", offer.PointsMultiplier);
        WriteString(writer, "category", offer.Category?.Value);
        WriteDecimal(writer, "margin", offer.Margin?.Amount);
        WriteDecimal(writer, "cost", offer.Cost?.Amount);
        WriteDecimal(writer, "contactCost", offer.ContactCost?.Amount);
        writer.WriteNumber("responseWeight", offer.ResponseWeight);
        writer.WriteNumber("priority", offer.Priority);
        WriteString(writer, "exclusiveGroup", offer.ExclusiveGroup);
        WriteDuration(writer, "cooldown", offer.Cooldown);
        if (offer.RedemptionLimit is { } limit)
        {
            writer.WriteNumber("redemptionLimit", limit);
        }
        else
        {
            writer.WriteNull("redemptionLimit");
        }

        WriteString(writer, "budget", offer.Budget);
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, OfferRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", OfferJsonNames.RuleKinds.NameOf(rule.Kind));
        switch (rule.Kind)
        {
            case OfferRuleKind.Always or OfferRuleKind.CartOpen or OfferRuleKind.WishlistNotEmpty:
                break;
            case OfferRuleKind.All or OfferRuleKind.Any:
                writer.WriteStartArray("rules");
                foreach (var child in rule.Rules)
                {
                    WriteRule(writer, child);
                }

                writer.WriteEndArray();
                break;
            case OfferRuleKind.Not:
                writer.WritePropertyName("rule");
                WriteRule(writer, rule.Rules[0]);
                break;
            case OfferRuleKind.Segment:
                writer.WriteStartArray("segments");
                foreach (var name in rule.Segments)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
                break;
            case OfferRuleKind.BoughtAny:
                writer.WriteStartArray("categories");
                foreach (var category in rule.Categories)
                {
                    writer.WriteStringValue(category.Value);
                }

                writer.WriteEndArray();
                break;
            case OfferRuleKind.Consent:
                writer.WriteString("channel", OfferJsonNames.Channels.NameOf(rule.Channel));
                break;
            case OfferRuleKind.LastOrderIn:
                writer.WriteString("category", rule.Categories[0].Value);
                WriteDecimal(writer, "min", rule.Min);
                WriteDecimal(writer, "max", rule.Max);
                break;
            default:
                WriteDecimal(writer, "min", rule.Min);
                WriteDecimal(writer, "max", rule.Max);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteDuration(Utf8JsonWriter writer, string name, Duration duration)
    {
        writer.WritePropertyName(name);
        ((System.Text.Json.Serialization.JsonConverter<Duration>)NodaConverters.DurationConverter).Write(writer, duration, NodaJson.Options);
    }

    private static void WriteDecimal(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
