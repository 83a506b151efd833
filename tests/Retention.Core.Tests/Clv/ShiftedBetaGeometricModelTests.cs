using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>sBG against Fader and Hardie (2007) on their regular and high-end cohorts, years 0 to 7.</summary>
public sealed class ShiftedBetaGeometricModelTests
{
    [Theory]
    [InlineData(true, 0.704, 1.182)]
    [InlineData(false, 0.668, 3.806)]
    public void Fit_OnTheFirstSevenYears_ReproducesThePublishedEstimates(bool regular, double alpha, double beta)
    {
        var (_, regularPct, highEndPct) = ClvData.SbgRetention();
        var alive = (regular ? regularPct : highEndPct).Take(8).ToArray();

        var fit = ShiftedBetaGeometricModel.Fit(alive);

        Assert.True(fit.Converged, fit.FailureReason);
        Assert.Equal("sbg", fit.ModelName);
        Assert.Equal(["alpha", "beta"], fit.Parameters.Select(p => p.Name));
        Assert.Equal(alpha, fit["alpha"], 3);
        Assert.Equal(beta, fit["beta"], 3);
        Assert.Equal(100d, fit.TotalWeight);
    }

    [Fact]
    public void Projection_TracksTheHoldoutYears()
    {
        // The paper's point: fitted on years 0-7, the sBG projects years 8-12 within a few percentage points.
        var (_, regularPct, _) = ClvData.SbgRetention();
        var model = ShiftedBetaGeometricModel.Fit(regularPct.Take(8).ToArray()).Model;
        var curve = new double[13];
        model.SurvivalCurve(curve);
        for (var year = 8; year <= 12; year++)
        {
            Assert.InRange(100 * curve[year] - regularPct[year], -2.5, 2.5);
        }
    }

    [Fact]
    public void CurveFunctions_AreConsistent()
    {
        var model = new ShiftedBetaGeometricModel(0.704, 1.182);
        var curve = new double[20];
        model.SurvivalCurve(curve);
        Assert.Equal(1d, curve[0]);
        Assert.Equal(1d, model.Survival(0));
        for (var t = 1; t < 20; t++)
        {
            Assert.Equal(model.Survival(t), curve[t], 12);
            Assert.Equal(model.Survival(t - 1) - model.Survival(t), model.ChurnProbability(t), 12);
            Assert.Equal(model.Survival(t) / model.Survival(t - 1), model.RetentionRate(t), 12);
            Assert.True(t == 1 || model.RetentionRate(t) > model.RetentionRate(t - 1));
        }

        Assert.Equal(0.704 / (0.704 + 1.182), model.ChurnProbability(1), 14);
    }

    [Fact]
    public void InvalidCounts_AreRejected()
    {
        Assert.Equal("alive[2]", Assert.Throws<InvalidValueException>(() => ShiftedBetaGeometricModel.Fit([100, 60, 70])).Field);
        Assert.Equal("alive[0]", Assert.Throws<InvalidValueException>(() => ShiftedBetaGeometricModel.Fit([0, 0])).Field);
        Assert.Equal("alive.Length", Assert.Throws<InvalidValueException>(() => ShiftedBetaGeometricModel.Fit([100])).Field);
        Assert.Equal("alive[1]", Assert.Throws<InvalidValueException>(() => ShiftedBetaGeometricModel.Fit([100, -1])).Field);
    }
}
