using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>The activations of one silo: at most one per grain id (a bounded pool for stateless workers).</summary>
internal sealed class Catalog(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _pools = new();
    private readonly ConcurrentDictionary<ActivationData, byte> _all = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every live activation.</summary>
    public ICollection<ActivationData> All => _all.Keys;

    public int Count => _all.Count;

    /// <summary>
    /// The activation to deliver a call for <paramref name="grainId"/> to. When one is created here,
    /// <paramref name="created"/> is true and the caller must queue its call and then call Start, so the call that
    /// caused the activation always sees how it went.
    /// </summary>
    public ActivationData GetOrCreate(GrainId grainId, GrainClassInfo classInfo, out bool created)
    {
        created = false;
        if (classInfo.StatelessWorkerMax is not null)
        {
            return GetWorker(grainId, classInfo);
        }

        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        var fresh = new ActivationData(runtime, classInfo, grainId);
        var winner = _activations.GetOrAdd(grainId, fresh);
        if (ReferenceEquals(winner, fresh))
        {
            Track(fresh);
            created = true;
        }

        return winner;
    }

    /// <summary>A separate method so the common path allocates no closure.</summary>
    private ActivationData GetWorker(GrainId grainId, GrainClassInfo classInfo) =>
        _pools.GetOrAdd(grainId, static (id, state) => new StatelessWorkerPool(state.runtime, state.classInfo, id, state.classInfo.StatelessWorkerMax!.Value), (runtime, classInfo)).Pick();

    /// <summary>The activation of <paramref name="grainId"/> if it is active here.</summary>
    public ActivationData? Find(GrainId grainId) => _activations.GetValueOrDefault(grainId);

    /// <summary>The stateless worker pool of <paramref name="grainId"/>, if any.</summary>
    public StatelessWorkerPool? FindPool(GrainId grainId) => _pools.GetValueOrDefault(grainId);

    internal void Track(ActivationData activation) => _all.TryAdd(activation, 0);

    /// <summary>Forgets an activation that has become invalid.</summary>
    public void OnInvalidated(ActivationData activation)
    {
        _all.TryRemove(activation, out _);
        if (activation.Pool is { } pool)
        {
            pool.Remove(activation);
            if (pool.Count == 0)
            {
                _pools.TryRemove(new KeyValuePair<GrainId, StatelessWorkerPool>(activation.GrainId, pool));
            }
        }
        else
        {
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }
    }
}
