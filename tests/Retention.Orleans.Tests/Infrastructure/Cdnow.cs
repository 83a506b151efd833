using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Retention.Rfm;

namespace Retention.Orleans.Tests.Infrastructure;

/// <summary>Reads the CDNOW sample from <c>../shared/datasets</c> (never copied into the repository); the same reading as
/// the core tests' loader.</summary>
internal static class Cdnow
{
    internal static readonly LocalDate CalibrationEnd = new(1997, 9, 30);

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    /// <summary>The sample's transactions (customer index from <see cref="CustomerIndex"/>) and the customer index.</summary>
    internal static (Transaction[] Transactions, CustomerIndex Customers) LoadSample()
    {
        var path = SharedData.PathTo("datasets/CDNOW_sample.txt");
        var rows = File.ReadAllLines(path)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var customers = CustomerIndex.Create(rows.Select(r => new CustomerId(r[1].TrimStart('0'))));
        var transactions = rows
            .Select(r => Transaction.Purchase(
                customers.IndexOf(new CustomerId(r[1].TrimStart('0'))),
                DatePattern.Parse(r[2]).Value,
                decimal.Parse(r[4], NumberStyles.Number, CultureInfo.InvariantCulture)))
            .ToArray();
        return (transactions, customers);
    }
}
