using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Safety;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// An open database of a <c>postgres-ha</c> engine: a connection to the database on the primary of the epoch it was
/// opened at. Every statement goes through <see cref="RunAsync"/>, which first reopens the database on the engine's
/// current primary when the epoch has moved on (a failover), so no statement reaches a former primary after its
/// replacement serves, and runs the statement under the engine's <see cref="FailoverRetry"/> (what may be retried after
/// a failover: reads, statements that never reached the server, writes known not to have committed).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed partial class HaDatabaseConnection(
    HaPostgresEngine engine, DatabaseName name, long epoch, IDatabaseConnection connection, ILogger logger) : IDatabaseConnection
{
    private readonly SemaphoreSlim _reopen = new(1, 1);
    private (long Epoch, IDatabaseConnection Connection) _opened = (epoch, connection);
    private int _closed;

    public DatabaseName Name => name;

    /// <summary>The epoch the connection serves now.</summary>
    public long Epoch => _opened.Epoch;

    public Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default) =>
        WriteAsync(statement.SessionId, statement.Tier, ct => engine.Retry.ExecAsync(statement, CurrentAsync, ct), cancellationToken);

    /// <summary>Runs the query; an autocommit read may run on a standby by its tier (see the <c>.Reads.cs</c> part).</summary>
    public Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default) =>
        RoutedAsync(statement, (c, ct) => c.QueryAsync(statement, ct), CommittedQuery, cancellationToken);

    /// <summary>Opens the cursor; an autocommit read may run on a standby by its tier (see the <c>.Reads.cs</c> part).</summary>
    public Task<IRowCursor> OpenCursorAsync(Statement statement, RowBatchLimits? firstBatch, CancellationToken cancellationToken = default) =>
        RoutedAsync(statement, (c, ct) => c.OpenCursorAsync(statement, firstBatch, ct), CommittedCursor, cancellationToken);

    /// <summary>Runs the batch on the primary (a transaction never runs on a standby).</summary>
    public Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default) =>
        WriteAsync(statements.FirstOrDefault(s => s.SessionId is not null)?.SessionId, statements.Count > 0 ? statements[0].Tier : Tiers.Tier.Medium,
            ct => engine.Retry.TransactionAsync(statements, CurrentAsync, ct), cancellationToken);

    /// <summary>Begins the transaction on the current primary; a later failover ends it (<see cref="HaTransaction"/>).</summary>
    public Task<IDatabaseTransaction> BeginAsync(bool readOnly, TransactionIsolation isolation = TransactionIsolation.ReadCommitted, CancellationToken cancellationToken = default) =>
        engine.ThroughDoorAsync<IDatabaseTransaction>(async ct =>
        {
            var connection = await CurrentAsync(ct).ConfigureAwait(false);
            var epoch = _opened.Epoch;
            var inner = await connection.BeginAsync(readOnly, isolation, ct).ConfigureAwait(false);
            return new HaTransaction(engine, name, epoch, inner);
        }, cancellationToken);

    public Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default) =>
        RunAsync(StatementKind.Read, (c, ct) => c.GetSchemaAsync(ct), () => throw new InvalidOperationException("A read has no commit."), cancellationToken);

    /// <summary>
    /// The one door of every statement: passes the engine's <see cref="StatementDoor"/> (held during a planned switchover),
    /// then runs it on the current primary (reopening there after a failover) under the engine's
    /// <see cref="FailoverRetry"/>, which retries it across a failover only when that is safe.
    /// <paramref name="committed"/> answers a write found committed after its connection was lost.
    /// </summary>
    internal Task<T> RunAsync<T>(StatementKind kind, Func<IDatabaseConnection, CancellationToken, Task<T>> statement, Func<T> committed, CancellationToken cancellationToken) =>
        engine.ThroughDoorAsync(ct => engine.Retry.ExecuteAsync(kind, CurrentAsync, statement, committed, ct), cancellationToken);

    // A writing query (INSERT ... RETURNING) found committed after its connection was lost: its rows cannot be read back.
    private static QueryResult CommittedQuery() => throw OutcomeWithoutRows();

    private static IRowCursor CommittedCursor() => throw OutcomeWithoutRows();

    private static Errors.DynamicDbException OutcomeWithoutRows() => new(Errors.ErrorCodes.SqlOutcomeUnknown,
        "The statement's write was committed, but its connection was lost before its rows were read, so they cannot be returned; " +
        "it was not run again. Read the data to see its effect.", isTransient: false);

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        engine.Closed(this);
        await CloseStandbysAsync().ConfigureAwait(false);
        await _opened.Connection.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <summary>Reopens the database on the engine's current primary unless it is open there (a switchover's warm-up); nothing when closed.</summary>
    internal async Task FollowAsync(CancellationToken cancellationToken)
    {
        if (_closed == 0)
        {
            await CurrentAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The connection to the primary statements go to now; opens the database there when the epoch moved on.</summary>
    private async Task<IDatabaseConnection> CurrentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        var route = await engine.RouteAsync(cancellationToken).ConfigureAwait(false);
        var opened = _opened;
        if (opened.Epoch == route.Epoch)
        {
            return opened.Connection;
        }

        await _reopen.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            opened = _opened;
            if (opened.Epoch != route.Epoch)
            {
                var fresh = await engine.OpenOnAsync(route, name, cancellationToken).ConfigureAwait(false);
                _opened = (route.Epoch, fresh);
                HaEngineLog.Reopened(logger, name.FullName, engine.Id, opened.Epoch, route.Epoch, route.Primary);
                try
                {
                    await opened.Connection.CloseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Errors.DynamicDbException or Npgsql.NpgsqlException)
                {
                    // The former primary's pool: nothing to flush, and its server is gone.
                }
            }

            return _opened.Connection;
        }
        finally
        {
            _reopen.Release();
        }
    }
}
