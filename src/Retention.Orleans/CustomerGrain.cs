using NodaTime;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Retention.Loyalty;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Orleans;

/// <summary>
/// The customer grain: the event log in grain storage is the truth; the <see cref="PointsLedger"/> is rebuilt from it
/// on activation (one replay) and then kept up to date event by event.
/// </summary>
internal sealed class CustomerGrain : Grain, ICustomerGrain
{
    private readonly IPersistentState<StoredCustomer> _stored;
    private readonly Serializer<CustomerState> _serializer;
    private CustomerState _current = new();
    private readonly RetentionOrleansOptions _options;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _waitingForOrder = new(StringComparer.Ordinal);
    private PointsLedger _ledger;
    private CustomerId _customer;
    private Instant _lastAt = Instant.MinValue;
    private ContactLog? _contacts;

    public CustomerGrain(
        [PersistentState("customer", RetentionOrleansOptions.StorageName)] IPersistentState<StoredCustomer> stored,
        Serializer<CustomerState> serializer,
        RetentionOrleansOptions options)
    {
        _stored = stored;
        _serializer = serializer;
        _options = options;
        _ledger = new PointsLedger(options.Program);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _customer = new CustomerId(this.GetPrimaryKeyString());
        _current = (_stored.State?.Data is { Length: > 0 } data ? _serializer.Deserialize(data) : null) ?? new CustomerState();
        Rebuild();
        return Task.CompletedTask;
    }

    public async Task<DeliveryResult> DeliverAsync(CustomerEvent customerEvent)
    {
        ArgumentNullException.ThrowIfNull(customerEvent);
        var key = customerEvent.Key;
        if (_keys.Contains(key))
        {
            return new DeliveryResult(DeliveryStatus.Duplicate, null, 0, Available(customerEvent.At));
        }

        // Invalid data throws here, before anything is kept. A refund whose order is unknown converts to null: kept, waiting.
        var converted = ToCore(customerEvent);
        var completesWaiting = customerEvent is OrderPlacedEvent order && _waitingForOrder.Contains(order.OrderId);
        DeliveryResult result;
        try
        {
            _current.Events.Add(customerEvent);
            if (converted is not null && customerEvent.At > _lastAt && !completesWaiting)
            {
                Track(customerEvent);
                var applied = _ledger.Apply(converted);
                result = new DeliveryResult(DeliveryStatus.Applied, applied.Status, applied.Change.Value, Available(customerEvent.At));
            }
            else
            {
                Rebuild();
                var status = converted is null ? DeliveryStatus.Waiting : DeliveryStatus.Reordered;
                result = new DeliveryResult(status, null, 0, Available(customerEvent.At));
            }
        }
        catch
        {
            // An overflow in the ledger: memory is ahead of storage, so drop the activation and let storage decide.
            DeactivateOnIdle();
            throw;
        }

        await PersistAsync();
        return result;
    }

    public Task<BalanceView> GetBalanceAsync(Instant at) => Task.FromResult(BalanceView.From(_ledger.GetBalance(_customer, at)));

    public Task<TierView> GetTierAsync(Instant at)
    {
        if (_options.Program.Tiers is null)
        {
            throw new InvalidOperationException("The points program has no tier ladder.");
        }

        return Task.FromResult(TierView.From(_ledger.GetTierProgress(_customer, at)));
    }

    public Task<IReadOnlyList<LedgerEntryView>> GetHistoryAsync()
    {
        var history = _ledger.History(_customer);
        var views = new LedgerEntryView[history.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = LedgerEntryView.From(history[i]);
        }

        return Task.FromResult<IReadOnlyList<LedgerEntryView>>(views);
    }

    public Task<int> GetEventCountAsync() => Task.FromResult(_current.Events.Count);

    public async Task SetProfileAsync(Instant signedUpAt, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is null)
        {
            throw new InvalidValueException("timeZoneId", timeZoneId, "is not a time zone id of the TZDB");
        }

