namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// Grain storage in this process's memory, for tests and development: lost when the process ends. Thread-safe, with
/// the same etag rules as the durable providers, and it keeps a JSON copy of the state, so the grain's object is
/// never shared with storage.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<RecordKey, StoredRecord> _records = [];
    private readonly Lock _lock = new();
    private readonly string _name;

    /// <param name="name">The provider's name, used in error messages.</param>
    public MemoryGrainStorage(string name = ProviderConstants.DefaultStorageProviderName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = RecordKey.Create(stateName, grainId, grainState);
        StoredRecord? record;
        lock (_lock)
        {
            _records.TryGetValue(key, out record);
        }

        if (record is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        grainState.State = GrainStateJson.Deserialize<T>(record.Payload, _name, stateName, grainId);
        grainState.ETag = record.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = RecordKey.Create(stateName, grainId, grainState);
        var written = new StoredRecord(GrainStateJson.Serialize(grainState.State, _name, stateName, grainId), GrainStorageEtag.New());
        lock (_lock)
        {
            _records.TryGetValue(key, out var stored);
            GrainStorageEtag.Check(_name, "write", stateName, grainId, stored?.ETag, grainState.ETag);
            _records[key] = written;
        }

        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = RecordKey.Create(stateName, grainId, grainState);
        lock (_lock)
        {
            _records.TryGetValue(key, out var stored);
            GrainStorageEtag.Check(_name, "clear", stateName, grainId, stored?.ETag, grainState.ETag);
            _records.Remove(key);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private sealed record StoredRecord(string Payload, string ETag);

    private readonly record struct RecordKey(string GrainType, string GrainKey, string StateName)
    {
        public static RecordKey Create<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            GrainStorageArguments.Validate(stateName, grainId, grainState);
            return new RecordKey(grainId.Type, grainId.Key, stateName);
        }
    }
}
