using System.Globalization;
using System.Text.Json;
using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

/// <summary>The <c>retention clv</c> command, run in-process, against the published estimates and its usage contract.</summary>
public sealed class ClvCommandTests : IDisposable
{
    private const string PublishedBgNbd = "r=0.243 alpha=4.414 a=0.793 b=2.426";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    private static double Param(JsonElement json, string name) => json.GetProperty("parameters").GetProperty(name).GetDouble();

    [Fact]
    public void Fit_BgNbd_OnCdnow_ReproducesThePublishedEstimates_IgnoringTheIdColumn()
    {
        // The CSV's header is ID,frequency,recency,T: columns are found by name and the others ignored.
        var input = SharedData.PathTo("datasets/cdnow_customers_summary.csv");

        var (code, output, error) = Run("clv", "fit", "--model", "bgnbd", "--input", input, "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var json = Json(output);
        Assert.Equal(["model", "parameters", "log_likelihood", "converged", "iterations"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bgnbd", json.GetProperty("model").GetString());
        Assert.Equal(["r", "alpha", "a", "b"], json.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.243, Param(json, "r"), 3);
        Assert.Equal(4.414, Param(json, "alpha"), 3);
        Assert.Equal(0.793, Param(json, "a"), 3);
        Assert.Equal(2.426, Param(json, "b"), 3);
        Assert.Equal(-9582.4, json.GetProperty("log_likelihood").GetDouble(), 1);
        Assert.True(json.GetProperty("converged").GetBoolean());
        Assert.True(json.GetProperty("iterations").GetInt32() > 0);

        // Full precision: the JSON numbers are the library's doubles exactly.
        var (x, tx, age) = ReadCdnow(input);
        var fit = BgNbdModel.Fit(x, tx, age);
        Assert.Equal(fit["r"], Param(json, "r"));
        Assert.Equal(fit.LogLikelihood, json.GetProperty("log_likelihood").GetDouble());
        Assert.Equal(fit.Iterations, json.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void Fit_BgNbd_Text_ShowsParametersWithStandardErrors()
    {
        var input = SharedData.PathTo("datasets/cdnow_customers_summary.csv");

        var (code, output, error) = Run("clv", "fit", "--model", "bgnbd", "--input", input);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("bgnbd fit on 2,357 customers", lines[0]);
        Assert.Contains("std. error", lines[1], StringComparison.Ordinal);
        var r = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("r", r[0]);
        Assert.Equal(0.243, double.Parse(r[1], CultureInfo.InvariantCulture), 3);
        Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0.001, 0.1);
        Assert.Contains(lines, l => l.StartsWith("  log-likelihood", StringComparison.Ordinal) && l.EndsWith("-9582.4256", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  converged", StringComparison.Ordinal) && l.EndsWith("yes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mbgnbd", "r", 0.525, "alpha", 6.183)]
    [InlineData("paretonbd", "r", 0.553, "s", 0.606)]
    public void Fit_OtherPurchaseModels_OnCdnow_ReproduceThePublishedEstimates(string model, string first, double firstValue, string second, double secondValue)
    {
        var input = SharedData.PathTo("datasets/cdnow_customers_summary.csv");

        var (code, output, _) = Run("clv", "fit", "--model", model, "--input", input, "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(model, json.GetProperty("model").GetString());
        Assert.Equal(firstValue, Param(json, first), 3);
        Assert.Equal(secondValue, Param(json, second), 3);
        Assert.True(json.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Fit_GammaGamma_IgnoresFrequencyZero_AndMatchesTheLibrary()
    {
        var input = _cli.WriteFile("spend.csv",
            "customer,frequency,monetary_value\n" +
            "a,0,0\n" +            // no repeat purchases: ignored, though its spend is 0
            "b,1,20.5\n" +
            "c,2,35\n" +
            "d,4,18.25\n" +
            "e,1,60\n" +
            "f,3,27.1\n" +
            "g,0,0\n" +
            "h,6,22\n" +
            "i,2,41.9\n" +
            "j,1,12\n");
        double[] x = [1, 2, 4, 1, 3, 6, 2, 1];
        double[] z = [20.5, 35, 18.25, 60, 27.1, 22, 41.9, 12];
        var expected = GammaGammaModel.Fit(x, z);

        var (code, output, error) = Run("clv", "fit", "--model", "gammagamma", "--input", input, "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(["p", "q", "v"], json.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected["p"], Param(json, "p"));
        Assert.Equal(expected["q"], Param(json, "q"));
        Assert.Equal(expected["v"], Param(json, "v"));
        Assert.Equal(expected.LogLikelihood, json.GetProperty("log_likelihood").GetDouble());
        Assert.Equal(expected.Converged, json.GetProperty("converged").GetBoolean());
        Assert.Equal(expected.Converged, error.Length == 0);
    }

    [Fact]
    public void Fit_GammaGamma_WithWeights_CountsRows()
    {
        var input = _cli.WriteFile("spend.csv", "frequency,monetary_value,weights\n1,20,2\n2,35,1\n3,27,3\n1,60,1\n");
        var expected = GammaGammaModel.Fit([1, 2, 3, 1], [20, 35, 27, 60], [2, 1, 3, 1]);

        var (code, output, _) = Run("clv", "fit", "--model", "gammagamma", "--input", input, "--json");

        Assert.Equal(0, code);
        Assert.Equal(expected["p"], Param(Json(output), "p"));
    }

    [Fact]
    public void Fit_BgBb_OnTheWeightedDonations_ReproducesThePublishedEstimates()
    {
        var input = SharedData.PathTo("datasets/donations.csv");

        var (code, output, _) = Run("clv", "fit", "--model", "bgbb", "--input", input, "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(["alpha", "beta", "gamma", "delta"], json.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.204, Param(json, "alpha"), 3);
        Assert.Equal(0.750, Param(json, "beta"), 3);
        Assert.Equal(0.657, Param(json, "gamma"), 3);
        Assert.Equal(2.783, Param(json, "delta"), 3);
        Assert.Equal(-33225.58, json.GetProperty("log_likelihood").GetDouble(), 2);
        Assert.True(json.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Fit_Sbg_OnTheRegularCohortAsCounts_ReproducesThePublishedEstimates()
    {
        // Fader and Hardie (2007), regular cohort, years 0-7: percentages surviving turned into counts of 1000 customers.
        var rows = File.ReadAllLines(SharedData.PathTo("datasets/sbg_retention_fader_hardie_2007.csv"))
            .Skip(1)
            .Select(l => l.Split(','))
            .Take(8)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f[0]},{Math.Round(10 * double.Parse(f[1], CultureInfo.InvariantCulture))}"));
        var input = _cli.WriteFile("cohort.csv", "period,alive\n" + string.Join("\n", rows) + "\n");

        var (code, output, _) = Run("clv", "fit", "--model", "sbg", "--input", input, "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(["alpha", "beta"], json.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.704, Param(json, "alpha"), 3);
        Assert.Equal(1.182, Param(json, "beta"), 3);
        Assert.True(json.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Predict_BgNbd_WithThePublishedParameters_GivesThePaperValue()
    {
        var args = new[] { "clv", "predict", "--model", "bgnbd", "--param" }
            .Concat(PublishedBgNbd.Split(' '))
            .Concat(["--frequency", "2", "--recency", "30.43", "--T", "38.86", "--horizon", "39", "--json"])
            .ToArray();

        var (code, output, error) = Run(args);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var json = Json(output);
        Assert.Equal(["expected_purchases", "probability_alive"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.226, json.GetProperty("expected_purchases").GetDouble(), 3);
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(model.ExpectedPurchases(39, 2, 30.43, 38.86), json.GetProperty("expected_purchases").GetDouble());
        Assert.Equal(model.ProbabilityAlive(2, 30.43, 38.86), json.GetProperty("probability_alive").GetDouble());
    }

    [Fact]
    public void Predict_RepeatedParamOptions_AndTextOutput()
    {
        var (code, output, _) = Run("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "--param", "alpha=4.414", "--param", "a=0.793", "--param", "b=2.426",
            "--frequency", "2", "--recency", "30.43", "--T", "38.86", "--horizon", "39");

        Assert.Equal(0, code);
        Assert.Contains("expected purchases", output, StringComparison.Ordinal);
        Assert.Contains("1.22602817", output, StringComparison.Ordinal);
        Assert.Contains("probability alive", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NewCustomer_IsTheUnconditionalExpectation()
    {
        var (code, output, _) = Run("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "b=2.426",
            "--frequency", "0", "--recency", "0", "--T", "0", "--horizon", "39", "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(new BgNbdModel(0.243, 4.414, 0.793, 2.426).ExpectedPurchasesNewCustomer(39), json.GetProperty("expected_purchases").GetDouble());
        Assert.Equal(1d, json.GetProperty("probability_alive").GetDouble());
    }

    [Fact]
    public void Predict_BgBb_TakesPeriods()
    {
        var (code, output, _) = Run("clv", "predict", "--model", "bgbb", "--param", "alpha=1.204", "beta=0.750", "gamma=0.657", "delta=2.783",
            "--frequency", "3", "--recency", "5", "--periods", "6", "--horizon", "5", "--json");

        Assert.Equal(0, code);
        var model = new BgBbModel(1.204, 0.750, 0.657, 2.783);
        var json = Json(output);
        Assert.Equal(model.ExpectedPurchases(5, 3, 5, 6), json.GetProperty("expected_purchases").GetDouble());
        Assert.Equal(model.ProbabilityAlive(3, 5, 6), json.GetProperty("probability_alive").GetDouble());
    }

    [Fact]
    public void Predict_GammaGamma_GivesExpectedAverageSpend()
    {
        var (code, output, _) = Run("clv", "predict", "--model", "gammagamma", "--param", "p=6.25", "q=3.74", "v=15.44",
            "--frequency", "2", "--monetary-value", "22.35", "--json");

        Assert.Equal(0, code);
        var json = Json(output);
        Assert.Equal(["expected_average_spend"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new GammaGammaModel(6.25, 3.74, 15.44).ExpectedAverageSpend(2, 22.35), json.GetProperty("expected_average_spend").GetDouble());
    }

    [Fact]
    public void Predict_Sbg_GivesSurvivalRetentionAndChurn()
    {
        var (code, output, _) = Run("clv", "predict", "--model", "sbg", "--param", "alpha=0.704", "beta=1.182", "--horizon", "3", "--json");

        Assert.Equal(0, code);
        var model = new ShiftedBetaGeometricModel(0.704, 1.182);
        var json = Json(output);
        Assert.Equal(["survival", "retention_rate", "churn_probability"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(model.Survival(3), json.GetProperty("survival").GetDouble());
        Assert.Equal(model.RetentionRate(3), json.GetProperty("retention_rate").GetDouble());
        Assert.Equal(model.ChurnProbability(3), json.GetProperty("churn_probability").GetDouble());
    }

    [Theory]
    [InlineData("clv", "fit", "--model", "nbd", "--input", "x.csv")]
    [InlineData("clv", "fit", "--input", "x.csv")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "--frequency", "2", "--recency", "30", "--T", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "b=2.426", "s=1", "--frequency", "2", "--recency", "30", "--T", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r0.243", "--frequency", "2", "--recency", "30", "--T", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=abc", "alpha=4.414", "a=0.793", "b=2.426", "--frequency", "2", "--recency", "30", "--T", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "b=2.426", "--frequency", "2", "--recency", "30", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "b=2.426", "--frequency", "2", "--recency", "30", "--periods", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgnbd", "--param", "r=0.243", "alpha=4.414", "a=0.793", "b=2.426", "--frequency", "2", "--recency", "40", "--T", "38", "--horizon", "39")]
    [InlineData("clv", "predict", "--model", "bgbb", "--param", "alpha=1", "beta=1", "gamma=1", "delta=1", "--frequency", "2", "--recency", "3", "--periods", "6", "--horizon", "2.5")]
    [InlineData("clv", "predict", "--model", "gammagamma", "--param", "p=6", "q=3", "v=15", "--frequency", "x", "--monetary-value", "20")]
    public void BadUsage_ExitsWith2_WithAMessageOnStderr(params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("retention --help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bgnbd", "id,frequency,recency\n1,2,3\n", "missing T")]
    [InlineData("gammagamma", "frequency,recency,T\n1,2,3\n", "missing monetary_value")]
    [InlineData("bgbb", "frequency,recency,T\n1,2,3\n", "missing periods")]
    [InlineData("sbg", "year,alive\n0,100\n1,60\n", "missing period")]
    public void Fit_WrongColumns_ExitsWith2_NamingThem(string model, string content, string message)
    {
        var input = _cli.WriteFile("bad.csv", content);

        var (code, output, error) = Run("clv", "fit", "--model", model, "--input", input);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("bad.csv:1:", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bgnbd", "frequency,recency,T\n1,2,3\n2,abc,5\n", "bad.csv:3: column 'recency' value \"abc\" is not a finite number")]
    [InlineData("bgnbd", "frequency,recency,T\n1,2,3\n2,5\n", "bad.csv:3: expected 3 fields")]
    [InlineData("bgnbd", "frequency,recency,T\n1,2,3\n\n2,6,5\n", "bad.csv:4: column 'T' value 5 must be a finite number, at least the recency")]
    [InlineData("bgnbd", "frequency,recency,T\n", "no rows to fit")]
    [InlineData("bgnbd", "", "the file is empty")]
    [InlineData("gammagamma", "frequency,monetary_value\n0,0\n1,20\n2,-3\n", "bad.csv:4: column 'monetary_value' value -3")]
    [InlineData("bgbb", "frequency,recency,periods,weights\n1,2,6,10\n1,7,6,3\n", "bad.csv:3: column 'recency' value 7")]
    [InlineData("bgbb", "frequency,recency,periods,weights\n1,2,6,-1\n", "bad.csv:2: column 'weights' value -1")]
    [InlineData("sbg", "period,alive\n0,1000\n2,600\n", "bad.csv:3: column 'period' value 2 should be 1")]
    [InlineData("sbg", "period,alive\n0,1000\n1,600\n2,700\n", "bad.csv:4: column 'alive' value 700")]
    public void Fit_BadRows_ExitWith1_NamingTheLine(string model, string content, string message)
    {
        var input = _cli.WriteFile("bad.csv", content);

        var (code, output, error) = Run("clv", "fit", "--model", model, "--input", input);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_MissingFile_ExitsWith1()
    {
        var (code, _, error) = Run("clv", "fit", "--model", "bgnbd", "--input", Path.Combine(_cli.Folder, "none.csv"));

        Assert.Equal(1, code);
        Assert.Contains("none.csv", error, StringComparison.Ordinal);
    }

    private static (double[] X, double[] Tx, double[] T) ReadCdnow(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        double Col(string[] r, int i) => double.Parse(r[i], CultureInfo.InvariantCulture);
        return (rows.Select(r => Col(r, 1)).ToArray(), rows.Select(r => Col(r, 2)).ToArray(), rows.Select(r => Col(r, 3)).ToArray());
    }
}
