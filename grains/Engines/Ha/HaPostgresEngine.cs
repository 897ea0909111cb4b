using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The <c>postgres-ha</c> engine: a <see cref="ReplicationGroup"/> this silo runs in the engine's data directory (a
/// primary and <see cref="EngineOptions.Replicas"/> synchronous standbys), serving every database on the group's current
/// primary exactly as the <c>postgres</c> kind serves a registered server (one <see cref="PostgresEngine"/> per epoch,
/// built from the primary's connection string; tenant roles and their passwords replicate physically, so they exist on
/// every member). An open database remembers the epoch it was opened at and reopens on the new primary at its next
/// statement once the epoch has moved on (<see cref="HaDatabaseConnection"/>). Nothing is routed while a promotion is under
/// way or to a fenced member. Started by <see cref="HaEngineStartup"/>; failovers are decided by the engine's grain.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class HaPostgresEngine : IReplicatedEngine
{
    private readonly EngineOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EngineMetrics? _metrics;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PostgresEngine> _retired = [];
    private readonly SemaphoreSlim _routing = new(1, 1);
    private readonly ConditionalWeakTable<IDatabaseConnection, HaRoute> _routes = new();
    private readonly WriteSafety _safety;
    private readonly Secrets.SecretProtector _secrets;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HaDatabaseConnection, byte> _open = new();
    private HaRoute? _route;
    private TaskCompletionSource _routeChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Checks the settings; starts nothing (see <see cref="StartAsync"/>). The silo runs the group itself (<see cref="ReplicationGroup"/>).</summary>
    public HaPostgresEngine(EngineOptions options, ILoggerFactory loggers, TimeProvider? time = null, EngineMetrics? metrics = null)
        : this(options, null, loggers, time, metrics)
    {
    }

    /// <summary>
    /// An engine over <paramref name="group"/> (null: a <see cref="ReplicationGroup"/> this silo runs in the engine's data
    /// directory); starts nothing.
    /// </summary>
    public HaPostgresEngine(
        EngineOptions options, IReplicationGroup? group, ILoggerFactory loggers, TimeProvider? time = null, EngineMetrics? metrics = null, Secrets.SecretProtector? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<HaPostgresEngine>();
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        _secrets = secrets ?? Secrets.SecretProtector.ForDataDirectory(Path.GetFullPath(options.DataDirectory));
        Group = group ?? new ReplicationGroup(HaEngineSettings.GroupOptions(options), loggers.CreateLogger<ReplicationGroup>(), _time, secrets);
        _safety = new WriteSafety(options.Failover, _time);
        Door = new StatementDoor(options.Id);
        Retry = new FailoverRetry(options.Failover, options.Id, loggers.CreateLogger<FailoverRetry>(), _time, FirstTxidOfNewPrimary, WaitForFailoverAsync,
            failure => TryFailed?.Invoke(failure));
    }

    /// <summary>
    /// What may be retried across a failover and how (<see cref="FailoverOptions"/>): every statement of the engine's
    /// databases runs through it (<see cref="HaDatabaseConnection"/>).
    /// </summary>
    internal FailoverRetry Retry { get; }

    /// <summary>
    /// Told of each failed try of a statement that will be retried; the silo points it at the engine's health watch
    /// (<see cref="Health.EngineOutcomeReporter.ReportFailedTry"/>) so the circuit hears of a dead primary while
    /// statements wait to be retried.
    /// </summary>
    internal Action<Errors.DynamicDbException>? TryFailed { get; set; }

    /// <summary>The door every statement passes: counted while in flight, held during a planned switchover.</summary>
    internal StatementDoor Door { get; }

    public string Id => _options.Id;

    public string Kind => EngineKinds.PostgresHa;

    /// <summary>The engine's settings.</summary>
    public EngineOptions Options => _options;

    /// <summary>The replication group (its name is the engine id).</summary>
    public IReplicationGroup Group { get; }

    /// <summary>True once <see cref="StartAsync"/> has succeeded.</summary>
    public bool IsStarted => _started.Task.IsCompletedSuccessfully;

    public long Epoch => Group.Epoch;

    /// <summary>True when this silo runs the group's servers (false for a registered group someone else runs).</summary>
    public bool RunsMembers => Group.RunsMembers;

    public string Primary => Group.Primary;

    public Task<ReplicationGroupStatus> GetGroupStatusAsync(CancellationToken cancellationToken = default) => Group.GetStatusAsync(cancellationToken);

    public Health.IEngineProbe CreateProbe(TimeSpan timeout) => new HaPrimaryProbe(this, timeout);

    public async Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Group.RebuildAsync(member, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts (or creates) the group and waits until its standbys stream synchronously; statements wait for this. A group
    /// that cannot start fails with <see cref="ErrorCodes.EngineStartFailed"/> naming the engine, the folder and the cause.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Group.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Engine '{Id}' (kind {EngineKinds.PostgresHa}, {EngineRegistryOptions.SectionName} entry with {(_options.Members.Count > 0 ? $"{_options.Members.Count} registered Members" : $"DataDirectory '{_options.DataDirectory}'")}): its replication group in '{Group.Location}' cannot start: {e.Message}",
                isTransient: false, e);
            _started.TrySetException(failure);
            throw failure;
        }

        _started.TrySetResult();
        Reads?.Start();
        HaEngineLog.Started(_logger, Id, Group.Epoch, Group.Primary, Group.Members.Count);
    }

    /// <summary>Stops every member of the group (servers stopped, ports free).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!IsStarted)
        {
            return;
        }

        await StopReadsAsync().ConfigureAwait(false);
        await Group.StopAsync(cancellationToken).ConfigureAwait(false);
        HaEngineLog.Stopped(_logger, Id);
    }

    /// <summary>
    /// Promotes a standby in place of the primary (<see cref="IReplicationGroup.PromoteAsync"/>: the old primary is fenced,
    /// <paramref name="target"/> or the standby whose WAL reaches furthest is promoted, the epoch goes up). Statements are
    /// refused with <c>engine.unavailable</c> while it runs and reach the new primary afterwards.
    /// </summary>
    public Task<ReplicationGroupStatus> PromoteAsync(string? target, CancellationToken cancellationToken = default) =>
        PromoteAsync(target, [], cancellationToken);

    /// <summary>
    /// As <see cref="PromoteAsync(string?, CancellationToken)"/>, choosing (when <paramref name="target"/> is null) among the
    /// standbys reaching furthest the healthy (not in <paramref name="unhealthy"/>), highest-weighted one.
    /// </summary>
    public async Task<ReplicationGroupStatus> PromoteAsync(string? target, IReadOnlyCollection<string> unhealthy, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Group.PromoteAsync(target, unhealthy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Statements waiting to retry go now rather than at the end of their backoff.
            Interlocked.Exchange(ref _routeChanged, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Waits until a promotion ends (successful or not) or <paramref name="longest"/> passes, whichever comes first.</summary>
    private async Task WaitForFailoverAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _routeChanged).Task.WaitAsync(longest, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The whole backoff passed without a failover: retry as Polly would have.
        }
    }

    /// <summary>Runs <paramref name="statement"/> inside the engine's door (waiting while a switchover holds it).</summary>
    internal async Task<T> ThroughDoorAsync<T>(Func<CancellationToken, Task<T>> statement, CancellationToken cancellationToken)
    {
        using var pass = await Door.EnterAsync(_options.StatementTimeout, cancellationToken).ConfigureAwait(false);
        return await statement(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where statements go now: the primary and epoch of a group at rest, with the <see cref="PostgresEngine"/> serving it.
    /// Fails with <c>engine.unavailable</c> (transient) while the group is not started, a promotion is under way, or the
    /// recorded primary is fenced.
    /// </summary>
    internal async Task<HaRoute> RouteAsync(CancellationToken cancellationToken)
    {
        if (!_started.Task.IsCompleted)
        {
            await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _started.Task.ConfigureAwait(false);
        var (epoch, primary) = AtRest();
        var route = _route;
        if (route is not null && route.Epoch == epoch && route.Primary == primary)
        {
            return route;
        }

        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (epoch, primary) = AtRest();
            route = _route;
            if (route is null || route.Epoch != epoch || route.Primary != primary)
            {
                // Read before anything is routed to this primary at this epoch, so no write of ours ran on it yet.
                var prepared = TakePrepared(epoch, primary);
                var firstTxid = prepared?.FirstTxid ?? await FirstTxidAsync(primary, cancellationToken).ConfigureAwait(false);
                route = new HaRoute(epoch, primary, firstTxid, prepared?.Engine ?? ServingEngine(primary));
                lock (_lock)
                {
                    if (_route is not null)
                    {
                        _retired.Add(_route.Engine);
                    }

                    _route = route;
                }
            }

            return route;
        }
        finally
        {
            _routing.Release();
        }
    }

    /// <summary>The server engine serving <paramref name="primary"/>'s databases (pooled, write tracking on).</summary>
    private PostgresEngine ServingEngine(string primary) => new(
        new EngineOptions
        {
            Id = Id,
            Kind = EngineKinds.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(Group.ConnectionString(primary)) { Pooling = true }.ConnectionString,
            StatementTimeout = _options.StatementTimeout,
            MaxPoolSize = _options.MaxPoolSize,
            SharedPool = _options.SharedPool,
            SharedPoolSize = _options.SharedPoolSize,
            LowTierNice = _options.LowTierNice,
            Health = _options.Health,
        },
        _loggers.CreateLogger<PostgresEngine>(), _time, _metrics, _safety, _secrets);

    /// <summary>The primary and epoch of a group at rest; <c>engine.unavailable</c> (transient) while an operation is under way.</summary>
    private (long Epoch, string Primary) AtRest()
    {
        lock (_lock)
        {
            if (!Group.IsAtRest)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Engine '{Id}' is failing over (its replication group has an operation under way); retry shortly.", isTransient: true);
            }

            return (Group.Epoch, Group.Primary);
        }
    }

    /// <summary>
    /// The first transaction id <paramref name="primary"/> has not handed out yet (<c>txid_snapshot_xmax</c> of its current
    /// snapshot). Transaction ids are reused after a promotion: an id the old primary assigned to a write that never reached
    /// this one may be assigned here again, so an interrupted write of an earlier epoch whose id is at or above this mark
    /// is known not to have committed here, whatever <c>txid_status</c> says (see <see cref="FailoverRetry"/>).
    /// </summary>
    private async Task<long> FirstTxidAsync(string primary, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Group.ConnectionString(primary));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT txid_snapshot_xmax(txid_current_snapshot())", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"Engine '{Id}': its primary {primary} cannot be reached ({e.Message}); retry shortly.", isTransient: true, e);
        }
    }

    /// <summary>Opens <paramref name="name"/> on <paramref name="route"/>'s primary, remembering the route of the connection.</summary>
    internal async Task<IDatabaseConnection> OpenOnAsync(HaRoute route, DatabaseName name, CancellationToken cancellationToken)
    {
        var connection = await route.Engine.OpenAsync(name, cancellationToken).ConfigureAwait(false);
        _routes.AddOrUpdate(connection, route);
        return connection;
    }

    /// <summary>
    /// The guard <see cref="FailoverRetry"/> asks before trusting <c>txid_status</c>: when the connection now in use serves a
    /// later epoch than the one the write ran on, the first transaction id of that epoch's primary; else null.
    /// </summary>
    private Task<long?> FirstTxidOfNewPrimary(IDatabaseConnection wroteOn, IDatabaseConnection now, CancellationToken cancellationToken) =>
        Task.FromResult(_routes.TryGetValue(wroteOn, out var wrote) && _routes.TryGetValue(now, out var current) && current.Epoch > wrote.Epoch
            ? current.FirstTxid
            : (long?)null);

    /// <summary>Forgets a closed database (no longer reopened ahead of its next statement after a switchover).</summary>
    internal void Closed(HaDatabaseConnection connection) => _open.TryRemove(connection, out _);

    /// <summary>A superuser connection string (unpooled) to the primary statements are routed to now; the probe's target.</summary>
    internal async Task<string> PrimaryConnectionStringAsync(CancellationToken cancellationToken) =>
        Group.ConnectionString((await RouteAsync(cancellationToken).ConfigureAwait(false)).Primary);

    public Task<IDatabaseConnection> OpenAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        ThroughDoorAsync<IDatabaseConnection>(async ct =>
        {
            var route = await RouteAsync(ct).ConfigureAwait(false);
            var connection = await OpenOnAsync(route, name, ct).ConfigureAwait(false);
            var opened = new HaDatabaseConnection(this, name, route.Epoch, connection, _logger);
            _open.TryAdd(opened, 0);
            return opened;
        }, cancellationToken);

    public Task<bool> ExistsAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        ThroughDoorAsync(async ct => await (await RouteAsync(ct).ConfigureAwait(false)).Engine.ExistsAsync(name, ct).ConfigureAwait(false), cancellationToken);

    public Task<string> DropAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        ThroughDoorAsync(async ct => await (await RouteAsync(ct).ConfigureAwait(false)).Engine.DropAsync(name, ct).ConfigureAwait(false), cancellationToken);

    /// <summary>Releases the serving pools and stops the members this object started.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopReadsAsync().ConfigureAwait(false);
        List<PostgresEngine> engines;
        lock (_lock)
        {
            engines = [.. _retired, .. _route is null ? [] : new[] { _route.Engine }, .. _prepared is { } prepared ? new[] { prepared.Engine } : []];
            _retired.Clear();
            _route = null;
            _prepared = null;
        }

        foreach (var engine in engines)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        await Group.DisposeAsync().ConfigureAwait(false);
    }
}
