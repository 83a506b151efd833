using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Clv;

namespace Retention.Tests.Clv;

/// <summary>
/// P(n purchases in the next t | x, tₓ, T) for BG/NBD, MBG/NBD and Pareto/NBD: a distribution (adds up to 1), whose
/// mean is the model's closed-form conditional expectation, which agrees with a simulation of the posterior process and
/// reduces to the new-customer formula at x = tₓ = T = 0.
/// </summary>
public sealed class PurchaseCountTests
{
    // The CDNOW estimates (docs/clv.md).
    private static readonly BgNbdModel Bg = new(0.243, 4.414, 0.793, 2.426);
    private static readonly MbgNbdModel Mbg = new(0.525, 6.183, 0.891, 1.614);
    private static readonly ParetoNbdModel Pareto = new(0.553, 10.578, 0.606, 11.668);

    public static TheoryData<double, double, double, double> Customers => new()
    {
        { 0d, 0d, 0d, 39d },      // just acquired
        { 0d, 0d, 38.86, 39d },   // one purchase, long ago
        { 2d, 30.43, 38.86, 39d }, // the lifetimes example
        { 5d, 5d, 38.86, 1d },    // lapsed repeat buyer, short horizon
        { 50d, 38d, 39d, 200d },  // heavy buyer, long horizon
        { 3d, 20d, 30d, 0.5d },
    };

    [Theory]
    [MemberData(nameof(Customers))]
    public void Probabilities_AddUpToOne_AndTheirMeanIsTheConditionalExpectation(double x, double tx, double age, double t)
    {
        Check((n) => Bg.ProbabilityOfPurchases(n, t, x, tx, age), Bg.ExpectedPurchases(t, x, tx, age));
        Check((n) => Mbg.ProbabilityOfPurchases(n, t, x, tx, age), Mbg.ExpectedPurchases(t, x, tx, age));
        Check((n) => Pareto.ProbabilityOfPurchases(n, t, x, tx, age), Pareto.ExpectedPurchases(t, x, tx, age));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(39d)]
    [InlineData(500d)]
    public void AtZeroHistory_TheConditionalCountIsTheNewCustomersCount(double t)
    {
        for (var n = 0; n <= 30; n++)
        {
            Assert.Equal(Bg.ProbabilityOfPurchases(n, t), Bg.ProbabilityOfPurchases(n, t, 0d, 0d, 0d), 1e-13);
            Assert.Equal(Mbg.ProbabilityOfPurchases(n, t), Mbg.ProbabilityOfPurchases(n, t, 0d, 0d, 0d), 1e-13);
            Assert.Equal(Pareto.ProbabilityOfPurchases(n, t), Pareto.ProbabilityOfPurchases(n, t, 0d, 0d, 0d));
        }

        Check(n => Pareto.ProbabilityOfPurchases(n, t), Pareto.ExpectedPurchasesNewCustomer(t));
    }

    [Fact]
    public void AtAZeroHorizon_NothingIsBought()
    {
        Assert.Equal(1d, Bg.ProbabilityOfPurchases(0, 0d, 2d, 30.43, 38.86));
        Assert.Equal(0d, Bg.ProbabilityOfPurchases(1, 0d, 2d, 30.43, 38.86));
        Assert.Equal(1d, Pareto.ProbabilityOfPurchases(0, 0d, 2d, 30.43, 38.86), 1e-15);
        Assert.Equal(0d, Pareto.ProbabilityOfPurchases(3, 0d, 2d, 30.43, 38.86));
    }

    [Fact]
    public void NegativeCount_IsRefusedNamingIt()
    {
        var error = Assert.Throws<InvalidValueException>(() => Pareto.ProbabilityOfPurchases(-1, 1d, 2d, 1d, 3d));
        Assert.Equal("n", error.Field);
    }

