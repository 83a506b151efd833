namespace Retention.Rfm;

/// <summary>What a summary run read: transactions used, transactions ignored because they fall after the window, and
/// customers with at least one purchase in the calibration period.</summary>
/// <param name="Transactions">Transactions read in all.</param>
/// <param name="IgnoredAfterEnd">Transactions dated after the window's last day, ignored.</param>
/// <param name="CustomersWithPurchases">Customers with at least one purchase in the calibration period.</param>
/// <remarks>Thread safety: immutable value type.</remarks>
public readonly record struct SummaryStatistics(int Transactions, int IgnoredAfterEnd, int CustomersWithPurchases);
