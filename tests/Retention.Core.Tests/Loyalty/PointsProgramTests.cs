using NodaTime;
using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

public sealed class PointsProgramTests
{
    [Fact]
    public void CreateBuilder_Defaults_ArePinned()
    {
        var program = Builder().Build();
        Assert.Equal("Stars", program.Name);
        Assert.Equal(Currency.Usd, program.Currency);
        Assert.Same(NewYork, program.TimeZone);
        Assert.Equal(1m, program.PointsPerUnit);
        Assert.Equal(PointsRounding.Floor, program.Rounding);
        Assert.Equal(RoundingScope.PerOrder, program.RoundingScope);
        Assert.True(program.NetOfDiscounts);
        Assert.False(program.IncludeShipping);
        Assert.False(program.IncludeTax);
        Assert.Empty(program.ExcludedProducts);
        Assert.Empty(program.ExcludedCategories);
        Assert.Equal(Usd(0m), program.MinimumOrderValue);
        Assert.Null(program.MaxPointsPerOrder);
        Assert.Null(program.MaxPointsPerDay);
        Assert.Null(program.MaxPointsPerMonth);
        Assert.Null(program.Tiers);
        Assert.Empty(program.ProductMultipliers);
        Assert.Empty(program.CategoryMultipliers);
        Assert.Empty(program.Campaigns);
        Assert.Empty(program.Bonuses);
        Assert.Equal(BirthdayMode.OnTheDay, program.BirthdayMode);
        Assert.Equal(Period.Zero, program.ReturnWindow);
        Assert.Equal(PointsExpiry.Never, program.Expiry);
        Assert.Equal(ClawbackPolicy.StopAtZero, program.Clawback);
        Assert.Empty(program.Rewards);
    }

