using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>
/// A client of a remote cluster: grain calls go over TCP to a gateway silo, which routes them. Made by
/// <see cref="ClientBuilder"/>; call <see cref="ConnectAsync"/> before the first grain call and dispose it when done.
/// </summary>
public sealed partial class ClusterClient : IClusterClient, IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IGatewayListProvider _provider;
    private readonly ConnectionManager _connections;
    private readonly GatewayManager _gateways;
    private readonly ClientGrainTypes _types;
    private readonly ClientGrainCallSender _sender;
    private readonly ConcurrentDictionary<Type, GrainReferenceShared> _shared = new();
    private readonly ILogger _logger;
    private int _state; // 0 created, 1 connected, 2 disposed

    internal ClusterClient(ServiceProvider services, IGatewayListProvider provider)
    {
        _services = services;
        _provider = provider;
        var options = services.GetRequiredService<IOptions<ClientOptions>>().Value;
        options.Validate();
        var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        if (messaging.ResponseTimeout <= TimeSpan.Zero && messaging.ResponseTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException($"{MessagingOptions.SectionName}:{nameof(MessagingOptions.ResponseTimeout)} must be positive or infinite; it is {messaging.ResponseTimeout}.");
        }

        var loggers = services.GetRequiredService<ILoggerFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        _logger = loggers.CreateLogger<ClusterClient>();
        ClientId = options.ClientId ?? $"client-{Environment.MachineName}-{Guid.NewGuid():N}";
        var serializer = new WireSerializer(services.GetRequiredService<IOptions<WireSerializerOptions>>().Value);
        var transport = new TransportServices(
            PeerIdentity.ForClient(ClientId),
            serializer,
            services.GetRequiredService<IOptions<TransportOptions>>().Value,
            handler: null,
            time,
            loggers);
        _connections = new ConnectionManager(transport);
        _gateways = new GatewayManager(provider, _connections, options, time, loggers.CreateLogger<GatewayManager>());
        var grainTypes = services.GetRequiredService<IOptions<GrainTypeOptions>>().Value;
        _types = new ClientGrainTypes(grainTypes.Assemblies, grainTypes.Classes);
        _sender = new ClientGrainCallSender(_gateways, messaging, () => Volatile.Read(ref _state) == 1);
    }

    public IServiceProvider ServiceProvider => _services;

    /// <summary>This client's id, as gateways see it.</summary>
    public string ClientId { get; }

    /// <summary>Whether <see cref="ConnectAsync"/> succeeded and the client is not disposed.</summary>
    public bool IsConnected => Volatile.Read(ref _state) == 1;

    /// <summary>The gateways the client knows now.</summary>
    internal IReadOnlyList<IPEndPoint> Gateways => _gateways.Gateways;

    internal GatewayManager GatewayManager => _gateways;

    /// <summary>
    /// Reads the gateway list and opens a connection to one gateway. Fails with a <see cref="SiloUnavailableException"/>
    /// naming the endpoints tried when none can be reached; it may be called again then.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 2, this);
        await _gateways.StartAsync(cancellationToken).ConfigureAwait(false);
        _types.Load();
        var (gateway, _) = await _gateways.ConnectAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(Interlocked.CompareExchange(ref _state, 1, 0) == 2, this);

        LogConnected(ClientId, gateway, _gateways.Gateways.Count);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Reference<TGrainInterface>(new GrainId(_types.GrainTypeOf(typeof(TGrainInterface)), primaryKey));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey =>
        Reference<TGrainInterface>(GrainId.Create(_types.GrainTypeOf(typeof(TGrainInterface)), primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey =>
        Reference<TGrainInterface>(GrainId.Create(_types.GrainTypeOf(typeof(TGrainInterface)), primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The default GrainId names no grain.", nameof(grainId));
        }

        return Reference<TGrainInterface>(grainId);
    }

    /// <summary>Closes the connections to the gateways (calls in flight fail) and disposes the client's services.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _gateways.DisposeAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        if (_provider is IAsyncDisposable provider)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private TGrainInterface Reference<TGrainInterface>(GrainId grainId)
    {
        var proxy = GrainProxyGenerator.Get(typeof(TGrainInterface));
        var shared = _shared.GetOrAdd(typeof(TGrainInterface), static (_, state) => new GrainReferenceShared(state.Info, state.Sender), (proxy.Info, Sender: (IGrainCallSender)_sender));
        return (TGrainInterface)(object)proxy.Create(shared, grainId);
    }

    [LoggerMessage(EventId = ClientEventIds.Connected, Level = LogLevel.Information, Message = "Cluster client {ClientId} connected through gateway {Gateway} ({Count} gateways known)")]
    private partial void LogConnected(string clientId, IPEndPoint gateway, int count);
}
