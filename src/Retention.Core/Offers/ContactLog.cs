using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Offers;

/// <summary>
/// The contact history that frequency caps, cooldowns, redemption limits and budgets read: every offer sent, per
/// customer, channel and offer, with the count issued per offer and the cost charged per budget. The caller owns it;
/// <see cref="OfferSelector.Commit"/> adds the choices it commits, and <see cref="Record(OfferContact)"/> replays a
/// stored history.
/// </summary>
/// <remarks>
/// <para>The log belongs to one catalog (offers and budgets are kept by their index in it). Customers are dense
/// indexes (<see cref="OfferCustomer.Index"/>). Contacts may be recorded in any time order; the questions the selector
/// asks look on both sides of an instant (see <see cref="FrequencyCap"/>), so a replay in any order gives the same
/// answers. <see cref="Record(OfferContact)"/> records what happened and does not refuse a contact that breaks a cap
/// or budget; only the selector's choices are guaranteed to keep them.</para>
/// <para>Recording allocates (per-key lists grow); the questions asked during a decision do not.</para>
/// <para>Thread safety: mutable and not safe for concurrent use; a decision reads it, so do not record while other
/// threads decide with it.</para>
/// </remarks>
public sealed class ContactLog
{
    private readonly Dictionary<long, List<long>> _byChannel = [];
    private readonly Dictionary<long, List<long>> _byOffer = [];
    private readonly List<OfferContact> _contacts = [];
    private readonly int[] _issued;
    private readonly decimal[] _spent;

    /// <summary>One bit per customer index with at least one contact, so decisions for customers without history skip
    /// the lookups.</summary>
    private ulong[] _touched = [];

    /// <summary>Initializes an empty log for a catalog.</summary>
    /// <param name="catalog">The catalog whose offers are recorded.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="catalog"/> is <see langword="null"/>.</exception>
    public ContactLog(OfferCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        _issued = new int[catalog.Offers.Count];
        _spent = new decimal[catalog.Budgets.Count];
        Contacts = new ReadOnlyCollection<OfferContact>(_contacts);
    }

    /// <summary>Gets the catalog whose offers the log records.</summary>
    /// <value>The catalog given at construction.</value>
    public OfferCatalog Catalog { get; }

    /// <summary>Gets every contact recorded, in the order recorded: store these to replay the log later.</summary>
    /// <value>A live read-only view.</value>
    public IReadOnlyList<OfferContact> Contacts { get; }

    /// <summary>Records a contact from a stored history (a replay) or made outside the selector.</summary>
    /// <param name="contact">The contact.</param>
    /// <exception cref="InvalidValueException">Thrown when the offer is not in the catalog or the customer index is negative.</exception>
    public void Record(OfferContact contact)
    {
        Preconditions.CheckValue(contact.OfferId is not null && Catalog.IndexOf(contact.OfferId) >= 0, "contact.offerId", contact.OfferId, "is not an offer of the catalog");
        Preconditions.CheckValue(contact.Customer >= 0, "contact.customer", contact.Customer, "must not be negative");
        Add(contact.Customer, Catalog.IndexOf(contact.OfferId!), contact.At, contact);
    }

    /// <summary>Records a choice of the selector as sent at its <see cref="OfferChoice.SendAt"/>.</summary>
    /// <param name="choice">The choice.</param>
    /// <exception cref="ArgumentException">Thrown when the choice is the default value or comes from another catalog.</exception>
    public void Record(in OfferChoice choice)
    {
        if (choice.Offer is not { } offer || choice.OfferIndex >= Catalog.Offers.Count || !ReferenceEquals(Catalog.Offers[choice.OfferIndex], offer))
        {
            throw new ArgumentException("The choice has no offer of this log's catalog.", nameof(choice));
        }

        Add(choice.Customer, choice.OfferIndex, choice.SendAt, new OfferContact(choice.Customer, offer.Id, choice.SendAt));
    }

    /// <summary>Returns how many times an offer was issued.</summary>
    /// <param name="offerId">The offer's identifier.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="offerId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the offer is not in the catalog.</exception>
    public int IssuedCount(string offerId)
    {
        var index = Catalog.IndexOf(offerId);
        return index >= 0 ? _issued[index] : throw new ArgumentException("No offer \"" + offerId + "\" in the catalog.", nameof(offerId));
    }

