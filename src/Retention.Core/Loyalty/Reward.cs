namespace Retention.Loyalty;

/// <summary>
/// An entry in a program's rewards catalog: what the customer gets for how many points.
/// </summary>
/// <remarks>
/// <para>
/// Create rewards with <see cref="AmountOff"/>, <see cref="PercentOff"/>, <see cref="FreeShipping"/> or
/// <see cref="FreeProduct"/>. The ledger only debits the points; turning the reward into a discount code is the
/// store's job.
/// </para>
/// <para>Equality is by value over all properties. Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed record Reward
{
    private Reward(string id, Points cost, RewardKind kind, Money? amount, decimal? percent, ProductId? product)
    {
        ArgumentNullException.ThrowIfNull(id);
        Preconditions.CheckValue(id.Trim().Length > 0 && id.Trim().Length == id.Length, "reward.id", id, "must not be empty or start or end with white space");
        Preconditions.CheckValue(cost > Points.Zero, "reward.cost", cost, "must be greater than zero");
        Id = id;
        Cost = cost;
        Kind = kind;
        Amount = amount;
        Percent = percent;
        Product = product;
        LedgerRule = "reward:" + id;
    }

    /// <summary>Gets the reward's identifier in the catalog.</summary>
    /// <value>The identifier, unique within a program.</value>
    public string Id { get; }

    /// <summary>Gets the points the reward costs.</summary>
    /// <value>The cost, greater than zero.</value>
    public Points Cost { get; }

    /// <summary>Gets what the reward gives.</summary>
    /// <value>The kind of reward.</value>
    public RewardKind Kind { get; }

    /// <summary>Gets the amount off for <see cref="RewardKind.AmountOff"/>.</summary>
    /// <value>The amount, greater than zero, or <see langword="null"/> for other kinds.</value>
    public Money? Amount { get; }

    /// <summary>Gets the percentage off for <see cref="RewardKind.PercentOff"/>.</summary>
    /// <value>The percentage, greater than 0 and at most 100, or <see langword="null"/> for other kinds.</value>
    public decimal? Percent { get; }

    /// <summary>Gets the rule name a redemption's ledger entry carries, built once.</summary>
    internal string LedgerRule { get; }

    /// <summary>Gets the free product for <see cref="RewardKind.FreeProduct"/>.</summary>
    /// <value>The product, or <see langword="null"/> for other kinds.</value>
    public ProductId? Product { get; }

    /// <summary>Creates a reward that takes a fixed amount off an order.</summary>
    /// <param name="id">The reward's identifier.</param>
    /// <param name="cost">The points it costs, greater than zero.</param>
    /// <param name="amount">The amount off, greater than zero, in the program's currency.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value is out of range.</exception>
    public static Reward AmountOff(string id, Points cost, Money amount)
    {
        Preconditions.CheckValue(amount.Amount > 0m, "reward.amount", amount, "must be greater than zero");
        return new Reward(id, cost, RewardKind.AmountOff, amount, null, null);
    }

    /// <summary>Creates a reward that takes a percentage off an order.</summary>
    /// <param name="id">The reward's identifier.</param>
    /// <param name="cost">The points it costs, greater than zero.</param>
    /// <param name="percent">The percentage off, greater than 0 and at most 100.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value is out of range.</exception>
    public static Reward PercentOff(string id, Points cost, decimal percent)
    {
        Preconditions.CheckValue(percent is > 0m and <= 100m, "reward.percent", percent, "must be greater than 0 and at most 100");
        return new Reward(id, cost, RewardKind.PercentOff, null, percent, null);
    }

    /// <summary>Creates a reward that gives free shipping on an order.</summary>
    /// <param name="id">The reward's identifier.</param>
    /// <param name="cost">The points it costs, greater than zero.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value is out of range.</exception>
    public static Reward FreeShipping(string id, Points cost) => new(id, cost, RewardKind.FreeShipping, null, null, null);

    /// <summary>Creates a reward that gives a product for free.</summary>
    /// <param name="id">The reward's identifier.</param>
    /// <param name="cost">The points it costs, greater than zero.</param>
    /// <param name="product">The product given.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a value is out of range.</exception>
    public static Reward FreeProduct(string id, Points cost, ProductId product)
    {
        Preconditions.CheckValue(!product.IsUnassigned, "reward.product", product, "must be assigned");
        return new Reward(id, cost, RewardKind.FreeProduct, null, null, product);
    }
}
