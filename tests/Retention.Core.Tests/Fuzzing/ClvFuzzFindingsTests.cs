using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// What <see cref="ClvFuzzProperties"/> found in the CLV models: predictions that returned NaN for extreme inputs.
/// BG/NBD's expected purchases at long horizons now come from an integral over the drop-out probability; frequencies
/// above 2^53 are refused (Pareto/NBD gave NaN at double.MaxValue).
/// </summary>
public sealed class ClvFuzzFindingsTests
{
    [Theory]
    [InlineData(1e5)]
    [InlineData(1e6)]
    [InlineData(1e9)]
    [InlineData(1e200)]
    [InlineData(double.MaxValue)]
    public void BgNbd_ExpectedPurchases_AtHugeHorizons_IsFiniteAndGrowsLikeTToTheOneMinusA(double t)
    {
        // It was NaN from t = 1e5 (x = 0) and 5e5 (x = 2): every series form of the bracket needed too many terms.
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        foreach (var (x, tx) in new[] { (0d, 0d), (2d, 1d), (50d, 4d) })
        {
            var value = model.ExpectedPurchases(t, x, tx, 5);
            var tenth = model.ExpectedPurchases(t / 10d, x, tx, 5);
            Assert.True(double.IsFinite(value) && value > tenth && tenth >= model.ExpectedPurchases(10, x, tx, 5), $"E[X({t})] = {value}, E[X({t / 10d})] = {tenth} for x = {x}");
            if (t >= 1e200)
            {
                // With a < 1 the expected purchases grow without bound, as t^(1-a) once t dwarfs α + T (at 1e9 the next
                // term of the expansion still weighs a few percent; at 1e200 nothing).
                Assert.Equal(Math.Pow(10d, 1d - model.A), value / tenth, Tolerance.Relative(1e-6));
            }
        }

        Assert.True(double.IsFinite(model.ExpectedPurchasesNewCustomer(t)));
    }

    [Theory]
    [InlineData(2, 3.8e299, 1e300)]
    [InlineData(double.MaxValue, 1.105, 6.5)]
    [InlineData(0, 0, double.MaxValue)]
    public void ParetoNbd_ProbabilityAlive_OfExtremeCustomers_IsAProbabilityOrTheDocumentedError(double x, double tx, double age)
    {
        var model = new ParetoNbdModel(0.553, 10.58, 0.606, 11.67);
        double value;
        try
        {
            value = model.ProbabilityAlive(x, tx, age);
        }
        catch (InvalidValueException e)
        {
            Assert.Equal("frequency", e.Field);
            Assert.True(x > ClvInput.MaxFrequency, $"refused {x}");
            return;
        }

        Assert.True(value is >= 0d and <= 1d, $"P(alive) = {value}");
    }

    [Theory]
    [InlineData(10, 1e-300)]
    [InlineData(3, 0.5)]
    public void ParetoNbd_ExpectedPurchases_OfACustomerAsOldAsTheLargestDouble_IsZero(double x, double tx)
    {
        // (r+x)(β+T) overflowed to infinity before the division by α+T, and infinity times P(alive) = 0 gave NaN.
        var model = new ParetoNbdModel(0.553, 10.58, 0.606, 11.67);

        Assert.Equal(0d, model.ProbabilityAlive(x, tx, double.MaxValue));
        Assert.Equal(0d, model.ExpectedPurchases(39, x, tx, double.MaxValue));
        Assert.Equal(0d, DiscountedClv.Compute(model, new GammaGammaModel(6.25, 3.74, 15.44), new ClvHorizon(12, 4.35, 0.01), x, tx, double.MaxValue, 35d));
    }

    [Fact]
    public void BgNbd_ExpectedPurchases_AtTinyHorizons_IsFiniteAndSmall()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

        foreach (var t in new[] { double.Epsilon, 1e-300, 1e-20 })
        {
            var value = model.ExpectedPurchases(t, 2, 1, 5);
            Assert.True(double.IsFinite(value) && value >= 0d && value < 1e-10, $"E[X({t})] = {value}");
        }
    }
}
