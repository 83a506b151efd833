using NodaTime;
using Retention.Offers;
using Retention.Rfm;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>Argument checks, their messages and the text of the small offer types that mutation testing found
/// unpinned (docs/testing.md#mutation-testing).</summary>
public sealed class OfferArgumentTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 9, 0);

    private static string Invalid(Func<object> create) => Assert.Throws<InvalidValueException>(create).Message;

    private static string Invalid(Func<OfferCustomer> create) => Assert.Throws<InvalidValueException>(() => create()).Message;

    // Survived: FrequencyCap.cs:26 '> 1', '< 1000' (1 and 1000 are allowed); FrequencyCap.cs:27 ';', '||',
    // 'window >= Duration.Zero', 'window < Duration.FromDays(3660)', '""' (field), '""' (rule).
    [Fact]
    public void FrequencyCap_MessagesAndWindow_AreCheckedAtBothEnds()
    {
        var day = Duration.FromDays(1);
        Assert.Equal((1, day), (new FrequencyCap(1, day).Messages, new FrequencyCap(1, day).Window));
        Assert.Equal(1000, new FrequencyCap(1000, day).Messages);
        Assert.Equal("Invalid frequencyCap.messages: 1001 must be from 1 to 1000.", Invalid(() => new FrequencyCap(1001, day)));

        Assert.Equal(Duration.FromDays(3660), new FrequencyCap(1, Duration.FromDays(3660)).Window);
        Assert.Equal(Duration.FromNanoseconds(1), new FrequencyCap(1, Duration.FromNanoseconds(1)).Window);
        Assert.Equal(
            "Invalid frequencyCap.window: 0:00:00:00 must be greater than zero and at most 3660 days.",
            Invalid(() => new FrequencyCap(1, Duration.Zero)));
        Assert.Equal(
            "Invalid frequencyCap.window: -1:00:00:00 must be greater than zero and at most 3660 days.",
            Invalid(() => new FrequencyCap(1, -day)));
        Assert.Equal(
            "Invalid frequencyCap.window: 3660:00:00:00.000000001 must be greater than zero and at most 3660 days.",
            Invalid(() => new FrequencyCap(1, Duration.FromDays(3660) + Duration.FromNanoseconds(1))));
    }

    // Survived: Offer.cs:33 ';' (null id); Offer.cs:34 'id.Length >= 0' (empty id), '""' (rule); Offer.cs:35 ';', '""',
    // '""'; Offer.cs:36 ';', '""', '""'.
    [Fact]
    public void Offer_IdKindAndChannel_AreChecked()
    {
        Assert.Equal("id", Assert.Throws<ArgumentNullException>(() => new Offer(null!, OfferKind.WinBack, Channel.Email)).ParamName);
        Assert.Equal("Invalid offer.id: \"\" must not be empty or padded with white space.", Invalid(() => new Offer(string.Empty, OfferKind.WinBack, Channel.Email)));
        Assert.Equal("Invalid offer.id: \"a \" must not be empty or padded with white space.", Invalid(() => new Offer("a ", OfferKind.WinBack, Channel.Email)));
        Assert.Equal("Invalid offer.kind: 12 is not a defined offer kind.", Invalid(() => new Offer("a", (OfferKind)12, Channel.Email)));
        Assert.Equal("Invalid offer.channel: 5 is not a defined channel.", Invalid(() => new Offer("a", OfferKind.WinBack, (Channel)5)));

        var offer = new Offer("a", OfferKind.VipReward, Channel.PostalMail);
        Assert.Equal(("a", OfferKind.VipReward, Channel.PostalMail), (offer.Id, offer.Kind, offer.Channel));
    }

    // Survived: OfferCustomer.cs:46, :55, :64, :73, :82, :91 '""' (the field names); OfferCustomer.cs:191 'value >= max'
    // (the highest value of each range is allowed).
    [Fact]
    public void Customer_Counts_AreCheckedAtBothEnds_AndNamed()
    {
        Assert.Equal("Invalid customer.segment: -2 must be from -1 to 254.", Invalid(() => new OfferCustomer { Segment = -2 }));
        Assert.Equal("Invalid customer.segment: 255 must be from -1 to 254.", Invalid(() => new OfferCustomer { Segment = 255 }));
        Assert.Equal("Invalid customer.tierLevel: -1 must not be negative.", Invalid(() => new OfferCustomer { TierLevel = -1 }));
        Assert.Equal("Invalid customer.recency: 10 must be from 0 to 9.", Invalid(() => new OfferCustomer { Recency = 10 }));
        Assert.Equal("Invalid customer.recency: -1 must be from 0 to 9.", Invalid(() => new OfferCustomer { Recency = -1 }));
        Assert.Equal("Invalid customer.frequency: 10 must be from 0 to 9.", Invalid(() => new OfferCustomer { Frequency = 10 }));
        Assert.Equal("Invalid customer.monetary: 10 must be from 0 to 9.", Invalid(() => new OfferCustomer { Monetary = 10 }));
        Assert.Equal("Invalid customer.orders: -1 must not be negative.", Invalid(() => new OfferCustomer { Orders = -1 }));

        var highest = new OfferCustomer { Index = int.MaxValue, Segment = 254, TierLevel = int.MaxValue, Recency = 9, Frequency = 9, Monetary = 9, Orders = int.MaxValue };
        Assert.Equal(
            (int.MaxValue, 254, int.MaxValue, 9, 9, 9, int.MaxValue),
            (highest.Index, highest.Segment, highest.TierLevel, highest.Recency, highest.Frequency, highest.Monetary, highest.Orders));
        var lowest = new OfferCustomer { Segment = -1, Recency = 0, Frequency = 0, Monetary = 0 };
        Assert.Equal((-1, 0, 0, 0), (lowest.Segment, lowest.Recency, lowest.Frequency, lowest.Monetary));
    }

    // Survived: OfferCustomer.cs:111 '>= 0d or <= 1d', '""' (rule); OfferCustomer.cs:124 ';', '""', '""'.
    [Fact]
    public void Customer_ProbabilityAliveAndClv_AreChecked()
    {
        Assert.Equal("Invalid customer.probabilityAlive: -0.1 must be from 0 to 1.", Invalid(() => new OfferCustomer { ProbabilityAlive = -0.1 }));
        Assert.Equal("Invalid customer.probabilityAlive: 1.1 must be from 0 to 1.", Invalid(() => new OfferCustomer { ProbabilityAlive = 1.1 }));
        Assert.Equal("Invalid customer.probabilityAlive: NaN must be from 0 to 1.", Invalid(() => new OfferCustomer { ProbabilityAlive = double.NaN }));
        Assert.Equal(0d, new OfferCustomer { ProbabilityAlive = 0d }.ProbabilityAlive);
        Assert.Equal(1d, new OfferCustomer { ProbabilityAlive = 1d }.ProbabilityAlive);

        Assert.Equal("Invalid customer.clv: NaN must be a finite number.", Invalid(() => new OfferCustomer { Clv = double.NaN }));
        Assert.Equal("Invalid customer.clv: Infinity must be a finite number.", Invalid(() => new OfferCustomer { Clv = double.PositiveInfinity }));
        Assert.Equal("Invalid customer.clv: -Infinity must be a finite number.", Invalid(() => new OfferCustomer { Clv = double.NegativeInfinity }));
        Assert.Equal(-double.MaxValue, new OfferCustomer { Clv = -double.MaxValue }.Clv);
    }

    // Survived: OfferCustomer.cs:145 ';', '""', '""'; OfferCustomer.cs:180 ';', '""', '""'; OfferCustomer.cs:181
    // 'mask ^= 1 << (int)channel' (a channel named twice stays set).
    [Fact]
    public void Customer_Channels_AreChecked()
    {
        Assert.Equal("Invalid customer.consentedChannels: 32 has bits of undefined channels.", Invalid(() => new OfferCustomer { ConsentedChannels = 32 }));
        Assert.Equal("Invalid customer.consentedChannels: -1 has bits of undefined channels.", Invalid(() => new OfferCustomer { ConsentedChannels = -1 }));
        Assert.Equal(31, new OfferCustomer { ConsentedChannels = 31 }.ConsentedChannels);

        Assert.Equal("Invalid channel: 5 is not a defined channel.", Assert.Throws<InvalidValueException>(() => OfferCustomer.ChannelMask(Channel.Email, (Channel)5)).Message);
        Assert.Equal(1, OfferCustomer.ChannelMask(Channel.Email, Channel.Email));
        Assert.Equal(0b10100, OfferCustomer.ChannelMask(Channel.PostalMail, Channel.Push, Channel.PostalMail));
        Assert.Equal(31, OfferCustomer.ChannelMask(Channel.Email, Channel.Sms, Channel.Push, Channel.Messaging, Channel.PostalMail));
    }

    // Survived: QuietHours.cs:28 ';', '""', '""'; QuietHours.cs:29 ';', '""', '""'; QuietHours.cs:50 'time > Start' and
    // 'time > End' (across midnight: the start is inside, the small hours are inside).
    [Fact]
    public void QuietHours_AreChecked_AndContainTheirStartAcrossMidnight()
    {
        Assert.Equal("Invalid quietHours.end: 21:00:00 must differ from the start.", Invalid(() => new QuietHours(new LocalTime(21, 0), new LocalTime(21, 0), QuietHoursPolicy.Defer)));
        Assert.Equal("Invalid quietHours.policy: 2 is not a defined quiet-hours policy.", Invalid(() => new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), (QuietHoursPolicy)2)));

        var night = new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Skip);
        Assert.Equal((new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Skip), (night.Start, night.End, night.Policy));
        Assert.Equal(
            [false, true, true, true, true, false],
            new[] { new LocalTime(20, 59), new LocalTime(21, 0), new LocalTime(23, 59), new LocalTime(0, 0), new LocalTime(7, 59), new LocalTime(8, 0) }.Select(night.Contains));
        Assert.Equal(Duration.FromHours(11), night.Remaining(new LocalTime(21, 0)));
        Assert.Equal(Duration.FromMinutes(1), night.Remaining(new LocalTime(7, 59)));
    }

    // Survived: QuietHours.cs:50 'Start <= End' and QuietHours.cs:63 'left >= 0'. Only the default value (midnight to
    // midnight, which the catalog builder rejects) has Start == End; it reads as the whole day, 24 hours long.
    [Fact]
    public void QuietHours_Default_IsTheWholeDay()
    {
        var whole = default(QuietHours);
        Assert.True(whole.Contains(new LocalTime(12, 0)));
        Assert.True(whole.Contains(LocalTime.Midnight));
        Assert.Equal(Duration.FromDays(1), whole.Remaining(LocalTime.Midnight));
        Assert.Equal(Duration.FromHours(12), whole.Remaining(new LocalTime(12, 0)));
    }

    // Survived: SegmentResponseModel.cs:30 ';', :31 ';', :96 ';' (null arguments); :32 ';', '>= 0d or <= 1d', '> 0d',
    // '< 1d', '""', '""'; :34 ';' (unnamed segments get the unscored rate); :38 'index > 0' (the first segment may be
    // named); :39 ';', 'rate is not >= 0d and <= 1d', '>= 0d or <= 1d', '> 0d', '< 0d', '> 1d', '< 1d', '""', '""';
    // :85 '{}' (IndexOf finds names); :98 'segment <= _rates.Length' (a segment past the map is unscored).
    [Fact]
    public void SegmentResponseModel_ArgumentsAndRates_AreChecked()
    {
        var none = new Dictionary<string, double>();
        Assert.Equal("segments", Assert.Throws<ArgumentNullException>(() => new SegmentResponseModel(null!, none, 0.02)).ParamName);
        Assert.Equal("rates", Assert.Throws<ArgumentNullException>(() => new SegmentResponseModel(SegmentMap.Default, null!, 0.02)).ParamName);
        Assert.Equal("Invalid unscored: -0.1 must be from 0 to 1.", Invalid(() => new SegmentResponseModel(SegmentMap.Default, none, -0.1)));
        Assert.Equal("Invalid unscored: 1.1 must be from 0 to 1.", Invalid(() => new SegmentResponseModel(SegmentMap.Default, none, 1.1)));
        Assert.Equal(0d, new SegmentResponseModel(SegmentMap.Default, none, 0d).Unscored);
        Assert.Equal(1d, new SegmentResponseModel(SegmentMap.Default, none, 1d).Unscored);

        Assert.Equal(
            "Invalid rates.Champions: -0.1 must be from 0 to 1.",
            Invalid(() => new SegmentResponseModel(SegmentMap.Default, new Dictionary<string, double> { ["Champions"] = -0.1 }, 0.02)));
        Assert.Equal(
            "Invalid rates.Loyal: 1.1 must be from 0 to 1.",
            Invalid(() => new SegmentResponseModel(SegmentMap.Default, new Dictionary<string, double> { ["Loyal"] = 1.1 }, 0.02)));

        var model = new SegmentResponseModel(SegmentMap.Default, new Dictionary<string, double> { ["Champions"] = 0d, ["Loyal"] = 1d, ["New"] = 0.5 }, 0.3);
        Assert.Equal(
            [
                ("Champions", 0d), ("Loyal", 1d), ("Potential Loyalist", 0.3), ("New", 0.5), ("Promising", 0.3), ("Need Attention", 0.3),
                ("About To Sleep", 0.3), ("Can't Lose Them", 0.3), ("At Risk", 0.3), ("Hibernating", 0.3), ("Other", 0.3),
            ],
            SegmentMap.Default.SegmentNames.Select(n => (n, model.Rates[n])));
        Assert.Same(SegmentMap.Default, model.Segments);

        var offer = new Offer("a", OfferKind.FreeShipping, Channel.Email);
        Assert.Equal("offer", Assert.Throws<ArgumentNullException>(() => model.Probability(default, null!)).ParamName);
        Assert.Equal(0d, model.Probability(new OfferCustomer { Segment = Champions }, offer));
        Assert.Equal(1d, model.Probability(new OfferCustomer { Segment = Loyal }, offer));
        Assert.Equal(0.3, model.Probability(new OfferCustomer { Segment = Hibernating }, offer));
        Assert.Equal(0.3, model.Probability(new OfferCustomer { Segment = SegmentMap.Default.SegmentNames.Count }, offer));
        Assert.Equal(0.3, model.Probability(default, offer));
    }

    // Survived: SegmentResponseModel.cs:52 (the initializer emptied) and :54-64 '""' (each name); a static initializer,
    // which Stryker cannot see killed.
    [Fact]
    public void SegmentResponseModel_Default_HasTheDocumentedRates()
    {
        Assert.Equal(
            [
                ("Champions", 0.10), ("Loyal", 0.08), ("Potential Loyalist", 0.06), ("New", 0.05), ("Promising", 0.04), ("Need Attention", 0.04),
                ("About To Sleep", 0.03), ("Can't Lose Them", 0.05), ("At Risk", 0.03), ("Hibernating", 0.015), ("Other", 0.02),
            ],
            SegmentMap.Default.SegmentNames.Select(n => (n, SegmentResponseModel.Default.Rates[n])));
        Assert.Equal(0.02, SegmentResponseModel.Default.Unscored);
        Assert.Same(SegmentMap.Default, SegmentResponseModel.Default.Segments);
    }

    // Survived: OfferChoice.cs:55 'true?', 'false?', '""' (" (deferred)"), '"Stryker was here!"' (string.Empty).
    [Fact]
    public void Choice_ToString_MarksDeferredSends()
    {
        var offer = new Offer("winback-20", OfferKind.WinBack, Channel.Email);
        Assert.Equal("winback-20 for customer 7 at 2026-06-01T09:00:00Z, p 0.1235, EV 1.35", new OfferChoice(offer, 0, 7, 0.123456, 1.35, Now, deferred: false).ToString());
        Assert.Equal("winback-20 for customer 7 at 2026-06-01T09:00:00Z (deferred), p 0.1235, EV 1.35", new OfferChoice(offer, 0, 7, 0.123456, 1.35, Now, deferred: true).ToString());
    }

    // Survived: OfferConsideration.cs:55 '2 - (2 * check.Depth)' (nested checks are indented two more spaces per level);
    // OfferExplanation.cs:43 ';' (a null offer id).
    [Fact]
    public void Consideration_IndentsNestedChecks_AndExplanationRefusesNullId()
    {
        var consideration = new OfferConsideration(
            new Offer("a", OfferKind.FreeShipping, Channel.Email),
            OfferOutcome.Ineligible,
            null,
            null,
            [new OfferCheck("all of", false, "1 of 2 passed", 0), new OfferCheck("cart open", true, "open", 1), new OfferCheck("wishlist not empty", false, "empty", 1)]);
        Assert.Equal(
            "a: Ineligible\n" +
            "  FAIL all of [1 of 2 passed]\n" +
            "    pass cart open [open]\n" +
            "    FAIL wishlist not empty [empty]",
            consideration.ToString());

        var explanation = new OfferExplanation(default, Now, [], [consideration]);
        Assert.Equal("offerId", Assert.Throws<ArgumentNullException>(() => explanation.For(null!)).ParamName);
        Assert.Same(consideration, explanation.For("a"));
    }
}
