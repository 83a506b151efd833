using BenchmarkDotNet.Attributes;
using Retention.Clv;

namespace Retention.Benchmarks;

/// <summary>
/// Probabilistic CLV on simulated customers drawn from the CDNOW BG/NBD estimates (ages spread over 1 to 39 weeks,
/// spend per purchase 5 to 105). FitBgNbd: maximum likelihood from the starting values (issue target: 1,000,000
/// customers in 0.5 s or less). PredictAll: expected purchases in the next 39 weeks, probability alive and a 12-month
/// discounted CLV with Gamma-Gamma (target: 1,000,000 customers in 0.2 s or less). The baseline reads the inputs once.
/// </summary>
[MemoryDiagnoser]
public class ClvBenchmarks
{
    private static readonly BgNbdModel Truth = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);
    private static readonly ClvHorizon Horizon = ClvHorizon.FromDays(12, 365.25 / 12, Rfm.TimeUnit.Weeks, 0.01);

    private double[] _frequency = [];
    private double[] _recency = [];
    private double[] _age = [];
    private double[] _zbar = [];
    private double[] _expected = [];
    private double[] _alive = [];
    private double[] _clv = [];

    [ParamsSource(nameof(Sizes))]
    public int Customers { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSizes.ClvCustomers;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _age = new double[Customers];
        for (var i = 0; i < Customers; i++)
        {
            _age[i] = 1 + (random.NextDouble() * 38);
        }

        _frequency = new double[Customers];
        _recency = new double[Customers];
        ClvSimulator.SimulateBgNbd(Truth, random, _age, _frequency, _recency);
        _zbar = new double[Customers];
        for (var i = 0; i < Customers; i++)
        {
            _zbar[i] = _frequency[i] > 0 ? 5 + (random.NextDouble() * 100) : 0;
        }

        _expected = new double[Customers];
        _alive = new double[Customers];
        _clv = new double[Customers];
        var fit = BgNbdModel.Fit(_frequency, _recency, _age);
        Console.WriteLine("// fit on the simulated customers: " + fit);
        if (!fit.Converged)
        {
            throw new InvalidOperationException("The BG/NBD fit on simulated data did not converge: " + fit.FailureReason);
        }
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark(Baseline = true)]
    public double ReadInputsOnce()
    {
        var sum = 0d;
        for (var i = 0; i < _age.Length; i++)
        {
            sum += _frequency[i] + _recency[i] + _age[i] + _zbar[i];
        }

        return sum;
    }

    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public double FitBgNbd() => BgNbdModel.Fit(_frequency, _recency, _age).LogLikelihood;

    /// <summary>The BG/NBD batch predictions: expected purchases in the next 39 weeks and the probability alive.</summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public double ExpectedPurchasesAndAlive()
    {
        Truth.ExpectedPurchases(39, _frequency, _recency, _age, _expected);
        Truth.ProbabilityAlive(_frequency, _recency, _age, _alive);
        return _expected[^1] + _alive[^1];
    }

    /// <summary>The 12-month discounted CLV with Gamma-Gamma spend, alone.</summary>
    [BenchmarkCategory(Gate.Category)]
    [Benchmark]
    public double ComputeDiscountedClv()
    {
        DiscountedClv.Compute(Truth, Spend, Horizon, _frequency, _recency, _age, _zbar, _clv);
        return _clv[^1];
    }

    /// <summary>Both of the above: every prediction for every customer.</summary>
    [Benchmark]
    public double PredictAll()
    {
        Truth.ExpectedPurchases(39, _frequency, _recency, _age, _expected);
        Truth.ProbabilityAlive(_frequency, _recency, _age, _alive);
        DiscountedClv.Compute(Truth, Spend, Horizon, _frequency, _recency, _age, _zbar, _clv);
        return _expected[^1] + _alive[^1] + _clv[^1];
    }
}
