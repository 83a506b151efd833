using NodaTime;
using Retention.Offers;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>Selection details with known values: skipped quiet hours, batch assignment under a scarce budget, replay of
/// a contact log, ties.</summary>
public sealed class OfferSelectorTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 20, 30);

    private static OfferCatalog Scarce(QuietHoursPolicy policy) => OfferCatalog.CreateBuilder(Currency.Usd)
        .Budget("spring", Usd(25m))
        .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), policy), Channel.Sms)
        .Add(new Offer("ten-off", OfferKind.AmountOff, Channel.Email) { Amount = Usd(10m), Margin = Usd(50m), Cost = Usd(10m), Budget = "spring" })
        .Add(new Offer("free-shipping", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m) })
        .Add(new Offer("sms-5", OfferKind.PercentOff, Channel.Sms) { Percent = 5m, Margin = Usd(10m) })
        .Build();

    [Fact]
    public void Choose_QuietHoursSkip_DropsTheSmsOfferAndSaysWhy()
    {
        var catalog = Scarce(QuietHoursPolicy.Skip);
        var customer = new OfferCustomer { Segment = Champions, ConsentedChannels = OfferCustomer.ChannelMask(Channel.Sms), LocalTime = new LocalTime(22, 30) };
        var selector = new OfferSelector(catalog);

        Assert.Equal(0, selector.Choose(customer, Now, new ContactLog(catalog), new OfferChoice[1]));
        var sms = selector.Explain(customer, Now, new ContactLog(catalog)).For("sms-5");
        Assert.Equal(OfferOutcome.Blocked, sms.Outcome);
        Assert.Contains(sms.Checks, c => c.Description == "quiet hours 21:00-08:00 (Skip)" && !c.Passed && c.Seen == "local time 22:30, inside: skipped");

        // At 08:00 the quiet hours are over.
        Assert.Equal(1, selector.Choose(customer with { LocalTime = new LocalTime(8, 0) }, Now, new ContactLog(catalog), new OfferChoice[1]));
    }

    [Fact]
    public void AssignBatch_ScarceBudget_GoesToTheCustomersWithTheBestValueFirst()
    {
        var catalog = Scarce(QuietHoursPolicy.Defer);
        var email = OfferCustomer.ChannelMask(Channel.Email);
        OfferCustomer[] population =
        [
            new() { Index = 0, Segment = Hibernating, ConsentedChannels = email }, // ten-off EV 0.015 x 40 = 0.6
            new() { Index = 1, Segment = Champions, ConsentedChannels = email },   // ten-off EV 0.10 x 40 = 4
            new() { Index = 2, Segment = Loyal, ConsentedChannels = email },       // ten-off EV 0.08 x 40 = 3.2
            new() { Index = 3, Segment = New, ConsentedChannels = 0 },             // no consent: nothing
        ];
        var log = new ContactLog(catalog);
        var choices = new OfferChoice[population.Length];
        var counts = new int[population.Length];

        var total = new OfferSelector(catalog).AssignBatch(population, Now, log, 1, choices, counts);

        // The $25 budget pays two $10 coupons: customers 1 and 2 (best values), then customer 0 falls back to free
        // shipping (EV 0.015 x 15 = 0.225).
        Assert.Equal(3, total);
        Assert.Equal([1, 1, 1, 0], counts);
        Assert.Equal("free-shipping", choices[0].Offer!.Id);
        Assert.Equal("ten-off", choices[1].Offer!.Id);
        Assert.Equal("ten-off", choices[2].Offer!.Id);
        Assert.Equal(0.225, choices[0].ExpectedValue, 1e-12);
        Assert.Equal(Usd(20m), log.Spent("spring"));
        Assert.Equal([1, 2, 0], log.Contacts.Select(c => c.Customer));
    }

    [Fact]
    public void ContactLog_ReplayedInAnyOrder_GivesTheSameCountsAndDecisions()
    {
        var catalog = Playbook();
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);
        var customer = new OfferCustomer { Index = 4, Segment = Hibernating, Orders = 3, DaysSinceLastOrder = 250, ConsentedChannels = EmailOnly };
        var choices = new OfferChoice[1];
        for (var day = 0; day < 200; day += 10)
        {
            var made = selector.Choose(customer, Now + Duration.FromDays(day), log, choices);
            selector.Commit(choices.AsSpan(0, made), log);
        }

        var replayed = new ContactLog(catalog);
        foreach (var contact in log.Contacts.Reverse())
        {
            replayed.Record(contact);
        }

        // Sent on days 0, 90 and 180: the 90-day cooldown decides.
        Assert.Equal([Now, Now + Duration.FromDays(90), Now + Duration.FromDays(180)], log.Contacts.Select(c => c.At));
        Assert.Equal(log.Spent("winback"), replayed.Spent("winback"));
        Assert.Equal(3, replayed.IssuedCount("winback-20"));
        Assert.Equal(1, replayed.SentOn(4, Channel.Email, Now + Duration.FromDays(80), Now + Duration.FromDays(100)));
        for (var day = 170; day < 300; day += 7)
        {
            var at = Now + Duration.FromDays(day);
            Assert.Equal(selector.Choose(customer, at, log, new OfferChoice[1]), selector.Choose(customer, at, replayed, new OfferChoice[1]));
        }
    }

    [Fact]
    public void Choose_EqualExpectedValues_TheHigherPriorityThenTheSmallerIdWins()
    {
        Offer Make(string id, int priority) => new(id, OfferKind.FreeShipping, Channel.Email) { Margin = Usd(10m), Priority = priority };
        var customer = new OfferCustomer { Segment = Champions, ConsentedChannels = EmailOnly };
        var choices = new OfferChoice[3];
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd).FrequencyCap(Channel.Email, FrequencyCap.None).Add(Make("b", 0), Make("c", 1), Make("a", 0)).Build();

        Assert.Equal(3, new OfferSelector(catalog).Choose(customer, Now, new ContactLog(catalog), choices));

        Assert.Equal(["c", "a", "b"], choices.Select(c => c.Offer!.Id));
    }
}
