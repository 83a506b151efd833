using Retention.Loyalty;

namespace Retention.Tests.Serialization;

/// <summary>Compares two programs property by property (the program itself has no value equality).</summary>
internal static class ProgramAssert
{
    /// <summary>The public properties <see cref="Equivalent"/> compares; a test fails when the program gains another.</summary>
    internal static readonly string[] ComparedProperties =
    [
        nameof(PointsProgram.Name), nameof(PointsProgram.Currency), nameof(PointsProgram.TimeZone), nameof(PointsProgram.PointsPerUnit),
        nameof(PointsProgram.Rounding), nameof(PointsProgram.RoundingScope), nameof(PointsProgram.NetOfDiscounts),
        nameof(PointsProgram.IncludeShipping), nameof(PointsProgram.IncludeTax), nameof(PointsProgram.ExcludedProducts),
        nameof(PointsProgram.ExcludedCategories), nameof(PointsProgram.MinimumOrderValue), nameof(PointsProgram.MaxPointsPerOrder),
        nameof(PointsProgram.MaxPointsPerDay), nameof(PointsProgram.MaxPointsPerMonth), nameof(PointsProgram.Tiers),
        nameof(PointsProgram.ProductMultipliers), nameof(PointsProgram.CategoryMultipliers), nameof(PointsProgram.Campaigns),
        nameof(PointsProgram.Bonuses), nameof(PointsProgram.BirthdayMode), nameof(PointsProgram.ReturnWindow), nameof(PointsProgram.Expiry),
        nameof(PointsProgram.Clawback), nameof(PointsProgram.Rewards),
    ];

    internal static void Equivalent(PointsProgram expected, PointsProgram actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Currency, actual.Currency);
        Assert.Equal(expected.TimeZone.Id, actual.TimeZone.Id);
        Assert.Equal(expected.PointsPerUnit, actual.PointsPerUnit);
        Assert.Equal(expected.Rounding, actual.Rounding);
        Assert.Equal(expected.RoundingScope, actual.RoundingScope);
        Assert.Equal(expected.NetOfDiscounts, actual.NetOfDiscounts);
        Assert.Equal(expected.IncludeShipping, actual.IncludeShipping);
        Assert.Equal(expected.IncludeTax, actual.IncludeTax);
        Assert.Equal(expected.ExcludedProducts.Order(), actual.ExcludedProducts.Order());
        Assert.Equal(expected.ExcludedCategories.Order(), actual.ExcludedCategories.Order());
        Assert.Equal(expected.MinimumOrderValue, actual.MinimumOrderValue);
        Assert.Equal(expected.MaxPointsPerOrder, actual.MaxPointsPerOrder);
        Assert.Equal(expected.MaxPointsPerDay, actual.MaxPointsPerDay);
        Assert.Equal(expected.MaxPointsPerMonth, actual.MaxPointsPerMonth);
        Assert.Equal(expected.Tiers is null, actual.Tiers is null);
        if (expected.Tiers is { } ladder && actual.Tiers is { } other)
        {
            Assert.Equal(ladder.Basis, other.Basis);
            Assert.Equal(ladder.Window, other.Window);
            Assert.Equal(ladder.GracePeriod, other.GracePeriod);
            Assert.Equal(ladder.MaxLevelsDown, other.MaxLevelsDown);
            Assert.Equal(ladder.Tiers, other.Tiers);
        }

        Assert.Equal(expected.ProductMultipliers.OrderBy(e => e.Key), actual.ProductMultipliers.OrderBy(e => e.Key));
        Assert.Equal(expected.CategoryMultipliers.OrderBy(e => e.Key), actual.CategoryMultipliers.OrderBy(e => e.Key));
        Assert.Equal(expected.Campaigns, actual.Campaigns);
        Assert.Equal(expected.Bonuses, actual.Bonuses);
        Assert.Equal(expected.BirthdayMode, actual.BirthdayMode);
        Assert.Equal(expected.ReturnWindow, actual.ReturnWindow);
        Assert.Equal(expected.Expiry, actual.Expiry);
        Assert.Equal(expected.Clawback, actual.Clawback);
        Assert.Equal(expected.Rewards, actual.Rewards);
    }
}
