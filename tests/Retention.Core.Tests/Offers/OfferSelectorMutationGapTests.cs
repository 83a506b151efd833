using NodaTime;
using Retention.Offers;
using static Retention.Tests.Offers.OfferSamples;

namespace Retention.Tests.Offers;

/// <summary>
/// Selection rules that the 60 s mutation run of the offers area (2 December) found untested: limits and budgets at
/// their edges, an uncapped channel, ties across channels, the batch's slices, quiet-hours deferral and the
/// explanation's texts. Each test names the mutants it kills (docs/testing.md#mutation-testing).
/// </summary>
public sealed class OfferSelectorMutationGapTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 20, 30);

    private static readonly int EmailAndSms = OfferCustomer.ChannelMask(Channel.Email, Channel.Sms);

    private static OfferCustomer Champion(int index, int channels = -1) =>
        new() { Index = index, Segment = Champions, ConsentedChannels = channels < 0 ? EmailOnly : channels };

    private static Offer TenOff(string id = "ten", string? budget = null, int? limit = null) =>
        new(id, OfferKind.AmountOff, Channel.Email) { Amount = Usd(10m), Margin = Usd(50m), Cost = Usd(10m), Budget = budget, RedemptionLimit = limit };

    private static Offer Shipping(string id = "ship", decimal margin = 20m) =>
        new(id, OfferKind.FreeShipping, Channel.Email) { Margin = Usd(margin), Cost = Usd(5m) };

    private static OfferCatalogBuilder Uncapped() => OfferCatalog.CreateBuilder(Currency.Usd)
        .FrequencyCap(Channel.Email, FrequencyCap.None)
        .FrequencyCap(Channel.Sms, FrequencyCap.None);

    /// <summary>One decision of k offers for each customer in turn, committed.</summary>
    private static string[] Serve(OfferCatalog catalog, ContactLog log, int k, params OfferCustomer[] customers)
    {
        var selector = new OfferSelector(catalog);
        var ids = new List<string>();
        foreach (var customer in customers)
        {
            var choices = new OfferChoice[k];
            var made = selector.Choose(customer, Now, log, choices);
            selector.Commit(choices.AsSpan(0, made), log);
            ids.Add(string.Join("+", choices[..made].Select(c => c.Offer!.Id)));
        }

        return [.. ids];
    }

    // Survived: OfferSelector.cs:331 'Limit != MaxValue && issued >= Limit' as '||' (an offer with a limit never sent)
    // and 'issued < Limit' (sent only past its limit); :495, the explanation's limit check 'issued <= limit' and its texts.
    [Fact]
    public void RedemptionLimit_AnOfferIsSentUpToItsLimit_ThenTheNextBestIs()
    {
        var catalog = Uncapped().Add(TenOff(limit: 2), Shipping()).Build();
        var log = new ContactLog(catalog);
        var selector = new OfferSelector(catalog);
        var before = selector.Explain(Champion(9), Now, log).For("ten").Checks.Single(c => c.Description.StartsWith("redemption", StringComparison.Ordinal));
        Assert.Equal(new OfferCheck("redemption limit 2", true, "issued 0", 0), before);

        Assert.Equal(["ten", "ten", "ship"], Serve(catalog, log, 1, Champion(0), Champion(1), Champion(2)));

        var after = selector.Explain(Champion(9), Now, log).For("ten");
        Assert.Equal(OfferOutcome.Blocked, after.Outcome);
        Assert.Equal(new OfferCheck("redemption limit 2", false, "issued 2", 0), after.Checks.Single(c => c.Description.StartsWith("redemption", StringComparison.Ordinal)));
    }

    // Survived: OfferSelector.cs:336 'spent + cost > limit' as '>=' (a budget that exactly fits the last coupon), :439
    // 'spent + taken + cost <= limit' as '<' (two coupons of one decision that exactly fill it) and :501, the
    // explanation's 'spent + cost' as 'spent - cost'.
    [Fact]
    public void Budget_ExactlyFilled_ByDecisionsAndWithinOne()
    {
        var catalog = Uncapped().Budget("spring", Usd(20m)).Add(TenOff(budget: "spring"), Shipping()).Build();
        var log = new ContactLog(catalog);
        Assert.Equal(["ten", "ten", "ship"], Serve(catalog, log, 1, Champion(0), Champion(1), Champion(2)));
        Assert.Equal(Usd(20m), log.Spent("spring"));
        var budget = new OfferSelector(catalog).Explain(Champion(9), Now, log).For("ten").Checks.Single(c => c.Description.StartsWith("budget", StringComparison.Ordinal));
        Assert.False(budget.Passed, budget.ToString());

        var two = Uncapped().Budget("spring", Usd(20m)).Add(TenOff("ten-a", "spring"), TenOff("ten-b", "spring")).Build();
        Assert.Equal(["ten-a+ten-b"], Serve(two, new ContactLog(two), 2, Champion(0)));
    }

    // Survived: OfferSelector.cs:427 'budget >= 0 && BudgetOf[o] == budget' as 'budget > 0' (the first budget's
    // coupons of one decision not added up) and as '||' (every coupon taken counted against the budget).
    [Fact]
    public void Budget_WithinOneDecision_CountsOnlyItsOwnCoupons()
    {
        var one = Uncapped().Budget("spring", Usd(15m)).Add(TenOff("ten-a", "spring"), TenOff("ten-b", "spring")).Build();
        Assert.Equal(["ten-a"], Serve(one, new ContactLog(one), 2, Champion(0)));

        // The same on a second budget (OfferSelector.cs:438, 'budget < 0' as 'budget > 0' in the last check, survived the
        // re-run: every budget but the first then let the second coupon through).
        var second = Uncapped().Budget("autumn", Usd(100m)).Budget("spring", Usd(15m)).Add(TenOff("ten-a", "spring"), TenOff("ten-b", "spring")).Build();
        Assert.Equal(["ten-a"], Serve(second, new ContactLog(second), 2, Champion(0)));

        // Free shipping (not on the budget, $10 cost, the better value) first, then a $10 coupon that fits the $15.
        var mixed = Uncapped().Budget("spring", Usd(15m))
            .Add(new Offer("ship", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(100m), Cost = Usd(10m) }, TenOff(budget: "spring"))
            .Build();
        Assert.Equal(["ship+ten"], Serve(mixed, new ContactLog(mixed), 2, Champion(0)));
    }

    // Survived: OfferSelector.cs:345 'messages > 0' as '>=': a channel without a frequency cap does not stop a customer
    // who has been contacted before.
    [Fact]
    public void UncappedChannel_ACustomerContactedBefore_IsContactedAgain()
    {
        var catalog = Uncapped().Add(Shipping()).Build();
        var log = new ContactLog(catalog);
        Assert.Equal(["ship", "ship"], Serve(catalog, log, 1, Champion(0), Champion(0)));
    }

    // Survived: OfferSelector.cs:365 'p is >= 0 and <= 1' as '> 0' (a response rate of 0 taken for an error) and :372
    // 'ev >= minimum' as '>' (an offer worth exactly the minimum is sent).
    [Fact]
    public void ZeroResponseRate_IsAProbability_AndAnExpectedValueOfExactlyTheMinimumIsSent()
    {
        var catalog = Uncapped().Add(Shipping()).Build();
        var model = new SegmentResponseModel(catalog.Segments, new Dictionary<string, double> { ["Champions"] = 0d }, 0.02);
        var choices = new OfferChoice[1];

        Assert.Equal(1, new OfferSelector(catalog, model).Choose(Champion(0), Now, new ContactLog(catalog), choices));
        Assert.Equal((0d, 0d), (choices[0].Probability, choices[0].ExpectedValue));

        new OfferSelector(catalog).Choose(Champion(0), Now, new ContactLog(catalog), choices);
        var ev = choices[0].ExpectedValue;
        Assert.True(ev > 0d);
        Assert.Equal(1, new OfferSelector(catalog, minimumExpectedValue: ev).Choose(Champion(0), Now, new ContactLog(catalog), choices));
        Assert.Equal(0, new OfferSelector(catalog, minimumExpectedValue: Math.BitIncrement(ev)).Choose(Champion(0), Now, new ContactLog(catalog), choices));
    }

    // Survived: OfferSelector.cs:453 'pa != pb ? pa > pb : a.Offer < b.Offer' as always 'pa > pb': equal values and
    // priorities on two channels: the offer first in the catalog wins although its channel is looked at later.
    [Fact]
    public void EqualValuesAndPriorities_OnTwoChannels_TheOfferFirstInTheCatalogWins()
    {
        var catalog = Uncapped()
            .Add(new Offer("a", OfferKind.PercentOff, Channel.Sms) { Percent = 5m, Margin = Usd(20m) })
            .Add(new Offer("b", OfferKind.PercentOff, Channel.Email) { Percent = 5m, Margin = Usd(20m) })
            .Build();
        Assert.Equal(["a"], Serve(catalog, new ContactLog(catalog), 1, Champion(0, EmailAndSms)));
        Assert.Equal(["a+b"], Serve(catalog, new ContactLog(catalog), 2, Champion(0, EmailAndSms)));
    }

    // Survived: OfferSelector.cs:107 the stack buffer of 64 candidates used for a larger catalog ('true ?' and 'n >
    // StackCandidates'): 70 eligible offers need the rented buffer.
    [Fact]
    public void Choose_MoreThan64EligibleOffers_ReturnsThemAll()
    {
        var builder = Uncapped();
        for (var i = 0; i < 70; i++)
        {
            builder.Add(Shipping("ship-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), 20m + i));
        }

        var catalog = builder.Build();
        var choices = new OfferChoice[70];
        Assert.Equal(70, new OfferSelector(catalog).Choose(Champion(0), Now, new ContactLog(catalog), choices));
        Assert.Equal(Enumerable.Range(0, 70).Select(i => "ship-" + (69 - i).ToString("00", System.Globalization.CultureInfo.InvariantCulture)), choices.Select(c => c.Offer!.Id));
    }

    // Survived: OfferSelector.cs:222 'i * perCustomer' as 'i / perCustomer' (customer i's choices written over another's).
    [Fact]
    public void AssignBatch_TwoPerCustomer_WritesEachCustomersChoicesInTheirOwnSlice()
    {
        var catalog = Uncapped().Add(TenOff(), Shipping()).Build();
        var choices = new OfferChoice[6];
        var counts = new int[3];

        Assert.Equal(6, new OfferSelector(catalog).AssignBatch([Champion(0), Champion(1), Champion(2)], Now, new ContactLog(catalog), 2, choices, counts));

        Assert.Equal([2, 2, 2], counts);
        Assert.Equal([0, 0, 1, 1, 2, 2], choices.Select(c => c.Customer));
        Assert.Equal(["ten", "ship", "ten", "ship", "ten", "ship"], choices.Select(c => c.Offer!.Id));
    }

    // Survived: OfferSelector.cs:553 'BatchEntry.CompareTo' ordering equal values by value alone (true ?): when
    // customers' best values tie, a scarce budget goes to them in their order in the population.
    [Fact]
    public void AssignBatch_EqualBestValues_AScarceBudgetGoesInPopulationOrder()
    {
        var catalog = Uncapped().Budget("spring", Usd(200m)).Add(TenOff(budget: "spring"), Shipping()).Build();
        var population = Enumerable.Range(0, 40).Select(i => Champion(i)).ToArray();
        var choices = new OfferChoice[40];

        new OfferSelector(catalog).AssignBatch(population, Now, new ContactLog(catalog), 1, choices, new int[40]);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i < 20 ? "ten" : "ship"), choices.Select(c => c.Offer!.Id));
    }

    // Survived: OfferSelector.cs:483 'inside && !skip' (as '||', negated, and 'skip' un-negated), :485 'now +
    // remaining' as '-', :488 the outside, skipped and deferred texts.
    [Fact]
    public void QuietHoursDefer_TheOfferGoesWhenTheyEnd_AndTheExplanationSaysSo()
    {
        var catalog = Uncapped()
            .QuietHours(new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), QuietHoursPolicy.Defer), Channel.Sms)
            .FrequencyCap(Channel.Sms, new FrequencyCap(1, Duration.FromDays(1)))
            .Add(new Offer("sms-5", OfferKind.PercentOff, Channel.Sms) { Percent = 5m, Margin = Usd(10m) })
            .Build();
        var selector = new OfferSelector(catalog);
        var sms = OfferCustomer.ChannelMask(Channel.Sms);
        var night = new OfferCustomer { Segment = Champions, ConsentedChannels = sms, LocalTime = new LocalTime(22, 30) };
        var morning = Instant.FromUtc(2026, 6, 2, 6, 0); // 9 h 30 min after 22:30

        var choices = new OfferChoice[1];
        Assert.Equal(1, selector.Choose(night, Now, new ContactLog(catalog), choices));
        Assert.Equal((morning, true), (choices[0].SendAt, choices[0].IsDeferred));
        var deferred = selector.Explain(night, Now, new ContactLog(catalog)).For("sms-5").Checks;
        Assert.Contains(new OfferCheck("quiet hours 21:00-08:00 (Defer)", true, "local time 22:30, inside: deferred to 2026-06-02T06:00:00Z", 0), deferred);
        Assert.Contains(deferred, c => c.Description.StartsWith("Sms cap", StringComparison.Ordinal) && c.Seen.EndsWith(" of 2026-06-02T06:00:00Z", StringComparison.Ordinal));

        var noon = night with { LocalTime = new LocalTime(12, 0) };
        var outside = selector.Explain(noon, Now, new ContactLog(catalog)).For("sms-5").Checks;
        Assert.Contains(new OfferCheck("quiet hours 21:00-08:00 (Defer)", true, "local time 12:00, outside", 0), outside);
        Assert.Contains(outside, c => c.Description.StartsWith("Sms cap", StringComparison.Ordinal) && c.Seen.EndsWith(" of 2026-06-01T20:30:00Z", StringComparison.Ordinal));
    }

    // Survived: OfferSelector.cs:513 the cooldown's "never sent" and "sent at" texts; :535 the expected-value check's
    // text; :306 Admit's ineligible return removed (an ineligible offer then got a probability and a value check).
    [Fact]
    public void Explain_CooldownAndExpectedValueChecks_SayWhatWasSeen_AndAnIneligibleOfferHasNoValue()
    {
        var catalog = Uncapped()
            .Add(new Offer("ship", OfferKind.FreeShipping, Channel.Email) { Margin = Usd(20m), Cost = Usd(5m), Cooldown = Duration.FromDays(7) })
            .Add(new Offer("vip", OfferKind.EarlyAccess, Channel.Email) { Margin = Usd(20m), Rule = OfferRule.InSegment("Loyal") })
            .Build();
        var selector = new OfferSelector(catalog, minimumExpectedValue: 0.5);
        var log = new ContactLog(catalog);

        var first = selector.Explain(Champion(0), Now, log);
        var cooldown = first.For("ship").Checks.Single(c => c.Description.StartsWith("cooldown", StringComparison.Ordinal));
        Assert.Equal((true, "never sent"), (cooldown.Passed, cooldown.Seen));
        Assert.Contains(first.For("ship").Checks, c => c.Description == "expected value at least 0.5" && c.Passed);
        var vip = first.For("vip");
        Assert.Equal((OfferOutcome.Ineligible, (double?)null, (double?)null), (vip.Outcome, vip.Probability, vip.ExpectedValue));
        Assert.DoesNotContain(vip.Checks, c => c.Description.StartsWith("expected value", StringComparison.Ordinal));

        Assert.Equal(["ship"], Serve(catalog, log, 1, Champion(0)));
        var again = selector.Explain(Champion(0), Now + Duration.FromDays(1), log).For("ship").Checks.Single(c => c.Description.StartsWith("cooldown", StringComparison.Ordinal));
        Assert.Equal((false, "sent at 2026-06-01T20:30:00Z"), (again.Passed, again.Seen));

        // Re-run survivors: the separator of several sends (:512) and the minimum's format (:534, "0.####" as "").
        var week = Now + Duration.FromDays(8);
        var choices = new OfferChoice[1];
        Assert.Equal(1, selector.Choose(Champion(0), week, log, choices));
        selector.Commit(choices, log);
        var twice = selector.Explain(Champion(0), week + Duration.FromDays(1), log).For("ship").Checks.Single(c => c.Description.StartsWith("cooldown", StringComparison.Ordinal));
        Assert.Equal("sent at 2026-06-01T20:30:00Z, 2026-06-09T20:30:00Z", twice.Seen);
        Assert.Contains(
            new OfferSelector(catalog, minimumExpectedValue: 0.123456).Explain(Champion(0), Now, new ContactLog(catalog)).For("ship").Checks,
            c => c.Description == "expected value at least 0.1235");
    }

    // Survived: the null and other-catalog checks of the constructor (:45), Commit (:156), AssignBatch (:191, and
    // perCustomer :192), Explain (:251, and count :252) and CheckLog's own null check (:458); the minimum's message (:52).
    [Fact]
    public void Arguments_AreChecked_WithTheirNames()
    {
        var catalog = Uncapped().Add(Shipping()).Build();
        var other = new ContactLog(Uncapped().Add(Shipping()).Build());
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);

        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => new OfferSelector(null!)).ParamName);
        var nan = Assert.Throws<InvalidValueException>(() => new OfferSelector(catalog, minimumExpectedValue: double.NaN));
        Assert.Equal(("minimumExpectedValue", "must be a number"), (nan.Field, nan.Rule));
        Assert.Equal("log", Assert.Throws<ArgumentNullException>(() => selector.Commit([], null!)).ParamName);
        Assert.Equal("log", Assert.Throws<ArgumentException>(() => selector.Commit([], other)).ParamName);
        Assert.Equal("log", Assert.Throws<ArgumentException>(() => selector.AssignBatch([Champion(0)], Now, other, 1, new OfferChoice[1], new int[1])).ParamName);
        Assert.Equal("perCustomer", Assert.Throws<ArgumentOutOfRangeException>(() => selector.AssignBatch([Champion(0)], Now, log, 0, new OfferChoice[1], new int[1])).ParamName);
        Assert.Equal("log", Assert.Throws<ArgumentException>(() => selector.Explain(Champion(0), Now, other)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => selector.Explain(Champion(0), Now, log, 0)).ParamName);

        // Re-run survivors: AssignBatch's and Explain's own log checks (:190, :250), which Choose repeats: they show for an
        // empty population, and before the count.
        Assert.Equal("log", Assert.Throws<ArgumentException>(() => selector.AssignBatch([], Now, other, 1, [], [])).ParamName);
        Assert.Equal("log", Assert.Throws<ArgumentException>(() => selector.Explain(Champion(0), Now, other, 0)).ParamName);
        Assert.Empty(log.Contacts);
    }

    private sealed class FixedModel(double p) : IResponseModel
    {
        public double Probability(in OfferCustomer customer, Offer offer) => p;
    }

    // Survived: OfferSelector.cs:319 'deferred = false' as 'true' (every choice outside quiet hours marked deferred)
    // and :466 the bad-probability message.
    [Fact]
    public void AChoiceOutsideQuietHours_IsNotDeferred_AndAModelOutsideZeroToOneIsReported()
    {
        var catalog = Uncapped().Add(Shipping()).Build();
        var choices = new OfferChoice[1];
        Assert.Equal(1, new OfferSelector(catalog).Choose(Champion(0), Now, new ContactLog(catalog), choices));
        Assert.Equal((Now, false), (choices[0].SendAt, choices[0].IsDeferred));

        var bad = Assert.Throws<InvalidOperationException>(() => new OfferSelector(catalog, new FixedModel(1.5)).Choose(Champion(0), Now, new ContactLog(catalog), choices));
        Assert.Equal("The response model returned 1.5, which is not a probability from 0 to 1.", bad.Message);
    }
}
