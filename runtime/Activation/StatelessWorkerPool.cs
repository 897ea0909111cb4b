namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>The local activations of one stateless worker id: calls go to an idle one, new ones start up to the limit.</summary>
internal sealed class StatelessWorkerPool(GrainRuntime runtime, GrainClassInfo classInfo, GrainId grainId, int maxWorkers)
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _workers = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _workers.Count;
            }
        }
    }

    public IReadOnlyList<ActivationData> Snapshot()
    {
        lock (_lock)
        {
            return [.. _workers];
        }
    }

    /// <summary>The worker to send the next call to.</summary>
    public ActivationData Pick()
    {
        ActivationData? created = null;
        ActivationData best;
        lock (_lock)
        {
            best = null!;
            var bestLoad = int.MaxValue;
            foreach (var worker in _workers)
            {
                if (worker.State == ActivationState.Invalid)
                {
                    continue;
                }

                var load = worker.Load;
                if (load < bestLoad)
                {
                    (best, bestLoad) = (worker, load);
                }
            }

            if (bestLoad > 0 && _workers.Count < maxWorkers)
            {
                best = created = new ActivationData(runtime, classInfo, grainId, this);
                _workers.Add(created);
            }
        }

        if (created is not null)
        {
            runtime.Catalog.Track(created);
            created.Start();
        }

        return best;
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers.Remove(worker);
        }
    }
}
