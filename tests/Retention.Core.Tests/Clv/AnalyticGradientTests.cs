using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>The analytic gradients of the BG/BB and shifted-beta-geometric log-likelihoods match central differences.</summary>
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
    public bool ShiftedBetaGeometric_GradientMatchesCentralDifferences((double Alpha, double Beta, double Gamma, double Delta) p, double[] cohort)
    {
        double[] at = [p.Alpha, p.Beta];
        var gradient = new double[2];
        var ll = ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, at[0], at[1], gradient);
        return Matches(ll, at, gradient, q => ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, q[0], q[1], default))
            && ll == ShiftedBetaGeometricModel.CohortLogLikelihood(cohort, at[0], at[1], default);
    }

    private static bool Matches(double ll, double[] at, double[] gradient, Func<double[], double> logLikelihood)
    {
        for (var i = 0; i < at.Length; i++)
        {
            var h = at[i] * 1e-6;
            var up = (double[])at.Clone();
            var down = (double[])at.Clone();
            up[i] += h;
            down[i] -= h;
            var numeric = (logLikelihood(up) - logLikelihood(down)) / (2 * h);
            // On the log-parameter scale, where the optimizer works; the difference quotient carries rounding of about
            // 1e-16 |LL| / 1e-6.
            var error = Math.Abs((numeric - gradient[i]) * at[i]);
            if (!(error <= (1e-5 * Math.Max(1d, Math.Abs(gradient[i] * at[i]))) + (1e-8 * Math.Abs(ll)) + 1e-6))
            {
                return false;
            }
        }

        return true;
    }
}
