using System.Collections.Frozen;
using System.Collections.ObjectModel;
using NodaTime;

namespace Retention;

/// <summary>
/// What the store knows about a customer besides orders: when they signed up, their time zone and birthday, the consent
/// they gave or withdrew per channel, and free attributes and tags.
/// </summary>
/// <remarks>
/// <para>Calendar questions about a customer (is it their birthday, which month is it for them) are answered in the
/// customer's own <see cref="TimeZone"/>, so a birthday is never a day early for customers west of UTC.</para>
/// <para>Consent is a history: <see cref="HasConsent(Channel, Instant)"/> answers for any instant from the latest change at
/// or before it. No change means no consent.</para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed class CustomerProfile
{
    private readonly ConsentChange[] _consents;

    /// <summary>Initializes a new profile.</summary>
    /// <param name="id">The customer's identifier.</param>
    /// <param name="signedUpAt">When the customer created the account.</param>
    /// <param name="timeZone">The customer's time zone, for calendar rules such as birthdays and quiet hours.</param>
    /// <param name="birthday">The customer's birthday (month and day), or <see langword="null"/> when unknown.</param>
    /// <param name="consents">Consent changes in any order, or <see langword="null"/> for none. Read once.</param>
    /// <param name="attributes">Free attributes such as gender or language, or <see langword="null"/>. Keys are ordinal and must not be empty.</param>
    /// <param name="tags">Free tags, or <see langword="null"/>. Duplicates are removed; tags must not be empty.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="timeZone"/> is <see langword="null"/>, or a tag or attribute key or value is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="id"/> is unassigned, a channel is not defined, two changes for one channel share an instant, or a key or tag is empty.</exception>
    public CustomerProfile(
        CustomerId id,
        Instant signedUpAt,
        DateTimeZone timeZone,
        AnnualDate? birthday = null,
        IEnumerable<ConsentChange>? consents = null,
        IReadOnlyDictionary<string, string>? attributes = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        Preconditions.CheckValue(!id.IsUnassigned, "customerId", id, "must be assigned");

        var consentArray = (consents ?? []).ToArray();
        foreach (var change in consentArray)
        {
            Preconditions.CheckValue(Enum.IsDefined(change.Channel), "consents.channel", change.Channel, "is not a defined channel");
        }

        // Stable sort by instant: for one channel the history reads in time order.
        consentArray = [.. consentArray.OrderBy(c => c.At)];
        for (var i = 1; i < consentArray.Length; i++)
        {
            for (var j = i - 1; j >= 0 && consentArray[j].At == consentArray[i].At; j--)
            {
                if (consentArray[j].Channel == consentArray[i].Channel)
                {
                    Preconditions.ThrowInvalid("consents.at", consentArray[i].At, "holds two changes for " + consentArray[i].Channel + " at the same instant");
                }
            }
        }

        var attributeCopy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? FrozenDictionary<string, string>.Empty)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(attributes));
            ArgumentNullException.ThrowIfNull(value, nameof(attributes));
            Preconditions.CheckValue(key.Trim().Length > 0, "attributes.key", key, "must not be empty");
            attributeCopy.Add(key, value);
        }

        var tagList = new List<string>();
        var seenTags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            ArgumentNullException.ThrowIfNull(tag, nameof(tags));
            Preconditions.CheckValue(tag.Trim().Length > 0, "tags", tag, "must not be empty");
            if (seenTags.Add(tag))
            {
                tagList.Add(tag);
            }
        }

        Id = id;
        SignedUpAt = signedUpAt;
        TimeZone = timeZone;
        Birthday = birthday;
        _consents = consentArray;
        ConsentHistory = new ReadOnlyCollection<ConsentChange>(consentArray);
        Attributes = attributeCopy.ToFrozenDictionary(StringComparer.Ordinal);
        Tags = tagList.AsReadOnly();
    }

    /// <summary>Gets the customer's identifier.</summary>
    /// <value>The identifier given at construction.</value>
    public CustomerId Id { get; }

    /// <summary>Gets when the customer created the account.</summary>
    /// <value>An instant.</value>
    public Instant SignedUpAt { get; }

    /// <summary>Gets the customer's time zone.</summary>
    /// <value>Used for every calendar rule about this customer.</value>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the customer's birthday.</summary>
    /// <value>Month and day, or <see langword="null"/> when unknown.</value>
    public AnnualDate? Birthday { get; }

    /// <summary>Gets every consent change, sorted by instant.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<ConsentChange> ConsentHistory { get; }

    /// <summary>Gets the free attributes.</summary>
    /// <value>Keys compare ordinally; possibly empty.</value>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>Gets the free tags, in the order first given, without duplicates.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Returns whether the customer had consented to <paramref name="channel"/> at <paramref name="at"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="at">The instant asked about; a change made exactly at this instant counts.</param>
    /// <returns><see langword="true"/> when the latest change for the channel at or before <paramref name="at"/> granted consent.</returns>
    public bool HasConsent(Channel channel, Instant at)
    {
        var granted = false;
        foreach (var change in _consents)
        {
            if (change.At > at)
            {
                break;
            }

            if (change.Channel == channel)
            {
                granted = change.Granted;
            }
        }

        return granted;
    }

    /// <summary>Returns the date of the customer's birthday in the given year.</summary>
    /// <param name="year">The year.</param>
    /// <returns>The date, or <see langword="null"/> when the birthday is unknown. A 29 February birthday falls on
    /// 28 February in years that are not leap years (NodaTime's <see cref="AnnualDate.InYear(int)"/> rule).</returns>
    public LocalDate? BirthdayIn(int year) => Birthday?.InYear(year);

    /// <summary>Returns the customer's local date at an instant, in the customer's time zone.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The date on the customer's calendar.</returns>
    public LocalDate LocalDateAt(Instant at) => at.InZone(TimeZone).Date;

    /// <summary>Returns whether <paramref name="at"/> falls on the customer's birthday in the customer's time zone.</summary>
    /// <param name="at">The instant.</param>
    /// <returns><see langword="true"/> on the birthday (28 February in non-leap years for a 29 February birthday);
    /// <see langword="false"/> when the birthday is unknown.</returns>
    public bool IsBirthday(Instant at)
    {
        var today = LocalDateAt(at);
        return BirthdayIn(today.Year) == today;
    }
}
