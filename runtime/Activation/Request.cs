using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>
/// One unit of work waiting for, or holding, a turn on an activation: a grain call or a timer tick.
/// Admission rules (who may interleave with whom) read the flags here.
/// </summary>
internal abstract class Request
{
    /// <summary>May run beside any other request (an [AlwaysInterleave] method, an interleaving timer).</summary>
    public abstract bool IsAlwaysInterleave { get; }

    /// <summary>A [ReadOnly] method: may run beside other read-only requests.</summary>
    public abstract bool IsReadOnly { get; }

    /// <summary>Finishing this request counts as activity for idle collection.</summary>
    public virtual bool CountsAsActivity => true;

    /// <summary>The caller no longer waits (answered, timed out or cancelled): skip it if it has not started.</summary>
    public abstract bool IsDone { get; }

    /// <summary>The runtime timestamp after which the caller gets a timeout; long.MaxValue for none.</summary>
    public long Deadline { get; init; } = long.MaxValue;

    /// <summary>Runs the request on the activation's turn; must end with <see cref="ActivationData.OnRequestCompleted"/>.</summary>
    public abstract void Start(ActivationData activation, object grain);

    /// <summary>Answers the caller with an exception, unless it was answered already.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Sends the request to the silo that now hosts its grain; only grain calls can travel.</summary>
    public virtual void ForwardTo(Cluster.ClusterContext cluster, Membership.SiloAddress silo, GrainId target, TimeSpan timeout) =>
        Fail(new InvalidOperationException($"The {Describe(target)} cannot move to silo {silo}."));

    /// <summary>Describes the request for timeouts and logs.</summary>
    public abstract string Describe(GrainId target);

    /// <summary>The method being called, for grain calls.</summary>
    public virtual GrainMethodDescriptor? Method => null;
}
