using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>
/// The grain runtime of one silo: delivers calls to activations (creating them on first call), times calls out,
/// collects idle activations and shuts everything down in order.
/// </summary>
internal sealed partial class GrainRuntime : IGrainCallSender, IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, (GrainReferenceShared Shared, Func<GrainReferenceShared, GrainId, GrainReference> Create)> _proxies = new();
    private readonly ILogger _logger;
    private readonly long _responseTimeoutTicks;
    private ITimer? _collector;
    private ITimer? _sweeper;
    private volatile bool _stopping;
    private volatile bool _abandoned;

    public GrainRuntime(
        IServiceProvider services,
        GrainTypeManager types,
        IOptions<GrainCollectionOptions> collection,
        IOptions<MessagingOptions> messaging,
        TimeProvider timeProvider,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        Types = types;
        CollectionOptions = collection.Value;
        MessagingOptions = messaging.Value;
        TimeProvider = timeProvider;
        _logger = logger;
        _responseTimeoutTicks = ToTicks(MessagingOptions.ResponseTimeout);
        Catalog = new Catalog(this);
        CallFilters = [.. services.GetServices<IIncomingGrainCallFilter>()];
    }

    public IServiceProvider Services { get; }

    public GrainTypeManager Types { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public MessagingOptions MessagingOptions { get; }

    public TimeProvider TimeProvider { get; }

    public Catalog Catalog { get; }

    public IIncomingGrainCallFilter[] CallFilters { get; }

    public bool HasCallFilters => CallFilters.Length > 0;

    public IGrainFactory GrainFactory => this;

    public bool IsStopping => _stopping;

    public void Start()
    {
        _collector = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).CollectIdle(), this, CollectionOptions.CollectionQuantum, CollectionOptions.CollectionQuantum);
        var sweep = TimeSpan.FromTicks(Math.Clamp(MessagingOptions.ResponseTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _sweeper = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).SweepTimeouts(), this, sweep, sweep);
    }

    public Task<T> Send<T>(GrainId target, GrainMethodDescriptor method, object?[] arguments) => SendCore<T>(target, method, arguments, hops: 0);

    /// <summary>Sends a call; <paramref name="hops"/> counts how often it was forwarded between silos.</summary>
    internal Task<T> SendCore<T>(GrainId target, GrainMethodDescriptor method, object?[] arguments, int hops)
    {
        if (_stopping && ActivationData.Current is null && hops == 0)
        {
            return Task.FromException<T>(new SiloUnavailableException($"The silo is shutting down; {method.Name} to grain {target} was not delivered."));
        }

        if (method.CopiesArguments && hops == 0)
        {
            method.CopyArguments(arguments);
        }

        var timeout = method.Timeout is { } t ? ToTicks(t) : _responseTimeoutTicks;
        var classInfo = Types.ForGrainType(target.Type);
        if (Cluster is { } cluster && classInfo.StatelessWorkerMax is null && Catalog.Find(target) is null)
        {
            return SendClustered<T>(cluster, target, classInfo, method, arguments, timeout, hops);
        }

        return DispatchLocal<T>(target, classInfo, method, arguments, timeout);
    }

    private Task<T> DispatchLocal<T>(GrainId target, GrainClassInfo classInfo, GrainMethodDescriptor method, object?[] arguments, long timeoutTicks)
    {
        var request = new GrainCallRequest<T>(method, arguments, method.IsOneWay) { Deadline = TimeProvider.GetTimestamp() + timeoutTicks };
        Dispatch(target, classInfo, request);
        return method.IsOneWay ? CompletedDefault<T>.Task : request.Task;
    }

    /// <summary>Delivers a request that was queued on an activation that went away.</summary>
    public void Redispatch(GrainId target, Request request)
    {
        if (request.IsDone)
        {
            return;
        }

        var classInfo = Types.ForGrainType(target.Type);
        if (Cluster is { } cluster && classInfo.StatelessWorkerMax is null && request.Method is not null)
        {
            _ = RedispatchClusteredAsync(cluster, target, classInfo, request);
            return;
        }

        if (_stopping && request is not Timers.TimerTickRequest && Catalog.Count == 0)
        {
            request.Fail(new SiloUnavailableException($"The silo shut down before the {request.Describe(target)} could run."));
            return;
        }

        Dispatch(target, classInfo, request);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Reference<TGrainInterface>(new GrainId(Types.ForInterface(typeof(TGrainInterface)).GrainType, primaryKey));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey =>
        Reference<TGrainInterface>(GrainId.Create(Types.ForInterface(typeof(TGrainInterface)).GrainType, primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey =>
        Reference<TGrainInterface>(GrainId.Create(Types.ForInterface(typeof(TGrainInterface)).GrainType, primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The default GrainId names no grain.", nameof(grainId));
        }

        return Reference<TGrainInterface>(grainId);
    }

    /// <summary>Stops taking calls from outside, lets running turns finish and deactivates every activation with ShuttingDown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _collector?.Dispose();
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");

        // Turns that finish during shutdown may call grains that are not active yet; repeat until none are left.
        for (var round = 0; round < 10 && Catalog.Count > 0; round++)
        {
            var all = Catalog.All.ToArray();
            LogShuttingDown(all.Length);
            await Task.WhenAll(all.Select(a => a.DeactivateAsync(reason, wait: true))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _sweeper?.Dispose();
    }

    /// <summary>
    /// Stops like a crashed process (tests): no new calls, no timers, and no deactivation: activations are left as
    /// they are, their turns never finish.
    /// </summary>
    public void Abandon()
    {
        _abandoned = true;
        _stopping = true;
        _collector?.Dispose();
        _sweeper?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_abandoned)
        {
            return;
        }

        if (!_stopping)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _collector?.Dispose();
        _sweeper?.Dispose();
    }

    internal void OnActivated(ActivationData activation, TimeSpan elapsed) => LogActivated(activation.GrainId, elapsed.TotalMilliseconds);

    internal void OnDeactivated(ActivationData activation, DeactivationReason reason) => LogDeactivated(activation.GrainId, reason.ReasonCode, reason.Description);

    private TGrainInterface Reference<TGrainInterface>(GrainId grainId)
    {
        var proxy = _proxies.GetOrAdd(typeof(TGrainInterface), static (type, runtime) =>
        {
            var (info, create) = GrainProxyGenerator.Get(type);
            return (new GrainReferenceShared(info, runtime), create);
        }, this);
        return (TGrainInterface)(object)proxy.Create(proxy.Shared, grainId);
    }

    private void Dispatch(GrainId target, GrainClassInfo classInfo, Request request)
    {
        var spins = new SpinWait();
        while (true)
        {
            var activation = Catalog.GetOrCreate(target, classInfo, out var created);
            var queued = activation.TryEnqueue(request);
            if (created)
            {
                activation.Start();
            }

            if (queued)
            {
                return;
            }

            // The activation found has just become invalid and is leaving the catalog; look again.
            spins.SpinOnce();
        }
    }

    private void CollectIdle()
    {
        var now = TimeProvider.GetTimestamp();
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The activation was idle longer than its collection age.");
        foreach (var activation in Catalog.All)
        {
            if (activation.IsIdleLongerThanAge(now))
            {
                activation.Deactivate(reason);
            }
        }
    }

    private void SweepTimeouts()
    {
        var now = TimeProvider.GetTimestamp();
        var expired = new List<Request>();
        foreach (var activation in Catalog.All)
        {
            var before = expired.Count;
            activation.CollectExpired(now, expired);
            for (var i = before; i < expired.Count; i++)
            {
                var request = expired[i];
                var timeout = request.Method?.Timeout ?? MessagingOptions.ResponseTimeout;
                request.Fail(new TimeoutException($"Response did not arrive on time in {timeout} for {request.Describe(activation.GrainId)}."));
                LogCallTimedOut(activation.GrainId, request.Method?.Name ?? "timer", timeout);
            }
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * TimeProvider.TimestampFrequency);

    private static class CompletedDefault<T>
    {
        public static readonly Task<T> Task = System.Threading.Tasks.Task.FromResult(default(T)!);
    }
}
