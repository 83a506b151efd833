using NodaTime;
using Retention.Clv;
using Retention.Rfm;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>Calibration/holdout evaluation: hand-computed bins and errors, and the CDNOW sample's 39-week holdout.</summary>
public sealed class HoldoutEvaluationTests
{
    [Fact]
    public void Compare_BinsByCalibrationFrequency_AndAveragesTheErrors()
    {
        var evaluation = HoldoutEvaluation.Compare([0, 0, 1, 9], [0.5, 0.1, 1, 3], [1, 0, 2, 2], lastBin: 1);

        Assert.Equal(4, evaluation.Customers);
        Assert.Equal(5, evaluation.ActualTotal);
        Assert.Equal(4.6, evaluation.PredictedTotal, 12);
        Assert.Equal((0.5 + 0.1 + 1 + 1) / 4, evaluation.MeanAbsoluteError, 12);
        Assert.Equal(Math.Sqrt((0.25 + 0.01 + 1 + 1) / 4), evaluation.RootMeanSquaredError, 12);
        Assert.Equal(2, evaluation.Bins.Count);
        Assert.Equal(new HoldoutBin(0, false, 2, 0.5, 0.3), evaluation.Bins[0] with { MeanPredicted = Math.Round(evaluation.Bins[0].MeanPredicted, 12) });
        Assert.Equal(new HoldoutBin(1, true, 2, 2, 2), evaluation.Bins[1]);
    }

    [Fact]
    public void Compare_WithoutCustomers_HasNoBinsAndNaNErrors()
    {
        var evaluation = HoldoutEvaluation.Compare([], [], []);

        Assert.Equal(0, evaluation.Customers);
        Assert.Empty(evaluation.Bins);
        Assert.True(double.IsNaN(evaluation.MeanAbsoluteError));
        Assert.True(double.IsNaN(evaluation.RootMeanSquaredError));
    }

    [Fact]
    public void Compare_RejectsBadInputs_NamingTheField()
    {
        Assert.Equal("predicted.Length", Assert.Throws<InvalidValueException>(() => HoldoutEvaluation.Compare([0, 1], [0.5], [1, 1])).Field);
        Assert.Equal("actual[1]", Assert.Throws<InvalidValueException>(() => HoldoutEvaluation.Compare([0, 1], [0.5, 1], [1, -1])).Field);
        Assert.Equal("predicted[0]", Assert.Throws<InvalidValueException>(() => HoldoutEvaluation.Compare([0], [double.NaN], [1])).Field);
        Assert.Equal("lastBin", Assert.Throws<InvalidValueException>(() => HoldoutEvaluation.Compare([0], [1], [1], lastBin: -1)).Field);
    }

    [Fact]
    public void Of_RequiresAHoldoutWindow()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var summaries = new CustomerSummary[1];
        CustomerSummaries.Compute([Transaction.Purchase(0, new LocalDate(2024, 1, 1), 10m)], new SummaryWindow(new LocalDate(2024, 6, 30)), summaries);

        Assert.Equal("summaries.window", Assert.Throws<InvalidValueException>(() => HoldoutEvaluation.Of(model, summaries, TimeUnit.Weeks)).Field);
    }

    [Fact]
    public void Cdnow_HoldoutOf39Weeks_ComparesEveryCustomersPredictionWithTheirPurchaseDays()
    {
        var (transactions, customers) = Cdnow.LoadSample();
        var summaries = new CustomerSummary[customers.Count];
        CustomerSummaries.Compute(transactions, new SummaryWindow(Cdnow.CalibrationEnd, Cdnow.HoldoutEnd), summaries);
        var x = summaries.Select(s => (double)s.RepeatFrequency).ToArray();
        var tx = summaries.Select(s => s.Recency(TimeUnit.Weeks)).ToArray();
        var age = summaries.Select(s => s.Age(TimeUnit.Weeks)).ToArray();
        var model = BgNbdModel.Fit(x, tx, age).Model;

        var evaluation = HoldoutEvaluation.Of(model, summaries, TimeUnit.Weeks);

        // Every sampled customer bought in the calibration period (first purchase in Q1 1997).
        Assert.Equal(2357, evaluation.Customers);

        // Actual: distinct purchase days per customer after 1997-09-30, counted here from the raw transactions.
        var holdoutDays = transactions.Where(t => t.Date > Cdnow.CalibrationEnd && t.Date <= Cdnow.HoldoutEnd).Select(t => (t.Customer, t.Date)).Distinct().Count();
        Assert.Equal(holdoutDays, evaluation.ActualTotal);

        // Predicted: the model's expectation over exactly 39 weeks (273 days), customer by customer.
        Assert.Equal(39d, Period.Between(Cdnow.CalibrationEnd, Cdnow.HoldoutEnd, PeriodUnits.Days).Days / 7d);
        var predicted = Enumerable.Range(0, x.Length).Sum(i => model.ExpectedPurchases(39, x[i], tx[i], age[i]));
        Assert.Equal(predicted, evaluation.PredictedTotal, 9);

        // The bins partition the customers and the totals.
        Assert.Equal(Enumerable.Range(0, 8), evaluation.Bins.Select(b => b.Frequency));
        Assert.Equal(2357, evaluation.Bins.Sum(b => b.Customers));
        Assert.Equal(evaluation.ActualTotal, evaluation.Bins.Sum(b => b.Customers * b.MeanActual), 9);
        Assert.Equal(x.Count(v => v == 0), evaluation.Bins[0].Customers);
        Assert.True(evaluation.Bins[^1].OrMore);
    }
}
