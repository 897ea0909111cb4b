using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Listens on <c>DynamicDb:PgWire:Endpoint</c> and serves each accepted socket as a <see cref="PgWireConnection"/>.
/// Binding happens in <see cref="StartAsync"/>, so an address in use fails the silo's start naming the setting.
/// </summary>
internal sealed partial class PgWireListener(
    IOptions<PgWireOptions> options,
    PgWireServices services,
    ILogger<PgWireListener> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<PgWireConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _accepting = Task.CompletedTask;

    /// <summary>The address the listener is bound to (with the real port when the setting said 0); null before the start.</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = IPEndPoint.Parse(options.Value.Endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException(
                $"The PostgreSQL wire frontend cannot listen on {endpoint} ({PgWireOptions.Setting(nameof(PgWireOptions.Endpoint))}): {e.Message}. " +
                $"Choose another address or set {PgWireOptions.Setting(nameof(PgWireOptions.Enabled))}=false.", e);
        }

        _socket = socket;
        LocalEndpoint = (IPEndPoint)socket.LocalEndPoint!;
        LogListening(logger, LocalEndpoint.ToString(), options.Value.MaxConnections, services.Tls.Subject ?? "off", options.Value.RequireTls);
        _accepting = AcceptAsync(socket, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        LogStopped(logger, LocalEndpoint?.ToString() ?? options.Value.Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _socket?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && stopping.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before it was accepted: keep accepting.
                continue;
            }

            client.NoDelay = true;
            var refused = services.Metrics.Open >= options.Value.MaxConnections;
            var connection = new PgWireConnection(client, services, refused);
            services.Metrics.Opened();
            _connections[connection] = Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None);
        }
    }

    private async Task ServeAsync(PgWireConnection connection, CancellationToken stopping)
    {
        try
        {
            await connection.RunAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            services.Metrics.Closed();
            _connections.TryRemove(connection, out _);
        }
    }

    [LoggerMessage(EventId = SiloEventIds.PgWireListening, Level = LogLevel.Information,
        Message = "PostgreSQL wire frontend listening on {Endpoint} (at most {MaxConnections} connections; TLS {Tls}, required {RequireTls})")]
    private static partial void LogListening(ILogger logger, string endpoint, int maxConnections, string tls, bool requireTls);

    [LoggerMessage(EventId = SiloEventIds.PgWireStopped, Level = LogLevel.Information,
        Message = "PostgreSQL wire frontend on {Endpoint} stopped")]
    private static partial void LogStopped(ILogger logger, string endpoint);
}