    [Fact]
    public void Build_InvalidSettings_ReportsEveryProblemWithItsPath()
    {
        var builder = PointsProgram.CreateBuilder(" ", Currency.Usd, NewYork)
            .EarnPerUnit(-1m)
            .MinimumOrderValue(new Money(5m, Currency.Eur))
            .MaxPerDay(Points.Zero)
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(10)))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(20)))
            .Reward(Reward.FreeShipping("ship", new Points(100)))
            .Reward(Reward.AmountOff("ship", new Points(100), new Money(5m, Currency.Eur)));

        var error = Assert.Throws<InvalidConfigurationException>(builder.Build);
        Assert.Equal(
            [
                "earning.pointsPerUnit: -1 must be from 0 to 1000000",
                "earning.minimumOrderValue: 5 EUR must be in the program's currency USD",
                "limits.maxPerDay: 0 pts must be greater than zero when given",
                "name: \" \" must not be empty",
                "bonuses[1].trigger: Review is used by an earlier bonus",
                "rewards[1].id: \"ship\" is used by an earlier reward",
                "rewards[1].amount: 5 EUR must be in the program's currency USD",
            ],
            error.Errors);
        Assert.StartsWith("Invalid points program \" \":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ReturnWindowNotShorterThanTheExpiry_IsRejected()
    {
        Assert.NotNull(Builder().ReturnWindow(Period.FromDays(28)).Expiry(PointsExpiry.AfterEarning(1)).Build());
        var error = Assert.Throws<InvalidConfigurationException>(() => Builder().ReturnWindow(Period.FromDays(29)).Expiry(PointsExpiry.AfterEarning(1)).Build());
        Assert.Equal(["returnWindow: \"P29D\" must end before points expire (expiry after 1 months)"], error.Errors);
        Assert.NotNull(Builder().ReturnWindow(Period.FromDays(400)).Expiry(PointsExpiry.AfterInactivity(1)).Build());
    }

    [Fact]
    public void Build_ReturnWindowBeyondTenYears_IsReported_NotThrownAsOverflow()
    {
        Assert.NotNull(Builder().ReturnWindow(Period.FromYears(10)).Build());
        foreach (var window in new[] { Period.FromYears(10) + Period.FromDays(1), Period.FromYears(9999), Period.FromDays(int.MaxValue) })
        {
            var error = Assert.Throws<InvalidConfigurationException>(() => Builder().ReturnWindow(window).Build());
            Assert.Equal(["returnWindow: \"" + window + "\" must be at most 10 years"], error.Errors);
        }
    }

    [Fact]
    public void Build_CampaignOutsideTheZonesRange_IsReported_NotThrownAsOverflow()
    {
        var zone = DateTimeZoneProviders.Tzdb["Etc/GMT+12"]; // UTC-12: the last local hours of year 9999 have no instant
        var campaign = new Campaign("end of time", new LocalDateTime(9999, 12, 31, 12, 0), new LocalDateTime(9999, 12, 31, 13, 0), 2m);
        var builder = PointsProgram.CreateBuilder("Stars", Currency.Usd, zone).Campaign(campaign);

        var error = Assert.Throws<InvalidConfigurationException>(builder.Build);

        Assert.Equal(["campaigns[0]: \"end of time\" lies outside the instants the time zone Etc/GMT+12 can represent"], error.Errors);
    }

    [Fact]
    public void Builder_AfterBuild_RefusesChanges_ButBuildsAgain()
    {
        var builder = Builder().EarnPerUnit(2m);
        var first = builder.Build();
        var second = builder.Build();
        Assert.Equal(first.PointsPerUnit, second.PointsPerUnit);
        var error = Assert.Throws<InvalidOperationException>(() => builder.EarnPerUnit(3m));
        Assert.Contains("ToBuilder()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBuilder_CopiesEverySetting_AndLeavesTheProgramUnchanged()
    {
        var program = Builder()
            .EarnPerUnit(2.5m, PointsRounding.Nearest, RoundingScope.PerLine)
            .Basis(netOfDiscounts: false, includeShipping: true, includeTax: true)
            .ExcludeProducts(new ProductId("gift-card"))
            .ExcludeCategories(new CategoryId("donations"))
            .MinimumOrderValue(Usd(10m))
            .MaxPerOrder(new Points(500))
            .MaxPerDay(new Points(800))
            .MaxPerMonth(new Points(2000))
            .Tiers(new TierLadder(TierBasis.Spend, QualificationWindow.CalendarYear, [new Tier("Member", 0m), new Tier("Gold", 500m)]))
            .ProductMultiplier(new ProductId("tee"), 3m)
            .CategoryMultiplier(new CategoryId("shoes"), 2m)
            .Campaign(new Campaign("Double weekend", new LocalDateTime(2026, 11, 27, 0, 0), new LocalDateTime(2026, 11, 30, 0, 0), 2m))
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Birthday(BirthdayMode.InBirthMonth)
            .ReturnWindow(Period.FromDays(30))
            .Expiry(PointsExpiry.AfterEarning(12))
            .Clawback(ClawbackPolicy.AllowNegativeBalance)
            .Reward(Reward.PercentOff("10-pct", new Points(800), 10m))
            .Build();

        var copy = program.ToBuilder().EarnPerUnit(1m).Build();

        Assert.Equal(2.5m, program.PointsPerUnit);
        Assert.Equal(1m, copy.PointsPerUnit);
        Assert.Equal(PointsRounding.Floor, copy.Rounding);
        Assert.Equal(program.NetOfDiscounts, copy.NetOfDiscounts);
        Assert.Equal(program.IncludeShipping, copy.IncludeShipping);
        Assert.Equal(program.IncludeTax, copy.IncludeTax);
        Assert.Equal(program.ExcludedProducts, copy.ExcludedProducts);
        Assert.Equal(program.ExcludedCategories, copy.ExcludedCategories);
        Assert.Equal(program.MinimumOrderValue, copy.MinimumOrderValue);
        Assert.Equal(program.MaxPointsPerOrder, copy.MaxPointsPerOrder);
        Assert.Equal(program.MaxPointsPerDay, copy.MaxPointsPerDay);
        Assert.Equal(program.MaxPointsPerMonth, copy.MaxPointsPerMonth);
        Assert.Same(program.Tiers, copy.Tiers);
        Assert.Equal(program.ProductMultipliers, copy.ProductMultipliers);
        Assert.Equal(program.CategoryMultipliers, copy.CategoryMultipliers);
        Assert.Equal(program.Campaigns, copy.Campaigns);
        Assert.Equal(program.Bonuses, copy.Bonuses);
        Assert.Equal(program.BirthdayMode, copy.BirthdayMode);
        Assert.Equal(program.ReturnWindow, copy.ReturnWindow);
        Assert.Equal(program.Expiry, copy.Expiry);
        Assert.Equal(program.Clawback, copy.Clawback);
        Assert.Equal(program.Rewards, copy.Rewards);
    }

    [Theory]
    [InlineData(PointsRounding.Floor, 21)]
    [InlineData(PointsRounding.Nearest, 22)]
    [InlineData(PointsRounding.Ceiling, 22)]
    public void PointsFor_RoundsAsConfigured(PointsRounding rounding, long expected)
    {
        // 10.75 x 2 = 21.5 points.
        var program = Builder().EarnPerUnit(2m, rounding).Build();
        Assert.Equal(new Points(expected), program.PointsFor(Order("o1", Alice, Local(2026, 3, 1), 10.75m)));
    }

    [Fact]
    public void PointsFor_PerLineRounding_RoundsEachLine()
    {
        var order = Order("o1", Alice, Local(2026, 3, 1), Line("a", 1.5m), Line("b", 1.5m));
        Assert.Equal(new Points(3), Builder().Build().PointsFor(order));
        Assert.Equal(new Points(2), Builder().EarnPerUnit(1m, PointsRounding.Floor, RoundingScope.PerLine).Build().PointsFor(order));
        Assert.Equal(new Points(4), Builder().EarnPerUnit(1m, PointsRounding.Nearest, RoundingScope.PerLine).Build().PointsFor(order));
    }

    [Fact]
    public void PointsFor_Basis_ExcludesProductsAndCategories_AndCountsShippingAndTaxOnlyWhenAsked()
    {
        var order = new Order(
            new OrderId("o1"),
            Alice,
            Local(2026, 3, 1),
            Currency.Usd,
            [Line("a", 40m), Line("b", 25m, product: "gift-card", category: null), Line("c", 10m, product: "tip", category: "donations")],
            orderDiscount: Usd(7.5m),
            shipping: Usd(5m),
            tax: Usd(3.25m));

        // Discount 7.50 spread over 75.00 of lines: 40 -> 36, 25 -> 22.50, 10 -> 9.
        Assert.Equal(new Points(75 - 8 + 0), Builder().Basis(netOfDiscounts: true).Build().PointsFor(order));
        Assert.Equal(new Points(36), Builder().ExcludeProducts(new ProductId("gift-card")).ExcludeCategories(new CategoryId("donations")).Build().PointsFor(order));
        Assert.Equal(new Points(40), Builder().Basis(netOfDiscounts: false).ExcludeProducts(new ProductId("gift-card")).ExcludeCategories(new CategoryId("donations")).Build().PointsFor(order));
        Assert.Equal(new Points(44), Builder().Basis(includeShipping: true, includeTax: true).ExcludeProducts(new ProductId("gift-card")).ExcludeCategories(new CategoryId("donations")).Build().PointsFor(order));
    }

    [Fact]
    public void PointsFor_Multipliers_ProductBeatsCategory_TierAndCampaignMultiply()
    {
        var program = Builder()
            .ProductMultiplier(new ProductId("boots"), 3m)
            .CategoryMultiplier(new CategoryId("shoes"), 2m)
            .Campaign(new Campaign("Double", new LocalDateTime(2026, 11, 27, 0, 0), new LocalDateTime(2026, 11, 30, 0, 0), 2m))
            .Campaign(new Campaign("Triple Saturday", new LocalDateTime(2026, 11, 28, 0, 0), new LocalDateTime(2026, 11, 29, 0, 0), 3m))
            .Build();
        OrderLine[] lines = [Line("a", 10m, product: "boots", category: "shoes"), Line("b", 10m, product: "sandals", category: "shoes"), Line("c", 10m)];

        // 10 x 3 + 10 x 2 + 10 x 1 = 60 weighted.
        Assert.Equal(new Points(60), program.PointsFor(Order("o1", Alice, Local(2026, 11, 1), lines)));
        var gold = new Tier("Gold", 1000m, new TierBenefits { EarningMultiplier = 1.5m });
        Assert.Equal(new Points(90), program.PointsFor(Order("o1", Alice, Local(2026, 11, 1), lines), gold));
        Assert.Equal(new Points(60), program.PointsFor(Order("o1", Alice, Local(2026, 11, 1), lines), new Tier("Silver", 500m)));
        Assert.Equal(new Points(120), program.PointsFor(Order("o1", Alice, Local(2026, 11, 27, 0, 0), lines)));
        Assert.Equal(new Points(180), program.PointsFor(Order("o1", Alice, Local(2026, 11, 28, 9), lines)));
        Assert.Equal(new Points(270), program.PointsFor(Order("o1", Alice, Local(2026, 11, 28, 9), lines), gold));
        Assert.Equal(new Points(60), program.PointsFor(Order("o1", Alice, Local(2026, 11, 30, 0, 0), lines)));
        Assert.Equal(new Points(120), program.PointsFor(Order("o1", Alice, Local(2026, 11, 29, 23, 59), lines)));
    }

    [Fact]
    public void Campaign_InLocalTime_CoversTheStoresNightAcrossADaylightSavingChange()
    {
        // 2026-03-08 02:30 does not exist in New York (02:00 EST jumps to 03:00 EDT); the campaign starts at the first
        // instant after the gap, 03:00 EDT, and runs the three hours to 06:00 EDT.
        var campaign = new Campaign("Spring forward", new LocalDateTime(2026, 3, 8, 2, 30), new LocalDateTime(2026, 3, 8, 6, 0), 2m);
        var interval = campaign.IntervalIn(NewYork);
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 7, 0), interval.Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 8, 10, 0), interval.End);
        Assert.Equal(TimeSpan.FromHours(3), interval.Duration.ToTimeSpan());
    }

    [Fact]
    public void PointsFor_MinimumAndCap()
    {
        var program = Builder().MinimumOrderValue(Usd(20m)).MaxPerOrder(new Points(50)).Build();
        Assert.Equal(Points.Zero, program.PointsFor(Order("o1", Alice, Local(2026, 3, 1), 19.99m)));
        Assert.Equal(new Points(20), program.PointsFor(Order("o1", Alice, Local(2026, 3, 1), 20m)));
        Assert.Equal(new Points(50), program.PointsFor(Order("o1", Alice, Local(2026, 3, 1), 80m)));
    }

    [Fact]
    public void PointsFor_OtherCurrency_Throws()
    {
        var order = new Order(new OrderId("o1"), Alice, Local(2026, 3, 1), Currency.Eur, [new OrderLine(new LineItemId("a"), new ProductId("p"), 1, new Money(5m, Currency.Eur))]);
        var error = Assert.Throws<CurrencyMismatchException>(() => Builder().Build().PointsFor(order));
        Assert.Equal("order.currency", error.Field);
    }

    [Fact]
    public void Components_RejectInvalidValues_NamingTheField()
    {
        Assert.Equal("campaign.end", Assert.Throws<InvalidValueException>(() => new Campaign("x", new LocalDateTime(2026, 1, 2, 0, 0), new LocalDateTime(2026, 1, 1, 0, 0), 2m)).Field);
        Assert.Equal("campaign.multiplier", Assert.Throws<InvalidValueException>(() => new Campaign("x", new LocalDateTime(2026, 1, 1, 0, 0), new LocalDateTime(2026, 1, 2, 0, 0), 0m)).Field);
        Assert.Equal("bonus.points", Assert.Throws<InvalidValueException>(() => new ActionBonus(BonusTrigger.Review, Points.Zero)).Field);
        Assert.Equal("bonus.maxPerDay", Assert.Throws<InvalidValueException>(() => new ActionBonus(BonusTrigger.Review, new Points(5), maxPerDay: 0)).Field);
        Assert.Equal("reward.cost", Assert.Throws<InvalidValueException>(() => Reward.FreeShipping("ship", Points.Zero)).Field);
        Assert.Equal("reward.percent", Assert.Throws<InvalidValueException>(() => Reward.PercentOff("pct", new Points(5), 101m)).Field);
        Assert.Equal("reward.id", Assert.Throws<InvalidValueException>(() => Reward.FreeShipping(" ship", new Points(5))).Field);
        Assert.Equal("expiry.months", Assert.Throws<InvalidValueException>(() => PointsExpiry.AfterEarning(0)).Field);
    }

    [Fact]
    public void PointsExpiry_EqualityAndText()
    {
        Infrastructure.TestHelper.TestEqualsStruct(PointsExpiry.AfterEarning(12), PointsExpiry.AfterEarning(12), PointsExpiry.AfterEarning(6), PointsExpiry.AfterInactivity(12), PointsExpiry.Never);
        Assert.Equal("AfterEarning(12 months)", PointsExpiry.AfterEarning(12).ToString());
        Assert.Equal("Never", default(PointsExpiry).ToString());
    }
}
