using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Retention.Orleans.Tests.Infrastructure;

/// <summary>
/// Grain storage that outlives any one silo of the in-process test cluster, as a database outlives a server: one
/// process-wide table of serialized states with ETags. Orleans' memory storage keeps its data in grains, so killing the
/// silo that hosts them loses it, and which silo that is depends on placement; with this storage any silo can be killed.
/// </summary>
internal sealed class SharedGrainStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<(string State, GrainId Grain), (byte[] Data, string ETag)> Table = new();
    private static long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Table.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var row = (serializer.SerializeToArray(grainState.State), etag);
        var key = (stateName, grainId);
        if (grainState.ETag is null ? !Table.TryAdd(key, row) : !Table.TryUpdate(key, row, Current(key, grainState.ETag)))
        {
            throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", Table.TryGetValue(key, out var stored) ? stored.ETag : "(none)", grainState.ETag ?? "(none)");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (grainState.ETag is not null && !Table.TryRemove(new KeyValuePair<(string, GrainId), (byte[], string)>(key, Current(key, grainState.ETag))))
        {
            throw new InconsistentStateException($"ETag mismatch clearing {stateName} of {grainId}", Table.TryGetValue(key, out var stored) ? stored.ETag : "(none)", grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    /// <summary>The stored row if its ETag is <paramref name="etag"/>, otherwise a row no stored row equals.</summary>
    private static (byte[] Data, string ETag) Current((string, GrainId) key, string etag) =>
        Table.TryGetValue(key, out var row) && row.ETag == etag ? row : ([], "(mismatch)");
}
