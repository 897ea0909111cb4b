using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// Creates or upgrades one provider table on first use. Each table's schema version is a row in
/// <see cref="VersionsTable"/>; version n is reached by running migration n (idempotent DDL) in one transaction that
/// holds off every other schema change, so silos starting together on an empty database do not race.
/// </summary>
internal sealed partial class AdoNetSchema
{
    /// <summary>The table that records each provider table's kind and schema version.</summary>
    public const string VersionsTable = "dyndb_schema_versions";

    private readonly AdoNetDialect _dialect;
    private readonly string _tableName;
    private readonly string _kind;
    private readonly IReadOnlyList<IReadOnlyList<string>> _migrations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    /// <param name="dialect">The database.</param>
    /// <param name="tableName">The provider table (already validated as an identifier).</param>
    /// <param name="kind">What the table holds (e.g. "grain_state"); a table of another kind under the same name is refused.</param>
    /// <param name="migrations">The statements of each schema version, version 1 first.</param>
    /// <param name="timeProvider">The clock for the applied_on column.</param>
    /// <param name="logger">Logs table creation and upgrades.</param>
    public AdoNetSchema(AdoNetDialect dialect, string tableName, string kind, IReadOnlyList<IReadOnlyList<string>> migrations, TimeProvider timeProvider, ILogger logger)
    {
        _dialect = dialect;
        _tableName = tableName;
        _kind = kind;
        _migrations = migrations;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The newest schema version this build knows.</summary>
    public int LatestVersion => _migrations.Count;

    /// <summary>Makes sure the table exists at the latest version; cheap once it has succeeded. A failure is retried on the next call.</summary>
    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await CreateOrUpgradeAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CreateOrUpgradeAsync(CancellationToken cancellationToken)
    {
        var current = await _dialect.UseWriteConnectionAsync(connection => MigrateAsync(connection, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (current == 0)
        {
            LogTableCreated(_logger, _kind, _tableName, _dialect.DisplayName, LatestVersion);
        }
        else if (current < LatestVersion)
        {
            LogTableUpgraded(_logger, _kind, _tableName, _dialect.DisplayName, current, LatestVersion);
        }
    }

    /// <summary>Brings the table to the latest version and returns the version it was at.</summary>
    private async Task<int> MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _dialect.PrepareDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);
        var transaction = await _dialect.BeginSchemaTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(CreateVersionsTableSql(), AdoNetCommands.NoParameters, cancellationToken, transaction).ConfigureAwait(false);
            var current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            for (var version = current + 1; version <= LatestVersion; version++)
            {
                foreach (var statement in _migrations[version - 1])
                {
                    await connection.ExecuteAsync(statement, AdoNetCommands.NoParameters, cancellationToken, transaction).ConfigureAwait(false);
                }
            }

            if (current < LatestVersion)
            {
                await WriteVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return current;
        }
    }

    private string CreateVersionsTableSql() =>
        $"CREATE TABLE IF NOT EXISTS {VersionsTable} (table_name TEXT NOT NULL PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL, applied_on {_dialect.TimestampType} NOT NULL)";

    private async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(
            $"SELECT kind, version FROM {VersionsTable} WHERE table_name = @table",
            command => command.With("table", _tableName),
            reader => (Kind: reader.GetString(0), Version: reader.GetInt32(1)),
            cancellationToken,
            transaction).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return 0;
        }

        var (kind, version) = rows[0];
        if (!string.Equals(kind, _kind, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Table '{_tableName}' in the {_dialect.DisplayName} database already holds {kind}, not {_kind}: give each provider its own TableName.");
        }

        if (version > LatestVersion)
        {
            throw new InvalidOperationException(
                $"Table '{_tableName}' in the {_dialect.DisplayName} database is at schema version {version}, newer than this build supports ({LatestVersion}): upgrade every silo.");
        }

        return version;
    }

    private Task<int> WriteVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        const string Sql =
            $"INSERT INTO {VersionsTable} (table_name, kind, version, applied_on) VALUES (@table, @kind, @version, @now) "
            + "ON CONFLICT (table_name) DO UPDATE SET version = excluded.version, applied_on = excluded.applied_on";
        return connection.ExecuteAsync(
            Sql,
            command => command
                .With("table", _tableName)
                .With("kind", _kind)
                .With("version", LatestVersion)
                .With("now", _timeProvider.GetUtcNow().UtcDateTime),
            cancellationToken,
            transaction);
    }
}
