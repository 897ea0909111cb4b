using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// An open database of a <c>postgres-ha</c> engine: a connection to the database on the primary of the epoch it was
/// opened at. Every statement goes through <see cref="RunAsync"/>, which first reopens the database on the engine's
/// current primary when the epoch has moved on (a failover), so no statement reaches a former primary after its
/// replacement serves; the statement-level safety policy (what may be retried after a failover) plugs in there.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class HaDatabaseConnection(
    HaPostgresEngine engine, DatabaseName name, long epoch, IDatabaseConnection connection, ILogger logger) : IDatabaseConnection
{
    private readonly SemaphoreSlim _reopen = new(1, 1);
    private (long Epoch, IDatabaseConnection Connection) _opened = (epoch, connection);
    private int _closed;

    public DatabaseName Name => name;

    /// <summary>The epoch the connection serves now.</summary>
    public long Epoch => _opened.Epoch;

    public Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default) =>
        RunAsync(HaStatementKind.Write, (c, ct) => c.ExecAsync(statement, ct), cancellationToken);

    public Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default) =>
        RunAsync(HaStatementKind.Read, (c, ct) => c.QueryAsync(statement, ct), cancellationToken);

    public Task<IRowCursor> OpenCursorAsync(Statement statement, RowBatchLimits? firstBatch, CancellationToken cancellationToken = default) =>
        RunAsync(HaStatementKind.Read, (c, ct) => c.OpenCursorAsync(statement, firstBatch, ct), cancellationToken);

    public Task<IReadOnlyList<ExecResult>> TransactionAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default) =>
        RunAsync(HaStatementKind.Write, (c, ct) => c.TransactionAsync(statements, ct), cancellationToken);

    public Task<DatabaseSchema> GetSchemaAsync(CancellationToken cancellationToken = default) =>
        RunAsync(HaStatementKind.Read, (c, ct) => c.GetSchemaAsync(ct), cancellationToken);

    /// <summary>
    /// The one door of every statement: routes it to the current primary (reopening there after a failover) and runs it.
    /// <paramref name="kind"/> tells a safety policy whether the statement may be retried.
    /// </summary>
    internal async Task<T> RunAsync<T>(HaStatementKind kind, Func<IDatabaseConnection, CancellationToken, Task<T>> statement, CancellationToken cancellationToken)
    {
        _ = kind; // the retry policy (reads, never-sent statements, writes known not committed) will decide with it
        var current = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await statement(current, cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _opened.Connection.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

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
                var fresh = await route.Engine.OpenAsync(name, cancellationToken).ConfigureAwait(false);
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
