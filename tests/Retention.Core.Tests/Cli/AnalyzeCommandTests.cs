using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using Retention.Cli;
using Retention.Loyalty;
using Retention.Rfm;
using Retention.Serialization;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

public sealed class AnalyzeCommandTests : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Orders =
        "customer_id,date,amount\n" +
        "a,2026-01-05,10.00\n" +
        "b,2026-01-20,7.99\n" +
        "a,2026-02-10,20.50\n" +
        "a,2026-02-12,-5\n" +          // a refund
        "c,2026-03-01,12.25\n";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string WriteFile(string name, string content) => _cli.WriteFile(name, content);

    private string Folder(string name) => Path.Combine(_cli.Folder, name);

    private static long Long(JsonElement e, string name) => e.GetProperty(name).GetInt64();

    private (int Code, JsonElement Json, string Error) RunJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run([.. args, "--json"]);
        return (code, code == 0 ? JsonDocument.Parse(output).RootElement : default, error);
    }

    [Fact]
    public void Analyze_SmallFile_RevenueMonthsAndSegments_AreExact()
    {
        var input = WriteFile("orders.csv", Orders);
        var (code, json, _) = RunJson("analyze", "--input", input, "--out", Folder("out"));
        Assert.Equal(0, code);
        Assert.Equal("analyze", json.GetProperty("command").GetString());
        Assert.Equal("2026-03-01", json.GetProperty("as_of").GetString());
        var revenue = json.GetProperty("revenue");
        Assert.Equal(3, Long(revenue, "customers"));
        Assert.Equal(3, Long(revenue, "customers_who_ordered"));
        Assert.Equal(4, Long(revenue, "orders"));
        Assert.Equal(1, Long(revenue, "refunds"));
        Assert.Equal(50.74m, revenue.GetProperty("gross_sales").GetDecimal());
        Assert.Equal(5m, revenue.GetProperty("refunded").GetDecimal());
        Assert.Equal(45.74m, revenue.GetProperty("net_sales").GetDecimal());
        Assert.Equal(12.68m, revenue.GetProperty("average_order_value").GetDecimal()); // 50.74 / 4 = 12.685, to even

        var months = json.GetProperty("orders_per_month").EnumerateArray().Select(m => (m.GetProperty("month").GetString(), Long(m, "orders"))).ToArray();
        Assert.Equal([("2026-01", 2L), ("2026-02", 1L), ("2026-03", 1L)], months);
        Assert.Equal(3, json.GetProperty("rfm_segments").EnumerateArray().Sum(s => Long(s, "customers")));

        // customers.csv: a's net spend is 10.00 + 20.50 - 5 over 2 orders, 19 days before the as-of date.
        var customers = File.ReadAllLines(Path.Combine(Folder("out"), "customers.csv"));
        Assert.Equal(4, customers.Length);
        Assert.StartsWith("a,2026-01-05,2026-02-10,2,25.50,", customers[1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder("out"), "report.html")));
    }

    [Fact]
    public void Analyze_RetentionMetrics_AreTheMetricsCommandsForTheYearToTheAsOfDate()
    {
        var input = WriteFile("orders.csv", Orders + "a,2025-06-01,3\nb,2025-03-01,4\nd,2025-02-01,9\n");
        var (code, json, _) = RunJson("analyze", "--input", input, "--out", Folder("out"));
        Assert.Equal(0, code);
        var (metricsCode, metricsOutput, _) = CliRunner.Run("metrics", "--input", input, "--from", "2025-03-02", "--to", "2026-03-01", "--activity-days", "180", "--json");
        Assert.Equal(0, metricsCode);
        var metrics = JsonDocument.Parse(metricsOutput).RootElement;
        var analyzed = json.GetProperty("retention_metrics");
        Assert.Equal("2025-03-02", analyzed.GetProperty("from").GetString());
        foreach (var field in analyzed.EnumerateObject())
        {
            Assert.True(JsonElement.DeepEquals(metrics.GetProperty(field.Name), field.Value), field.Name);
        }

        // Active at the start (a purchase in the 180 days up to 2025-03-02): b and d; at the end: a, b and c; new in the
        // period: a and c. (E - N) / S = (3 - 2) / 2.
        Assert.Equal(2, Long(analyzed, "customers_at_start"));
        Assert.Equal(50d, analyzed.GetProperty("customer_retention_rate").GetDouble(), 12);
    }

    [Fact]
    public void Analyze_AsOf_LeavesLaterRowsOut()
    {
        var input = WriteFile("orders.csv", Orders);
        var (code, json, _) = RunJson("analyze", "--input", input, "--as-of", "2026-01-31", "--out", Folder("out"));
        Assert.Equal(0, code);
        Assert.Equal(2, Long(json.GetProperty("revenue"), "orders"));
        Assert.Equal(17.99m, json.GetProperty("revenue").GetProperty("gross_sales").GetDecimal());
        Assert.Equal(2, json.GetProperty("rfm_segments").EnumerateArray().Sum(s => Long(s, "customers")));
    }

    [Fact]
    public void Analyze_CustomersAndNpsFiles_CountCustomersWithoutOrders_AndScoreTheAnswers()
    {
        var input = WriteFile("orders.csv", Orders);
        var customers = WriteFile("customers.csv", "customer_id,email\na,a@x\nb,b@x\nc,c@x\nd,d@x\ne,e@x\n");
        var nps = WriteFile("nps.csv", "customer_id,date,score\na,2026-01-10,10\nb,2026-02-01,9\nc,2026-02-02,8\nd,2026-02-03,3\ne,2026-05-01,0\n");
        var (code, json, _) = RunJson("analyze", "--input", input, "--customers", customers, "--nps", nps, "--out", Folder("out"));
        Assert.Equal(0, code);
        Assert.Equal(5, Long(json.GetProperty("revenue"), "customers"));
        Assert.Equal(3, Long(json.GetProperty("revenue"), "customers_who_ordered"));
        var score = json.GetProperty("nps");
        Assert.Equal(4, Long(score, "answers")); // the answer after the as-of date does not count
        Assert.Equal(2, Long(score, "promoters"));
        Assert.Equal(1, Long(score, "passives"));
        Assert.Equal(1, Long(score, "detractors"));
        Assert.Equal(25d, score.GetProperty("nps").GetDouble(), 12); // 50% promoters - 25% detractors
    }

    [Fact]
    public void Analyze_OffersFile_ChoosesFromThatCatalog_AndBadCatalogsAreBadData()
    {
        // A catalog whose only offer is open to every customer (no rule, e-mail consent assumed): every sampled
        // customer gets it, with a positive expected value; a catalog that does not read is bad data (exit code 1).
        var catalog = Retention.Offers.OfferCatalog.CreateBuilder(Currency.Usd)
            .Add(new Retention.Offers.Offer("thanks", Retention.Offers.OfferKind.FreeShipping, Channel.Email) { Margin = new Money(20m, Currency.Usd) })
            .Build();
        var input = WriteFile("orders.csv", Orders);
        var offers = WriteFile("offers.json", Retention.Serialization.OfferCatalogJson.Write(catalog));

        var (code, json, _) = RunJson("analyze", "--input", input, "--offers", offers, "--out", Folder("out"));

        Assert.Equal(0, code);
        var rows = json.GetProperty("next_best_offers").EnumerateArray().ToArray();
        Assert.Equal(Long(json.GetProperty("revenue"), "customers_who_ordered"), rows.Length);
        Assert.All(rows, r => Assert.Equal("thanks", r.GetProperty("offer").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("expected_value").GetDouble() > 0));

        var broken = WriteFile("broken.json", "{\"currency\": \"USD\", \"offers\": [{\"id\": 5}]}");
        var (badCode, _, error) = CliRunner.Run("analyze", "--input", input, "--offers", broken, "--out", Folder("bad"));
        Assert.Equal(1, badCode);
        Assert.Contains("broken.json: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ProgramFile_EarnsUnderThatProgram()
    {
        var program = PointsProgram.CreateBuilder("Double", Currency.Usd, DateTimeZone.Utc).EarnPerUnit(2m).Build();
        var programFile = WriteFile("program.json", PointsProgramJson.Write(program));
        var input = WriteFile("orders.csv", Orders);
        var (code, json, _) = RunJson("analyze", "--input", input, "--program", programFile, "--out", Folder("out"));
        Assert.Equal(0, code);
        var points = json.GetProperty("loyalty_points");
        Assert.Equal(20 + 15 + 41 + 24, Long(points, "points_earned")); // 2 per dollar, rounded down per order
        Assert.True(Long(points, "points_reversed") > 0); // the refund of 5 goes against a's order of 20.50
        Assert.Equal(
            Long(points, "points_earned"),
            Long(points, "points_redeemed") + Long(points, "points_reversed") + Long(points, "points_expired") + Long(points, "points_available") + Long(points, "points_pending"));
        Assert.Equal(0, Long(points, "rewards_redeemed"));
        Assert.False(json.TryGetProperty("loyalty_tiers", out _)); // this program has no tiers
    }

    [Fact]
    public void Analyze_BadRows_ExitWith1_ListingEveryLine()
    {
        var input = WriteFile("orders.csv", "customer_id,date,amount\na,2026-01-05,10\nb,2026-13-01,5\nc,2026-01-07,7\nd,2026-01-08,lots\n");
        var (code, output, error) = CliRunner.Run("analyze", "--input", input, "--out", Folder("out"));
        Assert.Equal(1, code);
        Assert.Empty(output);
        var lines = error.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
            [
                "error: orders.csv:3: column 'date' value \"2026-13-01\" is not a date in the format uuuu-MM-dd.",
                "error: orders.csv:5: column 'amount' value \"lots\" is not a finite decimal amount.",
                "error: orders.csv: 2 bad rows; fix them or pass --skip-bad-rows to go on without them.",
            ],
            lines);
        Assert.False(Directory.Exists(Folder("out")));
    }

    [Fact]
    public void Analyze_SkipBadRows_GoesOnWithTheGoodOnes_AndCountsTheBadOnes()
    {
        var input = WriteFile("orders.csv", "customer_id,date,amount\na,2026-01-05,10\nb,2026-13-01,5\nc,2026-01-07,7\nd,2026-01-08,lots\n");
        var (code, json, error) = RunJson("analyze", "--input", input, "--skip-bad-rows", "--out", Folder("out"));
        Assert.Equal(0, code);
        Assert.Contains("skipped: orders.csv:3: column 'date'", error, StringComparison.Ordinal);
        Assert.Contains("skipped: orders.csv:5: column 'amount'", error, StringComparison.Ordinal);
        Assert.Contains("warning: skipped 2 bad rows of orders.csv (--skip-bad-rows)", error, StringComparison.Ordinal);
        Assert.Equal("skipped 2 bad rows of orders.csv (--skip-bad-rows)", json.GetProperty("warnings")[0].GetString());
        Assert.Equal(2, Long(json.GetProperty("revenue"), "orders"));
        Assert.Equal(17m, json.GetProperty("revenue").GetProperty("gross_sales").GetDecimal());
    }

    [Theory]
    [InlineData("customer_id,day,amount\na,2026-01-01,1\n", "error: orders.csv:1: the header has no column 'date' (columns: customer_id, day, amount).")]
    [InlineData("", "error: orders.csv: the file is empty; expected a header line.")]
    [InlineData("customer_id,date,amount\n", "error: orders.csv: no orders to analyse.")]
    public void Analyze_UnusableFile_ExitsWith1(string content, string message)
    {
        var input = WriteFile("orders.csv", content);
        var (code, output, error) = CliRunner.Run("analyze", "--input", input, "--out", Folder("out"));
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal(message, error.Trim());
    }

    [Fact]
    public void Analyze_MissingFileOrBadProgram_ExitsWith1()
    {
        var (code, _, error) = CliRunner.Run("analyze", "--input", Path.Combine(_cli.Folder, "missing.csv"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: missing.csv: ", error, StringComparison.Ordinal);

        var input = WriteFile("orders.csv", Orders);
        var program = WriteFile("program.json", "{ \"name\": ");
        (code, _, error) = CliRunner.Run("analyze", "--input", input, "--program", program, "--out", Folder("out"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: program.json: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_OnTheDemoStoresExport_GivesTheDemosResults()
    {
        // The demo store written out as the CSV files a user would have: the analysis must agree with the demo's.
        var store = DemoStore.Generate(1000, 2);
        var customers = CustomerIndex.Create(store.Profiles.Select(p => p.Id));
        var transactions = TransactionConverter.FromOrders(store.Orders, store.Refunds, customers, store.TimeZone, store.Currency);
        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var t in transactions)
        {
            csv.Append(customers[t.Customer].Value).Append(',').Append(t.Date.ToString("uuuu-MM-dd", Inv)).Append(',')
                .Append((t.Kind == TransactionKind.Refund ? -t.Amount : t.Amount).ToString(Inv)).Append('\n');
        }

        var input = WriteFile("orders.csv", csv.ToString());
        var profiles = WriteFile("customers.csv", "customer_id\n" + string.Join("\n", store.Profiles.Select(p => p.Id.Value)) + "\n");
        var nps = WriteFile("nps.csv", "customer_id,date,score\n" + string.Join("\n", store.NpsAnswers.Select(a => FormattableString.Invariant($"{a.Customer.Value},{a.Date:uuuu-MM-dd},{a.Score}"))) + "\n");

        var (code, analyzed, error) = RunJson("analyze", "--input", input, "--customers", profiles, "--nps", nps, "--as-of", "2026-10-31", "--out", Folder("a"));
        Assert.Equal(0, code);
        Assert.Empty(error);
        var (demoCode, demo, _) = RunJson("demo", "--customers", "1000", "--seed", "2", "--out", Folder("d"));
        Assert.Equal(0, demoCode);
        foreach (var section in new[] { "rfm_segments", "retention_metrics", "nps", "cohort_retention", "clv_models", "clv_summary", "top_customers_by_clv", "churn_summary", "churn_risk", "holdout_summary", "holdout_by_frequency" })
        {
            Assert.True(JsonElement.DeepEquals(demo.GetProperty(section), analyzed.GetProperty(section)), section);
        }

        Assert.Equal(demo.GetProperty("revenue").GetProperty("customers_who_ordered").GetInt64(), analyzed.GetProperty("revenue").GetProperty("customers_who_ordered").GetInt64());
    }

    [Fact]
    public void Analyze_OnTheFullCdnowFile_ConvertedToCsv()
    {
        var path = SharedData.PathTo("datasets/CDNOW_master.txt");
        var rows = File.ReadLines(path).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 4)
            .ToArray();
        var csv = new StringBuilder("customer_id,date,amount\n");
        foreach (var f in rows)
        {
            csv.Append(f[0]).Append(',').Append(f[1], 0, 4).Append('-').Append(f[1], 4, 2).Append('-').Append(f[1], 6, 2).Append(',').Append(f[3]).Append('\n');
        }

        var input = WriteFile("cdnow.csv", csv.ToString());
        var clock = Stopwatch.StartNew();
        var (code, json, _) = RunJson("analyze", "--input", input, "--out", Folder("cdnow"));
        var elapsed = clock.Elapsed;
        Assert.Equal(0, code);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "retention-cdnow-analyze-seconds.txt"), elapsed.TotalSeconds.ToString("F2", Inv));

        Assert.Equal(69_659, rows.Length);
        Assert.Equal("1998-06-30", json.GetProperty("as_of").GetString());
        var revenue = json.GetProperty("revenue");
        Assert.Equal(23_570, Long(revenue, "customers"));
        Assert.Equal(69_659, Long(revenue, "orders"));
        Assert.Equal(rows.Sum(f => decimal.Parse(f[3], Inv)), revenue.GetProperty("gross_sales").GetDecimal());
        Assert.Equal(18, json.GetProperty("orders_per_month").GetArrayLength());
        Assert.Equal(23_570, json.GetProperty("rfm_segments").EnumerateArray().Sum(s => Long(s, "customers")));

        // Everyone's first purchase is in the first quarter of 1997, so every customer is in the holdout comparison.
        var holdout = json.GetProperty("holdout_summary");
        Assert.Equal("1997-12-30", holdout.GetProperty("calibration_end").GetString());
        Assert.Equal(23_570, Long(holdout, "customers"));
        var predicted = holdout.GetProperty("predicted_purchases").GetDouble();
        var actual = holdout.GetProperty("actual_purchases").GetDouble();
        Assert.InRange(predicted / actual, 0.8, 1.2);

        var bgnbd = json.GetProperty("clv_models").EnumerateArray().Where(p => p.GetProperty("model").GetString() == "bgnbd").ToDictionary(p => p.GetProperty("parameter").GetString()!, p => p.GetProperty("estimate").GetDouble());
        Assert.InRange(bgnbd["r"], 0.1, 1);
        Assert.Equal(20, json.GetProperty("top_customers_by_clv").GetArrayLength());
        Assert.Equal(23_571, File.ReadAllLines(Path.Combine(Folder("cdnow"), "customers.csv")).Length);
        Assert.True(File.Exists(Path.Combine(Folder("cdnow"), "cohort_retention.png")));
    }
}
