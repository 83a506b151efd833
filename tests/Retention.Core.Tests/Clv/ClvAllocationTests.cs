using Retention.Clv;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Clv;

/// <summary>
/// The batch predictions allocate nothing per customer (decision 0006), measured with the current thread's allocation
/// counter below the two-core threshold: at most one small delegate per call.
/// </summary>
public sealed class ClvAllocationTests
{
    private static long AllocatedBy(Action action) => Allocations.LeastOf(10, action);

    [Fact]
    public void BatchPredictions_DoNotAllocatePerCustomer()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var horizon = new ClvHorizon(12, 4, 0.01);
        var random = new Random(3);
        const int N = 2_000;
        var age = Enumerable.Range(0, N).Select(_ => 1 + (random.NextDouble() * 38)).ToArray();
        var x = new double[N];
        var tx = new double[N];
        ClvSimulator.SimulateBgNbd(model, random, age, x, tx);
        var zbar = x.Select(v => v > 0 ? 30d : 0d).ToArray();
        var destination = new double[N];

        Assert.Equal(0, AllocatedBy(() => model.ExpectedPurchases(39, x, tx, age, destination)));
        Assert.Equal(0, AllocatedBy(() => model.ProbabilityAlive(x, tx, age, destination)));
        Assert.InRange(AllocatedBy(() => DiscountedClv.Compute(model, spend, horizon, x, tx, age, zbar, destination)), 0, 256);
    }
}
