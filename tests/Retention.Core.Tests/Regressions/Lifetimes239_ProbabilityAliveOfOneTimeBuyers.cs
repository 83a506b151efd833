using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Regressions;

/// <summary>
/// Regression for <see href="https://github.com/CamDavidsonPilon/lifetimes/issues/239">CamDavidsonPilon/lifetimes#239</see>
/// ("Conditional Probability Alive is Wrong when frequency = 0, recency = 0").
/// </summary>
/// <remarks>
/// <para><b>What went wrong there.</b> BG/NBD's <c>conditional_probability_alive</c> returned 1 for every customer who
/// bought once, however long ago, and users read that as "alive". The answer in the thread (Hardie's note on P(alive))
/// is that this follows from BG/NBD's assumption that customers can only drop out right after a repeat purchase; the
/// fix is a model without that assumption.</para>
/// <para><b>What the library does.</b> It keeps the published BG/NBD (P(alive) = 1 at x = 0, documented in docs/clv.md
/// with the advice to use MBG/NBD or Pareto/NBD where one-time buyers matter) and offers those two models, under which a
/// one-time buyer's P(alive) falls as the time since the purchase grows. The values equal a 60-digit evaluation of each
/// closed form (MBG/NBD with the MBG/NBD test parameters, Pareto/NBD with the CDNOW estimates) to 1e-12.</para>
/// <para><b>Mutation seen killed:</b> dropping the one-time-buyer term a/b · ((α+T)/α)^r of MBG/NBD's P(alive)
/// (treating it like BG/NBD's x = 0 case).</para>
/// </remarks>
public sealed class Lifetimes239_ProbabilityAliveOfOneTimeBuyers
{
    [Theory]
    [InlineData(1, 0.62607661230451821, 0.95015324596322839)]
    [InlineData(10, 0.52223373278210473, 0.64250701033100734)]
    [InlineData(38.86, 0.3897350809187629, 0.29496148643704224)]
    [InlineData(100, 0.28933050940119467, 0.12777528522967197)]
    public void OneTimeBuyer_MbgNbdAndParetoNbd_DecayWithAge_WhileBgNbdStaysAtOne(double age, double mbg, double pareto)
    {
        var bgNbd = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var mbgNbd = new MbgNbdModel(0.525, 6.183, 0.891, 1.614);
        var paretoNbd = new ParetoNbdModel(0.5534, 10.5802, 0.6061, 11.6562);

        Assert.Equal(1d, bgNbd.ProbabilityAlive(0, 0, age));
        Assert.Equal(mbg, mbgNbd.ProbabilityAlive(0, 0, age), Tolerance.Relative(1e-12));
        Assert.Equal(pareto, paretoNbd.ProbabilityAlive(0, 0, age), Tolerance.Relative(1e-12));
    }

    [Fact]
    public void OneTimeBuyers_OlderIsLessAlive_UnderMbgNbdAndParetoNbd()
    {
        var mbgNbd = new MbgNbdModel(0.525, 6.183, 0.891, 1.614);
        var paretoNbd = new ParetoNbdModel(0.5534, 10.5802, 0.6061, 11.6562);
        var ages = Enumerable.Range(1, 200).Select(w => (double)w).ToArray();

        var mbg = ages.Select(t => mbgNbd.ProbabilityAlive(0, 0, t)).ToArray();
        var pareto = ages.Select(t => paretoNbd.ProbabilityAlive(0, 0, t)).ToArray();

        Assert.All(mbg.Zip(mbg.Skip(1)), p => Assert.True(p.Second < p.First, p.ToString()));
        Assert.All(pareto.Zip(pareto.Skip(1)), p => Assert.True(p.Second < p.First, p.ToString()));
        Assert.True(mbg[^1] < mbg[0] / 2 && pareto[^1] < pareto[0] / 5);
    }
}
