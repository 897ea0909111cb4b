using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The membership table of one cluster in this process's memory, for tests and development: share one instance between
/// the silos of an in-process cluster. Thread-safe; the same semantics as the durable tables.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private const string Store = "memory";

    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string Etag)> _rows = [];
    private readonly ILogger _logger;
    private TableVersion _version = MembershipRows.Uninitialized;

    /// <param name="clusterId">The cluster this table belongs to. Default: "dev".</param>
    /// <param name="logger">Logs writes. Default: none.</param>
    public InMemoryMembershipTable(string clusterId = "dev", ILogger<InMemoryMembershipTable>? logger = null)
    {
        MembershipRows.ValidateClusterId(clusterId);
        ClusterId = clusterId;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The cluster this table belongs to.</summary>
    public string ClusterId { get; }

    public Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        var created = false;
        lock (_lock)
        {
            if (tryInitTableVersion && _version == MembershipRows.Uninitialized)
            {
                _version = new TableVersion(0, MembershipRows.NewEtag());
                created = true;
            }
        }

        if (created)
        {
            MembershipTableLog.Initialized(_logger, ClusterId, Store);
        }

        return Task.CompletedTask;
    }

    public Task DeleteMembershipTableEntries(string clusterId)
    {
        MembershipRows.ValidateClusterId(clusterId);
        if (string.Equals(clusterId, ClusterId, StringComparison.Ordinal))
        {
            lock (_lock)
            {
                _rows.Clear();
                _version = MembershipRows.Uninitialized;
            }

            MembershipTableLog.ClusterDeleted(_logger, clusterId, Store);
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        int removed;
        lock (_lock)
        {
            var defunct = _rows.Values.Where(row => MembershipRows.IsDefunct(row.Entry, beforeDate)).Select(row => row.Entry.SiloAddress).ToArray();
            foreach (var silo in defunct)
            {
                _rows.Remove(silo);
            }

            removed = defunct.Length;
        }

        if (removed > 0)
        {
            MembershipTableLog.DefunctRemoved(_logger, removed, ClusterId, beforeDate);
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        MembershipRows.Validate(key, nameof(key));
        lock (_lock)
        {
            IReadOnlyList<(MembershipEntry, string)> members = _rows.TryGetValue(key, out var row) ? [row] : [];
            return Task.FromResult(new MembershipTableData(members, _version));
        }
    }

    public Task<MembershipTableData> ReadAll()
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableData(MembershipRows.Ordered(_rows.Values), _version));
        }
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        MembershipRows.Validate(entry);
        MembershipRows.Validate(tableVersion);
        bool written;
        lock (_lock)
        {
            written = IsCurrent(tableVersion) && !_rows.ContainsKey(entry.SiloAddress);
            if (written)
            {
                Write(entry, tableVersion);
            }
        }

        return Task.FromResult(MembershipTableLog.Written(_logger, ClusterId, "insert", entry, tableVersion, written));
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        MembershipRows.Validate(entry);
        MembershipRows.Validate(tableVersion);
        ArgumentNullException.ThrowIfNull(etag);
        bool written;
        lock (_lock)
        {
            written = IsCurrent(tableVersion)
                && _rows.TryGetValue(entry.SiloAddress, out var row)
                && string.Equals(row.Etag, etag, StringComparison.Ordinal);
            if (written)
            {
                Write(entry, tableVersion);
            }
        }

        return Task.FromResult(MembershipTableLog.Written(_logger, ClusterId, "update", entry, tableVersion, written));
    }

    public Task UpdateIAmAlive(MembershipEntry entry)
    {
        MembershipRows.Validate(entry);
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.SiloAddress, out var row))
            {
                _rows[entry.SiloAddress] = (row.Entry with { IAmAliveTime = MembershipRows.ToUtc(entry.IAmAliveTime) }, row.Etag);
            }
        }

        return Task.CompletedTask;
    }

    private bool IsCurrent(TableVersion tableVersion) =>
        _version != MembershipRows.Uninitialized
        && string.Equals(_version.VersionEtag, tableVersion.VersionEtag, StringComparison.Ordinal)
        && _version.Version == tableVersion.Version - 1;

    private void Write(MembershipEntry entry, TableVersion tableVersion)
    {
        _rows[entry.SiloAddress] = (MembershipRows.Normalize(entry), MembershipRows.NewEtag());
        _version = new TableVersion(tableVersion.Version, MembershipRows.NewEtag());
    }
}
