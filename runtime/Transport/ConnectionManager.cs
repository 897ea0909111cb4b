using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The outbound connections of a silo or client: one per remote endpoint, opened on first use and shared by all
/// callers (concurrent first calls wait for the same connect), opened again on the next call after it fails or
/// closes, and closed on dispose.
/// </summary>
public sealed partial class ConnectionManager : IAsyncDisposable
{
    private readonly TransportServices _services;
    private readonly ConcurrentDictionary<IPEndPoint, Entry> _entries = new();
    private readonly ConcurrentDictionary<SiloAddress, IPEndPoint> _endPoints = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private int _disposed;

    public ConnectionManager(TransportServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<ConnectionManager>();
    }

    /// <summary>The endpoints with an open or opening connection.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The connection to <paramref name="silo"/>'s endpoint. Fails with <see cref="SiloUnavailableException"/> when the
    /// endpoint cannot be reached, or when another silo (a later generation) now answers there: the silo asked for is gone.
    /// </summary>
    public async ValueTask<Connection> GetConnectionAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        // SiloAddress.EndPoint parses the host each time; calls to a silo are frequent, silos are few.
        var endPoint = _endPoints.TryGetValue(silo, out var known) ? known : _endPoints.GetOrAdd(silo, static s => s.EndPoint);
        var connection = await GetConnectionAsync(endPoint, cancellationToken).ConfigureAwait(false);
        if (connection.RemoteIdentity.Silo != silo)
        {
            throw new SiloUnavailableException($"Silo {silo} is gone: its endpoint is now served by {connection.RemoteIdentity}.");
        }

        return connection;
    }

    /// <summary>The connection to <paramref name="endPoint"/>, whoever answers there (e.g. a client's gateway).</summary>
    public async ValueTask<Connection> GetConnectionAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var candidate = new Entry();
            var entry = _entries.GetOrAdd(endPoint, candidate);
            if (entry == candidate)
            {
                entry.Start(ConnectAsync(endPoint, entry));
            }

            Connection connection;
            try
            {
                connection = await entry.Connection.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _entries.TryRemove(new KeyValuePair<IPEndPoint, Entry>(endPoint, entry));
                throw;
            }

            if (!connection.IsClosed)
            {
                return connection;
            }

            // Closed since it was opened: forget it and open a new one.
            _entries.TryRemove(new KeyValuePair<IPEndPoint, Entry>(endPoint, entry));
        }
    }

    /// <summary>Sends a request to <paramref name="silo"/> over its shared connection.</summary>
    public async Task<ResponseEnvelope> SendRequestAsync(SiloAddress silo, RequestEnvelope request, CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(silo, cancellationToken).ConfigureAwait(false);
        return await connection.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var closing = new List<Task>();
        foreach (var entry in _entries.Values)
        {
            closing.Add(CloseAsync(entry));
        }

        _entries.Clear();
        await Task.WhenAll(closing).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static async Task CloseAsync(Entry entry)
    {
        try
        {
            var connection = await entry.Connection.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // It never opened.
        }
    }

    private async Task<Connection> ConnectAsync(IPEndPoint endPoint, Entry entry)
    {
        Connection connection;
        try
        {
            connection = await Connection.ConnectAsync(endPoint, _services, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogConnectFailed(endPoint, exception.Message);
            throw;
        }

        _ = connection.Closed.ContinueWith(static (_, state) =>
        {
            var (entries, endPoint, entry) = ((ConcurrentDictionary<IPEndPoint, Entry>, IPEndPoint, Entry))state!;
            entries.TryRemove(new KeyValuePair<IPEndPoint, Entry>(endPoint, entry));
        }, (_entries, endPoint, entry), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        if (Volatile.Read(ref _disposed) != 0)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        return connection;
    }

    [LoggerMessage(EventId = TransportEventIds.ConnectFailed, Level = LogLevel.Warning, Message = "Connecting to {EndPoint} failed: {Reason}")]
    private partial void LogConnectFailed(IPEndPoint endPoint, string reason);

    /// <summary>One endpoint's connection, opening or open.</summary>
    private sealed class Entry
    {
        private readonly TaskCompletionSource<Connection> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Connection> Connection => _connection.Task;

        public void Start(Task<Connection> connecting) => _ = connecting.ContinueWith(
            static (task, state) =>
            {
                var target = (TaskCompletionSource<Connection>)state!;
                if (task.IsCompletedSuccessfully)
                {
                    target.TrySetResult(task.Result);
                }
                else
                {
                    target.TrySetException(task.Exception!.InnerExceptions);
                }
            },
            _connection,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
