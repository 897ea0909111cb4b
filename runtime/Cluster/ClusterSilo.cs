using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Reminders;
using Orleans.DynamicDb.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>
/// The cluster side of a silo (inactive with localhost clustering): listens on the silo port, takes its address from
/// the bound endpoint, joins membership, attaches the grain locator and the remote caller to the grain runtime, and
/// serves this silo's slices of the reminder table. Leaves gracefully on stop; stops the host when declared dead.
/// </summary>
internal sealed partial class ClusterSilo(
    IServiceProvider services,
    GrainRuntime runtime,
    LocalSiloDetails local,
    IOptions<ClusterOptions> cluster,
    IOptions<EndpointOptions> endpoints,
    IOptions<ClusterMembershipOptions> membership,
    IOptions<TransportOptions> transport,
    TimeProvider time,
    ILoggerFactory loggers) : IReminderRanges, IAsyncDisposable
{
    private static readonly IReadOnlyList<(uint, uint)> Whole = [(0u, 0u)];
    private TransportListener? _listener;
    private ConnectionManager? _connections;
    private MembershipAgent? _agent;
    private GrainLocator? _locator;
    private IReadOnlyList<(uint Begin, uint End)> _owned = Whole;

    public event Action? Changed;

    public bool IsEnabled => cluster.Value.Mode != ClusteringMode.Localhost;

    public IReadOnlyList<(uint Begin, uint End)> Owned => Volatile.Read(ref _owned);

    public MembershipAgent? Agent => _agent;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var table = services.GetRequiredService<IMembershipTable>();
        var directory = services.GetRequiredService<IGrainDirectory>();
        var handler = new SiloMessageHandler(runtime, loggers.CreateLogger<SiloMessageHandler>(), () => Changed?.Invoke());
        var serializer = new WireSerializer();
        TransportServices? transportServices = null;
        var endpoint = new IPEndPoint(IPAddress.Parse(endpoints.Value.AdvertisedIPAddress), endpoints.Value.SiloPort);
        _listener = new TransportListener(endpoint, bound =>
        {
            local.SiloAddress = SiloAddress.New(bound, time);
            return transportServices = new TransportServices(PeerIdentity.ForSilo(local.SiloAddress), serializer, transport.Value, handler, time, loggers);
        });
        _connections = new ConnectionManager(transportServices!);
        _agent = new MembershipAgent(table, local, new TransportSiloProber(_connections), membership, time, loggers.CreateLogger<MembershipAgent>());
        _locator = new GrainLocator(directory, _agent, loggers.CreateLogger<GrainLocator>());
        runtime.AttachCluster(new ClusterContext(_locator, new TransportRemoteGrainCaller(_connections)));
        _agent.Changed += OnMembershipChanged;
        _agent.DeclaredDead += () => services.GetService<IHostApplicationLifetime>()?.StopApplication();
        await _agent.JoinAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the owner of the grain's reminders to re-read them; best effort (it re-reads periodically anyway).</summary>
    public async Task NotifyOwnerAsync(GrainId grainId)
    {
        if (_agent is null || _connections is null || _agent.Snapshot.Ring.IsEmpty)
        {
            return;
        }

        var owner = _agent.Snapshot.Ring.OwnerOf(grainId.GetUniformHashCode());
        if (owner == local.SiloAddress)
        {
            Changed?.Invoke();
            return;
        }

        try
        {
            var request = new RequestEnvelope(grainId, SiloMessageHandler.RemindersChangedInterface, 0, []) { Timeout = TimeSpan.FromSeconds(5) };
            await _connections.SendRequestAsync(owner, request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SiloUnavailableException or TransportException or OperationCanceledException or TimeoutException)
        {
            // The owner is leaving or unreachable: the next owner reads the row when the ring changes.
        }
    }

    /// <summary>First step of a graceful stop: others stop placing grains here.</summary>
    public Task BeginStopAsync(CancellationToken cancellationToken) => _agent?.BeginLeaveAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Last step: the row says Dead, connections close.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_agent is not null)
        {
            await _agent.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Drops off the network at once, like a crashed process (tests): no leave, no goodbye.</summary>
    public ValueTask KillAsync() => DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            _agent.Changed -= OnMembershipChanged;
            await _agent.DisposeAsync().ConfigureAwait(false);
        }

        _locator?.Dispose();
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        if (snapshot.ActiveSilos.Count == 0 || !local.HasAddress)
        {
            return;
        }

        var next = snapshot.ActiveSilos.Contains(local.SiloAddress) ? snapshot.Ring.RangesOf(local.SiloAddress) : [];
        if (!next.SequenceEqual(Owned))
        {
            Volatile.Write(ref _owned, next);
            Changed?.Invoke();
        }
    }
}
