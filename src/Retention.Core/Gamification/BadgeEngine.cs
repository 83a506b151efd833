using System.Collections.ObjectModel;

namespace Retention.Gamification;

/// <summary>
/// Awards badges by declarative rules from a customer's orders and reviews: each badge at most once, at the instant of
/// the event that first met its rule.
/// </summary>
/// <remarks>
/// <para>
/// Events are read in time order; at one instant orders come before actions, and then order ids or action keys in
/// ordinal order. Orders count unless cancelled; spending is each order's merchandise after discounts
/// (<see cref="Order.MerchandiseNet"/>), without shipping and tax, in the rule's currency (orders in other currencies
/// do not count), and refunds do not take a badge back. Streaks are counted in the customer's time zone as
/// <see cref="PurchaseStreaks"/> does. A review is an action of kind <see cref="ActionKind.Review"/> or
/// <see cref="ActionKind.PhotoReview"/>; reviews of the same product (same <see cref="CustomerAction.Reference"/>)
/// count once, and a review without a reference counts as its own product.
/// </para>
/// <para>Badges already awarded (passed to <see cref="Evaluate"/>) are not awarded again, so incremental runs over a
/// growing history award each badge once.</para>
/// <para>Thread safety: immutable and safe to share.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var badges = new BadgeEngine([BadgeRule.FirstOrder("welcome"), BadgeRule.Orders("regular", 5), BadgeRule.Streak("habit", 4, StreakPeriod.IsoWeek)]);
/// IReadOnlyList<BadgeAward> awards = badges.Evaluate(customer, orders, reviews);
/// ]]></code>
/// </example>
public sealed class BadgeEngine
{
    /// <summary>Creates an engine.</summary>
    /// <param name="rules">The rules, at least one; badge identifiers unique (ordinal).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="rules"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when there are no rules or two rules award the same badge.</exception>
    public BadgeEngine(IEnumerable<BadgeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToArray();
        Preconditions.CheckValue(list.Length > 0, "rules", list.Length, "must hold at least one rule");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(rules));
            if (!ids.Add(list[i].BadgeId))
            {
                Preconditions.ThrowInvalid(Preconditions.Element("rules", i) + ".badgeId", list[i].BadgeId, "is awarded by an earlier rule");
            }
        }

        Rules = new ReadOnlyCollection<BadgeRule>(list);
    }

    /// <summary>Gets the rules, in the order given.</summary>
    /// <value>At least one rule.</value>
    public IReadOnlyList<BadgeRule> Rules { get; }

    /// <summary>Evaluates the rules over one customer's history.</summary>
    /// <param name="customer">The customer; their time zone decides streak periods.</param>
    /// <param name="orders">The customer's orders, in any order; read once.</param>
    /// <param name="actions">The customer's actions, or <see langword="null"/>; read once. Only reviews count.</param>
    /// <param name="alreadyAwarded">Badges the customer already holds, or <see langword="null"/>; they are not awarded again.</param>
    /// <returns>The new awards in the order they were earned (rules in their given order at one event).</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument or an element is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an order or action belongs to another customer.</exception>
    public IReadOnlyList<BadgeAward> Evaluate(CustomerProfile customer, IEnumerable<Order> orders, IEnumerable<CustomerAction>? actions = null, IEnumerable<string>? alreadyAwarded = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(orders);
        var held = new HashSet<string>(alreadyAwarded ?? [], StringComparer.Ordinal);
        var events = new List<(NodaTime.Instant At, int Rank, string Key, Order? Order, CustomerAction? Action)>();
        var i = 0;
        foreach (var order in orders)
        {
            ArgumentNullException.ThrowIfNull(order, nameof(orders));
            if (order.CustomerId != customer.Id)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("orders", i) + ".customerId", order.CustomerId, "must be the customer " + customer.Id.Value);
            }

            if (order.Status != OrderStatus.Cancelled)
            {
                events.Add((order.PlacedAt, 0, order.Id.Value, order, null));
            }

            i++;
        }

        i = 0;
        foreach (var action in actions ?? [])
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            if (action.CustomerId != customer.Id)
            {
                Preconditions.ThrowInvalid(Preconditions.Element("actions", i) + ".customerId", action.CustomerId, "must be the customer " + customer.Id.Value);
            }

            if (action.Kind is ActionKind.Review or ActionKind.PhotoReview)
            {
                events.Add((action.OccurredAt, 1, action.Key.Value, null, action));
            }

            i++;
        }

        events.Sort(static (x, y) =>
        {
            var c = x.At.CompareTo(y.At);
            if (c != 0)
            {
                return c;
            }

            c = x.Rank.CompareTo(y.Rank);
            return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
        });

        var awards = new List<BadgeAward>();
        var orderCount = 0;
        var spent = new Dictionary<Currency, decimal>();
        var reviewed = new HashSet<string>(StringComparer.Ordinal);
        var runs = new Run[2];
        foreach (var e in events)
        {
            if (e.Order is { } order)
            {
                orderCount++;
                spent[order.Currency] = spent.GetValueOrDefault(order.Currency) + order.MerchandiseNet.Amount;
                var date = order.PlacedAt.InZone(customer.TimeZone).Date;
                runs[0].Add(PurchaseStreaks.PeriodOf(date, StreakPeriod.IsoWeek));
                runs[1].Add(PurchaseStreaks.PeriodOf(date, StreakPeriod.CalendarMonth));
                Award(e.At, "order:" + order.Id.Value);
            }
            else
            {
                reviewed.Add(e.Action!.Reference is { } product ? "product:" + product : "action:" + e.Action.Key.Value);
                Award(e.At, e.Key);
            }
        }

        return awards.AsReadOnly();

        void Award(NodaTime.Instant at, string cause)
        {
            foreach (var rule in Rules)
            {
                if (held.Contains(rule.BadgeId))
                {
                    continue;
                }

                var met = rule.Kind switch
                {
                    BadgeRuleKind.FirstOrder or BadgeRuleKind.OrderCount => orderCount >= rule.Threshold,
                    BadgeRuleKind.AmountSpent => spent.GetValueOrDefault(rule.Amount!.Value.Currency) >= rule.Amount.Value.Amount,
                    BadgeRuleKind.Streak => runs[(int)rule.Period!.Value].Length >= rule.Threshold,
                    _ => reviewed.Count >= rule.Threshold,
                };
                if (met)
                {
                    held.Add(rule.BadgeId);
                    awards.Add(new BadgeAward(rule.BadgeId, customer.Id, at, cause));
                }
            }
        }
    }

    /// <summary>The run of consecutive periods ending at the latest period seen.</summary>
    private struct Run
    {
        private long _last;

        public int Length { get; private set; }

        public void Add(long period)
        {
            if (Length > 0 && period <= _last)
            {
                return; // the same period (or, across a zone change at midnight, an earlier one): nothing new
            }

            Length = Length > 0 && period == _last + 1 ? Length + 1 : 1;
            _last = period;
        }
    }
}