    /// <summary>Returns the cost charged to a budget so far.</summary>
    /// <param name="budgetId">The budget's identifier.</param>
    /// <returns>The total, in the catalog's currency.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="budgetId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the budget is not in the catalog.</exception>
    public Money Spent(string budgetId)
    {
        ArgumentNullException.ThrowIfNull(budgetId);
        for (var i = 0; i < Catalog.Budgets.Count; i++)
        {
            if (string.Equals(Catalog.Budgets[i].Id, budgetId, StringComparison.Ordinal))
            {
                return new Money(_spent[i], Catalog.Currency);
            }
        }

        throw new ArgumentException("No budget \"" + budgetId + "\" in the catalog.", nameof(budgetId));
    }

    /// <summary>Returns how many messages a customer was sent on a channel from <paramref name="from"/> (inclusive) to
    /// <paramref name="to"/> (exclusive).</summary>
    /// <param name="customer">The customer's index.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="from">The start, inclusive.</param>
    /// <param name="to">The end, exclusive.</param>
    /// <returns>The count.</returns>
    public int SentOn(int customer, Channel channel, Instant from, Instant to)
    {
        if (!_byChannel.TryGetValue(ChannelKey(customer, (int)channel), out var sends))
        {
            return 0;
        }

        var span = CollectionsMarshal.AsSpan(sends);
        return LowerBound(span, to.ToUnixTimeTicks()) - LowerBound(span, from.ToUnixTimeTicks());
    }

    internal bool HasHistory(int customer)
    {
        var word = customer >> 6;
        return word < _touched.Length && (_touched[word] & (1UL << customer)) != 0;
    }

    internal int IssuedAt(int offer) => _issued[offer];

    internal decimal SpentAt(int budget) => _spent[budget];

    /// <summary>Counts sends on a channel strictly within <paramref name="window"/> ticks of <paramref name="at"/>, stopping
    /// at <paramref name="stopAt"/>.</summary>
    internal int ChannelSendsNear(int customer, int channel, long at, long window, int stopAt) =>
        _byChannel.Count == 0 || !_byChannel.TryGetValue(ChannelKey(customer, channel), out var sends) ? 0 : Near(sends, at, window, stopAt);

    internal bool OfferSentNear(int customer, int offer, long at, long window) =>
        _byOffer.Count != 0 && _byOffer.TryGetValue(OfferKey(customer, offer), out var sends) && Near(sends, at, window, 1) > 0;

    /// <summary>The instants of a customer's sends on a channel, sorted, for explanations.</summary>
    internal ReadOnlySpan<long> ChannelSends(int customer, int channel) =>
        _byChannel.TryGetValue(ChannelKey(customer, channel), out var sends) ? CollectionsMarshal.AsSpan(sends) : [];

    internal ReadOnlySpan<long> OfferSends(int customer, int offer) =>
        _byOffer.TryGetValue(OfferKey(customer, offer), out var sends) ? CollectionsMarshal.AsSpan(sends) : [];

    private static int Near(List<long> sends, long at, long window, int stopAt)
    {
        if (window <= 0)
        {
            return 0;
        }

        var span = CollectionsMarshal.AsSpan(sends);
        var low = at - window;
        var high = at + window;
        var count = 0;
        for (var i = LowerBound(span, low + 1); i < span.Length && span[i] < high && count < stopAt; i++)
        {
            count++;
        }

        return count;
    }

    /// <summary>The first index whose value is at least <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<long> span, long value)
    {
        var low = 0;
        var high = span.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (span[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private void Add(int customer, int offer, Instant at, OfferContact contact)
    {
        var ticks = at.ToUnixTimeTicks();
        var word = customer >> 6;
        if (word >= _touched.Length)
        {
            Array.Resize(ref _touched, Math.Max(word + 1, _touched.Length * 2));
        }

        _touched[word] |= 1UL << customer;
        Insert(_byChannel, ChannelKey(customer, Catalog.ChannelOf[offer]), ticks);
        Insert(_byOffer, OfferKey(customer, offer), ticks);
        _issued[offer]++;
        if (Catalog.BudgetOf[offer] is var budget and >= 0)
        {
            _spent[budget] += Catalog.CostOf[offer];
        }

        _contacts.Add(contact);
    }

    private static void Insert(Dictionary<long, List<long>> map, long key, long ticks)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        list ??= [];
        var index = LowerBound(CollectionsMarshal.AsSpan(list), ticks + 1);
        list.Insert(index, ticks);
    }

    private static long ChannelKey(int customer, int channel) => ((long)customer << 3) | (uint)channel;

    private long OfferKey(int customer, int offer) => ((long)customer * Catalog.Offers.Count) + offer;
}
