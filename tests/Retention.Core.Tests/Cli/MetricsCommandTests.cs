using System.Text.Json;
using NodaTime;
using Retention.Cli;
using Retention.Metrics;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

public sealed class MetricsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string WriteFile(string name, string content) => _cli.WriteFile(name, content);

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private const string Orders =
        "customer_id,date,amount\n" +
        "a,2025-12-01,50\n" +
        "a,2026-01-11,20\n" +
        "a,2026-02-10,40\n" +
        "b,2025-11-15,30\n" +
        "c,2026-03-01,15\n" +
        "c,2026-03-01,5\n" +
        "a,2026-02-15,-10\n";

    [Fact]
    public void Json_CarriesTheLibrarysNumbers_WithStableNames()
    {
        var input = WriteFile("orders.csv", Orders);
        var nps = WriteFile("nps.csv", "customer_id,date,score\na,2026-01-05,10\nb,2026-02-01,6\nc,2026-03-02,9\nc,2025-12-31,0\n");
        var (code, output, error) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-03-31", "--activity-days", "90", "--nps", nps, "--json");
        Assert.Equal(0, code);
        Assert.Empty(error);

        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var transactions = new[]
        {
            Transaction.Purchase(0, new LocalDate(2025, 12, 1), 50m), Transaction.Purchase(0, new LocalDate(2026, 1, 11), 20m),
            Transaction.Purchase(0, new LocalDate(2026, 2, 10), 40m), Transaction.Purchase(1, new LocalDate(2025, 11, 15), 30m),
            Transaction.Purchase(2, new LocalDate(2026, 3, 1), 15m), Transaction.Purchase(2, new LocalDate(2026, 3, 1), 5m),
            Transaction.Refund(0, new LocalDate(2026, 2, 15), 10m),
        };
        var m = RetentionMetrics.Compute(transactions, 3, new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31)), Period.FromDays(90));
        Assert.Equal(m.CustomerRetentionRate, root.GetProperty("customer_retention_rate").GetDouble());
        Assert.Equal(m.ChurnRate, root.GetProperty("churn_rate").GetDouble());
        Assert.Equal(m.RepeatPurchaseRate, root.GetProperty("repeat_purchase_rate").GetDouble());
        Assert.Equal(m.PurchaseFrequency, root.GetProperty("purchase_frequency").GetDouble());
        Assert.Equal(m.AverageOrderValue, root.GetProperty("average_order_value").GetDecimal());
        Assert.Equal(17.5m, m.AverageOrderValue); // (20 + 40 + 15 + 5 - 10) / 4

        // Three answers in the period (the 2025 one is outside): one promoter each for a and c, one detractor.
        var expected = Surveys.Nps([10, 6, 9])!;
        Assert.Equal(expected.Score, root.GetProperty("nps").GetDouble(), 10);
        Assert.Equal(expected.StandardError, root.GetProperty("nps_standard_error").GetDouble(), 10);
        Assert.Equal(3, root.GetProperty("nps_answers").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("csat").ValueKind);
    }

    [Fact]
    public void Json_WithoutStartingCustomersOrAnswers_HasNulls()
    {
        var input = WriteFile("orders.csv", "customer_id,date,amount\na,2026-01-11,20\n");
        var (code, output, _) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-01-31", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("customer_retention_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("churn_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("nps").ValueKind);
        Assert.Equal(20m, doc.RootElement.GetProperty("average_order_value").GetDecimal());
    }

    [Fact]
    public void Cohorts_ArePrintedAndExported()
    {
        var input = WriteFile("orders.csv", Orders);
        var (code, output, _) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-03-31", "--cohorts", "month");
        Assert.Equal(0, code);
        // b and a first bought in Nov and Dec 2025, c in March 2026; a bought again in January and February.
        Assert.Contains("2025-11          1  100 %    0 %    0 %    0 %    0 %", output, StringComparison.Ordinal);
        Assert.Contains("2025-12          1  100 %  100 %  100 %    0 %", output, StringComparison.Ordinal);
        Assert.Contains("2026-03          1  100 %", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-03-31", "--cohorts", "month", "--json");
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        var cohorts = doc.RootElement.GetProperty("cohorts");
        Assert.Equal(3, cohorts.GetArrayLength());
        Assert.Equal("2025-12", cohorts[1].GetProperty("cohort").GetString());
        Assert.Equal([1, 1, 1, 0], cohorts[1].GetProperty("active").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("customer_id,date,score\na,2026-01-05,10\nb,2026-01-06,11\n", "nps.csv:3: column 'score' value \"11\" is not a whole number from 0 to 10.")]
    [InlineData("customer_id,date,score\na,2026-01-05,great\n", "nps.csv:2: column 'score' value \"great\" is not a whole number from 0 to 10.")]
    [InlineData("customer_id,date,score\na,05/01/2026,7\n", "nps.csv:2: column 'date' value \"05/01/2026\" is not a date in the format uuuu-MM-dd.")]
    [InlineData("customer_id,when,score\n", "nps.csv:1: the header needs the columns date and score (columns: customer_id, when, score).")]
    public void BadAnswer_ExitsWith1_NamingLineAndValue(string answers, string message)
    {
        var input = WriteFile("orders.csv", Orders);
        var nps = WriteFile("nps.csv", answers);
        var (code, output, error) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-03-31", "--nps", nps);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("error: " + message, error.Trim());
    }

    [Fact]
    public void Text_PrintsTheRates_AndBadUsageExitsWith2()
    {
        var input = WriteFile("orders.csv", Orders);
        var csat = WriteFile("csat.csv", "customer_id,date,score\na,2026-01-05,5\nb,2026-01-06,2\n");
        var (code, output, _) = Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-03-31", "--activity-days", "90", "--csat", csat);
        Assert.Equal(0, code);
        Assert.Contains("customer retention rate (E-N)/S", output, StringComparison.Ordinal);
        Assert.Contains("50.0 % of 2", output, StringComparison.Ordinal);

        Assert.Equal(2, Run("metrics", "--input", input, "--from", "2026-03-01", "--to", "2026-01-01").Code);
        Assert.Equal(2, Run("metrics", "--input", input, "--from", "2026-01-01").Code);
        Assert.Equal(2, Run("metrics", "--input", input, "--from", "2026-01-01", "--to", "2026-01-31", "--activity-days", "0").Code);
    }
}
