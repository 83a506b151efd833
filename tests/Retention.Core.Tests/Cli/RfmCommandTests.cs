using System.Globalization;
using Retention.Cli;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

public sealed class RfmCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string WriteFile(string name, string content) => _cli.WriteFile(name, content);

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Rfm_OnCdnow_WritesOneRowPerCustomer_MatchingTheLibrary()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var csv = "customer_id,date,amount\n" + string.Join("\n", transactions.Select(t =>
            FormattableString.Invariant($"{customers[t.Customer].Value},{t.Date:uuuu-MM-dd},{t.Amount}")));
        var input = WriteFile("cdnow.csv", csv);
        var outPath = Path.Combine(_cli.Folder, "scores.csv");

        var (code, _, error) = Run("rfm", "--input", input, "--as-of", "1997-09-30", "--out", outPath);
        Assert.Equal(0, code);
        Assert.Contains("scored 2357 customers as of 1997-09-30", error, StringComparison.Ordinal);

        var lines = File.ReadAllLines(outPath);
        Assert.Equal(RfmCommand.OutputHeader, lines[0]);
        Assert.Equal(2358, lines.Length);

        var summaries = new CustomerSummary[customers.Count];
        CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd), summaries);
        var scores = new RfmScore[customers.Count];
        RfmScoring.ScoreQuantiles(summaries.Select(s => RfmValues.FromSummary(s)).ToArray(), scores);
        for (var i = 0; i < customers.Count; i++)
        {
            var s = summaries[i];
            var expected = string.Create(CultureInfo.InvariantCulture,
                $"{customers[i].Value},{s.DaysSinceLastPurchase},{s.Orders},{s.NetSpend},{scores[i].Recency},{scores[i].Frequency},{scores[i].Monetary},{SegmentMap.Default.SegmentName(scores[i].Segment)}");
            Assert.Equal(expected, lines[i + 1]);
        }

        // Customer 1 (first row): orders on 1997-01-01, 01-18 and 08-02 before the as-of date; 59 days since 08-02.
        Assert.StartsWith("1,59,3,74.02,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Rfm_RenamedColumns_OrderLinesAndRefunds()
    {
        var input = WriteFile("orders.csv",
            "Client;Ref;When;Total\n".Replace(';', ',') +
            "b,o1,03/01/2026,10.00\n" +
            "b,o1,03/01/2026,5.50\n" +      // a second line of order o1
            "a,o2,05/01/2026,20\n" +
            "a,o3,07/01/2026,-4.25\n" +     // a refund
            "\"c,1\",o4,01/01/2026,1\n");   // a quoted id with a comma
        var (code, output, error) = Run("rfm", "--input", input, "--as-of", "2026-01-10",
            "--customer-column", "Client", "--order-column", "Ref", "--date-column", "When", "--amount-column", "Total", "--date-format", "dd/MM/uuuu");
        Assert.Equal(0, code);
        Assert.Empty(error);
        var lines = output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("a,5,1,15.75,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("b,7,1,15.50,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("\"c,1\",9,1,1,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Rfm_Json_HasTheCsvFieldsAndValues()
    {
        var input = WriteFile("orders.csv", "customer_id,date,amount\na,2026-01-05,10.50\nb,2026-01-07,3\na,2026-01-08,-0.50\n");
        var (code, csv, _) = Run("rfm", "--input", input, "--as-of", "2026-01-10");
        var (jsonCode, json, error) = Run("rfm", "--input", input, "--as-of", "2026-01-10", "--json");
        Assert.Equal(0, code);
        Assert.Equal(0, jsonCode);
        Assert.Empty(error);
        var root = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.Equal("2026-01-10", root.GetProperty("as_of").GetString());
        var customers = root.GetProperty("customers").EnumerateArray().ToArray();
        var lines = csv.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(lines.Length - 1, customers.Length);
        for (var i = 0; i < customers.Length; i++)
        {
            var fields = RfmCommand.OutputHeader.Split(',').Select(name => customers[i].GetProperty(name)).Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : v.GetRawText());
            Assert.Equal(lines[i + 1], string.Join(',', fields));
        }

        Assert.Equal(10m, customers[0].GetProperty("monetary").GetDecimal()); // 10.50 - 0.50
        Assert.Equal(5, customers[0].GetProperty("recency_days").GetInt32());
    }

    [Fact]
    public void Rfm_DefaultAsOf_IsTheLatestDate_AndDateTimesAreAccepted()
    {
        var input = WriteFile("orders.csv", "customer_id,date,amount\n1,2014-03-08 00:00:00,10\n2,2014-03-10 13:45:00,20\n");
        var (code, output, _) = Run("rfm", "--input", input);
        Assert.Equal(0, code);
        Assert.Contains("\n1,2,1,10,", output.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\n2,0,1,20,", output.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customer_id,date,amount\n1,2026-01-01,abc\n", "orders.csv:2: column 'amount' value \"abc\" is not a finite decimal amount.")]
    [InlineData("customer_id,date,amount\n1,2026-01-01,10\n2,01/02/2026,5\n", "orders.csv:3: column 'date' value \"01/02/2026\" is not a date in the format uuuu-MM-dd.")]
    [InlineData("customer_id,date,amount\n1,2026-01-01,NaN\n", "orders.csv:2: column 'amount' value \"NaN\" is not a finite decimal amount.")]
    [InlineData("customer_id,day,amount\n1,2026-01-01,1\n", "orders.csv:1: the header has no column 'date' (columns: customer_id, day, amount).")]
    [InlineData("customer_id,date,amount\n1,2026-01-01\n", "orders.csv:2: expected 3 fields as in the header, found 2.")]
    [InlineData("customer_id,date,amount\n,2026-01-01,1\n", "orders.csv:2: column 'customer_id' is empty.")]
    [InlineData("customer_id,order_id,date,amount\n1,o1,2026-01-01,1\n2,o1,2026-01-01,1\n", "order \"o1\" appears under two customers, \"1\" and \"2\".")]
    [InlineData("customer_id,date,amount\n\"1,2026-01-01,1\n", "orders.csv:2: a quoted field is not closed before the end of the file.")]
    public void Rfm_BadRows_ExitWith1_NamingLineAndValue(string content, string message)
    {
        var input = WriteFile("orders.csv", content);
        var (code, output, error) = Run("rfm", "--input", input, "--as-of", "2026-01-31");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("error: " + message, error.Trim());
    }

    [Fact]
    public void Rfm_MissingInput_IsBadUsage_AndMissingFile_IsBadData()
    {
        Assert.Equal(2, Run("rfm").Code);
        Assert.Equal(2, Run("rfm", "--input", "x.csv", "--as-of", "yesterday").Code);
        var (code, _, error) = Run("rfm", "--input", Path.Combine(_cli.Folder, "missing.csv"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: missing.csv: ", error, StringComparison.Ordinal);
    }
}