    [Fact]
    public void BgNbd_AgreesWithASimulationOfThePosteriorProcess()
    {
        // x = 2, tₓ = 30.43, T = 38.86, next 39 weeks. Alive with P(alive); then λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x);
        // purchases at rate λ, each followed by a drop-out with probability p.
        const double X = 2d, Tx = 30.43, Age = 38.86, T = 39d;
        var random = new Random(20261130);
        var alive = Bg.ProbabilityAlive(X, Tx, Age);
        var counts = Simulate(200_000, () =>
        {
            if (random.NextDouble() >= alive)
            {
                return 0;
            }

            var lambda = ClvSimulator.Gamma(random, Bg.R + X) / (Bg.Alpha + Age);
            var p = ClvSimulator.Beta(random, Bg.A, Bg.B + X);
            var n = 0;
            for (var time = Exponential(random, lambda); time <= T; time += Exponential(random, lambda))
            {
                n++;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            return n;
        });
        AssertClose(counts, n => Bg.ProbabilityOfPurchases(n, T, X, Tx, Age));
    }

    [Fact]
    public void ParetoNbd_AgreesWithASimulationOfThePosteriorProcess()
    {
        // Alive with P(alive); then λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T), lifetime τ ~ Exp(μ), purchases Poisson(λ min(τ, t)).
        const double X = 4d, Tx = 30d, Age = 38.86, T = 52d;
        var random = new Random(1130);
        var alive = Pareto.ProbabilityAlive(X, Tx, Age);
        var counts = Simulate(200_000, () =>
        {
            if (random.NextDouble() >= alive)
            {
                return 0;
            }

            var lambda = ClvSimulator.Gamma(random, Pareto.R + X) / (Pareto.Alpha + Age);
            var mu = ClvSimulator.Gamma(random, Pareto.S) / (Pareto.Beta + Age);
            var horizon = Math.Min(T, Exponential(random, mu));
            var n = 0;
            for (var time = Exponential(random, lambda); time <= horizon; time += Exponential(random, lambda))
            {
                n++;
            }

            return n;
        });
        AssertClose(counts, n => Pareto.ProbabilityOfPurchases(n, T, X, Tx, Age));
    }

    /// <summary>Random parameters (used as (r, α, a, b) and as (r, α, s, β)) and a customer's history and horizon.</summary>
    public sealed record CountCase(double R, double Alpha, double S, double Beta, double X, double Tx, double T, double Horizon);

    public static Arbitrary<CountCase> Cases() =>
        (from r in Gen.Choose(5, 3000) from alpha in Gen.Choose(10, 3000) from s in Gen.Choose(5, 3000) from beta in Gen.Choose(10, 3000)
         from x in Gen.Choose(0, 40) from age in Gen.Choose(0, 5200) from share in Gen.Choose(0, 100) from horizon in Gen.Elements(0.25, 1d, 13d, 52d, 104d)
         select new CountCase(r / 1000d, alpha / 100d, s / 1000d, beta / 100d, x, x == 0 ? 0d : age / 100d * share / 100d, age / 100d, horizon)).ToArbitrary();

    [Property(Arbitrary = [typeof(PurchaseCountTests)], MaxTest = 60)]
    public void AnyModelAndHistory_GiveADistributionWithTheModelsMean(CountCase c)
    {
        var bg = new BgNbdModel(c.R, c.Alpha, c.S, c.Beta);
        var pareto = new ParetoNbdModel(c.R, c.Alpha, c.S, c.Beta);
        Check(n => bg.ProbabilityOfPurchases(n, c.Horizon, c.X, c.Tx, c.T), bg.ExpectedPurchases(c.Horizon, c.X, c.Tx, c.T), 1e-8);
        Check(n => pareto.ProbabilityOfPurchases(n, c.Horizon, c.X, c.Tx, c.T), pareto.ExpectedPurchases(c.Horizon, c.X, c.Tx, c.T), 1e-8);
    }

    /// <summary>Sums P(n) and n P(n) until the remaining tail is negligible, and compares with 1 and the expectation.</summary>
    private static void Check(Func<int, double> probability, double expected, double tolerance = 1e-10)
    {
        var total = 0d;
        var mean = 0d;
        for (var n = 0; n <= 100_000; n++)
        {
            var p = probability(n);
            Assert.InRange(p, 0d, 1d);
            total += p;
            mean += n * p;
            if (n > 20 && n > 4 * expected && p < 1e-17 && 1d - total < 1e-12)
            {
                break;
            }
        }

        Assert.Equal(1d, total, tolerance);
        Assert.Equal(expected, mean, tolerance * Math.Max(1d, expected));
    }

    private static int[] Simulate(int draws, Func<int> draw)
    {
        var counts = new int[64];
        for (var i = 0; i < draws; i++)
        {
            counts[Math.Min(63, draw())]++;
        }

        return counts;
    }

    /// <summary>Each of the first counts within 5 standard errors of the computed probability.</summary>
    private static void AssertClose(int[] counts, Func<int, double> probability)
    {
        var draws = counts.Sum();
        for (var n = 0; n < 6; n++)
        {
            var p = probability(n);
            var se = Math.Sqrt(p * (1d - p) / draws);
            Assert.InRange((double)counts[n] / draws, p - (5d * se), p + (5d * se));
        }
    }

    private static double Exponential(Random random, double rate) => -Math.Log(1d - random.NextDouble()) / rate;
}
