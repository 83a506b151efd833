using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Hostile customer summaries (recency above T, negative, NaN, infinite, huge frequency) to the CLV fits and
/// predictions: the documented <see cref="InvalidValueException"/>, or a result that is finite and in range (a fit
/// that did not converge says why).
/// </summary>
public sealed class ClvFuzzProperties
{
    private static readonly double[] Hostile =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -0.0, -1e-300, 1e-300, double.Epsilon, 2.5, 1e4, 0.5, 1e6, 1e300, double.MaxValue];

    public sealed record Summary(double[] X, double[] Tx, double[] T, double[] W)
    {
        public override string ToString() =>
            string.Join("; ", X.Select((x, i) => FormattableString.Invariant($"({x}, {Tx[i]}, {T[i]}{(W.Length > 0 ? ", w " + W[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)})")));
    }

    private static Gen<double> Value(Gen<double> ordinary) => Gen.Frequency((12, ordinary), (1, Gen.Elements(Hostile)));

    public static Arbitrary<Summary> Summaries() =>
        (from n in Gen.Choose(1, 25)
         from rows in Gen.ArrayOf(
             from x in Value(Gen.Choose(0, 12).Select(v => (double)v))
             from age in Value(Gen.Choose(1, 400).Select(v => v / 10d))
             from share in Gen.Choose(0, 100)
             from tx in Value(Gen.Constant(x == 0 ? 0d : age * share / 100d))
             from w in Value(Gen.Choose(1, 5).Select(v => (double)v))
             select (x, tx, age, w), n)
         from weighted in ArbMap.Default.GeneratorFor<bool>()
         select new Summary([.. rows.Select(r => r.x)], [.. rows.Select(r => r.tx)], [.. rows.Select(r => r.age)], weighted ? [.. rows.Select(r => r.w)] : [])).ToArbitrary();

    [Property(Arbitrary = [typeof(ClvFuzzProperties)], MaxTest = 60)]
    public void HostileSummaries_FitOrThrowTheDocumentedError(Summary s)
    {
        CheckFit(() => BgNbdModel.Fit(s.X, s.Tx, s.T, s.W));
        CheckFit(() => GammaGammaModel.Fit(s.X, s.Tx.Select(v => v * 3).ToArray(), s.W));
    }

    [Property(Arbitrary = [typeof(ClvFuzzProperties)], MaxTest = 40)]
    public void HostileSummaries_MbgNbdFitOrThrowTheDocumentedError(Summary s) =>
        CheckFit(() => MbgNbdModel.Fit(s.X, s.Tx, s.T, s.W));

    [Property(Arbitrary = [typeof(ClvFuzzProperties)], MaxTest = 30)]
    public void HostileSummaries_ParetoNbdFitOrThrowTheDocumentedError(Summary s) =>
        // Many of these small samples drive the fit towards s, β → ∞, where the likelihood's ₂F₁ series took up to
        // 200,000 terms per customer and a fit minutes (found by this property, docs/testing.md); A0 is now an integral
        // there (ParetoNbdIntegralTests), so the fits run with the default options.
        CheckFit(() => ParetoNbdModel.Fit(s.X, s.Tx, s.T, s.W));

    [Property(Arbitrary = [typeof(ClvFuzzProperties)], MaxTest = 60)]
    public void HostileSummaries_BgBbFitOrThrowTheDocumentedError(Summary s)
    {
        // Discrete-time summaries: the same hostile values read as transactions, recency and opportunities.
        CheckFit(() => BgBbModel.Fit(s.X, s.Tx, s.T.Select(Math.Ceiling).ToArray(), s.W));
    }

    [Property(Arbitrary = [typeof(ClvFuzzProperties)], MaxTest = 200)]
    public void HostileCustomers_PredictInRangeOrThrowTheDocumentedError(Summary s)
    {
        var bg = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var pareto = new ParetoNbdModel(0.553, 10.58, 0.606, 11.67);
        for (var i = 0; i < s.X.Length; i++)
        {
            var (x, tx, t) = (s.X[i], s.Tx[i], s.T[i]);
            Check(() => bg.ProbabilityAlive(x, tx, t), 0d, 1d);
            Check(() => bg.ExpectedPurchases(39, x, tx, t), 0d, double.MaxValue);
            Check(() => pareto.ProbabilityAlive(x, tx, t), 0d, 1d);
            Check(() => pareto.ExpectedPurchases(39, x, tx, t), 0d, double.MaxValue);
            Check(() => bg.ExpectedPurchases(s.W.Length > 0 ? s.W[i] : t, 2, 1, 5), 0d, double.MaxValue);
        }
    }

    private static void Check(Func<double> predict, double low, double high)
    {
        double value;
        try
        {
            value = predict();
        }
        catch (InvalidValueException)
        {
            return;
        }

        Assert.True(double.IsFinite(value) && value >= low && value <= high, $"{value} is not in [{low}, {high}]");
    }

    private static void CheckFit(Func<ClvFitResult> fit)
    {
        ClvFitResult result;
        try
        {
            result = fit();
        }
        catch (InvalidValueException)
        {
            return;
        }

        if (result.Converged)
        {
            Assert.All(result.Parameters, p => Assert.True(double.IsFinite(p.Value) && p.Value > 0, $"{p.Name} = {p.Value}"));
            Assert.True(double.IsFinite(result.LogLikelihood), $"log-likelihood {result.LogLikelihood}");
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(result.FailureReason));
        }
    }
}
