using System.Globalization;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// Builds an immutable <see cref="PointsProgram"/> step by step and checks the whole definition once, in
/// <see cref="Build"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each method records one setting and returns the builder. Values that are wrong on their own (a negative rate, an
/// undefined enum value) are collected rather than thrown, so <see cref="Build"/> reports every problem at once in an
/// <see cref="InvalidConfigurationException"/>; each error starts with the setting's path as it appears in the JSON
/// form (for example <c>earning.pointsPerUnit</c> or <c>rewards[2].id</c>). After <see cref="Build"/> the builder
/// refuses further changes; <see cref="Build"/> itself may be called again and returns an equal program.
/// </para>
/// <para>Thread safety: mutable and not safe for concurrent use.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var program = PointsProgram.CreateBuilder("Stars", Currency.Usd, DateTimeZoneProviders.Tzdb["America/New_York"])
///     .EarnPerUnit(2m)
///     .ExcludeProducts(new ProductId("gift-card"))
///     .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
///     .ReturnWindow(Period.FromDays(30))
///     .Expiry(PointsExpiry.AfterEarning(12))
///     .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, Currency.Usd)))
///     .Build();
/// ]]></code>
/// </example>
public sealed class PointsProgramBuilder
{
    private readonly List<string> _errors = [];
    private readonly HashSet<ProductId> _excludedProducts = [];
    private readonly HashSet<CategoryId> _excludedCategories = [];
    private readonly Dictionary<ProductId, decimal> _productMultipliers = [];
    private readonly Dictionary<CategoryId, decimal> _categoryMultipliers = [];
    private const int MaxReturnWindowYears = 10;

    private readonly List<Campaign> _campaigns = [];
    private readonly List<ActionBonus> _bonuses = [];
    private readonly List<Reward> _rewards = [];
    private bool _built;

    internal PointsProgramBuilder(string name, Currency currency, DateTimeZone timeZone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(timeZone);
        Name = name;
        Currency = currency;
        TimeZone = timeZone;
        MinimumOrder = Money.Zero(currency);
    }

    internal PointsProgramBuilder(PointsProgram program)
        : this(program.Name, program.Currency, program.TimeZone)
    {
        PointsPerUnit = program.PointsPerUnit;
        Rounding = program.Rounding;
        RoundingScope = program.RoundingScope;
        NetOfDiscounts = program.NetOfDiscounts;
        IncludeShipping = program.IncludeShipping;
        IncludeTax = program.IncludeTax;
        _excludedProducts.UnionWith(program.ExcludedProducts);
        _excludedCategories.UnionWith(program.ExcludedCategories);
        MinimumOrder = program.MinimumOrderValue;
        MaxPointsPerOrder = program.MaxPointsPerOrder;
        MaxPointsPerDay = program.MaxPointsPerDay;
        MaxPointsPerMonth = program.MaxPointsPerMonth;
        Ladder = program.Tiers;
        foreach (var (product, multiplier) in program.ProductMultipliers)
        {
            _productMultipliers.Add(product, multiplier);
        }

        foreach (var (category, multiplier) in program.CategoryMultipliers)
        {
            _categoryMultipliers.Add(category, multiplier);
        }

        _campaigns.AddRange(program.Campaigns);
        _bonuses.AddRange(program.Bonuses);
        BirthdayMode = program.BirthdayMode;
        ReturnWindowPeriod = program.ReturnWindow;
        ExpiryRule = program.Expiry;
        ClawbackRule = program.Clawback;
        _rewards.AddRange(program.Rewards);
    }

    internal string Name { get; }

    internal Currency Currency { get; }

    internal DateTimeZone TimeZone { get; }

    internal decimal PointsPerUnit { get; private set; } = 1m;

    internal PointsRounding Rounding { get; private set; }

    internal RoundingScope RoundingScope { get; private set; }

    internal bool NetOfDiscounts { get; private set; } = true;

    internal bool IncludeShipping { get; private set; }

    internal bool IncludeTax { get; private set; }

    internal Money MinimumOrder { get; private set; }

    internal Points? MaxPointsPerOrder { get; private set; }

    internal Points? MaxPointsPerDay { get; private set; }

    internal Points? MaxPointsPerMonth { get; private set; }

    internal BirthdayMode BirthdayMode { get; private set; }

    internal Period ReturnWindowPeriod { get; private set; } = Period.Zero;

    internal PointsExpiry ExpiryRule { get; private set; }

