using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Retention.Offers;
using static Retention.Tests.Offers.OfferArbitraries;

namespace Retention.Tests.Offers;

/// <summary>
/// Invariants of selection over random catalogs and replayed sequences of decisions: consent, frequency caps,
/// cooldowns, budgets, redemption limits and exclusive groups always hold; an ineligible offer is never chosen;
/// selection is deterministic and independent of the order offers were added; the compiled rules agree with the
/// rule tree read node by node.
/// </summary>
public sealed class OfferSelectorProperties
{
    private const int MaxTest = 200;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 9, 0);

    /// <summary>Replays a scenario: every step decides for one customer and commits what was chosen.</summary>
    private static (ContactLog Log, List<OfferChoice[]> Decisions) Replay(OfferCatalog catalog, OfferCustomer[] customers, DecisionStep[] steps)
    {
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);
        var decisions = new List<OfferChoice[]>();
        var now = Start;
        foreach (var step in steps)
        {
            now += Duration.FromHours(step.HoursLater);
            var buffer = new OfferChoice[step.K];
            var made = selector.Choose(customers[step.Customer], now, log, buffer);
            selector.Commit(buffer.AsSpan(0, made), log);
            decisions.Add(buffer[..made]);
        }

        return (log, decisions);
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = MaxTest)]
    public void Replay_NeverSendsOnAChannelWithoutConsent(Scenario scenario)
    {
        var (_, decisions) = Replay(scenario.Catalog, scenario.Customers, scenario.Steps);

        foreach (var choice in decisions.SelectMany(d => d))
        {
            Assert.True(scenario.Customers[choice.Customer].HasConsent(choice.Offer!.Channel), choice.ToString());
        }
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = MaxTest)]
    public void Replay_NeverExceedsFrequencyCapsCooldownsBudgetsOrLimits(Scenario scenario)
    {
        var catalog = scenario.Catalog;
        var (log, decisions) = Replay(catalog, scenario.Customers, scenario.Steps);
        var sends = log.Contacts.Select(c => (c.Customer, Offer: catalog.Offers[catalog.IndexOf(c.OfferId)], c.At)).ToList();

        // Frequency cap: every half-open window of the cap's length holds at most the cap's messages.
        foreach (var group in sends.GroupBy(s => (s.Customer, s.Offer.Channel)))
        {
            var cap = catalog.FrequencyCapOf(group.Key.Channel);
            if (cap.IsNone)
            {
                continue;
            }

            var instants = group.Select(s => s.At).Order().ToArray();
            foreach (var from in instants)
            {
                Assert.True(instants.Count(t => t >= from && t < from + cap.Window) <= cap.Messages, $"{group.Key} {cap} {string.Join(", ", instants)}");
            }
        }

        // Cooldown: two sends of one offer to one customer are at least the cooldown apart.
        foreach (var group in sends.GroupBy(s => (s.Customer, s.Offer.Id)))
        {
            var instants = group.Select(s => s.At).Order().ToArray();
            var cooldown = group.First().Offer.Cooldown;
            for (var i = 1; i < instants.Length; i++)
            {
                Assert.True(instants[i] - instants[i - 1] >= cooldown, $"{group.Key} cooldown {cooldown}");
            }
        }

        // Budgets and limits, from the log's own counters and recomputed from the contacts.
        foreach (var budget in catalog.Budgets)
        {
            var charged = sends.Where(s => s.Offer.Budget == budget.Id).Sum(s => s.Offer.Cost?.Amount ?? 0m);
            Assert.True(charged <= budget.Limit.Amount, $"{budget.Id}: {charged} > {budget.Limit}");
            Assert.Equal(charged, log.Spent(budget.Id).Amount);
        }

        foreach (var offer in catalog.Offers)
        {
            var issued = sends.Count(s => s.Offer == offer);
            Assert.True(offer.RedemptionLimit is null || issued <= offer.RedemptionLimit, $"{offer.Id}: {issued}");
            Assert.Equal(issued, log.IssuedCount(offer.Id));
        }

        // One decision takes at most one offer of an exclusive group, and never the same offer twice.
        foreach (var decision in decisions)
        {
            Assert.Equal(decision.Length, decision.Select(c => c.OfferIndex).Distinct().Count());
            var groups = decision.Where(c => c.Offer!.ExclusiveGroup is not null).Select(c => c.Offer!.ExclusiveGroup).ToList();
            Assert.Equal(groups.Count, groups.Distinct().Count());
        }
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = MaxTest)]
    public void Replay_NeverChoosesAnIneligibleOffer_AndRanksBestFirst(Scenario scenario)
    {
        var (_, decisions) = Replay(scenario.Catalog, scenario.Customers, scenario.Steps);

        foreach (var decision in decisions)
        {
            foreach (var choice in decision)
            {
                var checks = new List<OfferCheck>();
                Assert.True(Explainer.Interpret(choice.Offer!.Rule, scenario.Customers[choice.Customer], scenario.Catalog, checks, 0), choice.ToString());
                Assert.True(choice.ExpectedValue >= 0d);
            }

            for (var i = 1; i < decision.Length; i++)
            {
                Assert.True(decision[i - 1].ExpectedValue >= decision[i].ExpectedValue);
            }
        }
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = MaxTest)]
    public void Replay_IsDeterministic_AndIndependentOfTheOrderOffersWereAdded(Scenario scenario)
    {
        var catalog = scenario.Catalog;
        var reversed = OfferCatalog.CreateBuilder(Currency.Usd)
            .Budget("b2", catalog.Budgets[1].Limit)
            .Budget("b1", catalog.Budgets[0].Limit)
            .Add(catalog.Offers.Reverse())
            .QuietHours(catalog.QuietHours, catalog.QuietChannels);
        foreach (var channel in AllChannels)
        {
            reversed.FrequencyCap(channel, catalog.FrequencyCapOf(channel));
        }

        var first = Replay(catalog, scenario.Customers, scenario.Steps);
        var again = Replay(catalog, scenario.Customers, scenario.Steps);
        var other = Replay(reversed.Build(), scenario.Customers, scenario.Steps);

        Assert.Equal(first.Log.Contacts, again.Log.Contacts);
        Assert.Equal(first.Log.Contacts, other.Log.Contacts);
        Assert.Equal(
            first.Decisions.SelectMany(d => d).Select(c => (c.Offer!.Id, c.ExpectedValue, c.SendAt)),
            other.Decisions.SelectMany(d => d).Select(c => (c.Offer!.Id, c.ExpectedValue, c.SendAt)));
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = 500)]
    public void CompiledRule_AgreesWithTheRuleTree(OfferRule rule, OfferCustomer customer)
    {
        var catalog = OfferCatalog.CreateBuilder(Currency.Usd).Add(new Offer("x", OfferKind.FreeShipping, Channel.Email) { Rule = rule }).Build();

        var slot = catalog.Slots[0];
        var compiled = RuleCode.Evaluate(catalog.Code.AsSpan(slot.CodeStart, slot.CodeLength), slot.Shape, customer);

        Assert.Equal(Explainer.Interpret(rule, customer, catalog, [], 0), compiled);
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = MaxTest)]
    public void Explain_AgreesWithChoose_OfferByOffer(Scenario scenario)
    {
        var catalog = scenario.Catalog;
        var selector = new OfferSelector(catalog);
        var (log, _) = Replay(catalog, scenario.Customers, scenario.Steps.Take(scenario.Steps.Length / 2).ToArray());
        var now = Start + Duration.FromDays(3);
        foreach (var customer in scenario.Customers)
        {
            var choices = new OfferChoice[2];
            var made = selector.Choose(customer, now, log, choices);

            var explanation = selector.Explain(customer, now, log, count: 2);

            Assert.Equal(choices[..made], explanation.Choices);
            foreach (var consideration in explanation.Considerations)
            {
                var chosen = choices[..made].Any(c => c.Offer == consideration.Offer);
                Assert.Equal(chosen, consideration.Outcome == OfferOutcome.Chosen);
                if (consideration.Outcome == OfferOutcome.Outranked)
                {
                    // Outranked means every check passed.
                    Assert.All(consideration.Checks.Where(c => c.Depth == 0 && !c.Description.StartsWith("all of", StringComparison.Ordinal) && !c.Description.StartsWith("any of", StringComparison.Ordinal) && !c.Description.StartsWith("not", StringComparison.Ordinal)), c => Assert.True(c.Passed, c.ToString()));
                }

                if (!customer.HasConsent(consideration.Offer.Channel))
                {
                    Assert.NotEqual(OfferOutcome.Chosen, consideration.Outcome);
                    Assert.Equal("not given: never sent on " + consideration.Offer.Channel, consideration.Checks[0].Seen);
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(OfferArbitraries)], MaxTest = 100)]
    public void AssignBatch_KeepsBudgetsLimitsAndCaps_AndIsDeterministic(Scenario scenario)
    {
        var catalog = scenario.Catalog;
        var population = Enumerable.Range(0, 40).Select(i => scenario.Customers[i % scenario.Customers.Length] with { Index = i }).ToArray();
        int Run(out ContactLog log, out OfferChoice[] choices, out int[] counts)
        {
            log = new ContactLog(catalog);
            choices = new OfferChoice[population.Length * 2];
            counts = new int[population.Length];
            return new OfferSelector(catalog).AssignBatch(population, Start, log, 2, choices, counts);
        }

        var total = Run(out var log, out var choices, out var counts);
        Run(out var log2, out var choices2, out var counts2);

        Assert.Equal(total, log.Contacts.Count);
        Assert.Equal(counts.Sum(), total);
        Assert.Equal(choices, choices2);
        Assert.Equal(counts, counts2);
        foreach (var budget in catalog.Budgets)
        {
            Assert.True(log.Spent(budget.Id) <= budget.Limit);
        }

        foreach (var offer in catalog.Offers)
        {
            Assert.True(offer.RedemptionLimit is null || log.IssuedCount(offer.Id) <= offer.RedemptionLimit);
        }

        foreach (var group in log.Contacts.GroupBy(c => (c.Customer, catalog.Offers[catalog.IndexOf(c.OfferId)].Channel)))
        {
            var cap = catalog.FrequencyCapOf(group.Key.Channel);
            Assert.True(cap.IsNone || group.Count() <= cap.Messages);
            Assert.All(group, c => Assert.True(population[c.Customer].HasConsent(group.Key.Channel)));
        }
    }
}
