using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Serialization;

/// <summary>
/// Reads one offer catalog document, collecting every problem with its JSON path before throwing: problems found while
/// reading first, in document order, then those the builder finds, with the builder's paths turned into JSON paths.
/// </summary>
internal sealed class CatalogReader
{
    internal const string Subject = "offer catalog JSON";

    private static readonly string[] RootMembers = ["currency", "frequencyCaps", "quietHours", "budgets", "offers"];
    private static readonly string[] CapMembers = ["messages", "window"];
    private static readonly string[] QuietMembers = ["start", "end", "policy", "channels"];
    private static readonly string[] BudgetMembers = ["id", "limit"];

    private static readonly string[] OfferMembers =
    [
        "id", "kind", "channel", "rule", "percent", "amount", "pointsMultiplier", "category", "margin", "cost", "contactCost",
        "responseWeight", "priority", "exclusiveGroup", "cooldown", "redemptionLimit", "budget",
    ];

    private readonly List<string> _errors = [];

    /// <summary>The JSON index of each offer and budget handed to the builder.</summary>
    private readonly List<int> _offerIndexes = [];

    private readonly List<int> _budgetIndexes = [];

    internal static OfferCatalog Read(ReadOnlyMemory<byte> utf8, SegmentMap segments)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new InvalidConfigurationException(Subject, ["$: the input is not valid UTF-8"]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new InvalidConfigurationException(Subject, [MalformedJson.Describe(utf8.Span, e)]);
        }

