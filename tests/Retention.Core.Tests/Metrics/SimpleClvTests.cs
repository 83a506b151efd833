using Retention.Metrics;

namespace Retention.Tests.Metrics;

public sealed class SimpleClvTests
{
    private static Money Usd(decimal amount) => new(amount, Currency.Usd);

    [Fact]
    public void Formulas_GiveTheirTextbookValues()
    {
        Assert.Equal(Usd(300m), SimpleClv.Historic(Usd(1000m), 0.3m));
        Assert.Equal(Usd(620m), SimpleClv.RevenueMinusCosts(Usd(1000m), Usd(300m), Usd(80m)));
        Assert.Equal(Usd(360m), SimpleClv.FromAverages(Usd(50m), 4m, 0.6m, 3m));
        // m r / (1 + d - r) = 100 x 0.8 / (1 + 0.1 - 0.8) = 266.67
        Assert.Equal(Usd(266.67m), SimpleClv.FromRetention(Usd(100m), 0.8m, 0.1m).Round(MidpointRounding.ToEven));
    }

    [Fact]
    public void WhatIf_ValuesAFivePointRetentionRise()
    {
        var whatIf = SimpleClv.WhatIfRetentionRises(Usd(100m), 0.8m, 0.1m, 5m, 1000);
        Assert.Equal(SimpleClv.FromRetention(Usd(100m), 0.8m, 0.1m), whatIf.Before);
        Assert.Equal(Usd(340m), whatIf.After); // 100 x 0.85 / 0.25
        Assert.Equal(whatIf.After - whatIf.Before, whatIf.GainPerCustomer);
        Assert.Equal(whatIf.GainPerCustomer * 1000, whatIf.TotalGain);
        Assert.Equal("points", Assert.Throws<InvalidValueException>(() => SimpleClv.WhatIfRetentionRises(Usd(100m), 0.9m, 0.1m, 10m, 1)).Field);
    }

    [Fact]
    public void OutOfRangeInputs_AreRejected()
    {
        Assert.Equal("marginRate", Assert.Throws<InvalidValueException>(() => SimpleClv.Historic(Usd(1m), 1.5m)).Field);
        Assert.Equal("retentionRate", Assert.Throws<InvalidValueException>(() => SimpleClv.FromRetention(Usd(1m), 1m, 0m)).Field);
        Assert.Equal("discountRate", Assert.Throws<InvalidValueException>(() => SimpleClv.FromRetention(Usd(1m), 0.5m, -0.1m)).Field);
        Assert.Equal("lifespanPeriods", Assert.Throws<InvalidValueException>(() => SimpleClv.FromAverages(Usd(1m), 1m, 0.5m, -1m)).Field);
        Assert.Throws<CurrencyMismatchException>(() => SimpleClv.RevenueMinusCosts(Usd(1m), new Money(1m, Currency.Eur), Usd(0m)));
    }
}
