using System.Collections.ObjectModel;
using NodaTime;
using Retention.Rfm;

namespace Retention.Offers;

/// <summary>
/// An immutable catalog of offers with the rules they are sent under: campaign budgets, a frequency cap per channel,
/// quiet hours, and the RFM segment map that eligibility rules name segments from. Build one with
/// <see cref="CreateBuilder"/>; choose from it with an <see cref="OfferSelector"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Offers"/> and <see cref="Budgets"/> are sorted by ordinal identifier, whatever order they were
/// added in, so selection and its tie-breaks do not depend on insertion order. Each offer's eligibility rule is
/// compiled at build time into a flat program over <see cref="OfferCustomer"/> (decision 0009).</para>
/// <para>Thread safety: immutable and safe to share between threads.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var catalog = OfferCatalog.CreateBuilder(Currency.Usd)
///     .Budget("winback", new Money(5_000m, Currency.Usd))
///     .Add(new Offer("winback-20", OfferKind.WinBack, Channel.Email)
///     {
///         Percent = 20m,
///         Rule = OfferRule.All(OfferRule.DaysSinceLastOrder(180), OfferRule.Returning()),
///         Margin = new Money(30m, Currency.Usd),
///         Cost = new Money(8m, Currency.Usd),
///         Budget = "winback",
///         Cooldown = Duration.FromDays(90),
///     })
///     .Build();
/// ]]></code>
/// </example>
public sealed class OfferCatalog
{
    /// <summary>The most categories the eligibility rules of one catalog may name (one bit each in a 64-bit mask).</summary>
    public const int MaxCategories = 64;

    private readonly Dictionary<string, int> _offerIndex;
    private readonly Dictionary<CategoryId, int> _categoryIndex;
    private readonly FrequencyCap[] _caps;

    internal OfferCatalog(OfferCatalogBuilder builder, Offer[] offers, OfferBudget[] budgets, CategoryId[] categories, RuleOp[] code, int[] codeStart, int[] codeLength, byte[] shapes)
    {
        Currency = builder.Currency;
        Segments = builder.SegmentMap;
        Offers = new ReadOnlyCollection<Offer>(offers);
        Budgets = new ReadOnlyCollection<OfferBudget>(budgets);
        Categories = new ReadOnlyCollection<CategoryId>(categories);
        QuietHours = builder.Quiet;
        QuietChannels = new ReadOnlyCollection<Channel>([.. builder.QuietChannelSet.Order()]);
        _caps = [.. builder.Caps];
        _offerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < offers.Length; i++)
        {
            _offerIndex.Add(offers[i].Id, i);
        }

        _categoryIndex = [];
        for (var i = 0; i < categories.Length; i++)
        {
            _categoryIndex.Add(categories[i], i);
        }

