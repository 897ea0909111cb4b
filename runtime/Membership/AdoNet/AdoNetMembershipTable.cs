using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The membership table of one cluster in a SQL database (PostgreSQL, or SQLite for silos sharing one machine). The
/// tables are created on first use. A versioned write is one transaction: a conditional UPDATE moves the cluster's
/// version on only if it is still the one read (which also locks it, so writers queue), then the conditional
/// INSERT/UPDATE of the row; if either touches no row, the transaction rolls back and the write returns false.
/// Reads are one statement, so each is a consistent snapshot.
/// </summary>
public sealed class AdoNetMembershipTable : IMembershipTable
{
    /// <summary>The kind recorded for this provider's tables in the schema-version table.</summary>
    internal const string SchemaKind = "membership";

    private readonly AdoNetDialect _dialect;
    private readonly AdoNetSchema _schema;
    private readonly MembershipSql _sql;
    private readonly string _clusterId;
    private readonly ILogger _logger;

    /// <param name="options">The database; validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="clusterId">The cluster whose rows this table reads and writes.</param>
    /// <param name="logger">Logs table creation and writes. Default: none.</param>
    /// <param name="timeProvider">The clock for the schema-version row. Default: the system clock.</param>
    public AdoNetMembershipTable(AdoNetClusteringOptions options, string clusterId, ILogger<AdoNetMembershipTable>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        MembershipRows.ValidateClusterId(clusterId);
        _clusterId = clusterId;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _dialect = AdoNetDialect.Create(options.Invariant, options.ConnectionString);
        _sql = new MembershipSql(options.TableName);
        _schema = new AdoNetSchema(_dialect, options.TableName, SchemaKind, [_sql.CreateTables()], timeProvider ?? TimeProvider.System, _logger);
    }

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        if (tryInitTableVersion
            && await ExecuteAsync(_sql.InitializeVersion, command => command.With("cluster_id", _clusterId).With("version_etag", MembershipRows.NewEtag())).ConfigureAwait(false) > 0)
        {
            MembershipTableLog.Initialized(_logger, _clusterId, _dialect.DisplayName);
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        MembershipRows.ValidateClusterId(clusterId);
        await InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(_sql.DeleteRows, command => command.With("cluster_id", clusterId), CancellationToken.None, transaction).ConfigureAwait(false);
            await connection.ExecuteAsync(_sql.DeleteVersion, command => command.With("cluster_id", clusterId), CancellationToken.None, transaction).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        MembershipTableLog.ClusterDeleted(_logger, clusterId, _dialect.DisplayName);
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var removed = await ExecuteAsync(_sql.DeleteDefunct, command => command
            .With("cluster_id", _clusterId)
            .With("active", (int)SiloStatus.Active)
            .With("before", beforeDate.UtcTicks)).ConfigureAwait(false);
        if (removed > 0)
        {
            MembershipTableLog.DefunctRemoved(_logger, removed, _clusterId, beforeDate);
        }
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        MembershipRows.Validate(key, nameof(key));
        return ReadAsync(_sql.SelectRow, command => command.With("cluster_id", _clusterId).With("silo_address", key.ToParsableString()));
    }

    public Task<MembershipTableData> ReadAll() => ReadAsync(_sql.SelectAll, command => command.With("cluster_id", _clusterId));

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => WriteAsync("insert", _sql.InsertRow, entry, etag: null, tableVersion);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return WriteAsync("update", _sql.UpdateRow, entry, etag, tableVersion);
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        MembershipRows.Validate(entry);
        await ExecuteAsync(_sql.UpdateIAmAlive, command => command
            .With("cluster_id", _clusterId)
            .With("silo_address", entry.SiloAddress.ToParsableString())
            .With("iamalive_ticks", MembershipRows.Ticks(entry.IAmAliveTime))).ConfigureAwait(false);
    }

    private async Task<bool> WriteAsync(string operation, string rowSql, MembershipEntry entry, string? etag, TableVersion tableVersion)
    {
        MembershipRows.Validate(entry);
        MembershipRows.Validate(tableVersion);
        var written = await InTransactionAsync(async (connection, transaction) =>
        {
            var advanced = await connection.ExecuteAsync(_sql.AdvanceVersion, command => command
                .With("cluster_id", _clusterId)
                .With("read_version", (long)tableVersion.Version - 1)
                .With("read_version_etag", tableVersion.VersionEtag)
                .With("new_version", (long)tableVersion.Version)
                .With("new_version_etag", MembershipRows.NewEtag()), CancellationToken.None, transaction).ConfigureAwait(false);
            return advanced == 1
                && await connection.ExecuteAsync(rowSql, command => BindRow(command, entry, etag), CancellationToken.None, transaction).ConfigureAwait(false) == 1;
        }).ConfigureAwait(false);
        return MembershipTableLog.Written(_logger, _clusterId, operation, entry, tableVersion, written);
    }

    private void BindRow(DbCommand command, MembershipEntry entry, string? etag) => command
        .With("cluster_id", _clusterId)
        .With("silo_address", entry.SiloAddress.ToParsableString())
        .With("status", (int)entry.Status)
        .With("silo_name", entry.SiloName)
        .With("host_name", entry.HostName)
        .With("gateway_port", entry.GatewayPort)
        .With("http_address", entry.HttpAddress)
        .With("start_ticks", MembershipRows.Ticks(entry.StartTime))
        .With("iamalive_ticks", MembershipRows.Ticks(entry.IAmAliveTime))
        .With("suspect_times", MembershipJson.EncodeSuspects(entry.SuspectTimes))
        .With("new_etag", MembershipRows.NewEtag())
        .With("etag", etag);

    private async Task<MembershipTableData> ReadAsync(string sql, Action<DbCommand> bind)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var rows = await _dialect.UseConnectionAsync(
            connection => connection.QueryAsync(sql, bind, MembershipSql.Read, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new MembershipTableData([], MembershipRows.Uninitialized);
        }

        var members = rows.Where(row => row.Member is not null).Select(row => row.Member!.Value);
        return new MembershipTableData(MembershipRows.Ordered(members), rows[0].Version);
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        return await _dialect.UseWriteConnectionAsync(
            connection => connection.ExecuteAsync(sql, bind, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that commits only when it returns true.</summary>
    private async Task<bool> InTransactionAsync(Func<DbConnection, DbTransaction, Task<bool>> work)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        return await _dialect.UseWriteConnectionAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (!await work(connection, transaction).ConfigureAwait(false))
                {
                    await transaction.RollbackAsync().ConfigureAwait(false);
                    return false;
                }

                await transaction.CommitAsync().ConfigureAwait(false);
                return true;
            }
        }, CancellationToken.None).ConfigureAwait(false);
    }
}
