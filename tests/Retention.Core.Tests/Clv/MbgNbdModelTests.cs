using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>MBG/NBD against the BTYDplus estimates on the CDNOW calibration summary (as the lifetimes tests cite them).</summary>
public sealed class MbgNbdModelTests
{
    [Fact]
    public void Fit_OnCdnow_ReproducesThePublishedEstimates()
    {
        var (x, tx, age) = ClvData.CdnowSummary();
        var fit = MbgNbdModel.Fit(x, tx, age);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("mbgnbd", fit.ModelName);
        // Published: r=0.525, alpha=6.183, a=0.891, b=1.614.
        Assert.Equal(0.525, fit["r"], 3);
        Assert.Equal(6.183, fit["alpha"], 3);
        Assert.Equal(0.891, fit["a"], 3);
        Assert.Equal(1.614, fit["b"], 3);
        Assert.True(fit.LogLikelihood < 0 && double.IsFinite(fit.LogLikelihood));
    }

    [Fact]
    public void ProbabilityAlive_IsBelowOne_WithoutRepeats()
    {
        var model = new MbgNbdModel(0.525, 6.183, 0.891, 1.614);
        // 1 / (1 + a/b ((alpha+T)/alpha)^r) for x = 0, t_x = 0.
        var expected = 1d / (1d + (0.891 / 1.614 * Math.Pow((6.183 + 38.86) / 6.183, 0.525)));
        Assert.Equal(expected, model.ProbabilityAlive(0, 0, 38.86), 14);
        Assert.True(model.ProbabilityAlive(0, 0, 38.86) < 1d);
    }

    [Fact]
    public void ProbabilityOfPurchases_SumsToOne_AndItsMeanIsTheNewCustomerExpectation()
    {
        var model = new MbgNbdModel(0.525, 6.183, 0.891, 1.614);
        foreach (var t in new[] { 1d, 39d, 78d })
        {
            var probabilities = Enumerable.Range(0, 400).Select(n => model.ProbabilityOfPurchases(n, t)).ToArray();
            Assert.Equal(1d, probabilities.Sum(), 6);
            Assert.Equal(model.ExpectedPurchasesNewCustomer(t), probabilities.Select((p, n) => p * n).Sum(), 3);
        }
    }
}
