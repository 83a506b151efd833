using System.Runtime.CompilerServices;

namespace Retention.Tests;

/// <summary>
/// Turns on <see cref="Scratch.PoisonOnRent"/> when the test assembly loads, before any test runs: a pooled array
/// keeping the last call's data cannot then stand in for a write that a broken library leaves out.
/// </summary>
internal static class ScratchPoisoning
{
    [ModuleInitializer]
    internal static void TurnOn() => Scratch.PoisonOnRent = true;
}

public sealed class ScratchPoisoningTests
{
    [Fact]
    public void RentedArrays_AreFilledWithOnes_OrDefaultsWhenTheyHoldReferences()
    {
        Assert.True(Scratch.PoisonOnRent);

        var ints = Scratch.Rent<int>(5);
        ints.AsSpan().Fill(7);
        Scratch.Return(ints);
        var again = Scratch.Rent<int>(5);
        Assert.All(again, value => Assert.Equal(-1, value));
        Scratch.Return(again);

        var doubles = Scratch.Rent<double>(3);
        Assert.All(doubles, value => Assert.True(double.IsNaN(value)));
        Scratch.Return(doubles);

        var strings = Scratch.Rent<string>(3);
        strings.AsSpan().Fill("left over");
        Scratch.Return(strings);
        Assert.All(Scratch.Rent<string>(3), value => Assert.Null(value));
    }
}
