using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>The grain runtime's cluster paths: where a call goes when its grain may live on another silo.</summary>
internal sealed partial class GrainRuntime
{
    /// <summary>Set when this silo is part of a cluster (before it takes calls); null on a single silo.</summary>
    public ClusterContext? Cluster { get; private set; }

    public void AttachCluster(ClusterContext cluster) =>
        Cluster = Cluster is null ? cluster : throw new InvalidOperationException("The silo is already attached to a cluster.");

    /// <summary>
    /// Delivers a call that arrived from another silo (or a client). A grain that is not active here goes where the
    /// directory says; a grain the directory does not know is activated here (the sender's placement chose this silo).
    /// </summary>
    public Task<object?> ReceiveRemote(GrainId target, GrainMethodDescriptor method, object?[] arguments, int hops)
    {
        if (hops > ClusterContext.MaxHops)
        {
            return Task.FromException<object?>(new InvalidOperationException($"The call {method.Name} to grain {target} was forwarded {hops} times between silos; giving up."));
        }

        if (_stopping && Catalog.Find(target) is null)
        {
            return Task.FromException<object?>(new GrainNotHereException($"Silo {Cluster?.Self} is shutting down and does not host grain {target}."));
        }

        return method.BoxedSend(this, target, arguments, hops);
    }

    /// <summary>The call path when the silo is in a cluster and the grain is not active here.</summary>
    private Task<T> SendClustered<T>(ClusterContext cluster, GrainId target, GrainClassInfo classInfo, GrainMethodDescriptor method, object?[] arguments, long timeoutTicks, int hops)
    {
        if (cluster.Locator.TryGetCached(target, out var silo))
        {
            return silo == cluster.Self
                ? DispatchLocal<T>(target, classInfo, method, arguments, timeoutTicks)
                : cluster.Remote.CallAsync<T>(silo, target, method, arguments, TimeoutOf(method), hops + 1);
        }

        return hops > 0
            ? DispatchLocal<T>(target, classInfo, method, arguments, timeoutTicks)
            : SendLocatingAsync<T>(cluster, target, classInfo, method, arguments, timeoutTicks, hops);
    }

    private async Task<T> SendLocatingAsync<T>(ClusterContext cluster, GrainId target, GrainClassInfo classInfo, GrainMethodDescriptor method, object?[] arguments, long timeoutTicks, int hops)
    {
        for (var attempt = 0; ; attempt++)
        {
            var silo = await cluster.Locator.LocateAsync(target, classInfo).ConfigureAwait(false);
            if (silo == cluster.Self)
            {
                return await DispatchLocal<T>(target, classInfo, method, arguments, timeoutTicks).ConfigureAwait(false);
            }

            try
            {
                return await cluster.Remote.CallAsync<T>(silo, target, method, arguments, TimeoutOf(method), hops + 1).ConfigureAwait(false);
            }
            catch (GrainNotHereException) when (attempt < 2)
            {
                // Nothing ran: the silo is leaving. Look again (its entry goes when it deactivates the grain).
                cluster.Locator.Invalidate(target);
            }
        }
    }

    /// <summary>Sends a queued call on to wherever its grain lives now (or will be placed), failing it if that is this stopping silo.</summary>
    private async Task RedispatchClusteredAsync(ClusterContext cluster, GrainId target, GrainClassInfo classInfo, Request request)
    {
        try
        {
            var silo = cluster.Locator.TryGetCached(target, out var cached) ? cached : await cluster.Locator.LocateAsync(target, classInfo).ConfigureAwait(false);
            if (silo != cluster.Self)
            {
                request.ForwardTo(cluster, silo, target, TimeoutOf(request.Method!));
            }
            else if (_stopping)
            {
                request.Fail(new SiloUnavailableException($"Silo {cluster.Self} is shutting down and no other silo can take the {request.Describe(target)}."));
            }
            else
            {
                Dispatch(target, classInfo, request);
            }
        }
        catch (Exception exception)
        {
            request.Fail(exception);
        }
    }

    /// <summary>Registers a new activation in the directory; false when another activation won (calls were forwarded to it).</summary>
    internal async Task<bool> RegisterActivationAsync(ActivationData activation)
    {
        if (Cluster is null || activation.Pool is not null)
        {
            return true;
        }

        var winner = await Cluster.Locator.RegisterAsync(activation.Address(Cluster.Self)).ConfigureAwait(false);
        if (winner is null)
        {
            return true;
        }

        LogForwarded(activation.GrainId, winner.Silo);
        return false;
    }

    /// <summary>Removes a departing activation's directory entry (before its queued calls are sent on).</summary>
    internal Task UnregisterActivationAsync(ActivationData activation) =>
        Cluster is null || activation.Pool is not null ? Task.CompletedTask : Cluster.Locator.UnregisterAsync(activation.Address(Cluster.Self));

    private TimeSpan TimeoutOf(GrainMethodDescriptor method) => method.Timeout ?? MessagingOptions.ResponseTimeout;

    [LoggerMessage(EventId = RuntimeEventIds.ActivationForwarded, Level = LogLevel.Information, Message = "Grain {GrainId} is already active on {Winner}; calls queued here are forwarded there")]
    private partial void LogForwarded(GrainId grainId, Membership.SiloAddress winner);
}
