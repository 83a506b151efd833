using System.Collections.Frozen;
using System.Collections.ObjectModel;
using NodaTime;

namespace Retention.Loyalty;

/// <summary>
/// The immutable definition of a points program: how orders and actions earn points, the limits, how long points stay
/// pending, when they expire, what they buy, and what a refund does to points already spent.
/// </summary>
/// <remarks>
/// <para>
/// Create one with <see cref="CreateBuilder"/> (or load it from JSON with the Retention.Serialization package) and
/// replay events against it in a <see cref="PointsLedger"/>. All calendar questions (campaign windows, expiry dates,
/// per-day and per-month caps, the return window) are answered in <see cref="TimeZone"/>, except birthdays, which are
/// judged in each customer's own zone.
/// </para>
/// <para>
/// How an order earns: each line counts its net amount after its own discount and its share of the order discount
/// (<see cref="NetOfDiscounts"/>), or its gross amount; lines of <see cref="ExcludedProducts"/> or
/// <see cref="ExcludedCategories"/> count nothing; shipping and tax count when <see cref="IncludeShipping"/> and
/// <see cref="IncludeTax"/> say so. The sum is the earning basis; an order whose basis is below
/// <see cref="MinimumOrderValue"/> earns nothing. Each line's amount is multiplied by its product's multiplier, or else
/// its category's, or else 1; the result is multiplied by <see cref="PointsPerUnit"/>, the customer's tier's earning multiplier (see <see cref="Tiers"/>)
/// and the largest multiplier of the campaigns running when the order was placed; then rounded by
/// <see cref="Rounding"/> once per order or once per line (<see cref="RoundingScope"/>), and capped by
/// <see cref="MaxPointsPerOrder"/>.
/// </para>
/// <para>Thread safety: immutable and safe to share between threads and ledgers.</para>
/// </remarks>
public sealed partial class PointsProgram
{
    private readonly FrozenSet<ProductId> _excludedProducts;
    private readonly FrozenSet<CategoryId> _excludedCategories;
    private readonly FrozenDictionary<ProductId, decimal> _productMultipliers;
    private readonly FrozenDictionary<CategoryId, decimal> _categoryMultipliers;
    private readonly Interval[] _campaignIntervals;
    private readonly ActionBonus?[] _bonusByTrigger;
    private readonly FrozenDictionary<string, Reward> _rewardsById;
    private readonly bool _hasLineMultipliers;

