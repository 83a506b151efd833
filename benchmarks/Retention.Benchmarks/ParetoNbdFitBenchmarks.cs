using BenchmarkDotNet.Attributes;
using Retention.Clv;

namespace Retention.Benchmarks;

/// <summary>
/// Pareto/NBD maximum-likelihood fits of two kinds of sample. <c>FitDriftingSmallSample</c>: the 13 customers of
/// <c>ParetoNbdIntegralTests</c>, whose fit walks towards s, β → ∞ (a common drop-out rate), where the likelihood's
/// ₂F₁ argument nears 1 and A0 is taken as its integral over the drop-out time (the series took up to 200,000 terms
/// per customer there). <c>FitSimulated</c>: 2,357 customers (CDNOW's cohort size) simulated from the CDNOW BG/NBD
/// estimates over 1 to 39 weeks, where the series converges quickly. The baseline evaluates the log-likelihood of the
/// small sample once at the fit's start, the unit a fit repeats.
/// </summary>
[MemoryDiagnoser]
public class ParetoNbdFitBenchmarks
{
    private static readonly double[] SmallFrequency = [11, 7, 8, 2, 12, 1, 0, 7, 9, 7, 0, 10, 2];
    private static readonly double[] SmallRecency = [4.503, 3.996, 3.9, 6.21, 17.685, 9.504, 0, 2.574, 7.79, 2.928, 0, 3.528, 13.95];
    private static readonly double[] SmallAge = [23.7, 10.8, 19.5, 34.5, 39.3, 17.6, 23, 3.3, 20.5, 12.2, 13.6, 5.6, 22.5];

    private readonly ParetoNbdModel _start = new(1, SmallAge.Average() / SmallFrequency.Average(), 1, SmallAge.Average());
    private double[] _frequency = [];
    private double[] _recency = [];
    private double[] _age = [];

    [GlobalSetup]
    public void Setup()
    {
        const int customers = 2_357;
        var random = new Random(42);
        _age = new double[customers];
        for (var i = 0; i < customers; i++)
        {
            _age[i] = 1 + (random.NextDouble() * 38);
        }

        _frequency = new double[customers];
        _recency = new double[customers];
        ClvSimulator.SimulateBgNbd(new BgNbdModel(0.243, 4.414, 0.793, 2.426), random, _age, _frequency, _recency);
        Console.WriteLine("// small sample: " + ParetoNbdModel.Fit(SmallFrequency, SmallRecency, SmallAge));
        Console.WriteLine("// simulated: " + ParetoNbdModel.Fit(_frequency, _recency, _age));
    }

    [Benchmark(Baseline = true)]
    public double LogLikelihoodAtStart()
    {
        var sum = 0d;
        for (var i = 0; i < SmallFrequency.Length; i++)
        {
            sum += _start.LogLikelihood(SmallFrequency[i], SmallRecency[i], SmallAge[i]);
        }

        return sum;
    }

    [Benchmark]
    public double FitDriftingSmallSample() => ParetoNbdModel.Fit(SmallFrequency, SmallRecency, SmallAge).LogLikelihood;

    [Benchmark]
    public double FitSimulated() => ParetoNbdModel.Fit(_frequency, _recency, _age).LogLikelihood;
}
