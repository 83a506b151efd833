using System.Globalization;
using NodaTime;
using Retention.Rfm;

namespace Retention.Offers;

/// <summary>
/// Builds an immutable <see cref="OfferCatalog"/> step by step and checks the whole definition once, in
/// <see cref="Build"/>.
/// </summary>
/// <remarks>
/// <para>Each method records one setting and returns the builder. <see cref="Build"/> reports every problem at once in
/// an <see cref="InvalidConfigurationException"/>; each error starts with the setting's path as it appears in the JSON
/// form, with indexes in the order things were added (for example <c>offers[2].percent</c>,
/// <c>budgets[0].limit</c>, <c>quietHours.end</c>). After <see cref="Build"/> the builder refuses further changes;
/// <see cref="Build"/> itself may be called again.</para>
/// <para>Thread safety: mutable and not safe for concurrent use.</para>
/// </remarks>
public sealed class OfferCatalogBuilder
{
    private static readonly OfferKind[] DiscountKinds = [OfferKind.PercentOff, OfferKind.AmountOff, OfferKind.WinBack, OfferKind.BirthdayReward, OfferKind.CrossSell, OfferKind.VipReward];
    private static readonly Duration MaxCooldown = Duration.FromDays(3660);

    private readonly List<Offer> _offers = [];
    private readonly List<OfferBudget> _budgets = [];
    private bool _built;

    internal OfferCatalogBuilder(Currency currency)
    {
        Currency = currency;
        Array.Fill(Caps, Offers.FrequencyCap.OnePerWeek);
    }

    internal OfferCatalogBuilder(OfferCatalog catalog)
        : this(catalog.Currency)
    {
        SegmentMap = catalog.Segments;
        _offers.AddRange(catalog.Offers);
        _budgets.AddRange(catalog.Budgets);
        foreach (var channel in Enum.GetValues<Channel>())
        {
            Caps[(int)channel] = catalog.FrequencyCapOf(channel);
        }

        Quiet = catalog.QuietHours;
        QuietChannelSet.UnionWith(catalog.QuietChannels);
    }

    internal Currency Currency { get; }

    internal SegmentMap SegmentMap { get; private set; } = SegmentMap.Default;

    internal FrequencyCap[] Caps { get; } = new FrequencyCap[Enum.GetValues<Channel>().Length];

    internal QuietHours? Quiet { get; private set; }

    internal HashSet<Channel> QuietChannelSet { get; } = [];

    internal IReadOnlyList<Offer> OfferList => _offers;

    internal IReadOnlyList<OfferBudget> BudgetList => _budgets;

    /// <summary>Sets the segment map that segment rules name segments from.</summary>
    /// <param name="map">The map; the default is <see cref="SegmentMap.Default"/>. Only its first 64 segments can be
    /// named by rules.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="map"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a catalog.</exception>
    public OfferCatalogBuilder Segments(SegmentMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        CheckNotBuilt();
        SegmentMap = map;
        return this;
    }

    /// <summary>Adds offers; identifiers must be unique (checked by <see cref="Build"/>).</summary>
    /// <param name="offers">The offers.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="offers"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a catalog.</exception>
    public OfferCatalogBuilder Add(params IEnumerable<Offer> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        CheckNotBuilt();
        foreach (var offer in offers)
        {
            ArgumentNullException.ThrowIfNull(offer, nameof(offers));
            _offers.Add(offer);
        }

        return this;
    }

    /// <summary>Adds a campaign budget that offers may charge their cost to.</summary>
    /// <param name="id">The budget's identifier, unique, not empty.</param>
    /// <param name="limit">The most the sends charged to it may cost, not negative, in the catalog's currency.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a catalog.</exception>
    public OfferCatalogBuilder Budget(string id, Money limit)
    {
        ArgumentNullException.ThrowIfNull(id);
        CheckNotBuilt();
        _budgets.Add(new OfferBudget(id, limit));
        return this;
    }

