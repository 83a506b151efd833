using Retention.Tests.Infrastructure;

namespace Retention.Tests.Fuzzing;

/// <summary>Deterministic reproductions of what <see cref="CliCsvFuzzProperties"/> found in the CLI.</summary>
public sealed class CliFuzzFindingsTests
{
    [Fact]
    public void Analyze_AnAmountWhosePointsOverflow_IsARefusedEvent_NotACrash()
    {
        // Found: the ledger's OverflowException escaped CliApp.Run.
        using var runner = new CliRunner();
        var input = runner.WriteFile("orders.csv", "customer_id,date,amount\nc1,2026-01-15,99999999999999999999999999\nc2,2026-01-16,10\n");

        var (code, output, error) = CliRunner.Run("analyze", "--input", input, "--holdout-weeks", "0", "--out", Path.Combine(runner.Folder, "report"), "--json");

        Assert.True(code == 0, error);
        Assert.Contains("\"events_refused\": 1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public void Analyze_ADateOutsideTheSupportedYears_IsABadRow_NotACrash(string date)
    {
        // Found: 9999-12-31 became the as-of date and the end of its day overflowed NodaTime's calendar.
        using var runner = new CliRunner();
        var input = runner.WriteFile("orders.csv", $"customer_id,date,amount\nc1,2026-01-15,10\nc1,{date},5\n");

        var (code, output, error) = CliRunner.Run("analyze", "--input", input, "--holdout-weeks", "0", "--out", Path.Combine(runner.Folder, "report"));

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"orders.csv:3: column 'date' value \"{date}\" is outside the years 1900 to 8999.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfm_OrderLinesThatAddUpBeyondDecimal_AreBadData_NotACrash()
    {
        using var runner = new CliRunner();
        var input = runner.WriteFile("orders.csv", "customer_id,order_id,date,amount\nc1,o1,2026-01-15,79228162514264337593543950335\nc1,o1,2026-01-15,1\n");

        var (code, output, error) = CliRunner.Run("rfm", "--input", input);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("order \"o1\": its amounts add up to more than a decimal holds.", error, StringComparison.Ordinal);
    }
}
