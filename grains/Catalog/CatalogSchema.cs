using System.Data.Common;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// Creates the catalog's tables and brings an older catalog up to date, keeping its rows: columns added since the first
/// schema are added when missing. On PostgreSQL the whole step runs in one transaction under an advisory lock, so silos
/// that start together do not race on <c>CREATE TABLE IF NOT EXISTS</c>; on SQLite in one write transaction.
/// </summary>
internal static class CatalogSchema
{
    /// <summary>The advisory lock key of the catalog's schema step on PostgreSQL ("dyndbcat" as a number).</summary>
    private const long PostgresLockKey = 0x6479_6E64_6263_6174;

    private const string Databases = """
        CREATE TABLE IF NOT EXISTS dyndb_databases (
            app TEXT NOT NULL,
            database_name TEXT NOT NULL,
            engine TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            last_activity_ms BIGINT NOT NULL,
            hibernation_timeout_ms BIGINT NULL,
            PRIMARY KEY (app, database_name))
        """;

    private const string Activations = """
        CREATE TABLE IF NOT EXISTS dyndb_activations (
            app TEXT NOT NULL,
            database_name TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            activation_id TEXT NOT NULL,
            silo TEXT NOT NULL,
            woke_at_ms BIGINT NOT NULL,
            ended_at_ms BIGINT NULL,
            end_reason TEXT NULL,
            PRIMARY KEY (app, database_name, epoch))
        """;

    /// <summary>The history of engine switches (<see cref="Switching.ISwitchLog"/>); <c>cursor</c> grows with every change of a row.</summary>
    private const string Switches = """
        CREATE TABLE IF NOT EXISTS dyndb_switches (
            id TEXT NOT NULL PRIMARY KEY,
            cursor BIGINT NOT NULL,
            app TEXT NOT NULL,
            database_name TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            state TEXT NOT NULL,
            phase TEXT NULL,
            requested_by TEXT NULL,
            policy TEXT NULL,
            created_at_ms BIGINT NOT NULL,
            started_at_ms BIGINT NULL,
            ended_at_ms BIGINT NULL,
            expires_at_ms BIGINT NULL,
            decided_by TEXT NULL,
            rows_copied BIGINT NULL,
            write_pause_ms DOUBLE PRECISION NULL,
            duration_ms BIGINT NULL,
            validation TEXT NULL,
            error TEXT NULL,
            timeout_seconds INTEGER NOT NULL,
            validate_target INTEGER NOT NULL,
            rollback_on_failure INTEGER NOT NULL)
        """;

    /// <summary>At most one running switch per database, whatever races (a partial unique index).</summary>
    private const string SwitchIndexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS dyndb_switches_one_running ON dyndb_switches (app, database_name) WHERE state = 'running';
        CREATE UNIQUE INDEX IF NOT EXISTS dyndb_switches_cursor ON dyndb_switches (cursor)
        """;

    /// <summary>Columns of <c>dyndb_databases</c> added after its first version: name and SQL type with default.</summary>
    private static readonly (string Name, string Definition)[] AddedColumns =
    [
        ("activation_epoch", "BIGINT NOT NULL DEFAULT 0"),
        ("activation_id", "TEXT NULL"),
        ("activation_silo", "TEXT NULL"),
        ("engine_group", "TEXT NULL"),
        ("engine_epoch", "BIGINT NULL"),
    ];

    public static async Task ApplyAsync(DbConnection connection, bool sqlite, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!sqlite)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, Databases, cancellationToken).ConfigureAwait(false);
        var existing = sqlite ? await SqliteColumnsAsync(connection, transaction, cancellationToken).ConfigureAwait(false) : null;
        foreach (var (name, definition) in AddedColumns)
        {
            if (existing is null)
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE dyndb_databases ADD COLUMN IF NOT EXISTS {name} {definition}", cancellationToken).ConfigureAwait(false);
            }
            else if (!existing.Contains(name))
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE dyndb_databases ADD COLUMN {name} {definition}", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(connection, transaction, Activations, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, Switches, cancellationToken).ConfigureAwait(false);
        foreach (var index in SwitchIndexes.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            await ExecuteAsync(connection, transaction, index, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> SqliteColumnsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info('dyndb_databases')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