    internal PointsProgram(PointsProgramBuilder builder)
    {
        Name = builder.Name;
        Currency = builder.Currency;
        TimeZone = builder.TimeZone;
        PointsPerUnit = builder.PointsPerUnit;
        Rounding = builder.Rounding;
        RoundingScope = builder.RoundingScope;
        NetOfDiscounts = builder.NetOfDiscounts;
        IncludeShipping = builder.IncludeShipping;
        IncludeTax = builder.IncludeTax;
        _excludedProducts = builder.ExcludedProducts.ToFrozenSet();
        _excludedCategories = builder.ExcludedCategories.ToFrozenSet();
        MinimumOrderValue = builder.MinimumOrder;
        MaxPointsPerOrder = builder.MaxPointsPerOrder;
        MaxPointsPerDay = builder.MaxPointsPerDay;
        MaxPointsPerMonth = builder.MaxPointsPerMonth;
        Tiers = builder.Ladder;
        _productMultipliers = builder.ProductMultipliers.ToFrozenDictionary();
        _categoryMultipliers = builder.CategoryMultipliers.ToFrozenDictionary();
        _hasLineMultipliers = _productMultipliers.Count > 0 || _categoryMultipliers.Count > 0;
        (_fastEarning, _minimumUnits) = FastEarningSettings();
        Campaigns = new ReadOnlyCollection<Campaign>([.. builder.Campaigns]);
        _campaignIntervals = [.. builder.Campaigns.Select(c => c.IntervalIn(TimeZone))];
        Bonuses = new ReadOnlyCollection<ActionBonus>([.. builder.Bonuses]);
        _bonusByTrigger = new ActionBonus?[Enum.GetValues<BonusTrigger>().Length];
        foreach (var bonus in builder.Bonuses)
        {
            _bonusByTrigger[(int)bonus.Trigger] = bonus;
        }

        BirthdayMode = builder.BirthdayMode;
        ReturnWindow = builder.ReturnWindowPeriod;
        Expiry = builder.ExpiryRule;
        Clawback = builder.ClawbackRule;
        Rewards = new ReadOnlyCollection<Reward>([.. builder.Rewards]);
        _rewardsById = builder.Rewards.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Gets the program's name.</summary>
    /// <value>The name, not empty.</value>
    public string Name { get; }

    /// <summary>Gets the currency orders must be in to earn.</summary>
    /// <value>The program's currency.</value>
    public Currency Currency { get; }

    /// <summary>Gets the time zone in which the program's calendar questions are answered.</summary>
    /// <value>The store's time zone.</value>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the points earned per whole unit of currency in the earning basis.</summary>
    /// <value>The rate, from 0 to 1,000,000. The default value is 1.</value>
    public decimal PointsPerUnit { get; }

    /// <summary>Gets how fractional points round.</summary>
    /// <value>The rounding. The default value is <see cref="PointsRounding.Floor"/>.</value>
    public PointsRounding Rounding { get; }

    /// <summary>Gets whether rounding applies per order or per line.</summary>
    /// <value>The scope. The default value is <see cref="RoundingScope.PerOrder"/>.</value>
    public RoundingScope RoundingScope { get; }

    /// <summary>Gets a value indicating whether line and order discounts are taken off before earning.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool NetOfDiscounts { get; }

    /// <summary>Gets a value indicating whether shipping earns points.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeShipping { get; }

    /// <summary>Gets a value indicating whether tax earns points.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeTax { get; }

    /// <summary>Gets the products that never earn points.</summary>
    /// <value>The excluded products; empty by default.</value>
    public IReadOnlySet<ProductId> ExcludedProducts => _excludedProducts;

    /// <summary>Gets the categories whose lines never earn points.</summary>
    /// <value>The excluded categories; empty by default.</value>
    public IReadOnlySet<CategoryId> ExcludedCategories => _excludedCategories;

    /// <summary>Gets the smallest earning basis for which an order earns anything.</summary>
    /// <value>The minimum. The default value is zero in the program's currency.</value>
    public Money MinimumOrderValue { get; }

    /// <summary>Gets the cap on the points one order earns.</summary>
    /// <value>The cap, or <see langword="null"/> (the default) for none.</value>
    public Points? MaxPointsPerOrder { get; }

    /// <summary>Gets the cap on the points one customer earns per local day.</summary>
    /// <value>The cap, or <see langword="null"/> (the default) for none.</value>
    public Points? MaxPointsPerDay { get; }

    /// <summary>Gets the cap on the points one customer earns per calendar month.</summary>
    /// <value>The cap, or <see langword="null"/> (the default) for none.</value>
    public Points? MaxPointsPerMonth { get; }

    /// <summary>Gets the tier ladder, whose tiers' earning multipliers apply to orders.</summary>
    /// <value>The ladder, or <see langword="null"/> (the default) for a program without tiers.</value>
    public TierLadder? Tiers { get; }

    /// <summary>Gets the earning multipliers by product.</summary>
    /// <value>The multipliers; empty by default.</value>
    public IReadOnlyDictionary<ProductId, decimal> ProductMultipliers => _productMultipliers;

    /// <summary>Gets the earning multipliers by category, for lines whose product has none.</summary>
    /// <value>The multipliers; empty by default.</value>
    public IReadOnlyDictionary<CategoryId, decimal> CategoryMultipliers => _categoryMultipliers;

    /// <summary>Gets the time-limited earning campaigns, in the order they were added.</summary>
    /// <value>The campaigns; empty by default.</value>
    public IReadOnlyList<Campaign> Campaigns { get; }

    /// <summary>Gets the fixed bonuses, at most one per trigger, in the order they were added.</summary>
    /// <value>The bonuses; empty by default.</value>
    public IReadOnlyList<ActionBonus> Bonuses { get; }

    /// <summary>Gets when a customer is in the window for the birthday bonus.</summary>
    /// <value>The mode. The default value is <see cref="BirthdayMode.OnTheDay"/>.</value>
    public BirthdayMode BirthdayMode { get; }

    /// <summary>Gets how long an order's points stay pending, added to the order's local date-time.</summary>
    /// <value>The return window. The default value is <see cref="Period.Zero"/>.</value>
    public Period ReturnWindow { get; }

    /// <summary>Gets the expiry rule.</summary>
    /// <value>The rule. The default value is <see cref="PointsExpiry.Never"/>.</value>
    public PointsExpiry Expiry { get; }

    /// <summary>Gets what happens when a refund reverses points already spent.</summary>
    /// <value>The policy. The default value is <see cref="ClawbackPolicy.StopAtZero"/>.</value>
    public ClawbackPolicy Clawback { get; }

    /// <summary>Gets the rewards catalog, in the order the rewards were added.</summary>
    /// <value>The rewards; empty by default.</value>
    public IReadOnlyList<Reward> Rewards { get; }

    /// <summary>Creates a builder for a program with the given name, currency and time zone.</summary>
    /// <param name="name">The program's name, not empty.</param>
    /// <param name="currency">The currency orders must be in to earn.</param>
    /// <param name="timeZone">The store's time zone.</param>
    /// <returns>A builder with every other setting at its default.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> or <paramref name="timeZone"/> is <see langword="null"/>.</exception>
    public static PointsProgramBuilder CreateBuilder(string name, Currency currency, DateTimeZone timeZone) => new(name, currency, timeZone);

    /// <summary>Creates a builder that starts from this program's settings.</summary>
    /// <returns>A new builder; changing it does not change this program.</returns>
    public PointsProgramBuilder ToBuilder() => new(this);

    /// <summary>Returns the bonus for a trigger, if the program has one.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The bonus, or <see langword="null"/>; <see langword="null"/> for an undefined trigger too.</returns>
    public ActionBonus? FindBonus(BonusTrigger trigger)
    {
        // Unchecked: a negative (undefined) trigger becomes a large index, not an OverflowException of the checked build.
        return unchecked((uint)trigger) < (uint)_bonusByTrigger.Length ? _bonusByTrigger[(int)trigger] : null;
    }

    /// <summary>Returns the reward with the given id, if the catalog has one.</summary>
    /// <param name="rewardId">The reward's id.</param>
    /// <returns>The reward, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rewardId"/> is <see langword="null"/>.</exception>
    public Reward? FindReward(string rewardId)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        return _rewardsById.GetValueOrDefault(rewardId);
    }

