using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The connection Redis clustering shares between the membership table and the grain directory: one multiplexer,
/// opened on first use, that keeps reconnecting by itself (<c>abortConnect=false</c>) while the server is away. While it
/// is disconnected, commands fail with <see cref="RedisConnectionException"/>.
/// </summary>
internal sealed partial class RedisConnection : IDisposable, IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly int _database;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    public RedisConnection(RedisClusteringOptions options, ILogger? logger)
    {
        options.ThrowIfInvalid();
        _configuration = ConfigurationOptions.Parse(options.ConnectionString);
        _configuration.AbortOnConnectFail = false;
        _database = options.Database;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The configured database, connecting first if need be.</summary>
    public async ValueTask<IDatabase> GetDatabaseAsync()
    {
        var multiplexer = _multiplexer ?? await ConnectAsync().ConfigureAwait(false);
        return multiplexer.GetDatabase(_database);
    }

    /// <summary>Closes the connection at once: commands still in flight fail (StackExchange.Redis would otherwise wait a second for them).</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_multiplexer is { } multiplexer)
        {
            multiplexer.Close(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
            multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint?.ToString(), e.FailureType, e.Exception?.Message);
            multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint?.ToString());
            _multiplexer = multiplexer;
            return multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = ClusteringEventIds.RedisConnectionFailed, Level = LogLevel.Warning,
        Message = "Redis clustering lost its connection to {EndPoint} ({FailureType}): {Reason}; reconnecting")]
    private partial void LogConnectionFailed(string? endPoint, ConnectionFailureType failureType, string? reason);

    [LoggerMessage(EventId = ClusteringEventIds.RedisConnectionRestored, Level = LogLevel.Information,
        Message = "Redis clustering reconnected to {EndPoint}")]
    private partial void LogConnectionRestored(string? endPoint);
}
