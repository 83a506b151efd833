using NodaTime;
using Orleans;

namespace Retention.Orleans;

/// <summary>The wire form of a NodaTime <see cref="Instant"/>: ticks since the Unix epoch.</summary>
[GenerateSerializer]
internal readonly struct InstantSurrogate
{
    [Id(0)]
    public readonly long UnixTicks;

    public InstantSurrogate(long unixTicks) => UnixTicks = unixTicks;
}

/// <summary>Lets Orleans serialize <see cref="Instant"/> in grain calls and grain state.</summary>
[RegisterConverter]
internal sealed class InstantSurrogateConverter : IConverter<Instant, InstantSurrogate>
{
    public Instant ConvertFromSurrogate(in InstantSurrogate surrogate) => Instant.FromUnixTimeTicks(surrogate.UnixTicks);

    public InstantSurrogate ConvertToSurrogate(in Instant value) => new(value.ToUnixTimeTicks());
}
