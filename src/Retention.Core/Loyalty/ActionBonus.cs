namespace Retention.Loyalty;

/// <summary>
/// A fixed number of points for an action or moment (sign-up, first order, review, referral, birthday and so on),
/// with optional limits on how often it pays.
/// </summary>
/// <remarks>
/// <para>
/// Limits count the times the bonus was paid to one customer: <see cref="OncePerCustomer"/> over the customer's whole
/// history, <see cref="MaxPerDay"/> and <see cref="MaxPerMonth"/> within one local day or calendar month in the
/// program's time zone. A payment refused by a limit is reported as ignored, with the limit named.
/// </para>
/// <para>Equality is by value over all properties. Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed record ActionBonus
{
    /// <summary>Creates a bonus.</summary>
    /// <param name="trigger">The action or moment that pays the bonus.</param>
    /// <param name="points">The points paid, greater than zero.</param>
    /// <param name="oncePerCustomer">Whether the bonus pays at most once per customer.</param>
    /// <param name="maxPerDay">The most times it pays per customer per local day, or <see langword="null"/> for no limit.</param>
    /// <param name="maxPerMonth">The most times it pays per customer per calendar month, or <see langword="null"/> for no limit.</param>
    /// <exception cref="InvalidValueException">Thrown when a value is out of range.</exception>
    public ActionBonus(BonusTrigger trigger, Points points, bool oncePerCustomer = false, int? maxPerDay = null, int? maxPerMonth = null)
    {
        Preconditions.CheckValue(Enum.IsDefined(trigger), "bonus.trigger", trigger, "is not a defined bonus trigger");
        Preconditions.CheckValue(points > Points.Zero, "bonus.points", points, "must be greater than zero");
        Preconditions.CheckValue(maxPerDay is null or > 0, "bonus.maxPerDay", maxPerDay, "must be at least 1 when given");
        Preconditions.CheckValue(maxPerMonth is null or > 0, "bonus.maxPerMonth", maxPerMonth, "must be at least 1 when given");
        Trigger = trigger;
        Points = points;
        OncePerCustomer = oncePerCustomer;
        MaxPerDay = maxPerDay;
        MaxPerMonth = maxPerMonth;
    }

    /// <summary>Gets the action or moment that pays the bonus.</summary>
    /// <value>The trigger.</value>
    public BonusTrigger Trigger { get; }

    /// <summary>Gets the points paid each time.</summary>
    /// <value>The points, greater than zero.</value>
    public Points Points { get; }

    /// <summary>Gets a value indicating whether the bonus pays at most once per customer.</summary>
    /// <value><see langword="true"/> for one-time bonuses such as sign-up.</value>
    public bool OncePerCustomer { get; }

    /// <summary>Gets the most times the bonus pays per customer per local day.</summary>
    /// <value>The limit, or <see langword="null"/> for none.</value>
    public int? MaxPerDay { get; }

    /// <summary>Gets the most times the bonus pays per customer per calendar month.</summary>
    /// <value>The limit, or <see langword="null"/> for none.</value>
    public int? MaxPerMonth { get; }
}
