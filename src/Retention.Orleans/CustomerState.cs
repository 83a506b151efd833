using NodaTime;
using Orleans;

namespace Retention.Orleans;

/// <summary>What a customer grain persists: the event log (every distinct event, first delivery wins), the profile,
/// consent changes, offer contacts and the last RFM score. The ledger itself is not stored: it is rebuilt from the log.</summary>
[GenerateSerializer]
internal sealed class CustomerState
{
    [Id(0)]
    public List<CustomerEvent> Events { get; set; } = [];

    [Id(1)]
    public string? TimeZoneId { get; set; }

    [Id(2)]
    public Instant? SignedUpAt { get; set; }

    [Id(3)]
    public List<ConsentRecord> Consents { get; set; } = [];

    [Id(4)]
    public List<ContactRecord> Contacts { get; set; } = [];

    [Id(5)]
    public RfmScoreView? Score { get; set; }
}

/// <summary>
/// What the grain hands to grain storage: the <see cref="CustomerState"/> in Orleans' own binary format (version
/// tolerant, polymorphic, with the NodaTime surrogates). Storage providers serialize state with their own serializer
/// (Newtonsoft JSON by default), which cannot read back the abstract event types or NodaTime values; an opaque blob
/// works with every provider and every storage serializer.
/// </summary>
[GenerateSerializer]
internal sealed class StoredCustomer
{
    [Id(0)]
    public byte[]? Data { get; set; }
}

/// <summary>A consent change on the wire.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ConsentRecord([property: Id(0)] Channel Channel, [property: Id(1)] bool Granted, [property: Id(2)] Instant At);

/// <summary>An offer sent, for caps and cooldowns.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ContactRecord([property: Id(0)] string OfferId, [property: Id(1)] Instant At);
