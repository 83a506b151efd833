using Retention.Loyalty;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Loyalty;

/// <summary>
/// Boundaries of the points ledger that mutation testing found untested (docs/testing.md#mutation-testing): a mutant
/// that moved each of them survived every other test of the area.
/// </summary>
public sealed class LedgerEdgeCaseTests
{
    [Fact]
    public void OncePerCustomerBonus_OnATriggerOtherThanSignUp_PaysOnlyOnce()
    {
        // Survived: the trigger's bit taken as 1 >> trigger (0 for every trigger but SignUp, so never remembered); the
        // tests only had once-per-customer sign-ups (trigger 0, where 1 >> 0 == 1 << 0).
        var program = Builder()
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.SocialShare, new Points(30), oncePerCustomer: true))
            .Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(new Points(30), ledger.Apply(Action("share1", Alice, ActionKind.SocialShare, Local(2026, 3, 1))).Change);
        Assert.Equal(new Points(100), ledger.Apply(Action("signup", Alice, ActionKind.SignUp, Local(2026, 3, 2))).Change);
        var second = ledger.Apply(Action("share2", Alice, ActionKind.SocialShare, Local(2026, 3, 3)));
        var third = ledger.Apply(Action("share3", Alice, ActionKind.SocialShare, Local(2026, 3, 4)));

        Assert.Equal(new ApplyResult(ApplyStatus.Ignored, 0, "the SocialShare bonus is limited to once per customer for customer alice"), second);
        Assert.Equal(second, third);
        Assert.Equal(new Points(130), ledger.GetBalance(Alice, Local(2026, 3, 5)).Available);
    }

    [Fact]
    public void MonthlyBonusLimit_CountsTheSameMonthOfTheNextYearAfresh()
    {
        // Survived: the month key as year / 12 + month - 1, which is the same for January 2026 and January 2027.
        var program = Builder().Bonus(new ActionBonus(BonusTrigger.Review, new Points(20), maxPerMonth: 1)).Build();
        var ledger = new PointsLedger(program);

        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("r1", Alice, ActionKind.Review, Local(2026, 1, 10), rating: 5)).Status);
        Assert.Equal("the Review bonus is limited to 1 per month for customer alice", ledger.Apply(Action("r2", Alice, ActionKind.Review, Local(2026, 1, 20), rating: 5)).Reason);
        Assert.Equal(ApplyStatus.Applied, ledger.Apply(Action("r3", Alice, ActionKind.Review, Local(2027, 1, 10), rating: 5)).Status);
        Assert.Equal(new Points(40), ledger.GetBalance(Alice, Local(2027, 1, 11)).Available);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(36_501)]
    [InlineData(int.MinValue)]
    public void ExpiringWithin_RefusesDaysOutsideZeroTo36500(int days)
    {
        var ledger = new PointsLedger(Builder().Build());
        var error = Assert.Throws<InvalidValueException>(() => ledger.ExpiringWithin(Alice, Local(2026, 3, 1), days));
        Assert.Equal("days", error.Field);
        Assert.Contains("must be from 0 to 36500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(36_500)]
    public void ExpiringWithin_AcceptsTheEndsOfTheRange(int days)
    {
        var ledger = new PointsLedger(Builder().Expiry(PointsExpiry.AfterEarning(12)).Build());
        ledger.Apply(Placed("o1", Alice, Local(2026, 3, 1), 50m));
        var expiring = ledger.ExpiringWithin(Alice, Local(2026, 3, 2), days);
        Assert.Equal(days == 0 ? 0 : 1, expiring.Count);
    }
}
