using Retention.Offers;
using static Retention.Tests.Infrastructure.TestHelper;

namespace Retention.Tests.Offers;

/// <summary>
/// The argument checks of the <see cref="OfferRule"/> factories, each refused value with its field and rule and the
/// boundary values accepted. Found by the offers re-run of mutation testing: the first run called these checks'
/// mutants killed by property tests that only build valid rules (docs/testing.md#mutation-testing).
/// </summary>
public sealed class OfferRuleArgumentTests
{
    private static readonly CategoryId Shoes = new("shoes");

    [Fact]
    public void NullArguments_AreRefusedWithTheirName()
    {
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => OfferRule.Not(null!)).ParamName);
        Assert.Equal("segments", Assert.Throws<ArgumentNullException>(() => OfferRule.InSegment(null!)).ParamName);
        Assert.Equal("segments", Assert.Throws<ArgumentNullException>(() => OfferRule.InSegment("vip", null!)).ParamName);
        Assert.Equal("categories", Assert.Throws<ArgumentNullException>(() => OfferRule.BoughtAny(null!)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => OfferRule.All(null!)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => OfferRule.All(OfferRule.Always, null!)).ParamName);
    }

    [Fact]
    public void RefusedValues_NameTheFieldAndTheRule()
    {
        Refuses(() => OfferRule.InSegment(" "), "rule.segments", "must not be empty");
        Refuses(() => OfferRule.ProbabilityAlive(-0.1m), "rule.min", "must be from 0 to 1");
        Refuses(() => OfferRule.ProbabilityAlive(null, 1.5m), "rule.max", "must be from 0 to 1");
        Refuses(() => OfferRule.ProbabilityAlive(null, -0.1m), "rule.max", "must be from 0 to 1");
        Refuses(() => OfferRule.ProbabilityAlive(0.6m, 0.5m), "rule.max", "must not be below min (0.6)");
        Refuses(() => OfferRule.Clv(10m, 5m), "rule.max", "must not be below min (10)");
        Refuses(() => OfferRule.BoughtAny(), "rule.categories", "must name at least one category");
        Refuses(() => OfferRule.BoughtAny(Shoes, default), "rule.categories", "must hold assigned category ids");
        Refuses(() => OfferRule.LastOrderIn(default, 1), "rule.categories", "must hold assigned category ids");
        Refuses(() => OfferRule.BirthdayWithin(-1, 0), "rule.min", "must be from 0 to 180");
        Refuses(() => OfferRule.BirthdayWithin(181, 0), "rule.min", "must be from 0 to 180");
        Refuses(() => OfferRule.BirthdayWithin(0, -1), "rule.max", "must be from 0 to 180");
        Refuses(() => OfferRule.BirthdayWithin(0, 181), "rule.max", "must be from 0 to 180");
        Refuses(() => OfferRule.HasConsent((Channel)99), "rule.channel", "is not a defined channel");
        Refuses(() => OfferRule.SpendToNextTier(null, -1m), "rule.max", "must not be negative");
        Refuses(() => OfferRule.SpendToNextTier(10m, 5m), "rule.max", "must not be below min (10)");
        Refuses(() => OfferRule.TierLevel(3, 2), "rule.max", "must be from min (3) to 254");
        Refuses(() => OfferRule.TierLevel(3, 255), "rule.max", "must be from min (3) to 254");
    }

    [Fact]
    public void Text_OfCategoriesAndOfMissingBounds()
    {
        Assert.Equal("bought any of {shoes, bags}", OfferRule.BoughtAny(Shoes, new CategoryId("bags")).ToString());
        Assert.Equal("P(alive) any", OfferRule.ProbabilityAlive(null).ToString());
    }

    [Fact]
    public void BoundaryValues_AreAccepted()
    {
        Assert.Equal(OfferRuleKind.ProbabilityAlive, OfferRule.ProbabilityAlive(0m, 1m).Kind);
        Assert.Equal(OfferRuleKind.ProbabilityAlive, OfferRule.ProbabilityAlive(0.5m, 0.5m).Kind);
        Assert.Equal(OfferRuleKind.ProbabilityAlive, OfferRule.ProbabilityAlive(1m, 1m).Kind);
        Assert.Equal(OfferRuleKind.ProbabilityAlive, OfferRule.ProbabilityAlive(0m, 0m).Kind);
        Assert.Equal(OfferRuleKind.Clv, OfferRule.Clv(10m, 10m).Kind);
        Assert.Equal(OfferRuleKind.BirthdayWithin, OfferRule.BirthdayWithin(0, 180).Kind);
        Assert.Equal(OfferRuleKind.BirthdayWithin, OfferRule.BirthdayWithin(180, 0).Kind);
        Assert.Equal(OfferRuleKind.SpendToNextTier, OfferRule.SpendToNextTier(null, 0m).Kind);
        Assert.Equal(OfferRuleKind.SpendToNextTier, OfferRule.SpendToNextTier(5m, 5m).Kind);
        Assert.Equal(OfferRuleKind.TierLevel, OfferRule.TierLevel(3, 3).Kind);
        Assert.Equal(OfferRuleKind.TierLevel, OfferRule.TierLevel(3, 254).Kind);
    }
}
