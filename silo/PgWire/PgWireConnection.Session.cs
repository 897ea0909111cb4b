using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Sessions;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The connection's session (docs/sessions.md): opened after authentication, fed per statement through a local
/// <see cref="SessionTracker"/> (never a grain call on the query path), closed with the connection; a kill
/// (<c>DELETE /v1/admin/sessions/{id}</c>) ends the connection with 57P01.
/// </summary>
internal sealed partial class PgWireConnection
{
    private SessionTracker? _session;
    private CancellationTokenSource? _sessionToken;
    private volatile string? _killReason;
    private string? _closeReason;

    /// <summary>This connection's session id, or null when sessions are not tracked (or before authentication).</summary>
    public string? SessionId => _session?.Id;

    /// <summary>This connection's tier now (docs/tiers.md): stamped on its statements and transactions; Medium when untracked.</summary>
    private Tiers.Tier SessionTier => _session?.Tier.Tier ?? Tiers.Tier.Medium;

    private void OpenSession(string? keyId)
    {
        if (_services.Sessions is not { } hub)
        {
            return;
        }

        _session = hub.Open(SessionIds.ForPgWire(), SessionProtocols.PgWire, _app, _database.Database, _app, _socket.RemoteEndPoint as IPEndPoint,
            _readOnly ? SessionPrivileges.ReadOnly : SessionPrivileges.App, keyId ?? "unknown", clientSessionId: null, _settings, KillSession);
    }

    /// <summary>The token the connection serves with: the silo's, cancelled too when the session is killed.</summary>
    private CancellationToken SessionToken(CancellationToken stopping)
    {
        _sessionToken = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        return _sessionToken.Token;
    }

    private void KillSession(string reason)
    {
        _killReason = reason;
        try
        {
            _sessionToken?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    private string KilledMessage => $"terminating connection due to administrator command: the session was killed ({_killReason})";

    private void CloseSession(CancellationToken stopping)
    {
        _session?.Close(_killReason ?? (stopping.IsCancellationRequested ? "the silo is stopping" : _closeReason ?? "the client closed the connection"));
        _idleRunning?.Dispose();
        _idleRunning = null;
        _sessionToken?.Dispose();
    }

    private void SessionSettingsChanged() => _session?.Settings(_settings);

    private void SessionSent(long bytes) => _session?.Sent(bytes);

    /// <summary>Runs an engine call and tells the session: a read or a write, its server time, the rows it returned.</summary>
    private async Task<T> TrackAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_session is not { } session || (typeof(T) != typeof(ExecResult) && typeof(T) != typeof(QueryResult)))
        {
            // Not a statement (BEGIN, COMMIT, a describe probe's bookkeeping): nothing to count.
            return await call(cancellationToken).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        var write = typeof(T) == typeof(ExecResult);
        var inTransaction = _transactionId is not null;
        try
        {
            var result = await call(cancellationToken).ConfigureAwait(false);
            session.Statement(write, Stopwatch.GetElapsedTime(started), result is QueryResult query ? query.Rows.Count : 0, inTransaction);
            return result;
        }
        catch (Exception)
        {
            session.Statement(write, Stopwatch.GetElapsedTime(started), 0, inTransaction, failed: true);
            throw;
        }
    }

    /// <summary>Runs a row-returning statement through the grain (in the open transaction when there is one) and tells the session.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<QueryResult> QueryCallAsync(Statement statement, CancellationToken stopping)
    {
        var running = StartRunning(stopping);
        var started = Stopwatch.GetTimestamp();
        var transaction = _transactionId;
        try
        {
            var result = await (transaction is null
                ? _grain.QueryAsync(statement, running.Token)
                : _grain.QueryInTransactionAsync(transaction, statement, running.Token)).ConfigureAwait(false);
            _session?.Statement(false, Stopwatch.GetElapsedTime(started), result.Rows.Count, transaction is not null);
            return result;
        }
        catch (Exception)
        {
            _session?.Statement(false, Stopwatch.GetElapsedTime(started), 0, transaction is not null, failed: true);
            throw;
        }
        finally
        {
            EndRunning(running);
        }
    }

    /// <summary>Runs a statement that returns no rows through the grain (in the open transaction when there is one) and tells the session.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExecResult> ExecCallAsync(Statement statement, CancellationToken stopping)
    {
        var running = StartRunning(stopping);
        var started = Stopwatch.GetTimestamp();
        var transaction = _transactionId;
        try
        {
            var result = await (transaction is null
                ? _grain.ExecAsync(statement, running.Token)
                : _grain.ExecInTransactionAsync(transaction, statement, running.Token)).ConfigureAwait(false);
            _session?.Statement(true, Stopwatch.GetElapsedTime(started), 0, transaction is not null);
            return result;
        }
        catch (Exception)
        {
            _session?.Statement(true, Stopwatch.GetElapsedTime(started), 0, transaction is not null, failed: true);
            throw;
        }
        finally
        {
            EndRunning(running);
        }
    }
}
