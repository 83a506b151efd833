using NodaTime;
using Retention.Loyalty;

namespace Retention.Shopify.Bridge;

/// <summary>The sample shop's points program: one point per dollar of merchandise after discounts, gift cards excluded, three tiers on lifetime points.</summary>
public static class LoyaltyProgram
{
    /// <summary>Builds the program.</summary>
    /// <returns>The program, in USD and UTC.</returns>
    public static PointsProgram Create() =>
        PointsProgram.CreateBuilder("Bridge Stars", Currency.Usd, DateTimeZone.Utc)
            .EarnPerUnit(1m)
            .ExcludeCategories(new CategoryId(ShopifyOrder.GiftCardCategory))
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(50), oncePerCustomer: true))
            .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.Lifetime,
                [new Tier("Member", 0m), new Tier("Silver", 500m), new Tier("Gold", 1500m, new TierBenefits { EarningMultiplier = 1.5m })]))
            .Build();
}