    /// <summary>
    /// Returns the points an order earns under this program by itself: basis, multipliers, rounding, the minimum order
    /// value and the per-order cap, but not the first-order bonus or the per-day and per-month caps, which depend on
    /// the customer's history in a <see cref="PointsLedger"/>.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="tier">The customer's tier when the order was placed, whose earning multiplier applies, or
    /// <see langword="null"/> for 1×.</param>
    /// <returns>The points, never negative.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="order"/> is <see langword="null"/>.</exception>
    /// <exception cref="CurrencyMismatchException">Thrown when the order is not in the program's currency.</exception>
    /// <exception cref="OverflowException">Thrown when the points, after the per-order cap, do not fit in a 64-bit integer.</exception>
    public Points PointsFor(Order order, Tier? tier = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        Preconditions.CheckCurrency(order.Total, Currency, "order.currency");
        return new Points(Earn(order, tier?.Benefits.EarningMultiplier ?? 1m).Points);
    }

    internal decimal CampaignMultiplier(Instant at)
    {
        var best = 1m;
        var found = false;
        for (var i = 0; i < _campaignIntervals.Length; i++)
        {
            if (_campaignIntervals[i].Contains(at) && (!found || Campaigns[i].Multiplier > best))
            {
                best = Campaigns[i].Multiplier;
                found = true;
            }
        }

        return best;
    }

