using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// A <c>postgres-ha</c> group spread over the silos of a cluster, as one silo's <see cref="HaPostgresEngine"/> sees it:
/// the primary, epoch and members come from the group's <see cref="IReplicationGroupGrain"/> (read every
/// <see cref="ClusterReplicationOptions.LayoutRefreshInterval"/> and after every operation this silo asks for), and
/// operations are forwarded to it. Starting it tells the grain this silo joined (the grain then creates the group, or
/// restarts this silo's members) and waits until the group is at rest; stopping it stops the members this silo runs.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ClusterReplicationGroup : IReplicationGroup
{
    /// <summary>How often each silo makes sure the engine's grain (its health watch) is active.</summary>
    private static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(2);

    private readonly EngineOptions _options;
    private readonly IGrainFactory _grains;
    private readonly SiloAddress _silo;
    private readonly ClusterReplicationOptions _cluster;
    private readonly ILogger _logger;
    private readonly MemberRunner _runner;
    private readonly CancellationTokenSource _stopping = new();
    private ClusterView? _view;
    private Task? _refresh;

    public ClusterReplicationGroup(EngineOptions options, IGrainFactory grains, SiloAddress silo, ClusterReplicationOptions cluster, ILoggerFactory loggers)
    {
        _options = options;
        _grains = grains;
        _silo = silo;
        _cluster = cluster;
        _logger = loggers.CreateLogger<ClusterReplicationGroup>();
        _runner = new MemberRunner(options, cluster, _logger);
    }

    public string Name => _options.Id;

    public string Location => $"the silos of the cluster (this silo's members in '{_runner.DataDirectory}')";

    /// <summary>True: the cluster's silos run the members, and the group's grain can rebuild them.</summary>
    public bool RunsMembers => true;

    public long Epoch => View.Layout.Epoch;

    public string Primary => View.Layout.Primary;

    public IReadOnlyList<string> Members => View.Layout.Members.Select(m => m.Name).ToList();

    public bool IsAtRest => _view is { } view && view.Layout.IsAtRest();

    private ClusterView View => _view ?? throw new InvalidOperationException($"Replication group '{Name}' has not been started.");

    private IReplicationGroupGrain Grain => _grains.GetGrain<IReplicationGroupGrain>(Name);

    public MemberRole RoleOf(string member) => View.Layout[member].Role;

    public string ConnectionString(string member)
    {
        var view = View;
        var placed = view.Layout[member];
        return new NpgsqlConnectionStringBuilder
        {
            Host = placed.Host,
            Port = placed.Port,
            Username = "postgres",
            Password = view.Password,
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 5,
        }.ConnectionString;
    }

    /// <summary>Joins the group (creating it with the other silos) and waits until it is at rest; then follows its layout.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var deadline = _cluster.SpreadWait + (_options.StartTimeout * (_options.Replicas + 2));
        var started = Stopwatch.GetTimestamp();
        await Grain.JoinAsync(_silo.ToParsableString(), _options.Replicas).ConfigureAwait(false);
        while (true)
        {
            var view = await Grain.GetViewAsync().ConfigureAwait(false);
            if (view is not null && view.Layout.Operation is null)
            {
                _view = view;
                break;
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                    $"Within {deadline.TotalSeconds} s, replication group '{Name}' did not come to rest over the cluster's silos ({view?.Layout.Pending ?? "not created yet"}).");
            }

            await Task.Delay(_cluster.LayoutRefreshInterval, cancellationToken).ConfigureAwait(false);
        }

        _refresh ??= Task.Run(() => RefreshLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Stops following the layout and stops the members this silo runs (a fast shutdown).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await StopRefreshAsync().ConfigureAwait(false);
        await _runner.StopAllAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReplicationGroupStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await Grain.GetStatusAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Fences the primary and promotes <paramref name="target"/> (null: the standby whose WAL reaches furthest).</summary>
    public Task<ReplicationGroupStatus> PromoteAsync(string? target = null, CancellationToken cancellationToken = default) =>
        PromoteAsync(target, [], cancellationToken);

    public async Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default)
    {
        try
        {
            _view = await Grain.PromoteAsync(target, [.. unhealthy]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RefreshAsync().ConfigureAwait(false);
        }

        return await GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// In a cluster a planned switchover is a promotion of <paramref name="target"/> with this silo's statements held
    /// meanwhile (other silos' statements fail over to it as after a failover); <paramref name="catchUpBound"/> is not
    /// used: the promotion refuses a target that could miss acknowledged commits (<c>engine.failover_unsafe</c>).
    /// </summary>
    public async Task<SwitchoverTimings> SwitchOverAsync(string target, TimeSpan catchUpBound, Func<CancellationToken, Task> hold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var previous = Primary;
        var started = Stopwatch.GetTimestamp();
        await hold(cancellationToken).ConfigureAwait(false);
        var held = Stopwatch.GetTimestamp();
        await PromoteAsync(target, cancellationToken).ConfigureAwait(false);
        var promoteMs = Stopwatch.GetElapsedTime(held).TotalMilliseconds;
        return new SwitchoverTimings(Primary, previous, Epoch, Stopwatch.GetElapsedTime(started, held).TotalMilliseconds, 0, 0, 0, promoteMs, 0, promoteMs);
    }

    /// <summary>
    /// Refuses: in a cluster the group's grain places one member per silo (a member is added by starting another silo,
    /// up to the group's <c>Replicas</c>), so there is no member to add by hand.
    /// </summary>
    public Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default) =>
        throw new DynamicDbException(ErrorCodes.RequestInvalid,
            $"Replication group '{Name}' is spread over the cluster's silos, one member per silo, placed by the group itself: members are not added by hand in a cluster (add silos instead).");

    public async Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Grain.RebuildAsync(member).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RefreshAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopRefreshAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StopRefreshAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_refresh is { } refresh)
        {
            await refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var lastWake = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            await RefreshAsync().ConfigureAwait(false);
            if (Stopwatch.GetElapsedTime(lastWake) >= WakeInterval)
            {
                lastWake = Stopwatch.GetTimestamp();
                await WakeHealthWatchAsync().ConfigureAwait(false);
            }

            await Task.Delay(_cluster.LayoutRefreshInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Calls the engine's grain, so it is active somewhere: it decides failovers, and when it died with a silo (the
    /// primary's, say) nothing else may call it — statements that fail before they run report no outcome.
    /// </summary>
    private async Task WakeHealthWatchAsync()
    {
        try
        {
            await _grains.GetGrain<IEngineGrain>(Name).GetStatusAsync().WaitAsync(WakeInterval).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.LayoutRefreshFailed(_logger, e, Name);
        }
    }

    /// <summary>Reads the layout from the group's grain; keeps the last one read when the grain cannot answer now.</summary>
    private async Task RefreshAsync()
    {
        try
        {
            if (await Grain.GetViewAsync().ConfigureAwait(false) is { } view && (_view is null || view.Layout != _view.Layout))
            {
                _view = view;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ClusterLog.LayoutRefreshFailed(_logger, e, Name);
        }
    }
}
