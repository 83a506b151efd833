using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;
using NodaTime.TimeZones;
using Retention.Loyalty;

namespace Retention.Serialization;

/// <summary>
/// Reads one program document, collecting every problem with its JSON path before throwing. Members are read in the
/// order of the canonical form, so errors come out in that order, followed by the builder's own errors.
/// </summary>
internal sealed class ProgramReader
{
    internal const string Subject = "points program JSON";

    private static readonly string[] RootMembers =
        ["name", "currency", "timeZone", "earning", "limits", "tiers", "campaigns", "bonuses", "birthday", "returnWindow", "expiry", "clawback", "rewards"];

    private static readonly string[] EarningMembers =
    [
        "pointsPerUnit", "rounding", "roundingScope", "netOfDiscounts", "includeShipping", "includeTax", "excludedProducts",
        "excludedCategories", "minimumOrderValue", "maxPerOrder", "productMultipliers", "categoryMultipliers",
    ];

    private static readonly string[] LimitsMembers = ["maxPerDay", "maxPerMonth"];
    private static readonly string[] LadderMembers = ["basis", "window", "gracePeriod", "maxLevelsDown", "levels"];
    private static readonly string[] WindowMembers = ["kind", "months"];
    private static readonly string[] TierMembers = ["name", "threshold", "benefits"];
    private static readonly string[] BenefitsMembers = ["earningMultiplier", "freeShipping", "earlyAccess", "exclusiveOffers", "birthdayPoints"];
    private static readonly string[] CampaignMembers = ["name", "start", "end", "multiplier"];
    private static readonly string[] BonusMembers = ["trigger", "points", "oncePerCustomer", "maxPerDay", "maxPerMonth"];
    private static readonly string[] ExpiryMembers = ["kind", "months"];
    private static readonly string[] RewardMembers = ["id", "cost", "kind", "amount", "percent", "product"];

    private readonly List<string> _errors = [];
    private readonly JsonConverter<DateTimeZone> _zoneConverter;

    /// <summary>The JSON index of each bonus and reward handed to the builder, to put the builder's paths right when an
    /// invalid element was skipped.</summary>
    private readonly List<(ActionBonus Bonus, int Index)> _bonuses = [];

    private readonly List<int> _rewardIndexes = [];

    private ProgramReader(IDateTimeZoneProvider zones)
    {
        _zoneConverter = NodaConverters.CreateDateTimeZoneConverter(zones);
    }

    internal static PointsProgram Read(ReadOnlyMemory<byte> utf8, IDateTimeZoneProvider zones)
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