    internal ClawbackPolicy ClawbackRule { get; private set; }

    internal IReadOnlyCollection<ProductId> ExcludedProducts => _excludedProducts;

    internal IReadOnlyCollection<CategoryId> ExcludedCategories => _excludedCategories;

    internal TierLadder? Ladder { get; private set; }

    internal IReadOnlyDictionary<ProductId, decimal> ProductMultipliers => _productMultipliers;

    internal IReadOnlyDictionary<CategoryId, decimal> CategoryMultipliers => _categoryMultipliers;

    internal IReadOnlyList<Campaign> Campaigns => _campaigns;

    internal IReadOnlyList<ActionBonus> Bonuses => _bonuses;

    internal IReadOnlyList<Reward> Rewards => _rewards;

    /// <summary>Sets the base earning rate and how fractional points round.</summary>
    /// <param name="pointsPerUnit">Points per whole unit of the currency spent, from 0 to 1,000,000; the default is 1.</param>
    /// <param name="rounding">How fractions of a point round; the default is <see cref="PointsRounding.Floor"/>.</param>
    /// <param name="scope">Whether to round per order or per line; the default is <see cref="RoundingScope.PerOrder"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder EarnPerUnit(decimal pointsPerUnit, PointsRounding rounding = PointsRounding.Floor, RoundingScope scope = RoundingScope.PerOrder)
    {
        CheckNotBuilt();
        Check(pointsPerUnit is >= 0m and <= 1_000_000m, "earning.pointsPerUnit", pointsPerUnit, "must be from 0 to 1000000");
        Check(Enum.IsDefined(rounding), "earning.rounding", rounding, "is not a defined rounding");
        Check(Enum.IsDefined(scope), "earning.roundingScope", scope, "is not a defined rounding scope");
        PointsPerUnit = pointsPerUnit;
        Rounding = rounding;
        RoundingScope = scope;
        return this;
    }

    /// <summary>Sets which parts of an order's price count towards points.</summary>
    /// <param name="netOfDiscounts">Whether line and order discounts are taken off first; the default is <see langword="true"/>.</param>
    /// <param name="includeShipping">Whether shipping earns points; the default is <see langword="false"/>.</param>
    /// <param name="includeTax">Whether tax earns points; the default is <see langword="false"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Basis(bool netOfDiscounts = true, bool includeShipping = false, bool includeTax = false)
    {
        CheckNotBuilt();
        NetOfDiscounts = netOfDiscounts;
        IncludeShipping = includeShipping;
        IncludeTax = includeTax;
        return this;
    }

    /// <summary>Excludes products (gift cards, for example) from earning.</summary>
    /// <param name="products">The products; adding one twice is harmless.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="products"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder ExcludeProducts(params IEnumerable<ProductId> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        CheckNotBuilt();
        foreach (var product in products)
        {
            if (Check(!product.IsUnassigned, "earning.excludedProducts", product, "must hold assigned product ids"))
            {
                _excludedProducts.Add(product);
            }
        }

