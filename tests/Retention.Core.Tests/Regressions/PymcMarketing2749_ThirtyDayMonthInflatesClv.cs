using Retention.Clv;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/pymc-labs/pymc-marketing/issues/2749">pymc-labs/pymc-marketing#2749</see>
/// ("Revise <c>customer_lifetime_value</c> 'Daily' Time Unit Scaling Factor").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> <c>customer_lifetime_value</c> took the horizon in months and converted it to days
/// at a fixed 30 days a month: twelve months were 360 days, not 365.25, which distorts the estimate (the report says it
/// inflates CLV and asks for 30.4375; hourly models likewise). The same hidden month sits in lifetimes'
/// <c>_customer_lifetime_value</c> (lifetimes#215, #233).</para>
/// <para><b>What the library does.</b> <see cref="ClvHorizon"/> assumes no month: the caller states the days per period,
/// and <see cref="ClvHorizon.FromDays"/> converts them exactly into the purchase model's unit. Twelve periods of
/// 365.25 / 12 days are 365.25 days; without discounting, the per-period sum of <see cref="DiscountedClv"/> telescopes to
/// spend × E[Y(365.25)], which is what the test checks against the models' own predictions, for a model in days and one
/// in weeks.</para>
/// <para><b>Mutation seen killed:</b> <c>FromDays</c> ignoring <c>daysPerPeriod</c> in favour of 30 days.</para>
/// </remarks>
public sealed class PymcMarketing2749_ThirtyDayMonthInflatesClv
{
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);

    [Fact]
    public void TwelveAverageMonths_AreThirtyPointFourThreeSevenFiveDays_InTheModelsUnit()
    {
        Assert.Equal(30.4375, ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Days, 0.01).PeriodLength);
        Assert.Equal(30.4375 / 7, ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Weeks, 0.01).PeriodLength);
        Assert.Equal(730.5, ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Days, 0.01).PeriodLength * 24);
    }

    [Theory]
    [InlineData(2, 30.43, 38.86, 50.0)]
    [InlineData(0, 0, 38.86, 0.0)]
    [InlineData(14, 38.0, 38.86, 80.0)]
    public void UndiscountedTwelveMonths_IsSpendTimesPurchasesIn365Point25Days_WeeklyModel(double x, double tx, double age, double zbar)
    {
        var purchases = new BgNbdModel(0.243, 4.414, 0.793, 2.426); // CDNOW, fitted in weeks
        var horizon = ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Weeks, 0);

        var clv = DiscountedClv.Compute(purchases, Spend, horizon, x, tx, age, zbar);
        var thirtyDayMonths = DiscountedClv.Compute(purchases, Spend, ClvHorizon.FromDays(12, 30, TimeUnit.Weeks, 0), x, tx, age, zbar);

        var expected = Spend.ExpectedAverageSpend(x, zbar) * purchases.ExpectedPurchases(365.25 / 7, x, tx, age);
        Assert.Equal(expected, clv, Tolerance.Relative(1e-12));
        Assert.Equal(Spend.ExpectedAverageSpend(x, zbar) * purchases.ExpectedPurchases(360d / 7, x, tx, age), thirtyDayMonths, Tolerance.Relative(1e-12));
        Assert.True(thirtyDayMonths < clv);
    }

    [Fact]
    public void DiscountedTwelveMonths_DiscountEachAverageMonthAtItsEnd_DailyModel()
    {
        // The same CDNOW model restated per day (alpha x 7), a customer of 272 days with 2 repeat purchases.
        var purchases = new BgNbdModel(0.243, 4.414 * 7, 0.793, 2.426);
        const double monthly = 0.01;
        var horizon = ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Days, monthly);

        var clv = DiscountedClv.Compute(purchases, Spend, horizon, 2, 213, 272, 50);

        var expected = 0d;
        for (var i = 1; i <= 12; i++)
        {
            var inMonth = purchases.ExpectedPurchases(i * 30.4375, 2, 213, 272) - purchases.ExpectedPurchases((i - 1) * 30.4375, 2, 213, 272);
            expected += Spend.ExpectedAverageSpend(2, 50) * inMonth / Math.Pow(1 + monthly, i);
        }

        Assert.Equal(expected, clv, Tolerance.Relative(1e-10));
        var thirty = DiscountedClv.Compute(purchases, Spend, new ClvHorizon(12, 30, monthly), 2, 213, 272, 50);
        Assert.NotEqual(clv, thirty);
    }
}
