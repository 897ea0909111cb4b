using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Membership;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// The grain directory of one cluster in Redis: one key per grain, <c>{KeyPrefix}:{ClusterId}:{grainType}/{grainKey}</c>,
/// holding "{silo}|{activationId}", and one set per silo, <c>{KeyPrefix}:{ClusterId}:silo:{silo}</c>, of the grains it
/// holds, so <see cref="UnregisterSilos"/> touches only that silo's grains. Every change is a Lua script
/// (<see cref="RedisGrainDirectoryScripts"/>), atomic on the server. Needs a single Redis server (not Redis Cluster).
/// </summary>
public sealed class RedisGrainDirectory : IGrainDirectory, IDisposable, IAsyncDisposable
{
    /// <summary>How many of a silo's grains one <see cref="UnregisterSilos"/> script handles, so no script blocks Redis for long.</summary>
    internal const int UnregisterBatchSize = 200;

    private readonly RedisConnection _connection;
    private readonly bool _ownsConnection;
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;

    /// <summary>A directory with its own connection, closed when the directory is disposed.</summary>
    /// <param name="options">The server; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="clusterId">The cluster whose entries this directory reads and writes.</param>
    /// <param name="logger">Logs removals and connection changes. Default: none.</param>
    public RedisGrainDirectory(RedisClusteringOptions options, string clusterId, ILogger<RedisGrainDirectory>? logger = null)
        : this(new RedisConnection(Checked(options), logger), ownsConnection: true, options.KeyPrefix, clusterId, logger)
    {
    }

    internal RedisGrainDirectory(RedisConnection connection, bool ownsConnection, string keyPrefix, string clusterId, ILogger? logger)
    {
        _keys = new RedisKeys(keyPrefix, clusterId);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<GrainAddress> Register(GrainAddress address) => (await Register(address, previous: null).ConfigureAwait(false))!;

    public async Task<GrainAddress?> Register(GrainAddress address, GrainAddress? previous)
    {
        GrainAddresses.Validate(address, nameof(address));
        GrainAddresses.ValidatePrevious(address, previous);
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(
            RedisGrainDirectoryScripts.Register,
            [_keys.Grain(address.GrainId), _keys.SiloGrains(address.Silo)],
            [
                GrainAddresses.Encode(address),
                address.GrainId.ToString(),
                previous is null ? "if-absent" : "replace",
                previous is null ? string.Empty : GrainAddresses.Encode(previous),
                _keys.SiloGrainsPrefix,
            ]).ConfigureAwait(false);
        var stored = GrainAddresses.Decode(address.GrainId, (string)result!);
        if (previous is not null && stored == address)
        {
            GrainDirectoryLog.Replaced(_logger, address.GrainId, previous.Silo, address.Silo);
        }

        return stored;
    }

    public async Task<GrainAddress?> Lookup(GrainId grainId)
    {
        GrainAddresses.Validate(grainId, nameof(grainId));
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var value = await database.StringGetAsync(_keys.Grain(grainId)).ConfigureAwait(false);
        return value.IsNull ? null : GrainAddresses.Decode(grainId, value!);
    }

    public async Task Unregister(GrainAddress address)
    {
        GrainAddresses.Validate(address, nameof(address));
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(
            RedisGrainDirectoryScripts.Unregister,
            [_keys.Grain(address.GrainId), _keys.SiloGrains(address.Silo)],
            [GrainAddresses.Encode(address), address.GrainId.ToString()]).ConfigureAwait(false);
    }

    public async Task UnregisterSilos(IReadOnlyList<SiloAddress> silos)
    {
        GrainAddresses.Validate(silos, nameof(silos));
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var deleted = 0L;
        foreach (var silo in silos)
        {
            while (true)
            {
                var result = (RedisResult[])(await database.ScriptEvaluateAsync(
                    RedisGrainDirectoryScripts.UnregisterSiloBatch,
                    [_keys.SiloGrains(silo)],
                    [_keys.ClusterPrefix, silo.ToParsableString(), UnregisterBatchSize]).ConfigureAwait(false))!;
                deleted += (long)result[1];
                if ((long)result[0] == 0)
                {
                    break;
                }
            }
        }

        if (deleted > 0)
        {
            GrainDirectoryLog.SilosUnregistered(_logger, (int)deleted, silos);
        }
    }

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static RedisClusteringOptions Checked(RedisClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }
}
