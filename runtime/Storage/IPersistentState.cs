namespace Orleans.DynamicDb.Runtime;

/// <summary>Grain state kept by a storage provider.</summary>
public interface IStorage
{
    /// <summary>The version of the stored record; null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>True when a record is stored.</summary>
    bool RecordExists { get; }

    /// <summary>Deletes the stored record and resets the state.</summary>
    Task ClearStateAsync();

    /// <summary>Stores the state. A record changed by someone else since it was read raises <see cref="InconsistentStateException"/>.</summary>
    Task WriteStateAsync();

    /// <summary>Reads the stored record again.</summary>
    Task ReadStateAsync();
}

/// <summary>Typed grain state kept by a storage provider.</summary>
public interface IStorage<TState> : IStorage
{
    TState State { get; set; }
}

/// <summary>A grain's persistent state, injected with <see cref="PersistentStateAttribute"/>.</summary>
public interface IPersistentState<TState> : IStorage<TState>
{
}
