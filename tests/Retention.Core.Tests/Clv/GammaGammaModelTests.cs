using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>Gamma-Gamma against Fader and Hardie (2013, note 025) and CLVTools on the CDNOW spend summary.</summary>
public sealed class GammaGammaModelTests
{
    [Fact]
    public void Fit_OnCdnowTransactions_ReproducesThePublishedEstimatesAndLogLikelihood()
    {
        // zbar computed exactly from the transaction log (the CSV's zbar column is rounded to cents, which moves the
        // log-likelihood in the third decimal).
        var (transactions, customers) = Cdnow.LoadSample();
        var summaries = new CustomerSummary[customers.Count];
        CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd), summaries);
        var x = summaries.Select(s => (double)s.RepeatFrequency).ToArray();
        var zbar = summaries.Select(s => (double)s.AverageRepeatSpend).ToArray();

        var fit = GammaGammaModel.Fit(x, zbar);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("gammagamma", fit.ModelName);
        Assert.Equal(["p", "q", "v"], fit.Parameters.Select(p => p.Name));
        Assert.Equal(946d, fit.TotalWeight); // customers with x > 0
        // Published: p=6.25, q=3.74, v=15.44 (Fader and Hardie 2013); CLVTools LL -4055.9177.
        Assert.Equal(6.25, fit["p"], 2);
        Assert.Equal(3.74, fit["q"], 2);
        Assert.Equal(15.44, fit["v"], 2);
        Assert.Equal(-4055.9177, fit.LogLikelihood, 4);
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0 && double.IsFinite(p.StandardError)));
    }

    [Fact]
    public void Fit_OnTheRoundedCsvSummary_MatchesLifetimes()
    {
        // lifetimes fits the CSV (zbar in cents): p=6.248802, q=3.744588, v=15.447748; its test allows 1% of 6.25,
        // 3.74 and 15.44.
        var (x, zbar) = ClvData.CdnowSpend();
        var fit = GammaGammaModel.Fit(x, zbar);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal(6.248802, fit["p"], 5);
        Assert.Equal(3.744588, fit["q"], 5);
        Assert.Equal(15.447748, fit["v"], 5);
        Assert.Equal(-4055.92, fit.LogLikelihood, 2);
    }

    [Fact]
    public void ExpectedAverageSpend_IsTheWeightedAverageOfPopulationAndCustomerMeans()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);
        var population = 6.25 * 15.44 / (3.74 - 1);
        Assert.Equal(population, model.PopulationMeanSpend, 12);
        Assert.Equal(population, model.ExpectedAverageSpend(0, 0), 12);
        const double X = 3, Zbar = 50;
        var weight = 6.25 * X / ((6.25 * X) + 3.74 - 1);
        Assert.Equal(((1 - weight) * population) + (weight * Zbar), model.ExpectedAverageSpend(X, Zbar), 10);

        var destination = new double[2];
        model.ExpectedAverageSpend([0, X], [0, Zbar], destination);
        Assert.Equal([model.ExpectedAverageSpend(0, 0), model.ExpectedAverageSpend(X, Zbar)], destination);
    }

    [Fact]
    public void ZeroOrNegativeSpend_IsATypedErrorNamingTheFieldAndValue()
    {
        var zero = Assert.Throws<InvalidValueException>(() => GammaGammaModel.Fit([0, 2, 1], [0, 10, 0]));
        Assert.Equal("monetaryValue[2]", zero.Field);
        Assert.Equal("0", zero.Value);
        var negative = Assert.Throws<InvalidValueException>(() => GammaGammaModel.Fit([2], [-5.5]));
        Assert.Equal("monetaryValue[0]", negative.Field);
        Assert.Equal("-5.5", negative.Value);
        Assert.StartsWith("Invalid monetaryValue[0]: -5.5 must be a finite amount above 0", negative.Message, StringComparison.Ordinal);
        Assert.Equal("monetaryValue", Assert.Throws<InvalidValueException>(() => new GammaGammaModel(1, 2, 3).ExpectedAverageSpend(1, 0)).Field);
        Assert.Equal("frequency", Assert.Throws<InvalidValueException>(() => GammaGammaModel.Fit([0, 0], [0, 0])).Field);
        Assert.Equal("q", Assert.Throws<InvalidValueException>(() => new GammaGammaModel(1, 0.5, 3).ExpectedAverageSpend(0, 0)).Field);
        Assert.True(double.IsPositiveInfinity(new GammaGammaModel(1, 0.5, 3).PopulationMeanSpend));
    }

    public static Arbitrary<(double P, double Q, double V, double X, double Zbar)> Cases() =>
        (from p in Gen.Choose(1, 20_000).Select(v => v / 1000d)
         from q in Gen.Choose(1_001, 20_000).Select(v => v / 1000d)
         from v in Gen.Choose(1, 100_000).Select(v => v / 100d)
         from x in Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Elements(1, 10_000)))
         from zbar in Gen.Frequency((3, Gen.Choose(1, 100_000).Select(c => c / 100d)), (1, Gen.Elements(0.01, 1e6)))
         select (p, q, v, (double)x, zbar)).ToArbitrary();

    [Property(Arbitrary = [typeof(GammaGammaModelTests)], MaxTest = 300)]
    public bool ExpectedSpend_LiesBetweenThePopulationMeanAndTheCustomersMean((double P, double Q, double V, double X, double Zbar) c)
    {
        var model = new GammaGammaModel(c.P, c.Q, c.V);
        var spend = model.ExpectedAverageSpend(c.X, c.Zbar);
        var low = Math.Min(model.PopulationMeanSpend, c.Zbar) * (1 - 1e-12);
        var high = Math.Max(model.PopulationMeanSpend, c.Zbar) * (1 + 1e-12);
        return spend >= low && spend <= high && double.IsFinite(model.LogLikelihood(c.X, c.Zbar));
    }
}
