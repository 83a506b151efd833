using System.Globalization;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>Reads the CLV reference datasets from <c>../shared/datasets</c> (never copied into the repository).</summary>
internal static class ClvData
{
    /// <summary>Hardie's 39-week CDNOW calibration summary: x, tₓ and T in weeks for 2,357 customers.</summary>
    internal static (double[] Frequency, double[] Recency, double[] Age) CdnowSummary()
    {
        var rows = ReadRows("datasets/cdnow_customers_summary.csv");
        return (Column(rows, 1), Column(rows, 2), Column(rows, 3));
    }

    /// <summary>The CDNOW summary with zbar: (x, zbar) for every customer, zeros included.</summary>
    internal static (double[] Frequency, double[] Zbar) CdnowSpend()
    {
        var rows = ReadRows("datasets/cdnow_customers_summary_with_transactions.csv");
        return (Column(rows, 1), Column(rows, 4));
    }

    /// <summary>The donations data: (frequency, recency, periods, weights), 22 rows.</summary>
    internal static (double[] Frequency, double[] Recency, double[] Periods, double[] Weights) Donations()
    {
        var rows = ReadRows("datasets/donations.csv");
        return (Column(rows, 0), Column(rows, 1), Column(rows, 2), Column(rows, 3));
    }

    /// <summary>The sBG survival table: (year, regular %, high-end %), years 0 to 12.</summary>
    internal static (double[] Year, double[] Regular, double[] HighEnd) SbgRetention()
    {
        var rows = ReadRows("datasets/sbg_retention_fader_hardie_2007.csv");
        return (Column(rows, 0), Column(rows, 1), Column(rows, 2));
    }

    private static string[][] ReadRows(string relativePath) =>
        File.ReadAllLines(SharedData.PathTo(relativePath))
            .Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(','))
            .ToArray();

    private static double[] Column(string[][] rows, int index) =>
        rows.Select(r => double.Parse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
}