    /// <summary>Sets the frequency cap of one channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cap">The cap; <see cref="FrequencyCap.None"/> for none. The default is
    /// <see cref="FrequencyCap.OnePerWeek"/> on every channel.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="channel"/> is not defined.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a catalog.</exception>
    public OfferCatalogBuilder FrequencyCap(Channel channel, FrequencyCap cap)
    {
        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "The channel is not defined.");
        }

        CheckNotBuilt();
        Caps[(int)channel] = cap;
        return this;
    }

    /// <summary>Sets quiet hours for some channels, in each customer's local time.</summary>
    /// <param name="hours">The quiet hours, or <see langword="null"/> for none (the default).</param>
    /// <param name="channels">The channels they apply to; at least one when <paramref name="hours"/> is given.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="channels"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a channel is not defined.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a catalog.</exception>
    public OfferCatalogBuilder QuietHours(QuietHours? hours, params IEnumerable<Channel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        CheckNotBuilt();
        var set = new HashSet<Channel>();
        foreach (var channel in channels)
        {
            if (!Enum.IsDefined(channel))
            {
                throw new ArgumentOutOfRangeException(nameof(channels), channel, "The channel is not defined.");
            }

            set.Add(channel);
        }

        Quiet = hours;
        QuietChannelSet.Clear();
        if (hours is not null)
        {
            QuietChannelSet.UnionWith(set);
        }

        return this;
    }

    /// <summary>Checks the whole definition and creates the immutable catalog.</summary>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidConfigurationException">Thrown when anything is invalid; it lists every problem.</exception>
    public OfferCatalog Build()
    {
        var errors = new List<string>();
        if (Quiet is { } quiet && (quiet.Start == quiet.End || QuietChannelSet.Count == 0))
        {
            errors.Add(quiet.Start == quiet.End
                ? Format("quietHours.end", quiet.End, "must differ from the start")
                : "quietHours.channels: [] must name at least one channel");
        }

        // Frequency caps need no check here: FrequencyCap's constructor refuses every cap but None that would not
        // allow a message per positive window, and a default FrequencyCap is None.
        var budgetIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _budgets.Count; i++)
        {
            var budget = _budgets[i];
            var path = "budgets[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (budget.Id is null || budget.Id.Length == 0 || budget.Id.Trim().Length != budget.Id.Length)
            {
                errors.Add(Format(path + ".id", budget.Id, "must not be empty or padded with white space"));
            }
            else if (!budgetIds.Add(budget.Id))
            {
                errors.Add(Format(path + ".id", budget.Id, "is used by an earlier budget"));
            }

            CheckMoney(errors, path + ".limit", budget.Limit, allowZero: true);
        }

        var segmentNames = SegmentMap.SegmentNames;
        int SegmentIndex(string name)
        {
            for (var s = 0; s < segmentNames.Count && s < 64; s++)
            {
                if (string.Equals(segmentNames[s], name, StringComparison.Ordinal))
                {
                    return s;
                }
            }

            return -1;
        }

        var categories = new SortedSet<CategoryId>();
        foreach (var offer in _offers)
        {
            CollectCategories(offer.Rule, categories);
        }

        var categoryList = categories.ToArray();
        if (categoryList.Length > OfferCatalog.MaxCategories)
        {
            errors.Add(Format("offers", categoryList.Length, "name more than " + OfferCatalog.MaxCategories.ToString(CultureInfo.InvariantCulture) + " categories in their rules"));
        }

        int CategoryIndex(CategoryId category)
        {
            var index = Array.BinarySearch(categoryList, category);
            return index is >= 0 and < OfferCatalog.MaxCategories ? index : -1;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var programs = new Dictionary<Offer, RuleOp[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _offers.Count; i++)
        {
            var offer = _offers[i];
            var path = "offers[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (!ids.Add(offer.Id))
            {
                errors.Add(Format(path + ".id", offer.Id, "is used by an earlier offer"));
            }

            CheckOffer(errors, path, offer, budgetIds);
            foreach (var name in UnknownSegments(offer.Rule, SegmentIndex))
            {
                errors.Add(Format(path + ".rule", name, "is not one of the first 64 segments of the catalog's segment map"));
            }

            var code = new List<RuleOp>();
            var depth = RuleCode.Compile(offer.Rule, code, SegmentIndex, CategoryIndex, 0);
            if (depth > RuleCode.MaxDepth)
            {
                errors.Add(Format(path + ".rule", depth, "nests too deeply: at most " + RuleCode.MaxDepth.ToString(CultureInfo.InvariantCulture) + " results may wait on the stack"));
            }

            programs[offer] = [.. code];
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("offer catalog", errors);
        }

        var offers = _offers.OrderBy(o => o.Id, StringComparer.Ordinal).ToArray();
        var all = new List<RuleOp>();
        var start = new int[offers.Length];
        var length = new int[offers.Length];
        var shapes = new byte[offers.Length];
        for (var i = 0; i < offers.Length; i++)
        {
            var ops = programs[offers[i]];
            shapes[i] = RuleCode.Shape(offers[i].Rule, ref ops);
            start[i] = all.Count;
            length[i] = ops.Length;
            all.AddRange(ops);
        }

        _built = true;
        return new OfferCatalog(this, offers, [.. _budgets.OrderBy(b => b.Id, StringComparer.Ordinal)], categoryList, [.. all], start, length, shapes);
    }

    private void CheckOffer(List<string> errors, string path, Offer offer, HashSet<string> budgetIds)
    {
        var discountKind = Array.IndexOf(DiscountKinds, offer.Kind) >= 0;
        if (offer.Percent is { } percent)
        {
            if (percent is <= 0m or > 100m)
            {
                errors.Add(Format(path + ".percent", percent, "must be greater than 0 and at most 100"));
            }

            if (!discountKind || offer.Kind == OfferKind.AmountOff)
            {
                errors.Add(Format(path + ".percent", percent, "is not allowed for a " + offer.Kind + " offer"));
            }
        }
        else if (offer.Kind == OfferKind.PercentOff)
        {
            errors.Add(Format(path + ".percent", null, "is required for a PercentOff offer"));
        }

        if (offer.Amount is { } amount)
        {
            CheckMoney(errors, path + ".amount", amount, allowZero: false);
            if (!discountKind || offer.Kind == OfferKind.PercentOff)
            {
                errors.Add(Format(path + ".amount", amount, "is not allowed for a " + offer.Kind + " offer"));
            }
            else if (offer.Percent is not null)
            {
                errors.Add(Format(path + ".amount", amount, "cannot be given with a percent"));
            }
        }
        else if (offer.Kind == OfferKind.AmountOff)
        {
            errors.Add(Format(path + ".amount", null, "is required for an AmountOff offer"));
        }

        if (offer.PointsMultiplier is { } multiplier)
        {
            if (offer.Kind != OfferKind.PointsMultiplier)
            {
                errors.Add(Format(path + ".pointsMultiplier", multiplier, "is not allowed for a " + offer.Kind + " offer"));
            }
            else if (multiplier is <= 1m or > 1000m)
            {
                errors.Add(Format(path + ".pointsMultiplier", multiplier, "must be greater than 1 and at most 1000"));
            }
        }
        else if (offer.Kind == OfferKind.PointsMultiplier)
        {
            errors.Add(Format(path + ".pointsMultiplier", null, "is required for a PointsMultiplier offer"));
        }

        if (offer.Category is { } category)
        {
            if (offer.Kind != OfferKind.CrossSell)
            {
                errors.Add(Format(path + ".category", category.Value, "is not allowed for a " + offer.Kind + " offer"));
            }
            else if (category.IsUnassigned)
            {
                errors.Add(Format(path + ".category", category.Value, "must be an assigned category id"));
            }
        }
        else if (offer.Kind == OfferKind.CrossSell)
        {
            errors.Add(Format(path + ".category", null, "is required for a CrossSell offer"));
        }

        if (offer.Margin is { } margin)
        {
            CheckMoney(errors, path + ".margin", margin, allowZero: true);
        }

        if (offer.Cost is { } cost)
        {
            CheckMoney(errors, path + ".cost", cost, allowZero: true);
        }

        if (offer.ContactCost is { } contactCost)
        {
            CheckMoney(errors, path + ".contactCost", contactCost, allowZero: true);
        }

        if (!(offer.ResponseWeight is > 0d and <= 100d))
        {
            errors.Add(Format(path + ".responseWeight", offer.ResponseWeight, "must be greater than 0 and at most 100"));
        }

        if (offer.ExclusiveGroup is { } group && (group.Length == 0 || group.Trim().Length != group.Length))
        {
            errors.Add(Format(path + ".exclusiveGroup", group, "must not be empty or padded with white space"));
        }

        if (offer.Cooldown < Duration.Zero || offer.Cooldown > MaxCooldown)
        {
            errors.Add(Format(path + ".cooldown", offer.Cooldown, "must be from zero to 3660 days"));
        }

        if (offer.RedemptionLimit is < 1)
        {
            errors.Add(Format(path + ".redemptionLimit", offer.RedemptionLimit, "must be at least 1 when given"));
        }

        if (offer.Budget is { } budget && !budgetIds.Contains(budget))
        {
            errors.Add(Format(path + ".budget", budget, "is not a budget of the catalog"));
        }
    }

    private void CheckMoney(List<string> errors, string path, Money value, bool allowZero)
    {
        if (value.Currency != Currency)
        {
            errors.Add(Format(path, value, "must be in the catalog's currency " + Currency));
        }
        else if (value.Amount < 0m || (!allowZero && value.Amount == 0m))
        {
            errors.Add(Format(path, value, allowZero ? "must not be negative" : "must be greater than zero"));
        }
    }

    private static void CollectCategories(OfferRule rule, SortedSet<CategoryId> categories)
    {
        categories.UnionWith(rule.Categories);
        foreach (var child in rule.Rules)
        {
            CollectCategories(child, categories);
        }
    }

    private static IEnumerable<string> UnknownSegments(OfferRule rule, Func<string, int> segmentIndex)
    {
        foreach (var name in rule.Segments)
        {
            if (segmentIndex(name) < 0)
            {
                yield return name;
            }
        }

        foreach (var child in rule.Rules)
        {
            foreach (var name in UnknownSegments(child, segmentIndex))
            {
                yield return name;
            }
        }
    }

    private static string Format(string path, object? value, string rule) => path + ": " + Preconditions.Render(value) + " " + rule;

    private void CheckNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("The builder has already built its catalog; call ToBuilder() on the catalog to change it.");
        }
    }
}