    /// <summary>The order's points and the multiplier-weighted basis that refunds are measured against.</summary>
    internal OrderEarning Earn(Order order, decimal tierMultiplier)
    {
        return _fastEarning && TryEarnFast(order, tierMultiplier, out var fast) ? fast : EarnDecimal(order, tierMultiplier);
    }

    /// <summary><see cref="Earn"/> in decimal arithmetic, for every order (the integer path covers the common ones).</summary>
    internal OrderEarning EarnDecimal(Order order, decimal tierMultiplier)
    {
        var count = order.Lines.Count;
        Span<decimal> amounts = count <= 64 ? stackalloc decimal[count] : new decimal[count];
        var weighted = Weigh(order, amounts, out var basis, out var extras);
        if (basis == 0m)
        {
            return new OrderEarning(0, weighted, basis, EarnOutcome.NothingEligible);
        }

        if (basis < MinimumOrderValue.Amount)
        {
            return new OrderEarning(0, weighted, basis, EarnOutcome.BelowMinimum);
        }

        // Rate x tier x campaign. A multiplication by a multiplier equal to 1 is exact, so it is skipped; so is
        // multiplying by a factor equal to 1.
        var factor = PointsPerUnit;
        if (tierMultiplier != 1m)
        {
            factor *= tierMultiplier;
        }

        if (_campaignIntervals.Length > 0)
        {
            var campaignMultiplier = CampaignMultiplier(order.PlacedAt);
            if (campaignMultiplier != 1m)
            {
                factor *= campaignMultiplier;
            }
        }

        // Rounded and summed in decimal and capped before the conversion to a long, so a per-order cap holds for an
        // order whose uncapped points would not fit in 64 bits.
        decimal points;
        if (RoundingScope == RoundingScope.PerOrder)
        {
            points = Round(factor == 1m ? weighted : weighted * factor);
        }
        else
        {
            points = Round(extras * factor);
            for (var i = 0; i < count; i++)
            {
                points += Round(amounts[i] * factor);
            }
        }

        if (MaxPointsPerOrder is { } cap && points > cap.Value)
        {
            return new OrderEarning(cap.Value, weighted, basis, EarnOutcome.Capped);
        }

        return new OrderEarning(decimal.ToInt64(points), weighted, basis, EarnOutcome.Earned);
    }

    /// <summary>The multiplier-weighted basis of an order, as <see cref="Earn"/> computes it.</summary>
    internal decimal WeightedBasis(Order order)
    {
        if (_fastEarning && TryWeighFast(order, stackalloc long[Math.Min(order.LineArray.Length, MaxFastLines)], out FastWeights fast))
        {
            return fast.WeightedDecimal;
        }

        return WeightedBasisDecimal(order);
    }

    /// <summary><see cref="WeightedBasis"/> in decimal arithmetic.</summary>
    internal decimal WeightedBasisDecimal(Order order)
    {
        var count = order.Lines.Count;
        Span<decimal> amounts = count <= 64 ? stackalloc decimal[count] : new decimal[count];
        return Weigh(order, amounts, out _, out _);
    }

