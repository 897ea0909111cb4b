using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Runtime;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: one named record of one grain in one storage provider.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>
{
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly GrainState<TState> _record;

    public PersistentState(IServiceProvider services, GrainId grainId, PersistentStateAttribute attribute)
    {
        var storageName = attribute.StorageName ?? ProviderConstants.DefaultStorageProviderName;
        _storage = services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"Grain {grainId} asks for state '{attribute.StateName}' in storage provider '{storageName}', but no grain storage of that name is registered. Register one with AddMemoryGrainStorage(\"{storageName}\") or AddAdoNetGrainStorage(\"{storageName}\", ...).");
        _stateName = attribute.StateName;
        _grainId = grainId;
        _record = new GrainState<TState>(CreateDefault());
    }

    public TState State
    {
        get => _record.State;
        set => _record.State = value;
    }

    public string? Etag => _record.ETag;

    public bool RecordExists => _record.RecordExists;

    public Task ReadStateAsync() => _storage.ReadStateAsync(_stateName, _grainId, _record);

    public Task WriteStateAsync() => _storage.WriteStateAsync(_stateName, _grainId, _record);

    public async Task ClearStateAsync()
    {
        await _storage.ClearStateAsync(_stateName, _grainId, _record);
        _record.State = CreateDefault();
    }

    private static TState CreateDefault() =>
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<TState>() : default!;
}
