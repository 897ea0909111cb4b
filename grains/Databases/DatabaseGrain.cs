using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// One logical database. Activation wakes it (opens its engine resources), deactivation after its idle timeout
/// hibernates it (closes them), and the first call to a database that was never created creates it. Every statement
/// for the database runs here, concurrently with the statements of other sessions; exclusive operations close the
/// grain's statement gate (<c>DatabaseGrain.Drain.cs</c>).
/// </summary>
[CollectionAgeLimit(Hours = 2)]
internal sealed partial class DatabaseGrain(
    IEngineRegistry engines,
    IDatabaseCatalog catalog,
    IOptions<DatabaseOptions> options,
    DatabaseMetrics metrics,
    TimeProvider time,
    ILogger<DatabaseGrain> logger) : Grain, IDatabaseGrain
{
    private readonly DatabaseOptions _options = options.Value;
    private DatabaseName _name;
    private DatabaseInfo? _info;
    private IDatabaseEngine? _engine;
    private IDatabaseConnection? _connection;
    private Task? _creating;
    private DateTimeOffset _lastCall;
    private DateTimeOffset _lastFlushed;
    private readonly StatementTimeouts _timeouts = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = DatabaseName.Parse(this.GetPrimaryKeyString());
        _lastCall = time.GetUtcNow();
        var entry = await catalog.GetAsync(_name.App, _name.Database, cancellationToken);
        if (entry is null || entry.Status == DatabaseStatus.Dropped)
        {
            ApplyHibernationTimeout(null);
            return;
        }

        var started = time.GetTimestamp();
        _engine = engines.Get(entry.Engine);
        _connection = await _engine.OpenAsync(_name, cancellationToken);
        _info = entry with { Status = DatabaseStatus.Active, LastActivity = time.GetUtcNow() };
        try
        {
            await ClaimEpochAsync(cancellationToken);
        }
        catch
        {
            await CloseConnectionAsync(cancellationToken);
            throw;
        }

        await RecoverSwitchAsync(entry, cancellationToken);
        await RecordPlacementAsync(cancellationToken);
        ApplyHibernationTimeout(entry.HibernationTimeout);
        StartActivityFlush();
        var elapsed = time.GetElapsedTime(started);
        metrics.Woke(_engine.Id, elapsed);
        LogWoke(_name.FullName, _engine.Id, elapsed.TotalMilliseconds, time.GetUtcNow() - entry.LastActivity);
    }

    /// <summary>
    /// Hibernates: closes open cursors and the connection, then records the status. Nothing a tenant left behind (an open
    /// cursor, a statement that makes closing fail) stops it: failures are logged and the status is still recorded.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_transactions.Count > 0 || _gate.InFlight > 0)
        {
            var hibernating = reason.ReasonCode is DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ApplicationRequested;
            await CloseGateAsync(hibernating ? "hibernation" : "deactivation",
                hibernating ? $"database '{_name.Database}' hibernated" : $"database '{_name.Database}' was deactivated ({reason.ReasonCode}: {reason.Description})");
        }

        await CloseAllCursorsAsync("hibernation");
        if (_connection is null || _info is null)
        {
            return;
        }

        var started = time.GetTimestamp();
        await CloseConnectionAsync(cancellationToken);
        if (await SetStatusUnderEpochAsync(DatabaseStatus.Hibernated, Max(_lastCall, _info.LastActivity), cancellationToken))
        {
            await EndEpochAsync(ActivationEnd.Hibernated);
        }

        var elapsed = time.GetElapsedTime(started);
        metrics.Hibernated(_info.Engine, elapsed);
        LogHibernated(_name.FullName, _info.Engine, reason.ReasonCode, elapsed.TotalMilliseconds);
    }

    public async Task<CreatedDatabase> CreateAsync(string? engineId, TimeSpan? hibernationTimeout, CancellationToken cancellationToken)
    {
        if (hibernationTimeout is { } h && h < TimeSpan.Zero)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The hibernation timeout {h} of database '{_name.Database}' must be zero (never hibernate) or positive.");
        }

        if (_info is not null)
        {
            if (engineId is not null && !string.Equals(engineId, _info.Engine, StringComparison.OrdinalIgnoreCase))
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid, $"Database '{_name.Database}' already exists on engine '{_info.Engine}'; it cannot be created on '{engineId}'.");
            }

            if (hibernationTimeout is not null && hibernationTimeout != _info.HibernationTimeout)
            {
                await EnsureCurrentEpochAsync(cancellationToken);
                _info = _info with { HibernationTimeout = hibernationTimeout };
                await catalog.UpsertAsync(_info, cancellationToken);
                ApplyHibernationTimeout(hibernationTimeout);
            }

            return new CreatedDatabase(_info, Created: false);
        }

        await EnsureCreatedAsync(engineId, hibernationTimeout, cancellationToken);
        return new CreatedDatabase(_info!, Created: true);
    }

    public Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken) =>
        Traced("transaction", () => TransactionCoreAsync(statements, cancellationToken));

    private async Task<IReadOnlyList<ExecResult>> TransactionCoreAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0 || statements.Count > _options.MaxTransactionStatements)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"A transaction needs 1 to {_options.MaxTransactionStatements} statements (setting {DatabaseOptions.SectionName}:MaxTransactionStatements); it has {statements.Count}.");
        }

        using var lease = await _gate.EnterAsync(cancellationToken);
        var connection = await ConnectionAsync(cancellationToken);
        await EnsureCurrentEpochAsync(cancellationToken);
        using var admitted = await AdmitAsync(statements[0].Tier, cancellationToken);
        using var timeout = Timeout(_options.TransactionTimeout, cancellationToken);
        return await WithTimeout(OnEngine("transaction", () => connection.TransactionAsync(statements, timeout.Token)), _options.TransactionTimeout, "TransactionTimeout", cancellationToken);
    }

    public async Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
        return await WithTimeout(connection.GetSchemaAsync(timeout.Token), _options.QueryTimeout, "QueryTimeout", cancellationToken);
    }

    public async Task<DroppedDatabase> DropAsync(CancellationToken cancellationToken)
    {
        if (_info is null || _engine is null)
        {
            throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"Database '{_name.Database}' does not exist in app '{_name.App}'.");
        }

        ThrowIfSwitching("dropped");
        await EnsureCurrentEpochAsync(cancellationToken);
        await CloseGateAsync("drop", $"database '{_name.Database}' was dropped");
        string movedTo;
        DatabaseInfo dropped;
        try
        {
            await CloseAllCursorsAsync("drop");
            if (_connection is not null)
            {
                await CloseConnectionAsync(cancellationToken);
                metrics.Hibernated(_engine.Id, TimeSpan.Zero);
            }

            movedTo = await _engine.DropAsync(_name, cancellationToken);
            dropped = _info with { Status = DatabaseStatus.Dropped, LastActivity = time.GetUtcNow() };
            await catalog.UpsertAsync(dropped, cancellationToken);
            await EndEpochAsync(ActivationEnd.Dropped);
            _epoch = 0;
            _info = null;
            _engine = null;
            _creating = null;
        }
        finally
        {
            _gate.Open();
        }

        LogDropped(_name.FullName, dropped.Engine, movedTo);
        DeactivateOnIdle();
        return new DroppedDatabase(dropped, movedTo);
    }

    private async ValueTask<IDatabaseConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            await EnsureCreatedAsync(null, null, cancellationToken);
        }

        return _connection!;
    }

    /// <summary>Creates the database once, even when several interleaved read-only calls ask at the same time.</summary>
    private Task EnsureCreatedAsync(string? engineId, TimeSpan? hibernationTimeout, CancellationToken cancellationToken)
    {
        if (_creating is null || _creating.IsFaulted || _creating.IsCanceled)
        {
            _creating = CreateCoreAsync(engineId, hibernationTimeout, cancellationToken);
        }

        return _creating;
    }

    private async Task CreateCoreAsync(string? engineId, TimeSpan? hibernationTimeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var engine = engineId is null ? engines.Default : engines.Get(engineId);
        var connection = await engine.OpenAsync(_name, cancellationToken);
        var now = time.GetUtcNow();
        var info = new DatabaseInfo(_name.App, _name.Database, engine.Id, DatabaseStatus.Active, now, now, hibernationTimeout);
        try
        {
            await catalog.UpsertAsync(info, cancellationToken);
            await ClaimEpochAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        (_engine, _connection, _info) = (engine, connection, info);
        await RecordPlacementAsync(cancellationToken);
        ApplyHibernationTimeout(hibernationTimeout);
        StartActivityFlush();
        var elapsed = time.GetElapsedTime(started);
        metrics.Created(engine.Id, elapsed);
        LogCreated(_name.FullName, engine.Id, elapsed.TotalMilliseconds);
    }

    /// <summary>Closes and disposes the connection; a failure of either is logged, not thrown, and the connection is let go.</summary>
    private async Task CloseConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = _connection!;
        _connection = null;
        try
        {
            await connection.CloseAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogCloseFailed(_name.FullName, _info?.Engine ?? "?", e);
        }

        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e)
        {
            LogCloseFailed(_name.FullName, _info?.Engine ?? "?", e);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Writes the time of the last call to the catalog every 30 s while it changes (without keeping the database awake).</summary>
    private void StartActivityFlush()
    {
        _lastFlushed = _info!.LastActivity;
        this.RegisterGrainTimer(FlushActivityAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)) { KeepAlive = false });
    }

    private async Task FlushActivityAsync(CancellationToken cancellationToken)
    {
        if (_info is null || _lastCall <= _lastFlushed)
        {
            return;
        }

        try
        {
            if (await SetStatusUnderEpochAsync(DatabaseStatus.Active, _lastCall, cancellationToken))
            {
                _lastFlushed = _lastCall;
            }
        }
        catch (DynamicDbException exception)
        {
            LogFlushFailed(_name.FullName, exception);
        }
    }

    /// <summary>A statement's client-side timeout (the backstop of the engine's own), cancelled too when the caller's token is.</summary>
    private StatementTimeouts.Lease Timeout(TimeSpan limit, CancellationToken cancellationToken) => _timeouts.Start(limit, cancellationToken);

    /// <summary>Turns a cancellation caused by our own limit into <c>sql.timeout</c> naming the setting.</summary>
    private async Task<T> WithTimeout<T>(Task<T> operation, TimeSpan limit, string setting, CancellationToken callerToken)
    {
        try
        {
            return await operation;
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw TimedOut(limit, setting);
        }
    }

    private DynamicDbException TimedOut(TimeSpan limit, string setting) =>
        new(ErrorCodes.SqlTimeout, $"Database '{_name.Database}' did not answer within {limit.TotalSeconds:0.###} s (setting {DatabaseOptions.SectionName}:{setting}).", isTransient: true);
}
