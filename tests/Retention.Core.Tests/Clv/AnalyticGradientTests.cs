using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>The analytic gradients of the BG/BB, shifted-beta-geometric and Pareto/NBD log-likelihoods match central differences.</summary>
public sealed class AnalyticGradientTests
{
    private static readonly Gen<double> ParameterGen = Gen.Frequency(
        (4, Gen.Choose(5, 5000).Select(v => v / 1000d)),
        (1, Gen.Elements(0.05, 1d, 10d, 50d)));

    public static Arbitrary<(double Alpha, double Beta, double Gamma, double Delta)> Parameters() =>
        (from a in ParameterGen from b in ParameterGen from g in ParameterGen from d in ParameterGen select (a, b, g, d)).ToArbitrary();

    /// <summary>BG/BB customers: n opportunities up to 30, x ≤ tₓ ≤ n, x = 0 with tₓ = 0.</summary>
    public static Arbitrary<(int X, int Tx, int N)> BgBbCustomers() =>
        (from n in Gen.Choose(1, 30)
         from tx in Gen.Choose(0, n)
         from x in Gen.Choose(0, tx)
         select (x == 0 ? 0 : x, x == 0 ? 0 : tx, n)).ToArbitrary();

    /// <summary>Survivor counts of a cohort: non-increasing, starting above 0.</summary>
    public static Arbitrary<double[]> Cohorts() =>
        (from length in Gen.Choose(2, 12)
         from drops in Gen.ArrayOf(Gen.Choose(0, 40), length - 1)
         select drops.Aggregate(new List<double> { 1000 }, (list, drop) => { list.Add(Math.Max(0, list[^1] - drop)); return list; }).ToArray()).ToArbitrary();

    [Property(Arbitrary = [typeof(AnalyticGradientTests)], MaxTest = 200)]
    public bool BgBb_GradientMatchesCentralDifferences((double Alpha, double Beta, double Gamma, double Delta) p, (int X, int Tx, int N) c)
    {
        double[] at = [p.Alpha, p.Beta, p.Gamma, p.Delta];
        var gradient = new double[4];
        var ll = BgBbModel.CustomerLogLikelihood(at[0], at[1], at[2], at[3], c.X, c.Tx, c.N, gradient);
        return Matches(ll, at, gradient, q => BgBbModel.CustomerLogLikelihood(q[0], q[1], q[2], q[3], c.X, c.Tx, c.N))
            && ll == BgBbModel.CustomerLogLikelihood(at[0], at[1], at[2], at[3], c.X, c.Tx, c.N);
    }

