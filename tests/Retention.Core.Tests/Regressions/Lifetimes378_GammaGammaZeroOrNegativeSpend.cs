using Retention.Clv;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/CamDavidsonPilon/lifetimes/issues/378">CamDavidsonPilon/lifetimes#378</see>
/// ("ValueError : There exist non-positive values in the monetary_value vector.").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> Fitting <c>GammaGammaFitter</c> on the output of
/// <c>summary_data_from_transaction_data</c> failed with a bare "non-positive values in the monetary_value vector":
/// customers without repeat purchases have a monetary value of 0 there, and refunds can make a mean negative; the user
/// could not tell which rows or why. (Before lifetimes#77 added the check, such rows silently gave negative
/// predictions.)</para>
/// <para><b>What the library does.</b> Rows with no repeat purchase (x = 0) are ignored by the fit, whatever their
/// spend, and predict the population mean. A zero, negative or non-finite mean spend for a customer with repeat
/// purchases is an <see cref="InvalidValueException"/> that names the row (<c>monetaryValue[2]</c>), the value and the
/// reason; nothing is fitted on it.</para>
/// <para><b>Mutations seen killed:</b> accepting zero spend (<c>&gt;= 0</c> instead of <c>&gt; 0</c> in the row check);
/// fitting x = 0 rows.</para>
/// </remarks>
public sealed class Lifetimes378_GammaGammaZeroOrNegativeSpend
{
    [Fact]
    public void OneTimeBuyersWithZeroSpend_AreLeftOutOfTheFit()
    {
        double[] frequency = [0, 2, 0, 1, 3, 0, 5, 1, 2, 4];
        double[] monetary = [0, 30.5, 0, 12.0, 55.2, 0, 41.0, 18.9, 24.1, 36.7];
        double[] repeatFrequency = [2, 1, 3, 5, 1, 2, 4];
        double[] repeatMonetary = [30.5, 12.0, 55.2, 41.0, 18.9, 24.1, 36.7];

        var all = GammaGammaModel.Fit(frequency, monetary);
        var repeatOnly = GammaGammaModel.Fit(repeatFrequency, repeatMonetary);

        Assert.Equal(7d, all.TotalWeight);
        Assert.Equal(repeatOnly.LogLikelihood, all.LogLikelihood);
        Assert.Equal(repeatOnly.Model.P, all.Model.P);
        Assert.Equal(repeatOnly.Model.Q, all.Model.Q);
        Assert.Equal(repeatOnly.Model.V, all.Model.V);
        Assert.Equal(all.Model.PopulationMeanSpend, all.Model.ExpectedAverageSpend(0, 0));
    }

    [Theory]
    [InlineData(0d, "0")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(double.NaN, "NaN")]
    public void RepeatBuyerWithZeroNegativeOrMissingSpend_IsNamedWithTheRowAndValue(double spend, string rendered)
    {
        double[] frequency = [1, 2, 3, 0];
        double[] monetary = [10, 20, spend, 0];

        var e = Assert.Throws<InvalidValueException>(() => GammaGammaModel.Fit(frequency, monetary));

        Assert.Equal("monetaryValue[2]", e.Field);
        Assert.Equal(rendered, e.Value);
        Assert.Equal("must be a finite amount above 0 for a customer with repeat purchases (zero or negative spend, refunds, cannot be modelled as gamma)", e.Rule);
    }

    [Fact]
    public void Predictions_RefuseNonPositiveSpendForRepeatBuyers_ButNotForOneTimeBuyers()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        Assert.Equal("monetaryValue", Assert.Throws<InvalidValueException>(() => model.ExpectedAverageSpend(3, 0)).Field);
        Assert.Equal(model.PopulationMeanSpend, model.ExpectedAverageSpend(0, -5));
        Assert.Equal(6.25 * 15.44 / 2.74, model.PopulationMeanSpend, 12);
    }
}
