using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// One client connection of the PostgreSQL wire protocol (v3): startup and SCRAM-SHA-256 authentication, then the
/// simple and extended query protocols, each statement a call of the database's grain. A protocol error, a timeout or a
/// limit closes this connection only.
/// </summary>
internal sealed partial class PgWireConnection
{
    private const int StatementFlushBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly PgWireServices _services;
    private readonly bool _refused;
    private readonly Dictionary<string, PgStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PgPortal> _portals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _settings = new(StringComparer.OrdinalIgnoreCase);
    private FrontendReader _reader = null!;
    private BackendWriter _writer = null!;
    private CancellationTokenSource? _running;

    // The running source of the last statement, reset for the next one, and the token it is linked to.
    private CancellationTokenSource? _idleRunning;
    private CancellationToken _idleRunningLinkedTo;
    private int _processId;
    private int _secretKey;
    private string _app = "";

    // The session's key is read-only (DynamicDb:Auth:ApiKeys:N:ReadOnly): every statement runs in the engine's
    // read-only mode, so a write is refused by the engine (SQLSTATE 25006) whatever SQL the client sends.
    private bool _readOnly;
    private DatabaseName _database;
    private IDatabaseGrain _grain = null!;
    private bool _skipToSync;

    // A Describe of a prepared statement is running it with null arguments: read-only, so the probe cannot write.
    private bool _describing;

    // This connection is counted in its app's open connections (DynamicDb:PgWire:MaxConnectionsPerApp).
    private bool _countedApp;

    public PgWireConnection(Socket socket, PgWireServices services, bool refused)
    {
        _socket = socket;
        _services = services;
        _refused = refused;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    /// <summary>The client's address and port.</summary>
    public string Remote { get; }

    /// <summary>Serves the connection until the client leaves, an error closes it or the silo stops.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var options = _services.Options;
        Attach(new NetworkStream(_socket, ownsSocket: true));
        try
        {
            using (var startup = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                startup.CancelAfter(options.StartupTimeout);
                try
                {
                    if (!await StartupAsync(startup.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (startup.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    _services.Metrics.Refused("startup_timeout");
                    throw new PgWireException(PgSqlState.ProtocolViolation,
                        $"the connection did not complete its startup and authentication within {options.StartupTimeout} ({PgWireOptions.Setting(nameof(PgWireOptions.StartupTimeout))})", fatal: true);
                }
            }

            await ServeAsync(SessionToken(stopping)).ConfigureAwait(false);
        }
        catch (PgWireWriteTimeoutException e)
        {
            // A client that stops reading: only this connection closes, its unsent output is dropped.
            LogWriteTimeout(_services.Logger, Remote, _app, e.Timeout);
        }
        catch (PgWireException e) when (e.Fatal)
        {
            LogClosedByError(_services.Logger, Remote, _app, e.SqlState, e.Message);
            _closeReason = e.Message;
            await TrySendFatalAsync(e.SqlState, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_killReason is not null && !stopping.IsCancellationRequested)
        {
            await TrySendFatalAsync(PgSqlState.AdminShutdown, KilledMessage).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await TrySendFatalAsync(PgSqlState.AdminShutdown, "terminating connection due to administrator command: the silo is stopping").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogUnexpected(_services.Logger, Remote, _app, e);
            await TrySendFatalAsync(PgSqlState.InternalError, $"internal error: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            CloseSession(stopping);
            if (_processId != 0)
            {
                _services.Cancellation.Unregister(_processId);
            }

            await RollbackLeftOpenAsync().ConfigureAwait(false);

            if (_countedApp)
            {
                _services.AppConnections.Remove(_app);
            }

            await DetachAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the statement running now when <paramref name="secretKey"/> is this connection's key.</summary>
    public bool CancelRunning(int secretKey)
    {
        if (secretKey != _secretKey)
        {
            return false;
        }

        try
        {
            Volatile.Read(ref _running)?.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ServeAsync(CancellationToken stopping)
    {
        var idleTimeout = _services.Options.IdleTimeout;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        while (true)
        {
            if (idleTimeout > TimeSpan.Zero)
            {
                idle.CancelAfter(idleTimeout);
            }

            byte type;
            try
            {
                var (read, t) = await _reader.ReadAsync(startup: false, idle.Token).ConfigureAwait(false);
                if (!read)
                {
                    return;
                }

                type = t;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new PgWireException(PgSqlState.IdleSessionTimeout,
                    $"terminating connection due to idle-session timeout ({idleTimeout}, {PgWireOptions.Setting(nameof(PgWireOptions.IdleTimeout))})", fatal: true);
            }

            idle.CancelAfter(Timeout.InfiniteTimeSpan);
            _services.Metrics.Message();
            _services.Metrics.Received(_reader.Length + 5);
            if (type == (byte)'X')
            {
                return;
            }

            await HandleAsync(type, stopping).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleAsync(byte type, CancellationToken stopping)
    {
        if (type == (byte)'Q')
        {
            await SimpleQueryAsync(stopping).ConfigureAwait(false);
            return;
        }

        if (type == (byte)'S')
        {
            _skipToSync = false;
            _portals.Clear();
            ReadyForQuery();
            await FlushAsync(stopping).ConfigureAwait(false);
            return;
        }

        if (type == (byte)'H')
        {
            await FlushAsync(stopping).ConfigureAwait(false);
            return;
        }

        if (type is (byte)'d' or (byte)'c' or (byte)'f')
        {
            // The rest of a COPY that failed: the client goes on sending until it learns of the error (as PostgreSQL does).
            return;
        }

        if (type is not ((byte)'P' or (byte)'B' or (byte)'D' or (byte)'E' or (byte)'C'))
        {
            var what = type is (byte)'F' ? "function call" : null;
            throw new PgWireException(
                what is null ? PgSqlState.ProtocolViolation : PgSqlState.FeatureNotSupported,
                what is null ? $"invalid frontend message type {type} ('{(char)type}')" : $"the {what} sub-protocol is not supported", fatal: true);
        }

        if (_skipToSync)
        {
            return;
        }

        try
        {
            await ExtendedAsync(type, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStatementError(e))
        {
            _skipToSync = true;
            SendError(e);
        }
    }

    private static bool IsStatementError(Exception e) =>
        e is PgWireException { Fatal: false } or Errors.DynamicDbException or OperationCanceledException or OrleansException or TimeoutException;

    private async Task TrySendFatalAsync(string sqlState, string message)
    {
        try
        {
            Error("FATAL", sqlState, message);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or PgWireWriteTimeoutException)
        {
            // The client is gone or stopped reading: nothing more to tell it.
        }
    }
}