        return this;
    }

    /// <summary>Excludes product categories from earning.</summary>
    /// <param name="categories">The categories; adding one twice is harmless.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="categories"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder ExcludeCategories(params IEnumerable<CategoryId> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        CheckNotBuilt();
        foreach (var category in categories)
        {
            if (Check(!category.IsUnassigned, "earning.excludedCategories", category, "must hold assigned category ids"))
            {
                _excludedCategories.Add(category);
            }
        }

        return this;
    }

    /// <summary>Sets the smallest earning basis (what counts towards points) for which an order earns anything.</summary>
    /// <param name="minimum">The minimum, not negative, in the program's currency; the default is zero.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder MinimumOrderValue(Money minimum)
    {
        CheckNotBuilt();
        Check(minimum.Currency == Currency, "earning.minimumOrderValue", minimum, "must be in the program's currency " + Currency);
        Check(minimum.Amount >= 0m, "earning.minimumOrderValue", minimum, "must not be negative");
        MinimumOrder = minimum;
        return this;
    }

    /// <summary>Caps the points one order earns, after multipliers and before any first-order bonus.</summary>
    /// <param name="cap">The cap, greater than zero, or <see langword="null"/> for none (the default).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder MaxPerOrder(Points? cap)
    {
        CheckNotBuilt();
        Check(cap is null || cap.Value > Points.Zero, "earning.maxPerOrder", cap, "must be greater than zero when given");
        MaxPointsPerOrder = cap;
        return this;
    }

    /// <summary>Caps the points one customer earns (orders and bonuses) per local day in the program's time zone.</summary>
    /// <param name="cap">The cap, greater than zero, or <see langword="null"/> for none (the default).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder MaxPerDay(Points? cap)
    {
        CheckNotBuilt();
        Check(cap is null || cap.Value > Points.Zero, "limits.maxPerDay", cap, "must be greater than zero when given");
        MaxPointsPerDay = cap;
        return this;
    }

    /// <summary>Caps the points one customer earns (orders and bonuses) per calendar month in the program's time zone.</summary>
    /// <param name="cap">The cap, greater than zero, or <see langword="null"/> for none (the default).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder MaxPerMonth(Points? cap)
    {
        CheckNotBuilt();
        Check(cap is null || cap.Value > Points.Zero, "limits.maxPerMonth", cap, "must be greater than zero when given");
        MaxPointsPerMonth = cap;
        return this;
    }

    /// <summary>
    /// Sets the tier ladder: the ledger then keeps each customer's tier, and an order earns at its tier's
    /// <see cref="TierBenefits.EarningMultiplier"/>.
    /// </summary>
    /// <param name="ladder">The ladder, or <see langword="null"/> for a program without tiers (the default).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Tiers(TierLadder? ladder)
    {
        CheckNotBuilt();
        Ladder = ladder;
        return this;
    }

    /// <summary>Sets the earning multiplier for a product; it takes precedence over its category's multiplier.</summary>
    /// <param name="product">The product.</param>
    /// <param name="multiplier">The multiplier, greater than zero and at most 1000.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder ProductMultiplier(ProductId product, decimal multiplier)
    {
        CheckNotBuilt();
        if (Check(!product.IsUnassigned, "earning.productMultipliers", product, "must have assigned product ids") & CheckMultiplier("earning.productMultipliers." + product.Value, multiplier))
        {
            _productMultipliers[product] = multiplier;
        }

        return this;
    }

    /// <summary>Sets the earning multiplier for a category's lines that have no product multiplier.</summary>
    /// <param name="category">The category.</param>
    /// <param name="multiplier">The multiplier, greater than zero and at most 1000.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder CategoryMultiplier(CategoryId category, decimal multiplier)
    {
        CheckNotBuilt();
        if (Check(!category.IsUnassigned, "earning.categoryMultipliers", category, "must have assigned category ids") & CheckMultiplier("earning.categoryMultipliers." + category.Value, multiplier))
        {
            _categoryMultipliers[category] = multiplier;
        }

        return this;
    }

    /// <summary>Adds a time-limited earning campaign.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="campaign"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Campaign(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        CheckNotBuilt();
        _campaigns.Add(campaign);
        return this;
    }

    /// <summary>Adds a fixed bonus; a program has at most one bonus per trigger.</summary>
    /// <param name="bonus">The bonus.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="bonus"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Bonus(ActionBonus bonus)
    {
        ArgumentNullException.ThrowIfNull(bonus);
        CheckNotBuilt();
        _bonuses.Add(bonus);
        return this;
    }

    /// <summary>Sets when a customer is in the window for the birthday bonus.</summary>
    /// <param name="mode">The mode; the default is <see cref="BirthdayMode.OnTheDay"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Birthday(BirthdayMode mode)
    {
        CheckNotBuilt();
        Check(Enum.IsDefined(mode), "birthday", mode, "is not a defined birthday mode");
        BirthdayMode = mode;
        return this;
    }

    /// <summary>Sets how long an order's points stay pending before they can be spent.</summary>
    /// <param name="window">The return window, with no negative component and at most ten years long, added to the
    /// order's local date-time in the program's time zone; the default is <see cref="Period.Zero"/> (available at once).
    /// With <see cref="PointsExpiry.AfterEarning"/> expiry, <see cref="Build"/> also requires the window to end before
    /// the points expire.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="window"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder ReturnWindow(Period window)
    {
        ArgumentNullException.ThrowIfNull(window);
        CheckNotBuilt();
        var nonNegative = Preconditions.HasNoNegativeComponent(window);
        Check(nonNegative, "returnWindow", window, "must not have a negative component");
        ReturnWindowPeriod = window;
        return this;
    }

    /// <summary>Sets the expiry rule.</summary>
    /// <param name="expiry">The rule; the default is <see cref="PointsExpiry.Never"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Expiry(PointsExpiry expiry)
    {
        CheckNotBuilt();
        ExpiryRule = expiry;
        return this;
    }

    /// <summary>Sets what happens when a refund reverses points already spent.</summary>
    /// <param name="policy">The policy; the default is <see cref="ClawbackPolicy.StopAtZero"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Clawback(ClawbackPolicy policy)
    {
        CheckNotBuilt();
        Check(Enum.IsDefined(policy), "clawback", policy, "is not a defined claw-back policy");
        ClawbackRule = policy;
        return this;
    }

    /// <summary>Adds a reward to the catalog; reward ids are unique within a program.</summary>
    /// <param name="reward">The reward.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="reward"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built a program.</exception>
    public PointsProgramBuilder Reward(Reward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        CheckNotBuilt();
        _rewards.Add(reward);
        return this;
    }

    /// <summary>Checks the whole definition and creates the immutable program.</summary>
    /// <returns>The program.</returns>
    /// <exception cref="InvalidConfigurationException">Thrown when any setting is invalid; it lists every problem.</exception>
    public PointsProgram Build()
    {
        var errors = new List<string>(_errors);
        if (Name.Trim().Length == 0)
        {
            errors.Add("name: \"" + Name + "\" must not be empty");
        }

        // A lot earned on 31 January (the shortest month next) is the first a return window can outlast.
        var earned = new LocalDateTime(2001, 1, 31, 0, 0);
        LocalDateTime? windowEnd;
        try
        {
            windowEnd = earned.Plus(ReturnWindowPeriod);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            windowEnd = null;
        }

        if (windowEnd is not { } end || end > earned.PlusYears(MaxReturnWindowYears))
        {
            errors.Add(Format("returnWindow", ReturnWindowPeriod, "must be at most " + MaxReturnWindowYears.ToString(CultureInfo.InvariantCulture) + " years"));
        }
        else if (ExpiryRule.Kind == ExpiryKind.AfterEarning && end >= earned.Date.PlusMonths(ExpiryRule.Months).PlusDays(1).AtMidnight())
        {
            // Points must be spendable before they expire.
            errors.Add(Format("returnWindow", ReturnWindowPeriod, "must end before points expire (expiry after " + ExpiryRule.Months.ToString(CultureInfo.InvariantCulture) + " months)"));
        }

        for (var i = 0; i < _campaigns.Count; i++)
        {
            try
            {
                _ = _campaigns[i].IntervalIn(TimeZone);
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                errors.Add(Format($"campaigns[{i}]", _campaigns[i].Name, "lies outside the instants the time zone " + TimeZone.Id + " can represent"));
            }
        }

        if (Ladder is { } ladder && !_bonuses.Any(b => b.Trigger == BonusTrigger.Birthday))
        {
            for (var i = 0; i < ladder.Tiers.Count; i++)
            {
                if (ladder.Tiers[i].Benefits.BirthdayPoints is { } birthday)
                {
                    errors.Add(Format($"tiers.levels[{i}].benefits.birthdayPoints", birthday, "needs a Birthday bonus in the program, whose limits it follows"));
                }
            }
        }

        var triggers = new HashSet<BonusTrigger>();
        for (var i = 0; i < _bonuses.Count; i++)
        {
            if (!triggers.Add(_bonuses[i].Trigger))
            {
                errors.Add(Format($"bonuses[{i}].trigger", _bonuses[i].Trigger, "is used by an earlier bonus"));
            }
        }

        var rewardIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _rewards.Count; i++)
        {
            var reward = _rewards[i];
            if (!rewardIds.Add(reward.Id))
            {
                errors.Add(Format($"rewards[{i}].id", reward.Id, "is used by an earlier reward"));
            }

            if (reward.Amount is { } amount && amount.Currency != Currency)
            {
                errors.Add(Format($"rewards[{i}].amount", amount, "must be in the program's currency " + Currency));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("points program \"" + Name + "\"", errors);
        }

        _built = true;
        return new PointsProgram(this);
    }

    private static string Format(string path, object? value, string rule) => path + ": " + Preconditions.Render(value) + " " + rule;

    private bool CheckMultiplier(string path, decimal multiplier) =>
        Check(multiplier is > 0m and <= 1000m, path, multiplier, "must be greater than 0 and at most 1000");

    private bool Check(bool condition, string path, object? value, string rule)
    {
        if (!condition)
        {
            _errors.Add(Format(path, value, rule));
        }

        return condition;
    }

    private void CheckNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The builder for points program \"{Name}\" has already built it; call ToBuilder() on the program to change it."));
        }
    }
}