        using (document)
        {
            if (MalformedJson.FindUnpairedSurrogate(utf8.Span) is { } surrogate)
            {
                throw new InvalidConfigurationException(Subject, [surrogate]);
            }

            return new CatalogReader().ReadCatalog(document.RootElement, segments);
        }
    }

    private OfferCatalog ReadCatalog(JsonElement root, SegmentMap segments)
    {
        var members = Members(root, "$", RootMembers) ?? throw new InvalidConfigurationException(Subject, _errors);
        Currency? currency = null;
        if (Required(members, "$", "currency", out var element) && TryString(element, "$.currency", out var code))
        {
            try
            {
                currency = Currency.FromCode(code);
            }
            catch (InvalidValueException e)
            {
                Error("$.currency", e.Value + " " + e.Rule);
            }
        }

        var catalogCurrency = currency ?? default;
        var builder = OfferCatalog.CreateBuilder(catalogCurrency).Segments(segments);
        if (members.TryGetValue("frequencyCaps", out element) && Members(element, "$.frequencyCaps", [.. Enum.GetValues<Channel>().Select(OfferJsonNames.Channels.NameOf)]) is { } caps)
        {
            foreach (var (name, value) in caps)
            {
                var path = "$.frequencyCaps." + name;
                if (OfferJsonNames.Channels.TryParse(name, out var channel) && ReadCap(value, path) is { } cap)
                {
                    builder.FrequencyCap(channel, cap);
                }
            }
        }

        if (members.TryGetValue("quietHours", out element) && element.ValueKind != JsonValueKind.Null)
        {
            ReadQuietHours(element, "$.quietHours", builder);
        }

        if (members.TryGetValue("budgets", out element))
        {
            ReadArray(element, "$.budgets", (item, path, index) =>
            {
                if (Members(item, path, BudgetMembers) is not { } budget)
                {
                    return;
                }

                var id = Required(budget, path, "id", out var value) && TryString(value, path + ".id", out var text) ? text : null;
                decimal? limit = Required(budget, path, "limit", out value) && TryDecimal(value, path + ".limit", out var amount) ? amount : null;
                if (id is not null && limit is { } l)
                {
                    builder.Budget(id, new Money(l, catalogCurrency));
                    _budgetIndexes.Add(index);
                }
            });
        }

        if (members.TryGetValue("offers", out element))
        {
            ReadArray(element, "$.offers", (item, path, index) =>
            {
                if (ReadOffer(item, path, catalogCurrency) is { } offer)
                {
                    builder.Add(offer);
                    _offerIndexes.Add(index);
                }
            });
        }

        OfferCatalog? catalog = null;
        try
        {
            catalog = builder.Build();
        }
        catch (InvalidConfigurationException e)
        {
            _errors.AddRange(e.Errors.Select(BuilderError));
        }

        if (_errors.Count > 0 || catalog is null)
        {
            throw new InvalidConfigurationException(Subject, _errors);
        }

        return catalog;
    }

    private FrequencyCap? ReadCap(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return FrequencyCap.None;
        }

        if (Members(element, path, CapMembers) is not { } members)
        {
            return null;
        }

        int? messages = Required(members, path, "messages", out var value) && TryInt(value, path + ".messages", out var count) ? count : null;
        var window = Required(members, path, "window", out value) ? ReadDuration(value, path + ".window") : null;
        if (messages is not { } m || window is not { } w)
        {
            return null;
        }

        try
        {
            return new FrequencyCap(m, w);
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }
    }

    private void ReadQuietHours(JsonElement element, string path, OfferCatalogBuilder builder)
    {
        if (Members(element, path, QuietMembers) is not { } members)
        {
            return;
        }

        var start = Required(members, path, "start", out var value) ? ReadTime(value, path + ".start") : null;
        var end = Required(members, path, "end", out value) ? ReadTime(value, path + ".end") : null;
        QuietHoursPolicy? policy = Required(members, path, "policy", out value) && TryEnum(value, path + ".policy", OfferJsonNames.Policies, out var p) ? p : null;
        var channels = new List<Channel>();
        if (Required(members, path, "channels", out value))
        {
            ReadArray(value, path + ".channels", (item, itemPath, _) =>
            {
                if (TryEnum(item, itemPath, OfferJsonNames.Channels, out var channel))
                {
                    channels.Add(channel);
                }
            });
        }

        if (start is { } s && end is { } e && policy is { } q)
        {
            try
            {
                builder.QuietHours(new QuietHours(s, e, q), channels);
            }
            catch (InvalidValueException error)
            {
                Rejected(path, error);
            }
        }
    }

    private Offer? ReadOffer(JsonElement element, string path, Currency currency)
    {
        if (Members(element, path, OfferMembers) is not { } members)
        {
            return null;
        }

        var id = Required(members, path, "id", out var value) && TryString(value, path + ".id", out var text) ? text : null;
        OfferKind? kind = Required(members, path, "kind", out value) && TryEnum(value, path + ".kind", OfferJsonNames.Kinds, out var k) ? k : null;
        Channel? channel = Required(members, path, "channel", out value) && TryEnum(value, path + ".channel", OfferJsonNames.Channels, out var c) ? c : null;
        var ok = true;
        var rule = OfferRule.Always;
        if (members.TryGetValue("rule", out value))
        {
            var read = ReadRule(value, path + ".rule");
            ok &= read is not null;
            rule = read ?? rule;
        }

        ok &= OptionalDecimal(members, path, "percent", out var percent);
        ok &= OptionalDecimal(members, path, "amount", out var amount);
        ok &= OptionalDecimal(members, path, "pointsMultiplier", out var multiplier);
        ok &= OptionalString(members, path, "category", out var category);
        ok &= OptionalDecimal(members, path, "margin", out var margin);
        ok &= OptionalDecimal(members, path, "cost", out var cost);
        ok &= OptionalDecimal(members, path, "contactCost", out var contactCost);
        var weight = 1d;
        if (members.TryGetValue("responseWeight", out value))
        {
            ok &= TryDouble(value, path + ".responseWeight", out weight);
        }

        var priority = 0;
        if (members.TryGetValue("priority", out value))
        {
            ok &= TryInt(value, path + ".priority", out priority);
        }

        ok &= OptionalString(members, path, "exclusiveGroup", out var group);
        var cooldown = Duration.Zero;
        if (members.TryGetValue("cooldown", out value))
        {
            var read = ReadDuration(value, path + ".cooldown");
            ok &= read is not null;
            cooldown = read ?? cooldown;
        }

        int? limit = null;
        if (members.TryGetValue("redemptionLimit", out value) && value.ValueKind != JsonValueKind.Null)
        {
            ok &= TryInt(value, path + ".redemptionLimit", out var l);
            limit = l;
        }

        ok &= OptionalString(members, path, "budget", out var budget);
        CategoryId? categoryId = null;
        if (category is not null)
        {
            try
            {
                categoryId = new CategoryId(category);
            }
            catch (InvalidValueException e)
            {
                Error(path + ".category", e.Value + " " + e.Rule);
                ok = false;
            }
        }

        if (!ok || id is null || kind is null || channel is null)
        {
            return null;
        }

        try
        {
            return new Offer(id, kind.Value, channel.Value)
            {
                Rule = rule,
                Percent = percent,
                Amount = Money(amount),
                PointsMultiplier = multiplier,
                Category = categoryId,
                Margin = Money(margin),
                Cost = Money(cost),
                ContactCost = Money(contactCost),
                ResponseWeight = weight,
                Priority = priority,
                ExclusiveGroup = group,
                Cooldown = cooldown,
                RedemptionLimit = limit,
                Budget = budget,
            };
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }

        Money? Money(decimal? value) => value is { } v ? new Money(v, currency) : null;
    }

    private OfferRule? ReadRule(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Expected(path, "an object", element);
            return null;
        }

        if (!element.TryGetProperty("kind", out var kindElement))
        {
            Error(path + ".kind", "missing required property");
            return null;
        }

        if (!TryEnum(kindElement, path + ".kind", OfferJsonNames.RuleKinds, out var kind) || Members(element, path, OfferJsonNames.RuleMembers(kind)) is not { } members)
        {
            return null;
        }

        try
        {
            switch (kind)
            {
                case OfferRuleKind.Always:
                    return OfferRule.Always;
                case OfferRuleKind.All or OfferRuleKind.Any:
                    {
                        var children = new List<OfferRule>();
                        var ok = true;
                        if (Required(members, path, "rules", out var rules))
                        {
                            ReadArray(rules, path + ".rules", (item, itemPath, _) =>
                            {
                                if (ReadRule(item, itemPath) is { } child)
                                {
                                    children.Add(child);
                                }
                                else
                                {
                                    ok = false;
                                }
                            });
                        }
                        else
                        {
                            ok = false;
                        }

                        return !ok ? null : kind == OfferRuleKind.All ? OfferRule.All(children) : OfferRule.Any(children);
                    }

                case OfferRuleKind.Not:
                    return Required(members, path, "rule", out var inner) && ReadRule(inner, path + ".rule") is { } negated ? OfferRule.Not(negated) : null;
                case OfferRuleKind.Segment:
                    return Required(members, path, "segments", out var segments) && Strings(segments, path + ".segments") is { } names ? OfferRule.InSegment(names) : null;
                case OfferRuleKind.BoughtAny:
                    return Required(members, path, "categories", out var categories) && Strings(categories, path + ".categories") is { } ids
                        ? OfferRule.BoughtAny(ids.Select(i => new CategoryId(i)))
                        : null;
                case OfferRuleKind.Consent:
                    return Required(members, path, "channel", out var channel) && TryEnum(channel, path + ".channel", OfferJsonNames.Channels, out var c) ? OfferRule.HasConsent(c) : null;
                case OfferRuleKind.LastOrderIn:
                    {
                        var category = Required(members, path, "category", out var value) && TryString(value, path + ".category", out var text) ? text : null;
                        var bounds = OptionalDecimal(members, path, "min", out var min) & OptionalDecimal(members, path, "max", out var max);
                        if (category is null || !bounds)
                        {
                            return null;
                        }

                        var m = min ?? -1m;
                        if (m != decimal.Truncate(m) || m is < 0m or > int.MaxValue)
                        {
                            Error(path + ".min", (min is null ? "null" : Render(m)) + " must be a whole number of days from 0");
                            return null;
                        }

                        if (max is { } x && (x != decimal.Truncate(x) || x is < int.MinValue or > int.MaxValue))
                        {
                            Error(path + ".max", Render(x) + " must be a whole number of days or null");
                            return null;
                        }

                        return OfferRule.LastOrderIn(new CategoryId(category), (int)m, max is { } y ? (int)y : null);
                    }

                default:
                    {
                        var bounds = OptionalDecimal(members, path, "min", out var min) & OptionalDecimal(members, path, "max", out var max);
                        return bounds ? OfferRule.Bounded(kind, min, max) : null;
                    }
            }
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }
    }

    private List<string>? Strings(JsonElement element, string path)
    {
        var list = new List<string>();
        var ok = true;
        if (element.ValueKind != JsonValueKind.Array)
        {
            Expected(path, "an array", element);
            return null;
        }

        ReadArray(element, path, (item, itemPath, _) =>
        {
            if (TryString(item, itemPath, out var text))
            {
                list.Add(text);
            }
            else
            {
                ok = false;
            }
        });
        return ok ? list : null;
    }

    private Duration? ReadDuration(JsonElement element, string path)
    {
        if (!TryString(element, path, out var text))
        {
            return null;
        }

        try
        {
            return Convert(element, (JsonConverter<Duration>)NodaConverters.DurationConverter);
        }
        catch (JsonException e) when (e.InnerException is UnparsableValueException)
        {
            Error(path, Quote(text) + " is not a NodaTime duration such as \"168:00:00\" (hours:minutes:seconds)");
            return null;
        }
    }

    private LocalTime? ReadTime(JsonElement element, string path)
    {
        if (!TryString(element, path, out var text))
        {
            return null;
        }

        try
        {
            return Convert(element, NodaConverters.LocalTimeConverter);
        }
        catch (JsonException e) when (e.InnerException is UnparsableValueException)
        {
            Error(path, Quote(text) + " is not an ISO local time such as \"21:00:00\"");
            return null;
        }
    }

    private static T Convert<T>(JsonElement element, JsonConverter<T> converter)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(element));
        reader.Read();
        return converter.Read(ref reader, typeof(T), NodaJson.Options)!;
    }

    private bool OptionalDecimal(Dictionary<string, JsonElement> members, string path, string name, out decimal? value)
    {
        value = null;
        if (!members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var d))
        {
            value = d;
            return true;
        }

        return Expected(path + "." + name, "a decimal number or null", element);
    }

    private bool OptionalString(Dictionary<string, JsonElement> members, string path, string name, out string? value)
    {
        value = null;
        if (!members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString();
            return true;
        }

        return Expected(path + "." + name, "a string or null", element);
    }

    private void ReadArray(JsonElement element, string path, Action<JsonElement, string, int> readItem)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Expected(path, "an array", element);
            return;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            readItem(item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", index);
            index++;
        }
    }

    private Dictionary<string, JsonElement>? Members(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Expected(path, "an object", element);
            return null;
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var memberPath = path + "." + property.Name;
            if (Array.IndexOf(known, property.Name) < 0)
            {
                Error(memberPath, "unknown property");
            }
            else if (!members.TryAdd(property.Name, property.Value))
            {
                Error(memberPath, "duplicate property");
            }
        }

        return members;
    }

    private bool Required(Dictionary<string, JsonElement> members, string path, string name, out JsonElement value)
    {
        if (members.TryGetValue(name, out value))
        {
            return true;
        }

        Error(path + "." + name, "missing required property");
        return false;
    }

    private bool TryString(JsonElement element, string path, out string value)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return Expected(path, "a string", element);
    }

    private bool TryDecimal(JsonElement element, string path, out decimal value)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out value))
        {
            return true;
        }

        value = 0m;
        return Expected(path, "a decimal number", element);
    }

    private bool TryDouble(JsonElement element, string path, out double value)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value))
        {
            return true;
        }

        value = 0d;
        return Expected(path, "a finite number", element);
    }

    private bool TryInt(JsonElement element, string path, out int value)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value))
        {
            return true;
        }

        value = 0;
        return Expected(path, "a whole number from -2147483648 to 2147483647", element);
    }

    private bool TryEnum<T>(JsonElement element, string path, EnumNames<T> names, out T value)
        where T : struct, Enum
    {
        if (element.ValueKind == JsonValueKind.String && names.TryParse(element.GetString()!, out value))
        {
            return true;
        }

        value = default;
        return Expected(path, "one of " + names.Expected, element);
    }

    /// <summary>Reports a core rejection at the member it names: the core's field <c>rule.min</c> becomes
    /// <c><paramref name="path"/>.min</c>.</summary>
    private void Rejected(string path, InvalidValueException e)
    {
        var dot = e.Field.IndexOf('.', StringComparison.Ordinal);
        Error(dot < 0 ? path : path + e.Field[dot..], e.Value + " " + e.Rule);
    }

    /// <summary>Turns a builder error (<c>offers[2].percent: ...</c>) into a JSON one, with the index of the element in
    /// the document rather than among the elements valid enough to add.</summary>
    private string BuilderError(string error)
    {
        foreach (var (prefix, indexes) in new[] { ("offers[", _offerIndexes), ("budgets[", _budgetIndexes) })
        {
            if (!error.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var close = error.IndexOf(']', prefix.Length);
            if (close > 0
                && int.TryParse(error.AsSpan(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < indexes.Count)
            {
                return "$." + prefix + indexes[index].ToString(CultureInfo.InvariantCulture) + error[close..];
            }
        }

        return "$." + error;
    }

    private bool Expected(string path, string what, JsonElement actual)
    {
        if (actual.ValueKind != JsonValueKind.Undefined)
        {
            Error(path, "expected " + what + ", got " + Describe(actual));
        }

        return false;
    }

    private void Error(string path, string message) => _errors.Add(path + ": " + message);

    private static string Render(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => Quote(element.GetString()!),
        _ => Shorten(element.GetRawText()),
    };

    private static string Quote(string text) => Shorten("\"" + text + "\"");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