        var budgetIndex = budgets.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        Code = code;
        CodeStart = codeStart;
        CodeLength = codeLength;
        var n = offers.Length;
        ChannelOf = new int[n];
        ValuePerResponse = new double[n];
        ContactCostOf = new double[n];
        CostOf = new decimal[n];
        BudgetOf = new int[n];
        CooldownTicks = new long[n];
        LimitOf = new int[n];
        GroupOf = new int[n];
        PriorityOf = new int[n];
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var offer = offers[i];
            ChannelOf[i] = (int)offer.Channel;
            var margin = offer.Margin?.Amount ?? 0m;
            var cost = offer.Cost?.Amount ?? 0m;
            ValuePerResponse[i] = (double)(margin - cost);
            ContactCostOf[i] = (double)(offer.ContactCost?.Amount ?? 0m);
            CostOf[i] = cost;
            BudgetOf[i] = offer.Budget is { } budget ? budgetIndex[budget] : -1;
            CooldownTicks[i] = offer.Cooldown.BclCompatibleTicks;
            LimitOf[i] = offer.RedemptionLimit ?? int.MaxValue;
            PriorityOf[i] = offer.Priority;
            if (offer.ExclusiveGroup is { } group)
            {
                if (!groups.TryGetValue(group, out var g))
                {
                    g = groups.Count;
                    groups.Add(group, g);
                }

                GroupOf[i] = g;
            }
            else
            {
                GroupOf[i] = -1;
            }
        }

        BudgetLimits = [.. budgets.Select(b => b.Limit.Amount)];
        CapMessages = [.. _caps.Select(c => c.Messages)];
        CapWindowTicks = [.. _caps.Select(c => c.Window.BclCompatibleTicks)];
        var quietMask = 0;
        foreach (var channel in builder.QuietChannelSet)
        {
            quietMask |= 1 << (int)channel;
        }

        QuietMask = QuietHours is null ? 0 : quietMask;
        OfferArray = offers;
        ByChannel = [.. Enum.GetValues<Channel>().Select(c => Enumerable.Range(0, n).Where(i => offers[i].Channel == c).ToArray())];
        Slots = new OfferSlot[n];
        for (var i = 0; i < n; i++)
        {
            Slots[i] = new OfferSlot(
                ChannelOf[i], codeStart[i], codeLength[i], shapes[i], BudgetOf[i], LimitOf[i], CooldownTicks[i], GroupOf[i], PriorityOf[i], ValuePerResponse[i], ContactCostOf[i], CostOf[i]);
        }
    }

    /// <summary>Gets the currency of every amount in the catalog.</summary>
    /// <value>The currency given to <see cref="CreateBuilder"/>.</value>
    public Currency Currency { get; }

    /// <summary>Gets the segment map whose names segment rules use and whose indexes <see cref="OfferCustomer.Segment"/> holds.</summary>
    /// <value>By default <see cref="SegmentMap.Default"/>.</value>
    public SegmentMap Segments { get; }

    /// <summary>Gets the offers, sorted by ordinal identifier; an offer's position is its index in choices.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<Offer> Offers { get; }

    /// <summary>Gets the campaign budgets, sorted by ordinal identifier.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<OfferBudget> Budgets { get; }

    /// <summary>Gets the categories the eligibility rules name, sorted ordinally; category <c>i</c> is bit <c>i</c> of the
    /// category masks of <see cref="OfferCustomer"/>.</summary>
    /// <value>At most <see cref="MaxCategories"/>.</value>
    public IReadOnlyList<CategoryId> Categories { get; }

    /// <summary>Gets the quiet hours, in each customer's local time.</summary>
    /// <value><see langword="null"/> for none (the default).</value>
    public QuietHours? QuietHours { get; }

    /// <summary>Gets the channels the quiet hours apply to.</summary>
    /// <value>Sorted; empty when there are no quiet hours.</value>
    public IReadOnlyList<Channel> QuietChannels { get; }

    /// <summary>The offers, without the read-only wrapper's interface calls.</summary>
    internal Offer[] OfferArray { get; }

    /// <summary>The indexes of the offers on each channel, in catalog order.</summary>
    internal int[][] ByChannel { get; }

    /// <summary>Each offer's hot fields side by side, for the decision loop.</summary>
    internal OfferSlot[] Slots { get; }

    internal RuleOp[] Code { get; }

    internal int[] CodeStart { get; }

    internal int[] CodeLength { get; }

    internal int[] ChannelOf { get; }

    /// <summary>Margin minus cost per response, as a double for the expected value (decision 0002).</summary>
    internal double[] ValuePerResponse { get; }

    internal double[] ContactCostOf { get; }

    internal decimal[] CostOf { get; }

    internal int[] BudgetOf { get; }

    internal decimal[] BudgetLimits { get; }

    internal long[] CooldownTicks { get; }

    internal int[] LimitOf { get; }

    internal int[] GroupOf { get; }

    internal int[] PriorityOf { get; }

    internal int[] CapMessages { get; }

    internal long[] CapWindowTicks { get; }

    internal int QuietMask { get; }

    /// <summary>Creates a builder for a catalog in the given currency.</summary>
    /// <param name="currency">The currency of every amount.</param>
    /// <returns>A new builder with the defaults: <see cref="SegmentMap.Default"/>, one message per seven days on every
    /// channel, no quiet hours.</returns>
    public static OfferCatalogBuilder CreateBuilder(Currency currency) => new(currency);

    /// <summary>Creates a builder holding this catalog's settings, to derive a changed catalog.</summary>
    /// <returns>A new builder.</returns>
    public OfferCatalogBuilder ToBuilder() => new(this);

    /// <summary>Returns the frequency cap of a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The cap; <see cref="FrequencyCap.OnePerWeek"/> unless the builder set another.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="channel"/> is not defined.</exception>
    public FrequencyCap FrequencyCapOf(Channel channel)
    {
        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "The channel is not defined.");
        }

        return _caps[(int)channel];
    }

    /// <summary>Returns the index of an offer in <see cref="Offers"/>.</summary>
    /// <param name="id">The offer's identifier.</param>
    /// <returns>The index, or -1 when no offer has that identifier.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    public int IndexOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _offerIndex.TryGetValue(id, out var index) ? index : -1;
    }

    /// <summary>Returns the catalog-local category bits of some categories; categories no rule names are ignored.</summary>
    /// <param name="categories">The categories.</param>
    /// <returns>The mask for <see cref="OfferCustomer.CategoriesBought"/> or <see cref="OfferCustomer.LastOrderCategories"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="categories"/> is <see langword="null"/>.</exception>
    public ulong CategoryMask(IEnumerable<CategoryId> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var mask = 0UL;
        foreach (var category in categories)
        {
            if (_categoryIndex.TryGetValue(category, out var index))
            {
                mask |= 1UL << index;
            }
        }

        return mask;
    }

    /// <summary>
    /// Describes a customer for a decision at <paramref name="at"/>: consent per channel from the profile's history,
    /// the local date and time in the customer's time zone (days since the last order, days from the birthday, the
    /// time of day for quiet hours), orders and categories from the order history, and the scores given.
    /// </summary>
    /// <param name="index">The customer's dense index in the <see cref="ContactLog"/>.</param>
    /// <param name="profile">The customer's profile.</param>
    /// <param name="at">The instant of the decision; orders placed after it are ignored.</param>
    /// <param name="orders">The customer's orders, in any order, read once; cancelled orders are ignored.</param>
    /// <param name="score">The RFM score from the catalog's segment map, or <c>default</c> when not scored.</param>
    /// <param name="tierLevel">The customer's tier level.</param>
    /// <param name="spendToNextTier">The spend still needed for the next tier, or <see langword="null"/> at the top.</param>
    /// <param name="probabilityAlive">P(alive) from a CLV model, 0 to 1.</param>
    /// <param name="clv">The customer lifetime value in the catalog's currency.</param>
    /// <param name="cartOpen">Whether the customer has an open cart.</param>
    /// <param name="wishlistNotEmpty">Whether the customer's wishlist is not empty.</param>
    /// <returns>The snapshot. This helper allocates; the decisions that read the snapshot do not.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="profile"/> or <paramref name="orders"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an order belongs to another customer, or a value is out of range.</exception>
    public OfferCustomer DescribeCustomer(
        int index,
        CustomerProfile profile,
        Instant at,
        IEnumerable<Order> orders,
        RfmScore score = default,
        int tierLevel = 0,
        decimal? spendToNextTier = null,
        double probabilityAlive = 1d,
        double clv = 0d,
        bool cartOpen = false,
        bool wishlistNotEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(orders);
        Preconditions.CheckValue(spendToNextTier is null or >= 0m, "spendToNextTier", spendToNextTier, "must not be negative");
        var local = at.InZone(profile.TimeZone);
        var today = local.Date;
        var count = 0;
        var bought = 0UL;
        var lastCategories = 0UL;
        Instant? last = null;
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            if (order.CustomerId != profile.Id)
            {
                Preconditions.ThrowInvalid("orders.customerId", order.CustomerId?.Value, "must be the profile's customer " + Preconditions.Render(profile.Id.Value));
            }

            if (order.Status == OrderStatus.Cancelled || order.PlacedAt > at)
            {
                continue;
            }

            count++;
            var mask = CategoryMask(order.Lines.Where(l => l.Category is not null).Select(l => l.Category!.Value));
            bought |= mask;
            if (last is null || order.PlacedAt > last.Value)
            {
                last = order.PlacedAt;
                lastCategories = mask;
            }
            else if (order.PlacedAt == last.Value)
            {
                lastCategories |= mask;
            }
        }

        int? daysSince = last is { } l ? Period.Between(l.InZone(profile.TimeZone).Date, today, PeriodUnits.Days).Days : null;
        int? fromBirthday = null;
        if (profile.Birthday is { } birthday)
        {
            var best = int.MaxValue;
            for (var year = today.Year - 1; year <= today.Year + 1; year++)
            {
                var offset = Period.Between(birthday.InYear(year), today, PeriodUnits.Days).Days;
                if (Math.Abs(offset) < Math.Abs(best) || (Math.Abs(offset) == Math.Abs(best) && offset < best))
                {
                    best = offset;
                }
            }

            fromBirthday = best;
        }

        var consents = 0;
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (profile.HasConsent(channel, at))
            {
                consents |= 1 << (int)channel;
            }
        }

        return new OfferCustomer
        {
            Index = index,
            Segment = score == default ? -1 : score.Segment,
            Recency = score.Recency,
            Frequency = score.Frequency,
            Monetary = score.Monetary,
            TierLevel = tierLevel,
            Orders = count,
            DaysSinceLastOrder = daysSince,
            DaysFromBirthday = fromBirthday,
            ProbabilityAlive = probabilityAlive,
            Clv = clv,
            CategoriesBought = bought,
            LastOrderCategories = lastCategories,
            ConsentedChannels = consents,
            CartOpen = cartOpen,
            WishlistNotEmpty = wishlistNotEmpty,
            SpendToNextTier = spendToNextTier,
            LocalTime = local.TimeOfDay,
        };
    }
}
