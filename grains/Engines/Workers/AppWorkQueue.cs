namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>The waiting and running work of one application in a <see cref="FairWorkerPool"/>; guarded by the pool's lock.</summary>
internal sealed class AppWorkQueue(string app)
{
    private readonly LinkedList<WorkItem> _waiting = new();

    public string App => app;

    /// <summary>How many of the application's operations run right now.</summary>
    public int Busy { get; set; }

    /// <summary>How many of the application's operations wait for a worker.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>The application's place in the pool's round-robin while it has waiting work; null otherwise.</summary>
    public LinkedListNode<AppWorkQueue>? Turn { get; set; }

    /// <summary>True when nothing of the application waits or runs: the pool can forget it.</summary>
    public bool Idle => Busy == 0 && _waiting.Count == 0;

    public void Enqueue(WorkItem item) => item.Node = _waiting.AddLast(item);

    public WorkItem Dequeue()
    {
        var item = _waiting.First!.Value;
        Remove(item);
        return item;
    }

    public void Remove(WorkItem item)
    {
        _waiting.Remove(item.Node!);
        item.Node = null;
    }

    /// <summary>Takes every waiting operation out (the pool is stopping).</summary>
    public List<WorkItem> DrainWaiting()
    {
        var items = _waiting.ToList();
        foreach (var item in items)
        {
            Remove(item);
            item.Settled = true;
        }

        return items;
    }
}
