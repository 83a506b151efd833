using NodaTime;

namespace Retention.Tests.Model;

public sealed class CustomerProfileTests
{
    private static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    private static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
    private static readonly Instant SignUp = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static CustomerProfile Profile(DateTimeZone zone, AnnualDate? birthday = null, params ConsentChange[] consents) =>
        new(new CustomerId("C1"), SignUp, zone, birthday, consents);

    [Fact]
    public void Birthday_IsJudgedOnTheCustomersOwnCalendar_NotUtc()
    {
        var profile = Profile(LosAngeles, new AnnualDate(3, 15));

        // 2026-03-15T03:00Z is still the evening of 14 March in Los Angeles: not yet the birthday.
        Assert.False(profile.IsBirthday(Instant.FromUtc(2026, 3, 15, 3, 0)));
        Assert.True(profile.IsBirthday(Instant.FromUtc(2026, 3, 15, 8, 0)));

        // 2026-03-16T06:59Z is the last minute of 15 March in Los Angeles (PDT, UTC-7).
        Assert.True(profile.IsBirthday(Instant.FromUtc(2026, 3, 16, 6, 59)));
        Assert.False(profile.IsBirthday(Instant.FromUtc(2026, 3, 16, 7, 0)));

        // East of UTC it starts earlier.
        Assert.True(Profile(Tokyo, new AnnualDate(3, 15)).IsBirthday(Instant.FromUtc(2026, 3, 14, 15, 0)));
    }

    [Fact]
    public void LeapDayBirthday_FallsOn28FebruaryInCommonYears()
    {
        var profile = Profile(DateTimeZone.Utc, new AnnualDate(2, 29));
        Assert.Equal(new LocalDate(2027, 2, 28), profile.BirthdayIn(2027));
        Assert.Equal(new LocalDate(2028, 2, 29), profile.BirthdayIn(2028));
        Assert.True(profile.IsBirthday(Instant.FromUtc(2027, 2, 28, 12, 0)));
        Assert.False(profile.IsBirthday(Instant.FromUtc(2028, 2, 28, 12, 0)));
        Assert.True(profile.IsBirthday(Instant.FromUtc(2028, 2, 29, 12, 0)));
    }

    [Fact]
    public void UnknownBirthday_IsNeverTheBirthday()
    {
        var profile = Profile(DateTimeZone.Utc);
        Assert.Null(profile.BirthdayIn(2026));
        Assert.False(profile.IsBirthday(SignUp));
    }

    [Fact]
    public void Consent_FollowsTheLatestChangeAtOrBeforeTheInstant_PerChannel()
    {
        var given = Instant.FromUtc(2025, 2, 1, 0, 0);
        var withdrawn = Instant.FromUtc(2025, 6, 1, 0, 0);
        var profile = Profile(
            DateTimeZone.Utc,
            null,
            new ConsentChange(Channel.Email, false, withdrawn),   // given out of order on purpose
            new ConsentChange(Channel.Email, true, given),
            new ConsentChange(Channel.Sms, true, withdrawn));

        Assert.False(profile.HasConsent(Channel.Email, given - Duration.Epsilon));
        Assert.True(profile.HasConsent(Channel.Email, given));
        Assert.True(profile.HasConsent(Channel.Email, withdrawn - Duration.Epsilon));
        Assert.False(profile.HasConsent(Channel.Email, withdrawn));
        Assert.True(profile.HasConsent(Channel.Sms, withdrawn));
        Assert.False(profile.HasConsent(Channel.Push, withdrawn));
        Assert.Equal([given, withdrawn, withdrawn], profile.ConsentHistory.Select(c => c.At));
    }

    [Fact]
    public void Consent_TwoChangesForOneChannelAtOneInstant_AreRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Profile(
            DateTimeZone.Utc, null, new ConsentChange(Channel.Email, true, SignUp), new ConsentChange(Channel.Email, false, SignUp)));
        Assert.Equal("consents.at", ex.Field);
        Assert.Equal("Invalid consents.at: 2025-01-01T00:00:00Z holds two changes for Email at the same instant.", ex.Message);
    }

    [Fact]
    public void Consent_UndefinedChannel_IsRejected()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Profile(DateTimeZone.Utc, null, new ConsentChange((Channel)77, true, SignUp)));
        Assert.Equal("consents.channel", ex.Field);
        Assert.Equal("77", ex.Value);
    }

    [Fact]
    public void AttributesAndTags_AreCopied_AndValidated()
    {
        var attributes = new Dictionary<string, string> { ["gender"] = "f" };
        var tags = new List<string> { "vip", "newsletter", "vip" };
        var profile = new CustomerProfile(new CustomerId("C1"), SignUp, DateTimeZone.Utc, attributes: attributes, tags: tags);
        attributes["gender"] = "changed";
        tags.Add("late");
        Assert.Equal("f", profile.Attributes["gender"]);
        Assert.Equal(["vip", "newsletter"], profile.Tags);

        Assert.Equal("tags", Assert.Throws<InvalidValueException>(() => new CustomerProfile(new CustomerId("C1"), SignUp, DateTimeZone.Utc, tags: [" "])).Field);
        Assert.Equal("attributes.key", Assert.Throws<InvalidValueException>(() => new CustomerProfile(new CustomerId("C1"), SignUp, DateTimeZone.Utc, attributes: new Dictionary<string, string> { [""] = "x" })).Field);
        Assert.Throws<ArgumentNullException>(() => new CustomerProfile(new CustomerId("C1"), SignUp, null!));
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => new CustomerProfile(default, SignUp, DateTimeZone.Utc)).Field);
    }
}