    /// <summary>
    /// The order's multiplier-weighted basis; <paramref name="amounts"/> receives each line's weighted amount,
    /// <paramref name="basis"/> the basis before multipliers and <paramref name="extras"/> the shipping and tax that count.
    /// </summary>
    private decimal Weigh(Order order, Span<decimal> amounts, out decimal basis, out decimal extras)
    {
        var lines = order.Lines;
        LineBasis(order, amounts);
        extras = (IncludeShipping ? order.Shipping.Amount : 0m) + (IncludeTax ? order.Tax.Amount : 0m);
        basis = extras;
        var weighted = extras;
        for (var i = 0; i < amounts.Length; i++)
        {
            basis += amounts[i];
            if (_hasLineMultipliers)
            {
                // Multiplying by 1 (written without decimals) changes neither the value nor the scale, so it is skipped.
                var multiplier = LineMultiplier(lines[i]);
                if (multiplier != 1m || multiplier.Scale != 0)
                {
                    amounts[i] *= multiplier;
                }
            }

            weighted += amounts[i];
        }

        return weighted;
    }

    /// <summary>The multiplier-weighted basis a refund gives back, in the same terms as <see cref="Earn"/>.</summary>
    internal decimal RefundedWeight(Order order, Refund refund)
    {
        var lines = order.Lines;
        var count = lines.Count;
        Span<decimal> amounts = count <= 64 ? stackalloc decimal[count] : new decimal[count];
        Span<decimal> shares = count <= 64 ? stackalloc decimal[count] : new decimal[count];
        LineBasis(order, amounts);
        DiscountAllocation.Allocate(order, shares);
        var weight = 0m;
        var refundedLines = refund.Lines;
        for (var r = 0; r < refundedLines.Count; r++)
        {
            // By index: a foreach over the interface would allocate an enumerator on every refund.
            var refunded = refundedLines[r];
            for (var i = 0; i < count; i++)
            {
                if (lines[i].Id != refunded.LineItemId)
                {
                    continue;
                }

                // The share of the line given back: by amount when the line cost something, else by quantity. Multiply
                // before dividing, so that exact shares (one item of three) stay exact.
                var lineWeight = amounts[i] * LineMultiplier(lines[i]);
                var given = shares[i] > 0m
                    ? lineWeight * refunded.Amount.Amount / shares[i]
                    : lineWeight * refunded.Quantity / lines[i].Quantity;
                weight += Math.Min(lineWeight, given);
                break;
            }
        }

        if (IncludeShipping)
        {
            weight += refund.Shipping.Amount;
        }

        if (IncludeTax)
        {
            weight += Math.Min(refund.Adjustment.Amount, order.Tax.Amount);
        }

        return weight;
    }

    internal ActionBonus? BonusFor(BonusTrigger trigger) => _bonusByTrigger[(int)trigger];

    private void LineBasis(Order order, Span<decimal> amounts)
    {
        var lines = order.Lines;
        if (NetOfDiscounts)
        {
            DiscountAllocation.Allocate(order, amounts);
        }
        else
        {
            for (var i = 0; i < lines.Count; i++)
            {
                amounts[i] = lines[i].Gross.Amount;
            }
        }

        if (_excludedProducts.Count == 0 && _excludedCategories.Count == 0)
        {
            return;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (_excludedProducts.Contains(line.ProductId) || (line.Category is { } category && _excludedCategories.Contains(category)))
            {
                amounts[i] = 0m;
            }
        }
    }

    private decimal LineMultiplier(OrderLine line)
    {
        if (!_hasLineMultipliers)
        {
            return 1m;
        }

        if (_productMultipliers.TryGetValue(line.ProductId, out var multiplier))
        {
            return multiplier;
        }

        return line.Category is { } category && _categoryMultipliers.TryGetValue(category, out multiplier) ? multiplier : 1m;
    }

    private decimal Round(decimal points) => Rounding switch
    {
        PointsRounding.Floor => decimal.Floor(points),
        PointsRounding.Ceiling => decimal.Ceiling(points),
        _ => decimal.Round(points, MidpointRounding.AwayFromZero),
    };
}

/// <summary>What an order earned and why.</summary>
internal enum EarnOutcome
{
    Earned,
    Capped,
    BelowMinimum,
    NothingEligible,
}

/// <summary>An order's points, its multiplier-weighted basis and the outcome.</summary>
internal readonly record struct OrderEarning(long Points, decimal WeightedBasis, decimal Basis, EarnOutcome Outcome);