            return new ProgramReader(zones).ReadProgram(document.RootElement);
        }
    }

    private PointsProgram ReadProgram(JsonElement root)
    {
        var members = Members(root, "$", RootMembers);
        if (members is null)
        {
            throw new InvalidConfigurationException(Subject, _errors);
        }

        var name = Required(members, "$", "name", out var element) && TryString(element, "$.name", out var text) ? text : null;
        Currency? currency = null;
        if (Required(members, "$", "currency", out element) && TryString(element, "$.currency", out text))
        {
            currency = Core("$.currency", () => Currency.FromCode(text));
        }

        DateTimeZone? zone = null;
        if (Required(members, "$", "timeZone", out element))
        {
            zone = ReadZone(element, "$.timeZone");
        }

        // Without a valid name, currency or zone, read on with stand-ins to find the remaining problems; the stand-ins
        // break no rule, so they add no error of their own, and the errors are thrown before a program is returned.
        var programCurrency = currency ?? default;
        var builder = PointsProgram.CreateBuilder(name ?? "unnamed", programCurrency, zone ?? DateTimeZone.Utc);

        if (members.TryGetValue("earning", out element))
        {
            ReadEarning(element, "$.earning", builder, programCurrency);
        }

        if (members.TryGetValue("limits", out element) && Members(element, "$.limits", LimitsMembers) is { } limits)
        {
            if (limits.TryGetValue("maxPerDay", out var cap) && TryCap(cap, "$.limits.maxPerDay", out var value))
            {
                builder.MaxPerDay(value);
            }

            if (limits.TryGetValue("maxPerMonth", out cap) && TryCap(cap, "$.limits.maxPerMonth", out value))
            {
                builder.MaxPerMonth(value);
            }
        }

        if (members.TryGetValue("tiers", out element) && element.ValueKind != JsonValueKind.Null && ReadLadder(element, "$.tiers") is { } ladder)
        {
            builder.Tiers(ladder);
        }

        if (members.TryGetValue("campaigns", out element))
        {
            ReadArray(element, "$.campaigns", (item, path, _) =>
            {
                if (ReadCampaign(item, path) is { } campaign && (zone is null || InRange(campaign, zone, path)))
                {
                    builder.Campaign(campaign);
                }
            });
        }

        if (members.TryGetValue("bonuses", out element))
        {
            ReadArray(element, "$.bonuses", (item, path, index) =>
            {
                if (ReadBonus(item, path) is { } bonus)
                {
                    builder.Bonus(bonus);
                    _bonuses.Add((bonus, index));
                }
            });
        }

        if (members.TryGetValue("birthday", out element) && TryEnum(element, "$.birthday", JsonNames.BirthdayModes, out var birthday))
        {
            builder.Birthday(birthday);
        }

        if (members.TryGetValue("returnWindow", out element) && ReadPeriod(element, "$.returnWindow") is { } period)
        {
            builder.ReturnWindow(period);
        }

        if (members.TryGetValue("expiry", out element) && ReadExpiry(element, "$.expiry") is { } rule)
        {
            builder.Expiry(rule);
        }

        if (members.TryGetValue("clawback", out element) && TryEnum(element, "$.clawback", JsonNames.ClawbackPolicies, out var clawback))
        {
            builder.Clawback(clawback);
        }

        if (members.TryGetValue("rewards", out element))
        {
            ReadArray(element, "$.rewards", (item, path, index) =>
            {
                if (ReadReward(item, path, programCurrency) is { } reward)
                {
                    builder.Reward(reward);
                    _rewardIndexes.Add(index);
                }
            });
        }

        PointsProgram? program = null;
        try
        {
            program = builder.Build();
        }
        catch (InvalidConfigurationException e)
        {
            _errors.AddRange(e.Errors.Select(BuilderError));
        }

        if (_errors.Count > 0 || program is null)
        {
            throw new InvalidConfigurationException(Subject, _errors);
        }

        return program;
    }

    private void ReadEarning(JsonElement element, string path, PointsProgramBuilder builder, Currency currency)
    {
        if (Members(element, path, EarningMembers) is not { } members)
        {
            return;
        }

        var pointsPerUnit = 1m;
        var rounding = PointsRounding.Floor;
        var scope = RoundingScope.PerOrder;
        if (members.TryGetValue("pointsPerUnit", out var value) && TryDecimal(value, path + ".pointsPerUnit", out var rate))
        {
            pointsPerUnit = rate;
        }

        if (members.TryGetValue("rounding", out value) && TryEnum(value, path + ".rounding", JsonNames.Roundings, out var r))
        {
            rounding = r;
        }

        if (members.TryGetValue("roundingScope", out value) && TryEnum(value, path + ".roundingScope", JsonNames.Scopes, out var s))
        {
            scope = s;
        }

        builder.EarnPerUnit(pointsPerUnit, rounding, scope);

        var netOfDiscounts = true;
        var includeShipping = false;
        var includeTax = false;
        if (members.TryGetValue("netOfDiscounts", out value) && TryBoolean(value, path + ".netOfDiscounts", out var flag))
        {
            netOfDiscounts = flag;
        }

        if (members.TryGetValue("includeShipping", out value) && TryBoolean(value, path + ".includeShipping", out flag))
        {
            includeShipping = flag;
        }

        if (members.TryGetValue("includeTax", out value) && TryBoolean(value, path + ".includeTax", out flag))
        {
            includeTax = flag;
        }

        builder.Basis(netOfDiscounts, includeShipping, includeTax);

        if (members.TryGetValue("excludedProducts", out value))
        {
            var products = new List<ProductId>();
            ReadArray(value, path + ".excludedProducts", (item, itemPath, _) =>
            {
                if (TryString(item, itemPath, out var id) && Core(itemPath, () => new ProductId(id)) is { } product)
                {
                    products.Add(product);
                }
            });
            builder.ExcludeProducts(products);
        }

        if (members.TryGetValue("excludedCategories", out value))
        {
            var categories = new List<CategoryId>();
            ReadArray(value, path + ".excludedCategories", (item, itemPath, _) =>
            {
                if (TryString(item, itemPath, out var id) && Core(itemPath, () => new CategoryId(id)) is { } category)
                {
                    categories.Add(category);
                }
            });
            builder.ExcludeCategories(categories);
        }

        if (members.TryGetValue("minimumOrderValue", out value) && TryDecimal(value, path + ".minimumOrderValue", out var minimum))
        {
            builder.MinimumOrderValue(new Money(minimum, currency));
        }

        if (members.TryGetValue("maxPerOrder", out value) && TryCap(value, path + ".maxPerOrder", out var cap))
        {
            builder.MaxPerOrder(cap);
        }

        if (members.TryGetValue("productMultipliers", out value))
        {
            foreach (var (key, multiplier) in Multipliers(value, path + ".productMultipliers"))
            {
                if (Core(path + ".productMultipliers." + key, () => new ProductId(key)) is { } product)
                {
                    builder.ProductMultiplier(product, multiplier);
                }
            }
        }

        if (members.TryGetValue("categoryMultipliers", out value))
        {
            foreach (var (key, multiplier) in Multipliers(value, path + ".categoryMultipliers"))
            {
                if (Core(path + ".categoryMultipliers." + key, () => new CategoryId(key)) is { } category)
                {
                    builder.CategoryMultiplier(category, multiplier);
                }
            }
        }
    }

    /// <summary>
    /// Reads a tier ladder and runs the ladder's own checks, reporting them at their JSON paths. The checks compare
    /// neighbouring levels, so they run only when every level was read; a basis, window, grace period or level limit
    /// that could not be read is replaced by a stand-in that breaks no rule (for the window the longest one, so that only
    /// a grace period too long for any window is reported), and the errors already reported stop the program from being
    /// returned. The ladder reports its own problems in its own order: levels, then the level limit, then the grace
    /// period.
    /// </summary>
    private TierLadder? ReadLadder(JsonElement element, string path)
    {
        if (Members(element, path, LadderMembers) is not { } members)
        {
            return null;
        }

        var basis = TierBasis.Points;
        if (Required(members, path, "basis", out var value))
        {
            _ = TryEnum(value, path + ".basis", JsonNames.TierBases, out basis);
        }

        var window = QualificationWindow.RollingMonths(120);
        if (Required(members, path, "window", out value) && ReadWindow(value, path + ".window") is { } read)
        {
            window = read;
        }

        Period? grace = null;
        if (members.TryGetValue("gracePeriod", out value))
        {
            grace = ReadPeriod(value, path + ".gracePeriod");
        }

        int? maxLevelsDown = null;
        if (members.TryGetValue("maxLevelsDown", out value))
        {
            _ = TryCount(value, path + ".maxLevelsDown", out maxLevelsDown);
        }

        if (!Required(members, path, "levels", out value))
        {
            return null;
        }

        var tiers = new List<Tier>();
        var everyLevel = value.ValueKind == JsonValueKind.Array;
        ReadArray(value, path + ".levels", (item, itemPath, _) =>
        {
            if (ReadTier(item, itemPath) is { } tier)
            {
                tiers.Add(tier);
            }
            else
            {
                everyLevel = false;
            }
        });
        if (!everyLevel)
        {
            return null;
        }

        try
        {
            return new TierLadder(basis, window, tiers, grace, maxLevelsDown);
        }
        catch (InvalidConfigurationException e)
        {
            // The ladder names its members from "tiers" (tiers.levels[1].threshold), as the document does.
            const string Prefix = "tiers";
            _errors.AddRange(e.Errors.Select(error => error.StartsWith(Prefix + ".", StringComparison.Ordinal) ? path + error[Prefix.Length..] : path + ": " + error));
            return null;
        }
    }

    private QualificationWindow? ReadWindow(JsonElement element, string path)
    {
        if (Members(element, path, WindowMembers) is not { } members)
        {
            return null;
        }

        if (!Required(members, path, "kind", out var value) || !TryEnum(value, path + ".kind", JsonNames.WindowKinds, out var kind))
        {
            return null;
        }

        if (kind != QualificationWindowKind.RollingMonths)
        {
            if (members.ContainsKey("months"))
            {
                Error(path + ".months", "not used when kind is \"" + JsonNames.WindowKinds.NameOf(kind) + "\"");
                return null;
            }

            return kind switch
            {
                QualificationWindowKind.CalendarYear => QualificationWindow.CalendarYear,
                QualificationWindowKind.MembershipYear => QualificationWindow.MembershipYear,
                _ => QualificationWindow.Lifetime,
            };
        }

        if (!Required(members, path, "months", out value) || !TryInt(value, path + ".months", out var months))
        {
            return null;
        }

        try
        {
            return QualificationWindow.RollingMonths(months);
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }
    }

    private Tier? ReadTier(JsonElement element, string path)
    {
        if (Members(element, path, TierMembers) is not { } members)
        {
            return null;
        }

        var ok = Required(members, path, "name", out var value) & TryString(value, path + ".name", out var name);
        ok &= Required(members, path, "threshold", out value) & TryDecimal(value, path + ".threshold", out var threshold);
        var benefits = TierBenefits.None;
        if (members.TryGetValue("benefits", out value))
        {
            if (ReadBenefits(value, path + ".benefits") is { } read)
            {
                benefits = read;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? CoreObject(path, () => new Tier(name, threshold, benefits)) : null;
    }

    /// <summary>Reads a tier's benefits, setting each on its own so that every value the core rejects is reported.</summary>
    private TierBenefits? ReadBenefits(JsonElement element, string path)
    {
        if (Members(element, path, BenefitsMembers) is not { } members)
        {
            return null;
        }

        var benefits = TierBenefits.None;
        var ok = true;
        if (members.TryGetValue("earningMultiplier", out var value))
        {
            ok &= TryDecimal(value, path + ".earningMultiplier", out var multiplier) && Set(b => b with { EarningMultiplier = multiplier });
        }

        if (members.TryGetValue("freeShipping", out value))
        {
            ok &= TryBoolean(value, path + ".freeShipping", out var flag) && Set(b => b with { FreeShipping = flag });
        }

        if (members.TryGetValue("earlyAccess", out value))
        {
            ok &= TryBoolean(value, path + ".earlyAccess", out var flag) && Set(b => b with { EarlyAccess = flag });
        }

        if (members.TryGetValue("exclusiveOffers", out value))
        {
            ok &= TryBoolean(value, path + ".exclusiveOffers", out var flag) && Set(b => b with { ExclusiveOffers = flag });
        }

        if (members.TryGetValue("birthdayPoints", out value))
        {
            ok &= TryCap(value, path + ".birthdayPoints", out var points) && Set(b => b with { BirthdayPoints = points });
        }

        return ok ? benefits : null;

        // The core checks each benefit as it is set (benefits.earningMultiplier becomes path.earningMultiplier).
        bool Set(Func<TierBenefits, TierBenefits> change)
        {
            if (CoreObject(path, () => change(benefits)) is not { } next)
            {
                return false;
            }

            benefits = next;
            return true;
        }
    }

    private Campaign? ReadCampaign(JsonElement element, string path)
    {
        if (Members(element, path, CampaignMembers) is not { } members)
        {
            return null;
        }

        var ok = Required(members, path, "name", out var value) & TryString(value, path + ".name", out var name);
        LocalDateTime? start = Required(members, path, "start", out value) ? ReadLocalDateTime(value, path + ".start") : null;
        LocalDateTime? end = Required(members, path, "end", out value) ? ReadLocalDateTime(value, path + ".end") : null;
        ok &= Required(members, path, "multiplier", out value) & TryDecimal(value, path + ".multiplier", out var multiplier);
        if (!ok || start is not { } from || end is not { } to)
        {
            return null;
        }

        try
        {
            return new Campaign(name, from, to, multiplier);
        }
        catch (InvalidValueException e)
        {
            // The core renders local date-times in the invariant culture's general form; show them as the JSON has them.
            Rejected(path, e, text => text
                .Replace(from.ToString(null, CultureInfo.InvariantCulture), LocalDateTimePattern.ExtendedIso.Format(from), StringComparison.Ordinal)
                .Replace(to.ToString(null, CultureInfo.InvariantCulture), LocalDateTimePattern.ExtendedIso.Format(to), StringComparison.Ordinal));
            return null;
        }
    }

    /// <summary>Checks that the campaign's local times map to instants in the zone, as the program will need: near the
    /// ends of NodaTime's range an offset can push them out of it.</summary>
    private bool InRange(Campaign campaign, DateTimeZone zone, string path)
    {
        var ok = true;
        foreach (var (member, value) in (ReadOnlySpan<(string, LocalDateTime)>)[("start", campaign.Start), ("end", campaign.End)])
        {
            try
            {
                _ = zone.AtLeniently(value).ToInstant();
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                Error(path + "." + member, LocalDateTimePattern.ExtendedIso.Format(value) + " is outside the range of instants in time zone " + Quote(zone.Id));
                ok = false;
            }
        }

        return ok;
    }

    private ActionBonus? ReadBonus(JsonElement element, string path)
    {
        if (Members(element, path, BonusMembers) is not { } members)
        {
            return null;
        }

        var ok = Required(members, path, "trigger", out var value) & TryEnum(value, path + ".trigger", JsonNames.Triggers, out var trigger);
        ok &= Required(members, path, "points", out value) & TryWhole(value, path + ".points", out var points);
        var once = false;
        int? maxPerDay = null;
        int? maxPerMonth = null;
        if (members.TryGetValue("oncePerCustomer", out value))
        {
            ok &= TryBoolean(value, path + ".oncePerCustomer", out once);
        }

        if (members.TryGetValue("maxPerDay", out value))
        {
            ok &= TryCount(value, path + ".maxPerDay", out maxPerDay);
        }

        if (members.TryGetValue("maxPerMonth", out value))
        {
            ok &= TryCount(value, path + ".maxPerMonth", out maxPerMonth);
        }

        return ok ? CoreObject(path, () => new ActionBonus(trigger, new Points(points), once, maxPerDay, maxPerMonth)) : null;
    }

    private PointsExpiry? ReadExpiry(JsonElement element, string path)
    {
        if (Members(element, path, ExpiryMembers) is not { } members)
        {
            return null;
        }

        if (!Required(members, path, "kind", out var value) || !TryEnum(value, path + ".kind", JsonNames.ExpiryKinds, out var kind))
        {
            return null;
        }

        if (kind == ExpiryKind.Never)
        {
            if (members.ContainsKey("months"))
            {
                Error(path + ".months", "not used when kind is \"never\"");
                return null;
            }

            return PointsExpiry.Never;
        }

        if (!Required(members, path, "months", out value) || !TryInt(value, path + ".months", out var months))
        {
            return null;
        }

        try
        {
            return kind == ExpiryKind.AfterEarning ? PointsExpiry.AfterEarning(months) : PointsExpiry.AfterInactivity(months);
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }
    }

    private Reward? ReadReward(JsonElement element, string path, Currency currency)
    {
        if (Members(element, path, RewardMembers) is not { } members)
        {
            return null;
        }

        var ok = Required(members, path, "id", out var value) & TryString(value, path + ".id", out var id);
        ok &= Required(members, path, "cost", out value) & TryWhole(value, path + ".cost", out var cost);
        if (!Required(members, path, "kind", out value) || !TryEnum(value, path + ".kind", JsonNames.RewardKinds, out var kind))
        {
            return null;
        }

        var used = kind switch
        {
            RewardKind.AmountOff => "amount",
            RewardKind.PercentOff => "percent",
            RewardKind.FreeProduct => "product",
            _ => null,
        };
        foreach (var member in (ReadOnlySpan<string>)["amount", "percent", "product"])
        {
            if (member != used && members.ContainsKey(member))
            {
                Error(path + "." + member, "not used when kind is \"" + JsonNames.RewardKinds.NameOf(kind) + "\"");
                ok = false;
            }
        }

        decimal amount = 0m;
        string product = string.Empty;
        if (used is not null)
        {
            ok &= Required(members, path, used, out value) && kind switch
            {
                RewardKind.AmountOff => TryDecimal(value, path + ".amount", out amount),
                RewardKind.PercentOff => TryDecimal(value, path + ".percent", out amount),
                _ => TryString(value, path + ".product", out product),
            };
        }

        if (!ok)
        {
            return null;
        }

        return kind switch
        {
            RewardKind.AmountOff => CoreObject(path, () => Reward.AmountOff(id, new Points(cost), new Money(amount, currency))),
            RewardKind.PercentOff => CoreObject(path, () => Reward.PercentOff(id, new Points(cost), amount)),
            RewardKind.FreeShipping => CoreObject(path, () => Reward.FreeShipping(id, new Points(cost))),
            _ => Core(path + ".product", () => new ProductId(product)) is { } productId
                ? CoreObject(path, () => Reward.FreeProduct(id, new Points(cost), productId))
                : null,
        };
    }

    private DateTimeZone? ReadZone(JsonElement element, string path)
    {
        if (!TryString(element, path, out var id))
        {
            return null;
        }

        try
        {
            return Convert(element, _zoneConverter);
        }
        catch (JsonException e) when (e.InnerException is DateTimeZoneNotFoundException)
        {
            Error(path, Quote(id) + " is not a time zone known to the provider");
            return null;
        }
    }

    private LocalDateTime? ReadLocalDateTime(JsonElement element, string path)
    {
        if (!TryString(element, path, out var text))
        {
            return null;
        }

        try
        {
            return Convert(element, NodaConverters.LocalDateTimeConverter);
        }
        catch (JsonException e) when (e.InnerException is UnparsableValueException)
        {
            Error(path, Quote(text) + " is not an ISO local date-time such as \"2026-11-27T00:00:00\"");
            return null;
        }
    }

    private Period? ReadPeriod(JsonElement element, string path)
    {
        if (!TryString(element, path, out var text))
        {
            return null;
        }

        try
        {
            return Convert(element, NodaConverters.RoundtripPeriodConverter);
        }
        catch (JsonException e) when (e.InnerException is UnparsableValueException)
        {
            Error(path, Quote(text) + " is not a NodaTime round-trip period such as \"P30D\" or \"P1MT12H\"");
            return null;
        }
    }

    /// <summary>Runs a NodaTime converter over the element's own UTF-8 text, as the serializer would.</summary>
    private static T Convert<T>(JsonElement element, JsonConverter<T> converter)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(element));
        reader.Read();
        return converter.Read(ref reader, typeof(T), NodaJson.Options)!;
    }

    private List<(string Key, decimal Value)> Multipliers(JsonElement element, string path)
    {
        var entries = new List<(string, decimal)>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            Expected(path, "an object", element);
            return entries;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var entryPath = path + "." + property.Name;
            if (!seen.Add(property.Name))
            {
                Error(entryPath, "duplicate property");
            }
            else if (TryDecimal(property.Value, entryPath, out var multiplier))
            {
                entries.Add((property.Name, multiplier));
            }
        }

        return entries;
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

    /// <summary>Returns an object's members by name, reporting unknown and repeated ones; <see langword="null"/> when
    /// the element is not an object.</summary>
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

    private bool TryBoolean(JsonElement element, string path, out bool value)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }

        value = false;
        return Expected(path, "true or false", element);
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

    private bool TryWhole(JsonElement element, string path, out long value)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value))
        {
            return true;
        }

        value = 0;
        return Expected(path, "a whole number", element);
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

    private bool TryCap(JsonElement element, string path, out Points? value)
    {
        value = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var points))
        {
            value = new Points(points);
            return true;
        }

        return Expected(path, "a whole number or null", element);
    }

    private bool TryCount(JsonElement element, string path, out int? value)
    {
        value = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var count))
        {
            value = count;
            return true;
        }

        return Expected(path, "a whole number from -2147483648 to 2147483647 or null", element);
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

    /// <summary>Runs a core constructor for a single JSON value, reporting its rejection at <paramref name="path"/>.</summary>
    private T? Core<T>(string path, Func<T> create)
        where T : struct
    {
        try
        {
            return create();
        }
        catch (InvalidValueException e)
        {
            Error(path, e.Value + " " + e.Rule);
            return null;
        }
    }

    /// <summary>Runs a core constructor for a JSON object, reporting its rejection at the member the core names: the
    /// core's field <c>campaign.end</c> becomes <c><paramref name="path"/>.end</c>.</summary>
    private T? CoreObject<T>(string path, Func<T> create)
        where T : class
    {
        try
        {
            return create();
        }
        catch (InvalidValueException e)
        {
            Rejected(path, e);
            return null;
        }
    }

    private void Rejected(string path, InvalidValueException e, Func<string, string>? rerender = null)
    {
        var dot = e.Field.IndexOf('.', StringComparison.Ordinal);
        var message = e.Value + " " + e.Rule;
        Error(dot < 0 ? path : path + e.Field[dot..], rerender is null ? message : rerender(message));
    }

    /// <summary>Turns a builder error (<c>rewards[2].id: ...</c>) into a JSON one (<c>$.rewards[3].id: ...</c>), with the
    /// index of the element in the document rather than among the elements that were valid enough to add, and a
    /// bonus trigger spelled as in the JSON.</summary>
    private string BuilderError(string error)
    {
        if (Indexed(error, "bonuses[", _bonuses.Count) is var (bonus, rest))
        {
            var trigger = _bonuses[bonus].Bonus.Trigger;
            var rendered = "].trigger: " + trigger.ToString() + " ";
            if (rest.StartsWith(rendered, StringComparison.Ordinal))
            {
                rest = "].trigger: \"" + JsonNames.Triggers.NameOf(trigger) + "\" " + rest[rendered.Length..];
            }

            return "$.bonuses[" + _bonuses[bonus].Index.ToString(CultureInfo.InvariantCulture) + rest;
        }

        if (Indexed(error, "rewards[", _rewardIndexes.Count) is var (reward, tail))
        {
            return "$.rewards[" + _rewardIndexes[reward].ToString(CultureInfo.InvariantCulture) + tail;
        }

        return "$." + error;
    }

    /// <summary>Splits <c>prefix[k]rest</c> into <c>k</c> and <c>]rest</c> when <c>k</c> is below <paramref name="count"/>.</summary>
    private static (int Index, string Remainder)? Indexed(string error, string prefix, int count)
    {
        if (!error.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var close = error.IndexOf(']', prefix.Length);
        return close > 0
            && int.TryParse(error.AsSpan(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < count
                ? (index, error[close..])
                : null;
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

    /// <summary>Shows a JSON value in an error: scalars as written (long ones cut), containers by kind.</summary>
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
