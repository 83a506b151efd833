using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// <see cref="PointsProgramBuilder"/>'s argument checks and <see cref="PointsProgramBuilder.Build"/>'s rules: each
/// refused value reported with its path and rule, each boundary accepted, every setter refused after a build. Written
/// for the first mutation-testing run of the program files (docs/testing.md#mutation-testing), whose survivors were
/// mostly such checks.
/// </summary>
public sealed class PointsProgramBuilderArgumentTests
{
    private static string[] BuildErrors(PointsProgramBuilder builder) => [.. Assert.Throws<InvalidConfigurationException>(() => builder.Build()).Errors];

    [Fact]
    public void NullArguments_AreRefusedWithTheirName()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => PointsProgram.CreateBuilder(null!, Currency.Usd, NewYork)).ParamName);
        Assert.Equal("timeZone", Assert.Throws<ArgumentNullException>(() => PointsProgram.CreateBuilder("Stars", Currency.Usd, null!)).ParamName);
        var builder = Builder();
        Assert.Equal("products", Assert.Throws<ArgumentNullException>(() => builder.ExcludeProducts(null!)).ParamName);
        Assert.Equal("categories", Assert.Throws<ArgumentNullException>(() => builder.ExcludeCategories(null!)).ParamName);
        Assert.Equal("campaign", Assert.Throws<ArgumentNullException>(() => builder.Campaign(null!)).ParamName);
        Assert.Equal("bonus", Assert.Throws<ArgumentNullException>(() => builder.Bonus(null!)).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentNullException>(() => builder.ReturnWindow(null!)).ParamName);
        Assert.Equal("reward", Assert.Throws<ArgumentNullException>(() => builder.Reward(null!)).ParamName);
    }

    [Fact]
    public void EverySetter_RefusesChangesAfterBuild()
    {
        var builder = Builder();
        var program = builder.Build();
        var changes = new Action[]
        {
            () => builder.EarnPerUnit(2m),
            () => builder.Basis(),
            () => builder.ExcludeProducts(new ProductId("p")),
            () => builder.ExcludeCategories(new CategoryId("c")),
            () => builder.MinimumOrderValue(Usd(1m)),
            () => builder.MaxPerOrder(new Points(1)),
            () => builder.MaxPerDay(new Points(1)),
            () => builder.MaxPerMonth(new Points(1)),
            () => builder.Tiers(null),
            () => builder.ProductMultiplier(new ProductId("p"), 2m),
            () => builder.CategoryMultiplier(new CategoryId("c"), 2m),
            () => builder.Campaign(new Campaign("c", new LocalDateTime(2026, 1, 1, 0, 0), new LocalDateTime(2026, 1, 2, 0, 0), 2m)),
            () => builder.Bonus(new ActionBonus(BonusTrigger.Review, new Points(5))),
            () => builder.Birthday(BirthdayMode.InBirthMonth),
            () => builder.ReturnWindow(Period.FromDays(1)),
            () => builder.Expiry(PointsExpiry.AfterEarning(12)),
            () => builder.Clawback(ClawbackPolicy.AllowNegativeBalance),
            () => builder.Reward(Reward.FreeShipping("ship", new Points(100))),
        };
        foreach (var change in changes)
        {
            var error = Assert.Throws<InvalidOperationException>(change);
            Assert.Equal("The builder for points program \"Stars\" has already built it; call ToBuilder() on the program to change it.", error.Message);
        }

        Assert.Equal(program.PointsPerUnit, builder.Build().PointsPerUnit);
    }

    [Fact]
    public void RefusedValues_AreAllReportedByBuild_WithTheirPaths()
    {
        var builder = PointsProgram.CreateBuilder(" ", Currency.Usd, NewYork)
            .EarnPerUnit(1_000_000.01m, (PointsRounding)9, (RoundingScope)9)
            .ExcludeProducts(new ProductId("gift-card"), default)
            .ExcludeCategories(default(CategoryId))
            .MinimumOrderValue(new Money(-1m, Currency.Eur))
            .MaxPerOrder(Points.Zero)
            .MaxPerDay(Points.Zero)
            .MaxPerMonth(Points.Zero)
            .ProductMultiplier(default, 0m)
            .CategoryMultiplier(new CategoryId("shoes"), 1000.5m)
            .CategoryMultiplier(default, 2m)
            .Birthday((BirthdayMode)9)
            .ReturnWindow(Period.FromDays(-1))
            .Clawback((ClawbackPolicy)9)
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(5)))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(6)))
            .Reward(Reward.FreeShipping("ship", new Points(100)))
            .Reward(Reward.AmountOff("ship", new Points(100), new Money(5m, Currency.Eur)));

        var error = Assert.Throws<InvalidConfigurationException>(() => builder.Build());

        Assert.Equal("points program \" \"", error.Subject);
        Assert.Equal(
            [
                "earning.pointsPerUnit: 1000000.01 must be from 0 to 1000000",
                "earning.rounding: 9 is not a defined rounding",
                "earning.roundingScope: 9 is not a defined rounding scope",
                "earning.excludedProducts: \"\" must hold assigned product ids",
                "earning.excludedCategories: \"\" must hold assigned category ids",
                "earning.minimumOrderValue: -1 EUR must be in the program's currency USD",
                "earning.minimumOrderValue: -1 EUR must not be negative",
                "earning.maxPerOrder: 0 pts must be greater than zero when given",
                "limits.maxPerDay: 0 pts must be greater than zero when given",
                "limits.maxPerMonth: 0 pts must be greater than zero when given",
                "earning.productMultipliers: \"\" must have assigned product ids",
                "earning.productMultipliers.: 0 must be greater than 0 and at most 1000",
                "earning.categoryMultipliers.shoes: 1000.5 must be greater than 0 and at most 1000",
                "earning.categoryMultipliers: \"\" must have assigned category ids",
                "birthday: 9 is not a defined birthday mode",
                "returnWindow: \"P-1D\" must not have a negative component",
                "clawback: 9 is not a defined claw-back policy",
                "name: \" \" must not be empty",
                "bonuses[1].trigger: Review is used by an earlier bonus",
                "rewards[1].id: \"ship\" is used by an earlier reward",
                "rewards[1].amount: 5 EUR must be in the program's currency USD",
            ],
            error.Errors);
    }

    [Fact]
    public void Boundaries_AreAccepted_AndRefusedValuesAreNotKept()
    {
        var program = Builder()
            .EarnPerUnit(1_000_000m, PointsRounding.Ceiling, RoundingScope.PerLine)
            .MinimumOrderValue(Usd(0m))
            .MaxPerOrder(new Points(1))
            .MaxPerDay(new Points(1))
            .MaxPerMonth(new Points(1))
            .ProductMultiplier(new ProductId("mug"), 1000m)
            .CategoryMultiplier(new CategoryId("shoes"), 0.01m)
            .Build();
        Assert.Equal((1_000_000m, PointsRounding.Ceiling, RoundingScope.PerLine), (program.PointsPerUnit, program.Rounding, program.RoundingScope));
        Assert.Equal((new Points(1), new Points(1), new Points(1)), (program.MaxPointsPerOrder, program.MaxPointsPerDay, program.MaxPointsPerMonth));
        Assert.Equal(0m, Builder().EarnPerUnit(0m).Build().PointsPerUnit);

        // A refused value is reported and not kept: after the error the builder still holds the earlier setting.
        var refused = Builder().ExcludeProducts(default(ProductId)).ExcludeCategories(default(CategoryId));
        Assert.Equal(2, BuildErrors(refused).Length);
    }

    [Fact]
    public void ReturnWindow_AtMostTenYears_AndEndingBeforePointsExpire()
    {
        Assert.Equal(Period.FromYears(10), Builder().ReturnWindow(Period.FromYears(10)).Build().ReturnWindow);
        Assert.Equal(["returnWindow: \"P10YT1S\" must be at most 10 years"], BuildErrors(Builder().ReturnWindow(Period.FromYears(10) + Period.FromSeconds(1))));
        Assert.Equal(["returnWindow: \"P20000Y\" must be at most 10 years"], BuildErrors(Builder().ReturnWindow(Period.FromYears(20000))));

        // Points earned on 31 January with expiry after 1 month expire at the end of 28 February (2001): a 28-day
        // window ends before that, a 29-day window on the day they expire.
        Assert.Equal(Period.FromDays(28), Builder().Expiry(PointsExpiry.AfterEarning(1)).ReturnWindow(Period.FromDays(28)).Build().ReturnWindow);
        Assert.Equal(
            ["returnWindow: \"P29D\" must end before points expire (expiry after 1 months)"],
            BuildErrors(Builder().Expiry(PointsExpiry.AfterEarning(1)).ReturnWindow(Period.FromDays(29))));
    }
}
