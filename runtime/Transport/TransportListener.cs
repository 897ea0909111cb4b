using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// Accepts connections from other silos and clients on one endpoint (127.0.0.1 or a configured address; port 0 picks
/// a free port, see <see cref="EndPoint"/>). Each accepted socket gets its handshake and becomes a
/// <see cref="Connection"/> whose requests go to <see cref="TransportServices.Handler"/>. Disposing stops listening and
/// closes every accepted connection.
/// </summary>
public sealed partial class TransportListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _handshakes = new();
    private readonly ILogger _logger;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    /// <summary>Binds and starts listening at once, so <see cref="EndPoint"/> is known when the constructor returns.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound (e.g. the port is in use).</exception>
    public TransportListener(IPEndPoint endPoint, TransportServices services)
        : this(endPoint, _ => services)
    {
    }

    /// <summary>
    /// Binds, then asks <paramref name="servicesFactory"/> for the services, given the bound endpoint: for port 0, where
    /// this side's identity (its <see cref="Membership.SiloAddress"/>) depends on the port it got.
    /// </summary>
    public TransportListener(IPEndPoint endPoint, Func<IPEndPoint, TransportServices> servicesFactory)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(servicesFactory);
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A silo restarted on its port must not wait for the old connections' TIME_WAIT to expire.
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(endPoint);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        try
        {
            Services = servicesFactory(EndPoint) ?? throw new InvalidOperationException("The services factory returned null.");
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        _logger = Services.LoggerFactory.CreateLogger<TransportListener>();
        _acceptLoop = AcceptLoopAsync();
        LogStarted(EndPoint, Services.LocalIdentity);
    }

    /// <summary>The services accepted connections use.</summary>
    public TransportServices Services { get; }

    /// <summary>The bound endpoint, with the actual port when 0 was asked for.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The accepted connections that are open now.</summary>
    public IReadOnlyCollection<Connection> Connections => [.. _connections.Keys];

    /// <summary>Raised (on a thread-pool thread) for each connection whose handshake succeeded.</summary>
    public event Action<Connection>? ConnectionAccepted;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_handshakes.Keys).ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stopping.Dispose();
        LogStopped(EndPoint);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                LogAcceptFailed(EndPoint, exception);
                continue;
            }

            var handshake = OpenAsync(accepted);
            _handshakes.TryAdd(handshake, 0);
            _ = handshake.ContinueWith(
                static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out byte _),
                _handshakes,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task OpenAsync(Socket socket)
    {
        Connection connection;
        try
        {
            connection = await Connection.AcceptAsync(socket, Services, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection logged why; the socket is closed.
            return;
        }

        _connections.TryAdd(connection, 0);
        _ = connection.Closed.ContinueWith(static (task, state) =>
        {
            var (connections, closed) = ((ConcurrentDictionary<Connection, byte>, Connection))state!;
            connections.TryRemove(closed, out _);
        }, (_connections, connection), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        if (_stopping.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        ConnectionAccepted?.Invoke(connection);
    }

    [LoggerMessage(EventId = TransportEventIds.ListenerStarted, Level = LogLevel.Information, Message = "Listening on {EndPoint} as {Identity}")]
    private partial void LogStarted(IPEndPoint endPoint, PeerIdentity identity);

    [LoggerMessage(EventId = TransportEventIds.ListenerStopped, Level = LogLevel.Information, Message = "Stopped listening on {EndPoint}")]
    private partial void LogStopped(IPEndPoint endPoint);

    [LoggerMessage(EventId = TransportEventIds.AcceptFailed, Level = LogLevel.Warning, Message = "Accepting a connection on {EndPoint} failed")]
    private partial void LogAcceptFailed(IPEndPoint endPoint, Exception exception);
}
