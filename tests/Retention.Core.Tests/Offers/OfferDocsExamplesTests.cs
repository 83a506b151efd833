using NodaTime;
using Retention.Offers;
using Retention.Rfm;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>The worked examples of docs/offers.md, with the same numbers.</summary>
public sealed class OfferDocsExamplesTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void WinBack_AfterSixMonthsOfSilence_ChosenOnceThenCooledDown()
    {
        var catalog = Playbook();
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);
        var now = Instant.FromUtc(2026, 6, 1, 9, 0);
        var customer = new OfferCustomer
        {
            Index = 7,
            Segment = Hibernating,
            Recency = 1,
            Frequency = 2,
            Monetary = 2,
            Orders = 2,
            DaysSinceLastOrder = 200,
            ConsentedChannels = EmailOnly,
        };
        var choices = new OfferChoice[3];

        var made = selector.Choose(customer, now, log, choices);

        Assert.Equal(1, made);
        Assert.Equal("winback-20", choices[0].Offer!.Id);
        Assert.Equal(0.03, choices[0].Probability, Tolerance);
        Assert.Equal(0.80, choices[0].ExpectedValue, Tolerance);
        Assert.Equal(now, choices[0].SendAt);

        selector.Commit(choices.AsSpan(0, made), log);
        Assert.Equal(Usd(15m), log.Spent("winback"));
        Assert.Equal(1, log.IssuedCount("winback-20"));

        // Thirty days later he is still silent: the 7-day cap has passed, the 90-day cooldown has not.
        var later = customer with { DaysSinceLastOrder = 230 };
        Assert.Equal(0, selector.Choose(later, now + Duration.FromDays(30), log, choices));
        var why = selector.Explain(later, now + Duration.FromDays(30), log).For("winback-20");
        Assert.Equal(OfferOutcome.Blocked, why.Outcome);
        Assert.Contains(why.Checks, c => c.Description == "cooldown 90 days" && !c.Passed && c.Seen == "sent at 2026-06-01T09:00:00Z");
        Assert.Contains(why.Checks, c => c.Description == "Email cap 1 per 7 days" && c.Passed);
        Assert.StartsWith("winback-20: Blocked\n", why.ToString(), StringComparison.Ordinal);
        Assert.Contains("\n  FAIL cooldown 90 days [sent at 2026-06-01T09:00:00Z]", why.ToString(), StringComparison.Ordinal);

        // After the cooldown (91 days) he may get it again.
        Assert.Equal(1, selector.Choose(customer with { DaysSinceLastOrder = 291 }, now + Duration.FromDays(91), log, choices));
        Assert.Equal("winback-20", choices[0].Offer!.Id);
    }

    [Fact]
    public void WinBack_BelowSixMonths_IsIneligibleWithTheDaysSeen()
    {
        var catalog = Playbook();
        var customer = new OfferCustomer { Segment = Hibernating, Orders = 2, DaysSinceLastOrder = 179, ConsentedChannels = EmailOnly };

        var explanation = new OfferSelector(catalog).Explain(customer, Instant.FromUtc(2026, 6, 1, 9, 0), new ContactLog(catalog));

        var winBack = explanation.For("winback-20");
        Assert.Equal(OfferOutcome.Ineligible, winBack.Outcome);
        Assert.Contains(winBack.Checks, c => c.Description == "days since last order 180+" && !c.Passed && c.Seen == "179" && c.Depth == 1);
        Assert.Contains(winBack.Checks, c => c.Description == "orders 1+" && c.Passed && c.Seen == "2");
        Assert.Empty(explanation.Choices);
    }

    [Fact]
    public void VipEarlyAccess_ChampionWithBirthday_GetsEarlyAccessAndTheCapKeepsTheBirthdayOut()
    {
        var catalog = Playbook();
        var selector = new OfferSelector(catalog);
        var customer = new OfferCustomer
        {
            Segment = Champions,
            Recency = 5,
            Frequency = 5,
            Monetary = 5,
            TierLevel = 3,
            Orders = 14,
            DaysSinceLastOrder = 12,
            DaysFromBirthday = -2,
            ConsentedChannels = EmailOnly,
        };
        var choices = new OfferChoice[2];
        var now = Instant.FromUtc(2026, 4, 2, 10, 0);

        var made = selector.Choose(customer, now, new ContactLog(catalog), choices);

        // Early access: p = 0.10 x 3 = 0.30, EV = 0.30 x 60 = 18. Birthday: p = min(1, 0.10 x 4) = 0.40, EV = 0.40 x 25 = 10.
        Assert.Equal(1, made);
        Assert.Equal("vip-early-access", choices[0].Offer!.Id);
        Assert.Equal(0.30, choices[0].Probability, Tolerance);
        Assert.Equal(18.0, choices[0].ExpectedValue, Tolerance);
        var birthday = selector.Explain(customer, now, new ContactLog(catalog), count: 2).For("birthday-10");
        Assert.Equal(OfferOutcome.Outranked, birthday.Outcome);
        Assert.Equal(10.0, birthday.ExpectedValue!.Value, Tolerance);
    }

    [Fact]
    public void BirthdayReward_UsesTheCustomersTimeZone()
    {
        var catalog = Playbook();
        var selector = new OfferSelector(catalog);
        var profile = Profile("ana", "Pacific/Auckland", new AnnualDate(3, 14), Channel.Email);
        var orders = new[] { Order("#1", "ana", Instant.FromUtc(2026, 2, 1, 1, 0)) };
        var score = new RfmScore(4, 4, 3, Loyal);

        // 12:00 UTC on 10 March is 01:00 on 11 March in Auckland (UTC+13): three days before the birthday.
        var now = Instant.FromUtc(2026, 3, 10, 12, 0);
        var customer = catalog.DescribeCustomer(3, profile, now, orders, score);
        var choices = new OfferChoice[1];

        Assert.Equal(-3, customer.DaysFromBirthday);
        Assert.Equal(1, selector.Choose(customer, now, new ContactLog(catalog), choices));
        Assert.Equal("birthday-10", choices[0].Offer!.Id);
        Assert.Equal(0.32, choices[0].Probability, Tolerance);
        Assert.Equal(8.0, choices[0].ExpectedValue, Tolerance);

        // Twelve hours earlier (13:00 on 10 March in Auckland) it is four days before: outside the window.
        var earlier = catalog.DescribeCustomer(3, profile, now - Duration.FromHours(12), orders, score);
        Assert.Equal(-4, earlier.DaysFromBirthday);
        var why = selector.Explain(earlier, now - Duration.FromHours(12), new ContactLog(catalog)).For("birthday-10");
        Assert.Equal(OfferOutcome.Ineligible, why.Outcome);
        Assert.Contains(why.Checks, c => c.Description == "birthday from 3 days before to 7 days after" && c.Seen == "4 days before the birthday");
    }

    [Fact]
    public void CrossSell_TrousersThreeWeeksAfterAShirt()
    {
        var catalog = Playbook();
        var selector = new OfferSelector(catalog);
        var profile = Profile("ben", "Europe/London", null, Channel.Email);
        var orders = new[] { Order("#7", "ben", Instant.FromUtc(2026, 5, 1, 18, 0), Shirts) };
        var score = new RfmScore(5, 1, 2, New);
        var choices = new OfferChoice[1];

        var day20 = Instant.FromUtc(2026, 5, 21, 9, 0);
        var early = catalog.DescribeCustomer(0, profile, day20, orders, score);
        Assert.Equal(0, selector.Choose(early, day20, new ContactLog(catalog), choices));
        var why = selector.Explain(early, day20, new ContactLog(catalog)).For("trousers-15");
        Assert.Contains(why.Checks, c => c.Description == "last order in shirts, days ago 21 to 35" && !c.Passed && c.Seen == "last order 20 days ago in {shirts}");

        var day21 = day20 + Duration.FromDays(1);
        var customer = catalog.DescribeCustomer(0, profile, day21, orders, score);
        Assert.Equal(1, selector.Choose(customer, day21, new ContactLog(catalog), choices));
        Assert.Equal("trousers-15", choices[0].Offer!.Id);
        Assert.Equal(0.125, choices[0].Probability, Tolerance);
        Assert.Equal(3.0, choices[0].ExpectedValue, Tolerance);

        // A customer who already bought trousers is not offered them.
        var both = catalog.DescribeCustomer(0, profile, day21, [.. orders, Order("#2", "ben", Instant.FromUtc(2025, 1, 1, 0, 0), Trousers)], score);
        Assert.Equal(0, selector.Choose(both, day21, new ContactLog(catalog), choices));
    }

    [Fact]
    public void Consent_WithoutSmsConsent_TheSmsOfferIsBlockedAndTheExplanationSaysSo()
    {
        var catalog = Playbook();
        var customer = new OfferCustomer { Segment = Champions, ConsentedChannels = EmailOnly };

        var sms = new OfferSelector(catalog).Explain(customer, Instant.FromUtc(2026, 6, 1, 9, 0), new ContactLog(catalog)).For("sms-flash");

        Assert.Equal(OfferOutcome.Blocked, sms.Outcome);
        Assert.Equal(new OfferCheck("consent to Sms", false, "not given: never sent on Sms", 0), sms.Checks[0]);
    }

    [Fact]
    public void QuietHours_SmsAtNight_IsDeferredToEightInTheMorningLocalTime()
    {
        var catalog = Playbook();
        var customer = new OfferCustomer { Segment = Champions, ConsentedChannels = OfferCustomer.ChannelMask(Channel.Sms), LocalTime = new LocalTime(22, 30) };
        var now = Instant.FromUtc(2026, 6, 1, 20, 30);
        var choices = new OfferChoice[1];

        Assert.Equal(1, new OfferSelector(catalog).Choose(customer, now, new ContactLog(catalog), choices));

        Assert.Equal("sms-flash", choices[0].Offer!.Id);
        Assert.True(choices[0].IsDeferred);
        Assert.Equal(now + Duration.FromMinutes(570), choices[0].SendAt);
        // 0.10 x (20 - 4) = 1.6
        Assert.Equal(1.6, choices[0].ExpectedValue, Tolerance);
    }
}
