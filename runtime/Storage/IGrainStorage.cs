namespace Orleans.DynamicDb.Runtime;

/// <summary>The state record a storage provider reads and writes.</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>A plain <see cref="IGrainState{T}"/>.</summary>
public sealed class GrainState<T>(T state) : IGrainState<T>
{
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

/// <summary>
/// A grain storage provider, registered as a keyed singleton under its name. Each method works on one
/// (state name, grain id) record and keeps <see cref="IGrainState{T}.ETag"/> as an optimistic concurrency check.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the record into <paramref name="grainState"/>; when none exists, leaves State as is, sets RecordExists false and ETag null.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes the record if its stored etag equals grainState.ETag (null = must not exist), then sets the new ETag and RecordExists.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the record under the same etag check; afterwards ETag is null and RecordExists false.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
