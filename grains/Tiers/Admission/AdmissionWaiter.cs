namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>A statement waiting in its tier's queue: completed (true) when it gets a slot, or failed when it leaves the queue.</summary>
internal sealed class AdmissionWaiter(EngineAdmission owner, Tier tier, double tag, long enqueuedAt)
    : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public Tier Tier => tier;

    /// <summary>Its weighted-fair-queueing tag: the lowest tag among the queues' heads that may run is served first.</summary>
    public double Tag => tag;

    /// <summary>When it was queued (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long EnqueuedAt => enqueuedAt;

    /// <summary>Its place in its queue; null once it left (granted, timed out or cancelled).</summary>
    public LinkedListNode<AdmissionWaiter>? Node { get; set; }

    /// <summary>True once it was counted as throttled (held back while a slot was free).</summary>
    public bool Throttled { get; set; }

    /// <summary>Leaves the queue (its wait timed out, or its caller cancelled); nothing when it has its slot already.</summary>
    public void Leave(bool timedOut) => owner.Leave(this, timedOut);
}
