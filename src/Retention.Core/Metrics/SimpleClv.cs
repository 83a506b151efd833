namespace Retention.Metrics;

/// <summary>
/// The simple customer lifetime value formulas a store owner can compute by hand, in exact money.
/// </summary>
/// <remarks>
/// Rates are decimals (0.3 for 30%). For the probabilistic models see the CLV issue. Thread safety: stateless.
/// </remarks>
public static class SimpleClv
{
    /// <summary>Historic CLV: the margin earned to date, net of refunds.</summary>
    /// <param name="netRevenue">Revenue to date minus refunds.</param>
    /// <param name="marginRate">Gross margin as a share of revenue, from 0 to 1.</param>
    /// <returns><paramref name="netRevenue"/> x <paramref name="marginRate"/>, not rounded.</returns>
    /// <exception cref="InvalidValueException">Thrown when the margin rate is outside 0 to 1.</exception>
    public static Money Historic(Money netRevenue, decimal marginRate)
    {
        CheckRate(marginRate, "marginRate");
        return netRevenue * marginRate;
    }

    /// <summary>CLV as revenue minus what it cost to win and keep the customer.</summary>
    /// <param name="revenue">Revenue from the customer.</param>
    /// <param name="acquisitionCost">Cost of acquiring them.</param>
    /// <param name="retentionCost">Cost of keeping them (loyalty rewards, retention campaigns).</param>
    /// <returns>The difference.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static Money RevenueMinusCosts(Money revenue, Money acquisitionCost, Money retentionCost) => revenue - acquisitionCost - retentionCost;

    /// <summary>CLV from averages: average order value x purchase frequency x margin x expected lifespan.</summary>
    /// <param name="averageOrderValue">Average order value.</param>
    /// <param name="purchasesPerPeriod">Orders per customer per period (a year, usually); not negative.</param>
    /// <param name="marginRate">Gross margin, 0 to 1.</param>
    /// <param name="lifespanPeriods">Expected customer lifespan in the same periods; not negative.</param>
    /// <returns>The product, not rounded.</returns>
    /// <exception cref="InvalidValueException">Thrown when an argument is out of range.</exception>
    public static Money FromAverages(Money averageOrderValue, decimal purchasesPerPeriod, decimal marginRate, decimal lifespanPeriods)
    {
        Preconditions.CheckValue(purchasesPerPeriod >= 0m, "purchasesPerPeriod", purchasesPerPeriod, "must not be negative");
        CheckRate(marginRate, "marginRate");
        Preconditions.CheckValue(lifespanPeriods >= 0m, "lifespanPeriods", lifespanPeriods, "must not be negative");
        return averageOrderValue * purchasesPerPeriod * marginRate * lifespanPeriods;
    }

    /// <summary>CLV from retention: margin x r / (1 + d - r), the value of a customer who brings
    /// <paramref name="marginPerPeriod"/> each period, stays each period with probability r, discounted at rate d.</summary>
    /// <param name="marginPerPeriod">Margin per customer per period.</param>
    /// <param name="retentionRate">r, from 0 to below 1.</param>
    /// <param name="discountRate">d, 0 or more.</param>
    /// <returns>The value, not rounded.</returns>
    /// <exception cref="InvalidValueException">Thrown when r is outside [0, 1) or d is negative.</exception>
    public static Money FromRetention(Money marginPerPeriod, decimal retentionRate, decimal discountRate)
    {
        Preconditions.CheckValue(retentionRate >= 0m && retentionRate < 1m, "retentionRate", retentionRate, "must be at least 0 and below 1");
        Preconditions.CheckValue(discountRate >= 0m, "discountRate", discountRate, "must not be negative");
        return marginPerPeriod * retentionRate / (1m + discountRate - retentionRate);
    }

    /// <summary>
    /// What raising retention by <paramref name="points"/> percentage points is worth: the retention-formula CLV before
    /// and after, per customer and for <paramref name="customers"/> customers.
    /// </summary>
    /// <param name="marginPerPeriod">Margin per customer per period.</param>
    /// <param name="retentionRate">r today, from 0 to below 1.</param>
    /// <param name="discountRate">d, 0 or more.</param>
    /// <param name="points">The rise in percentage points (5 for 5 points); r + points / 100 must stay below 1.</param>
    /// <param name="customers">The number of customers it applies to, 0 or more.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="InvalidValueException">Thrown when an argument is out of range.</exception>
    public static RetentionWhatIf WhatIfRetentionRises(Money marginPerPeriod, decimal retentionRate, decimal discountRate, decimal points, int customers)
    {
        Preconditions.CheckValue(customers >= 0, "customers", customers, "must not be negative");
        var raised = retentionRate + (points / 100m);
        Preconditions.CheckValue(raised >= 0m && raised < 1m, "points", points, "must keep the retention rate at least 0 and below 1");
        var before = FromRetention(marginPerPeriod, retentionRate, discountRate);
        var after = FromRetention(marginPerPeriod, raised, discountRate);
        return new RetentionWhatIf(before, after, after - before, (after - before) * customers);
    }

    private static void CheckRate(decimal rate, string field) =>
        Preconditions.CheckValue(rate >= 0m && rate <= 1m, field, rate, "must be from 0 to 1");
}

/// <summary>The effect of a retention rise on the retention-formula CLV.</summary>
/// <param name="Before">CLV per customer at today's retention.</param>
/// <param name="After">CLV per customer at the raised retention.</param>
/// <param name="GainPerCustomer"><paramref name="After"/> - <paramref name="Before"/>.</param>
/// <param name="TotalGain">The gain for all the customers given.</param>
public sealed record RetentionWhatIf(Money Before, Money After, Money GainPerCustomer, Money TotalGain);
