using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Hostile CSV files through the real CLI in-process: the exit code is 0 (output written), 1 (bad data, with an
/// <c>error:</c> line; bad rows with their file and line) or 2 (bad usage), as docs/cli.md promises; never an exception
/// escaping <c>CliApp.Run</c> (which the real program would turn into a crash).
/// </summary>
public sealed class CliCsvFuzzProperties
{
    private static readonly string[] Customers = ["c1", "c2", "c3", "c4", "", " ", "\"c1\"", "\"c,1\"", "\"unclosed", "c\"x", "é"];
    private static readonly string[] OrderIds = ["o1", "o2", "o3", "o1", "", "\"o,2\""];
    private static readonly string[] Dates =
    [
        "2026-01-15", "2026-02-01", "2026-03-08", "2026-11-01", "2025-12-31", "2024-02-29", "2026-02-29", "2026-13-01", "9999-12-31",
        "0001-01-01", "", "2026-1-5", "20260115", "2026-01-15T00:00", "1900-01-01",
    ];

    private static readonly string[] Amounts =
    [
        "10.50", "25", "-5", "0", "-0", "NaN", "1e400", "Infinity", "-Infinity", "79228162514264337593543950336", "7.9e28", "",
        "\"1,5\"", "\"1,000.00\"", "0.000000000000000000000000001", "99999999999999999999999999", "1e5", " 12", "12 ",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "2", "3.5", "10", "30", "38.86", "-1", "NaN", "Infinity", "1e400", "1e308", "-0", "", "abc", "1e-320",
        "9007199254740993", "79228162514264337593543950336", "0.5",
    ];

    public sealed record CsvCase(string Command, string Text)
    {
        public override string ToString() => Command + "\n" + Text;
    }

    public static Arbitrary<CsvCase> Cases() =>
        Gen.OneOf(OrderCsv.Select(t => new CsvCase("rfm", t)), OrderCsv.Select(t => new CsvCase("rfm-skip", t)), SummaryCsv).ToArbitrary();

    private static Gen<string> OrderCsv { get; } =
        from header in Gen.Elements("customer_id,order_id,date,amount", "customer_id,date,amount", "amount,date,customer_id,order_id", "customer_id,order_id,date", "\"customer_id\",order_id,date,amount")
        from rows in Gen.ArrayOf(
            from c in Gen.Elements(Customers)
            from o in Gen.Elements(OrderIds)
            from d in Gen.Elements(Dates)
            from a in Gen.Elements(Amounts)
            from extra in Gen.Frequency((9, Gen.Constant(string.Empty)), (1, Gen.Elements(",", ",x", "\"", ",,,,")))
            select Row(header, c, o, d, a) + extra)
        from layout in Layout
        select layout(header, rows);

    private static Gen<CsvCase> SummaryCsv { get; } =
        from model in Gen.Elements("bgnbd", "paretonbd", "gammagamma", "mbgnbd", "bgbb")
        let header = model switch { "gammagamma" => "frequency,monetary_value", "bgbb" => "frequency,recency,periods", _ => "frequency,recency,T" }
        from weights in ArbMap.Default.GeneratorFor<bool>()
        from rows in Gen.ArrayOf(
            from a in Gen.Frequency((4, Gen.Elements("0", "1", "2", "5")), (1, Gen.Elements(Numbers)))
            from b in Gen.Frequency((4, Gen.Elements("0", "10.5", "20", "30")), (1, Gen.Elements(Numbers)))
            from c in Gen.Frequency((4, Gen.Elements("30", "38.86", "40")), (1, Gen.Elements(Numbers)))
            from w in Gen.Frequency((4, Gen.Constant("1")), (1, Gen.Elements(Numbers)))
            select model == "gammagamma" ? a + "," + b + (weights ? "," + w : string.Empty) : a + "," + b + "," + c + (weights ? "," + w : string.Empty))
        from layout in Layout
        select new CsvCase("clv fit " + model, layout(header + (weights ? ",weights" : string.Empty), rows));

    /// <summary>Line endings, a byte order mark, blank lines.</summary>
    private static Gen<Func<string, string[], string>> Layout { get; } =
        from newline in Gen.Elements("\n", "\r\n", "\r")
        from bom in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from blank in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (Func<string, string[], string>)((header, rows) =>
            (bom ? "\uFEFF" : string.Empty) + header + newline + string.Join(newline, blank ? [.. rows, string.Empty, string.Empty] : rows) + newline);

    private static string Row(string header, string customer, string order, string date, string amount) => header switch
    {
        "customer_id,date,amount" => $"{customer},{date},{amount}",
        "amount,date,customer_id,order_id" => $"{amount},{date},{customer},{order}",
        "customer_id,order_id,date" => $"{customer},{order},{date}",
        _ => $"{customer},{order},{date},{amount}",
    };

    [Property(Arbitrary = [typeof(CliCsvFuzzProperties)], MaxTest = 150)]
    public void HostileCsv_GivesADocumentedExitCode(CsvCase csv)
    {
        using var runner = new CliRunner();
        var input = runner.WriteFile("input.csv", csv.Text);
        string[] args = csv.Command switch
        {
            "rfm" => ["rfm", "--input", input, "--json"],
            "rfm-skip" => ["rfm", "--input", input, "--as-of", "2026-06-30"],
            var fit => [.. fit.Split(' ', 2)[0..1], "fit", "--model", fit.Split(' ')[2], "--input", input, "--json"],
        };

        var (code, output, error) = CliRunner.Run(args);

        Assert.True(code is 0 or 1 or 2, $"exit code {code}: {error}");
        if (code == 0)
        {
            Assert.False(string.IsNullOrWhiteSpace(output));
        }
        else
        {
            Assert.Contains("error: ", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }

        if (error.Contains("bad rows", StringComparison.Ordinal))
        {
            // Each bad row is reported with its file and line number.
            Assert.Matches(@"input\.csv:\d+: ", error);
        }
    }

    [Property(Arbitrary = [typeof(CliCsvFuzzProperties)], MaxTest = 25)]
    public void HostileOrdersCsv_ThroughAnalyzeWithSkipBadRows_GivesADocumentedExitCode(CsvCase csv)
    {
        if (csv.Command.StartsWith("clv", StringComparison.Ordinal))
        {
            return;
        }

        using var runner = new CliRunner();
        var input = runner.WriteFile("input.csv", csv.Text);

        var (code, output, error) = CliRunner.Run("analyze", "--input", input, "--skip-bad-rows", "--holdout-weeks", "0", "--out", Path.Combine(runner.Folder, "report"), "--json");

        Assert.True(code is 0 or 1 or 2, $"exit code {code}: {error}");
        Assert.True(code == 0 || error.Contains("error: ", StringComparison.Ordinal), error);
        Assert.True(code != 0 || output.Length > 0, error);
        _ = Encoding.UTF8;
    }
}