    [Property(Arbitrary = [typeof(AnalyticGradientTests)], MaxTest = 200)]
    [Trait("Regression", "(101946731654982888,11052672969563549829,92): beta = 50, [1000, 967] broke a 3-point difference")]
    public bool ShiftedBetaGeometric_GradientMatchesCentralDifferences((double Alpha, double Beta, double Gamma, double Delta) p, double[] cohort)
    {
        double[] at = [p.Alpha, p.Beta];
        var gradient = new double[2];
        var ll = ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, at[0], at[1], gradient);
        return Matches(ll, at, gradient, q => ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, q[0], q[1], default))
            && ll == ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, at[0], at[1], default);
    }

    /// <summary>Pareto/NBD customers: frequency up to 2,000, recency on or before T (both ends included), T up to 100.</summary>
    public static Arbitrary<(double X, double Tx, double T)> ContinuousCustomers() =>
        (from x in Gen.Frequency((3, Gen.Choose(0, 20)), (1, Gen.Elements(1, 200, 2000)))
         from age in Gen.Choose(1, 10_000).Select(v => v / 100d)
         from share in Gen.Frequency((3, Gen.Choose(0, 100).Select(v => v / 100d)), (1, Gen.Elements(0d, 1d)))
         select ((double)x, x == 0 ? 0d : age * share, age)).ToArbitrary();

    [Property(Arbitrary = [typeof(AnalyticGradientTests)], MaxTest = 200)]
    public bool ParetoNbd_GradientMatchesCentralDifferences((double Alpha, double Beta, double Gamma, double Delta) p, (double X, double Tx, double T) c)
    {
        double[] at = [p.Alpha, p.Beta, p.Gamma, p.Delta];
        var gradient = new double[4];
        var ll = ParetoNbdModel.CustomerLogLikelihood(at[0], at[1], at[2], at[3], c.X, c.Tx, c.T, gradient);
        return Matches(ll, at, gradient, q => ParetoNbdModel.CustomerLogLikelihood(q[0], q[1], q[2], q[3], c.X, c.Tx, c.T))
            && ll == ParetoNbdModel.CustomerLogLikelihood(at[0], at[1], at[2], at[3], c.X, c.Tx, c.T);
    }

    [Theory]
    [InlineData(0d, 0d, 38.86)]
    [InlineData(2d, 30.43, 38.86)]
    [InlineData(2d, 38.86, 38.86)]
    [InlineData(1000d, 5d, 38.86)]
    public void ParetoNbd_AtTheCdnowEstimate_GradientMatchesCentralDifferencesOnBothSidesOfAlphaEqualsBeta(double x, double tx, double age)
    {
        // α > β takes one form of ₂F₁ in the value, α < β the other; the gradient's integral does not care.
        foreach (var (alpha, beta) in new[] { (10.578, 11.668), (11.668, 10.578), (10.578, 10.578) })
        {
            double[] at = [0.553, alpha, 0.606, beta];
            var gradient = new double[4];
            var ll = ParetoNbdModel.CustomerLogLikelihood(at[0], at[1], at[2], at[3], x, tx, age, gradient);
            Assert.True(Matches(ll, at, gradient, q => ParetoNbdModel.CustomerLogLikelihood(q[0], q[1], q[2], q[3], x, tx, age)), $"alpha {alpha}, beta {beta}: {string.Join(", ", gradient)}");
        }
    }

    [Fact]
    public void ShiftedBetaGeometric_OnePeriod_GradientIsTheClosedForm()
    {
        // One period: LL = 33 ln(α/(α+β)) + 967 ln(β/(α+β)), so ∂/∂α = 33/α - 1000/(α+β) and ∂/∂β = 967/β - 1000/(α+β).
        const double A = 1.776, B = 50;
        var gradient = new double[2];
        var ll = ShiftedBetaGeometricModel.CohortLogLikelihood([1000, 967], A, B, gradient);

        Assert.Equal((33 * Math.Log(A / (A + B))) + (967 * Math.Log(B / (A + B))), ll, 10);
        Assert.Equal((33 / A) - (1000 / (A + B)), gradient[0], 10);
        Assert.Equal((967 / B) - (1000 / (A + B)), gradient[1], 10);
    }

    private static bool Matches(double ll, double[] at, double[] gradient, Func<double[], double> logLikelihood)
    {
        for (var i = 0; i < at.Length; i++)
        {
            // Five-point central difference with a step of 1e-3 relative: truncation error of order h⁴, and rounding
            // (the log-gamma terms of a large cohort are each ~1e-13 off, times the counts) divided by a step large
            // enough to keep it near 1e-8 on the log-parameter scale.
            var h = at[i] * 1e-3;
            double At(double offset)
            {
                var q = (double[])at.Clone();
                q[i] += offset;
                return logLikelihood(q);
            }

            var numeric = ((8 * (At(h) - At(-h))) - (At(2 * h) - At(-2 * h))) / (12 * h);
            var error = Math.Abs((numeric - gradient[i]) * at[i]);
            if (!(error <= (1e-6 * Math.Max(1d, Math.Abs(gradient[i] * at[i]))) + (1e-9 * Math.Abs(ll)) + 1e-7))
            {
                return false;
            }
        }

        return true;
    }
}
