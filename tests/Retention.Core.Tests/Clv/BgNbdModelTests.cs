using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>BG/NBD against Fader, Hardie and Lee (2005) on the CDNOW calibration summary, and its formulas.</summary>
public sealed class BgNbdModelTests
{
    [Fact]
    public void Fit_OnCdnow_ReproducesThePublishedEstimates()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var fit = BgNbdModel.Fit(x, tx, age);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("bgnbd", fit.ModelName);
        Assert.Equal(["r", "alpha", "a", "b"], fit.Parameters.Select(p => p.Name));
        // Published: r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4.
        Assert.Equal(0.243, fit["r"], 3);
        Assert.Equal(4.414, fit["alpha"], 3);
        Assert.Equal(0.793, fit["a"], 3);
        Assert.Equal(2.426, fit["b"], 3);
        Assert.Equal(-9582.4, fit.LogLikelihood, 1);
        Assert.Equal(2357d, fit.TotalWeight);
        Assert.Equal(fit.Model.R, fit["r"]);
        Assert.All(fit.Parameters, p => Assert.True(p.StandardError > 0 && p.StandardError < p.Value, p.ToString()));
    }

    [Fact]
    public void ExpectedPurchases_PublishedCustomer_Is1226()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        // lifetimes test_estimation.py: x=2, t_x=30.43, T=38.86, t=39 -> 1.226
        Assert.Equal(1.226, model.ExpectedPurchases(39, 2, 30.43, 38.86), 3);
    }
}