        _current.SignedUpAt = signedUpAt;
        _current.TimeZoneId = timeZoneId;
        await PersistAsync();
    }

    public async Task SetConsentAsync(Channel channel, bool granted, Instant at)
    {
        if (!Enum.IsDefined(channel))
        {
            throw new InvalidValueException("channel", channel.ToString(), "is not a defined channel");
        }

        var consents = _current.Consents;
        var same = consents.FindIndex(c => c.Channel == channel && c.At == at);
        if (same >= 0)
        {
            consents[same] = new ConsentRecord(channel, granted, at); // the profile refuses two changes at one instant
        }
        else
        {
            consents.Add(new ConsentRecord(channel, granted, at));
        }

        await PersistAsync();
    }

    public async Task SetRfmScoreAsync(RfmScoreView score)
    {
        ArgumentNullException.ThrowIfNull(score);
        _current.Score = score;
        await PersistAsync();
    }

    public async Task<OfferView?> NextBestOfferAsync(Instant now, bool commit)
    {
        var selector = _options.Selector ?? throw new InvalidOperationException("No offer catalog is registered (AddRetentionOrleans with a catalog).");
        var catalog = selector.Catalog;
        var state = _current;
        var zone = state.TimeZoneId is { } id ? DateTimeZoneProviders.Tzdb[id] : DateTimeZone.Utc;
        var profile = new CustomerProfile(
            _customer,
            state.SignedUpAt ?? (state.Events.Count > 0 ? state.Events.Min(e => e.At) : now),
            zone,
            consents: state.Consents.Select(c => new ConsentChange(c.Channel, c.Granted, c.At)));
        var orders = _orders.Values.Where(o => !_cancelled.Contains(o.Id.Value));
        var tierLevel = 0;
        decimal? spendToNext = null;
        if (_options.Program.Tiers is { } ladder)
        {
            var progress = _ledger.GetTierProgress(_customer, now);
            tierLevel = progress.Status.Level;
            if (ladder.Basis == TierBasis.Spend && progress.Next is not null)
            {
                spendToNext = progress.NeededForNext;
            }
        }

        var score = state.Score is { } s ? new RfmScore(s.Recency, s.Frequency, s.Monetary, s.Segment) : default;
        var customer = catalog.DescribeCustomer(0, profile, now, orders, score, tierLevel, spendToNext);
        _contacts ??= LoadContacts(catalog);
        var choices = new OfferChoice[1];
        if (selector.Choose(in customer, now, _contacts, choices) == 0)
        {
            return null;
        }

        var choice = choices[0];
        if (commit)
        {
            var before = _contacts.Contacts.Count;
            selector.Commit(choices, _contacts);
            for (var i = before; i < _contacts.Contacts.Count; i++)
            {
                state.Contacts.Add(new ContactRecord(_contacts.Contacts[i].OfferId, _contacts.Contacts[i].At));
            }

            await PersistAsync();
        }

        var offer = choice.Offer!;
        return new OfferView(offer.Id, offer.Channel, choice.Probability, choice.ExpectedValue, choice.SendAt, choice.IsDeferred);
    }

    private ContactLog LoadContacts(OfferCatalog catalog)
    {
        var log = new ContactLog(catalog);
        foreach (var c in _current.Contacts)
        {
            log.Record(new OfferContact(0, c.OfferId, c.At));
        }

        return log;
    }

    private long Available(Instant at) => _ledger.GetBalance(_customer, at).Available.Value;

    /// <summary>Writes the state; if the write fails the activation is dropped, so the next call reloads what storage
    /// holds instead of trusting memory that storage never saw.</summary>
    private async Task PersistAsync()
    {
        try
        {
            _stored.State.Data = _serializer.SerializeToArray(_current);
            await _stored.WriteStateAsync();
            _stored.State.Data = null; // the activation works from _current; do not keep a second copy
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Rebuilds the ledger from the event log: one replay in the core's replay order, as a single ledger
    /// given the same distinct events would be.</summary>
    private void Rebuild()
    {
        _keys.Clear();
        _orders.Clear();
        _cancelled.Clear();
        _waitingForOrder.Clear();
        _lastAt = Instant.MinValue;
        foreach (var e in _current.Events)
        {
            _keys.Add(e.Key);
            if (e is OrderPlacedEvent o)
            {
                _orders[o.OrderId] = ToOrder(o);
            }
        }

        var events = new List<LoyaltyEvent>(_current.Events.Count);
        foreach (var e in _current.Events)
        {
            Track(e);
            LoyaltyEvent? core;
            try
            {
                core = ToCore(e);
            }
            catch (RetentionException)
            {
                core = null; // a refund that does not fit its order: kept, and refused like the core refuses it
            }

            if (core is not null)
            {
                events.Add(core);
            }
            else if (e is OrderRefundedEvent r && !_orders.ContainsKey(r.OrderId))
            {
                _waitingForOrder.Add(r.OrderId);
            }
        }

        _ledger = new PointsLedger(_options.Program);
        _ledger.Replay(events);
    }

    private void Track(CustomerEvent e)
    {
        _keys.Add(e.Key);
        if (e.At > _lastAt)
        {
            _lastAt = e.At;
        }

        if (e is OrderCancelledEvent c)
        {
            _cancelled.Add(c.OrderId);
        }
        else if (e is OrderPlacedEvent o && !_orders.ContainsKey(o.OrderId))
        {
            _orders[o.OrderId] = ToOrder(o);
        }
    }

    private LoyaltyEvent? ToCore(CustomerEvent e) => e switch
    {
        OrderPlacedEvent o => new OrderPlaced(_orders.TryGetValue(o.OrderId, out var known) ? known : ToOrder(o)),
        OrderRefundedEvent r => _orders.TryGetValue(r.OrderId, out var order) ? new OrderRefunded(ToRefund(r, order)) : null,
        OrderCancelledEvent c => new OrderCancelled(new OrderId(c.OrderId), _customer, c.At),
        ActionPerformedEvent a => new ActionPerformed(ToAction(a)),
        RewardRedeemedEvent r => new RewardRedeemed(new EventKey(r.RedemptionKey), _customer, r.RewardId, r.At),
        PointsAdjustedEvent p => new PointsAdjusted(new EventKey(p.AdjustmentKey), _customer, new Points(p.Points), p.At, p.Reason),
        _ => throw new ArgumentException("Unknown event type " + e.GetType().Name + ".", nameof(e)),
    };

    private CustomerAction ToAction(ActionPerformedEvent a)
    {
        if (a.Kind == ActionKind.Referral)
        {
            throw new InvalidValueException("kind", a.Kind.ToString(), "is a referral, which changes two customers' points; deliver referrals outside the customer grain");
        }

        return new CustomerAction(new EventKey(a.ActionKey), _customer, a.Kind, a.At, a.Rating, reference: a.Reference);
    }

    private Order ToOrder(OrderPlacedEvent o)
    {
        ArgumentNullException.ThrowIfNull(o.Lines, "lines");
        var currency = Currency.FromCode(o.Currency);
        var lines = o.Lines.Select(l => new OrderLine(
            new LineItemId(l.LineId),
            new ProductId(l.ProductId),
            l.Quantity,
            new Money(l.UnitPrice, currency),
            new Money(l.Discount, currency),
            l.Category is null ? null : new CategoryId(l.Category)));
        return new Order(new OrderId(o.OrderId), _customer, o.At, currency, lines, new Money(o.OrderDiscount, currency), new Money(o.Shipping, currency), new Money(o.Tax, currency), o.Status);
    }

    private static Refund ToRefund(OrderRefundedEvent r, Order order)
    {
        if (r.Full)
        {
            return Refund.Full(new RefundId(r.RefundId), order, r.At);
        }

        var lines = (r.Lines ?? []).Select(l => new RefundLine(new LineItemId(l.LineId), l.Quantity, new Money(l.Amount, order.Currency)));
        return new Refund(new RefundId(r.RefundId), order, r.At, lines, new Money(r.Shipping, order.Currency), new Money(r.Adjustment, order.Currency));
    }
}
