using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The membership table of one cluster in Redis: one hash, <c>{KeyPrefix}:{ClusterId}:membership</c>, holds the table
/// version and every row. Writes are Lua scripts (<see cref="RedisMembershipScripts"/>), so each version-and-etag check
/// and its write happen atomically on the server; reads are single commands, so they are consistent snapshots.
/// </summary>
public sealed class RedisMembershipTable : IMembershipTable, IDisposable, IAsyncDisposable
{
    private const string Store = "Redis";

    private readonly RedisConnection _connection;
    private readonly bool _ownsConnection;
    private readonly string _keyPrefix;
    private readonly RedisKeys _keys;
    private readonly string _clusterId;
    private readonly ILogger _logger;

    /// <summary>A table with its own connection, closed when the table is disposed.</summary>
    /// <param name="options">The server; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="clusterId">The cluster whose rows this table reads and writes.</param>
    /// <param name="logger">Logs writes and connection changes. Default: none.</param>
    public RedisMembershipTable(RedisClusteringOptions options, string clusterId, ILogger<RedisMembershipTable>? logger = null)
        : this(new RedisConnection(Checked(options), logger), ownsConnection: true, options.KeyPrefix, clusterId, logger)
    {
    }

    internal RedisMembershipTable(RedisConnection connection, bool ownsConnection, string keyPrefix, string clusterId, ILogger? logger)
    {
        _keys = new RedisKeys(keyPrefix, clusterId);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _keyPrefix = keyPrefix;
        _clusterId = clusterId;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        if (tryInitTableVersion && await RunAsync(database, RedisMembershipScripts.Initialize, MembershipRows.NewEtag()).ConfigureAwait(false))
        {
            MembershipTableLog.Initialized(_logger, _clusterId, Store);
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        if (RedisKeys.ClusterIdProblem(clusterId) is { } problem)
        {
            throw new ArgumentException($"The cluster id {problem}", nameof(clusterId));
        }

        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        await database.KeyDeleteAsync(RedisKeys.MembershipOf(_keyPrefix, clusterId)).ConfigureAwait(false);
        MembershipTableLog.ClusterDeleted(_logger, clusterId, Store);
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var snapshot = RedisMembershipSnapshot.FromHash(await database.HashGetAllAsync(_keys.Membership).ConfigureAwait(false));
        var removed = 0;
        foreach (var (entry, etag) in snapshot.Members.Where(member => MembershipRows.IsDefunct(member.Entry, beforeDate)))
        {
            // Deleted only if untouched since it was read: a row that was just rewritten or heartbeat stays.
            if (await RunAsync(database, RedisMembershipScripts.DeleteIfUnchanged, entry.SiloAddress.ToParsableString(), etag, RedisMembershipSnapshot.Ticks(entry.IAmAliveTime)).ConfigureAwait(false))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            MembershipTableLog.DefunctRemoved(_logger, removed, _clusterId, beforeDate);
        }
    }

    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        MembershipRows.Validate(key, nameof(key));
        var silo = key.ToParsableString();
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var values = await database.HashGetAsync(
            _keys.Membership,
            [RedisMembershipSnapshot.Version, RedisMembershipSnapshot.VersionEtag, RedisMembershipSnapshot.Row + silo, RedisMembershipSnapshot.Alive + silo, RedisMembershipSnapshot.Etag + silo]).ConfigureAwait(false);
        return RedisMembershipSnapshot.FromRow(key, values);
    }

    public async Task<MembershipTableData> ReadAll()
    {
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        return RedisMembershipSnapshot.FromHash(await database.HashGetAllAsync(_keys.Membership).ConfigureAwait(false));
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => WriteAsync("insert", entry, string.Empty, tableVersion);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return WriteAsync("update", entry, etag, tableVersion);
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        MembershipRows.Validate(entry);
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        await RunAsync(database, RedisMembershipScripts.IAmAlive, entry.SiloAddress.ToParsableString(), RedisMembershipSnapshot.Ticks(entry.IAmAliveTime)).ConfigureAwait(false);
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

    private async Task<bool> WriteAsync(string operation, MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        MembershipRows.Validate(entry);
        MembershipRows.Validate(tableVersion);
        var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        var written = await RunAsync(
            database,
            RedisMembershipScripts.Write,
            entry.SiloAddress.ToParsableString(),
            MembershipJson.EncodeRow(entry),
            RedisMembershipSnapshot.Ticks(entry.IAmAliveTime),
            MembershipRows.NewEtag(),
            (tableVersion.Version - 1).ToString(CultureInfo.InvariantCulture),
            tableVersion.VersionEtag,
            tableVersion.Version.ToString(CultureInfo.InvariantCulture),
            MembershipRows.NewEtag(),
            operation,
            etag).ConfigureAwait(false);
        return MembershipTableLog.Written(_logger, _clusterId, operation, entry, tableVersion, written);
    }

    private async Task<bool> RunAsync(IDatabase database, string script, params RedisValue[] arguments)
    {
        var result = await database.ScriptEvaluateAsync(script, [_keys.Membership], arguments).ConfigureAwait(false);
        return (int)result == 1;
    }

    private static RedisClusteringOptions Checked(RedisClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }
}
