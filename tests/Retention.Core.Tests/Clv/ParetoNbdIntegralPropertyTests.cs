using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>
/// The Pareto/NBD's A0 as an integral over the drop-out time against its ₂F₁ series, over random parameters and
/// customers: the two forms share no code.
/// </summary>
public sealed class ParetoNbdIntegralPropertyTests
{
    /// <summary>Parameters from 0.01 to 10,000, biased to the literature's range.</summary>
    public static Gen<double> ParameterGen { get; } = Gen.Frequency(
        (3, BgNbdPropertyTests.ParameterGen),
        (1, Gen.Choose(1, 10_000).Select(v => (double)v)),
        (1, Gen.Elements(0.01, 0.1, 1d, 10d, 100d, 1000d, 10_000d)));

    public static Arbitrary<(double R, double Alpha, double S, double Beta)> Parameters() =>
        (from r in ParameterGen from alpha in ParameterGen from s in ParameterGen from beta in ParameterGen select (r, alpha, s, beta)).ToArbitrary();

    public static Arbitrary<(double X, double Tx, double T)> Customers() => BgNbdPropertyTests.CustomerGen.ToArbitrary();

    [Property(Arbitrary = [typeof(ParetoNbdIntegralPropertyTests)], MaxTest = 500)]
    public Property LogA0_TheIntegralAgreesWithTheSeries_WhereTheSeriesConverges((double R, double Alpha, double S, double Beta) p, (double X, double Tx, double T) c)
    {
        // Compared where the series is reliable: its argument z at most 0.9 and its terms peaking within 1,000 terms
        // (about a third of the cases; the model itself switches to the integral from z = 0.5).
        var (b, z) = ParetoNbdModel.SeriesArguments(p.R, p.Alpha, p.S, p.Beta, c.X, c.Tx);
        var converges = z <= 0.9 && b * z <= ParetoNbdModel.SeriesTermLimit * (1d - z) && c.T > c.Tx;

        var series = ParetoNbdModel.LogA0Series(p.R, p.Alpha, p.S, p.Beta, c.X, c.Tx, c.T);
        var integral = Math.Log(p.R + p.S + c.X) + ParetoNbdModel.LogDeadIntegral(p.R, p.Alpha, p.S, p.Beta, c.X, c.Tx, c.T, default);
        // The series is a difference of two terms, ln A0 = ln(e^first - e^second): an error of ε in either term is one
        // of ε / (1 - e^(second - first)) in ln A0, large when T is close to tₓ. The integral has no such cancellation.
        var first = ParetoNbdModel.TermLog(p.R, p.Alpha, p.S, p.Beta, c.X, c.Tx, default);
        var second = ParetoNbdModel.TermLog(p.R, p.Alpha, p.S, p.Beta, c.X, c.T, default);
        var condition = 1d / -SpecialFunctions.ExpM1(second - first);
        var agree = Math.Abs(integral - series) <= 1e-13 * Math.Max(1d, Math.Abs(first)) * condition;
        return (!converges || agree).ToProperty().Label($"series {series:R}, integral {integral:R}, z {z:R}");
    }
}
