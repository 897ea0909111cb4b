using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.DynamicDb.Providers.Storage;

namespace Orleans.DynamicDb.Providers.Schema;

/// <summary>
/// Creates or migrates the tables and OrleansQuery rows Orleans' ADO.NET grain storage and reminder table need, before
/// they start. Idempotent: the applied version is recorded in <c>DynamicDbSchemaVersion</c> and only newer embedded
/// scripts run, each in the same transaction as its version row. Safe when several silos start at once: on PostgreSQL
/// the whole run holds a transaction-scoped advisory lock (<see cref="PostgresLockKey"/>); on SQLite it holds the
/// database's write lock (BEGIN IMMEDIATE). After the run it checks that every query key the providers read exists.
/// </summary>
public sealed partial class DynamicDbSchemaInstaller(IOptions<DynamicDbStorageOptions> options, TimeProvider timeProvider, ILogger<DynamicDbSchemaInstaller> logger)
{
    /// <summary>The advisory lock key every installer takes on PostgreSQL ("DYNDBSCH" in ASCII).</summary>
    public const long PostgresLockKey = 0x44594E4442534348;

    /// <summary>The table recording which schema scripts were applied.</summary>
    public const string VersionTable = "DynamicDbSchemaVersion";

    private readonly DynamicDbStorageOptions _options = options.Value;

    /// <summary>Brings the configured database to the latest embedded schema version.</summary>
    /// <exception cref="InvalidOperationException">The database is newer than this build, or a query key is missing after the run.</exception>
    /// <exception cref="TimeoutException">The run (lock wait included) took longer than <see cref="DynamicDbStorageOptions.InstallTimeout"/>.</exception>
    public async Task<SchemaInstallResult> InstallAsync(CancellationToken cancellationToken = default)
    {
        var engine = _options.Engine;
        var migrations = SchemaScripts.For(engine);
        LogInstallStarted(logger, engine, Describe(), migrations.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.InstallTimeout);
        try
        {
            await using var connection = await OpenAsync(timeout.Token).ConfigureAwait(false);
            var result = await MigrateAsync(connection, migrations, timeout.Token).ConfigureAwait(false);
            await VerifyQueriesAsync(connection, result.CurrentVersion, timeout.Token).ConfigureAwait(false);
            if (result.Applied.Count == 0)
            {
                LogUpToDate(logger, engine, result.CurrentVersion);
            }

            return result;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new TimeoutException(
                $"Installing the Orleans storage schema ({engine}, {Describe()}) took longer than {DynamicDbStorageOptions.SectionName}:InstallTimeout ({_options.InstallTimeout}).", e);
            LogInstallFailed(logger, error, engine, Describe());
            throw error;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogInstallFailed(logger, e, engine, Describe());
            throw;
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection;
        if (_options.Engine == DynamicDbStorageEngine.Postgres)
        {
            connection = new NpgsqlConnection(DynamicDbStorageConnection.ConnectionString(_options));
        }
        else
        {
            var path = Path.GetFullPath(_options.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection = new SqliteConnection(DynamicDbStorageConnection.ConnectionString(_options));
        }

        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection is SqliteConnection)
            {
                // WAL lets readers run beside the one writer; the setting is stored in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<SchemaInstallResult> MigrateAsync(DbConnection connection, IReadOnlyList<SchemaMigration> migrations, CancellationToken cancellationToken)
    {
        // SQLite: BEGIN IMMEDIATE takes the write lock now, so two installers cannot both read version 0.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (connection is NpgsqlConnection)
        {
            await LockPostgresAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, CreateVersionTableSql, cancellationToken).ConfigureAwait(false);
        var previous = Convert.ToInt32(
            await ScalarAsync(connection, transaction, $"SELECT COALESCE(MAX(Version), 0) FROM {VersionTable}", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        if (previous > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The Orleans storage database ({Describe()}) has schema version {previous}, newer than this build knows ({migrations.Count}): run a silo of the newer build, or restore a matching database.");
        }

        var applied = new List<string>();
        foreach (var migration in migrations.Where(m => m.Version > previous))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await RecordVersionAsync(connection, transaction, migration, cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Name);
            LogMigrationApplied(logger, _options.Engine, migration.Name, migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SchemaInstallResult(previous, Math.Max(previous, migrations.Count), applied);
    }

    private async Task RecordVersionAsync(DbConnection connection, DbTransaction transaction, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {VersionTable} (Version, Script, AppliedOn) VALUES (@Version, @Script, @AppliedOn)";
        AddParameter(command, "Version", migration.Version);
        AddParameter(command, "Script", migration.Name);
        AddParameter(command, "AppliedOn", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task LockPostgresAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var key = PostgresLockKey.ToString(CultureInfo.InvariantCulture);
        var taken = await ScalarAsync(connection, transaction, $"SELECT pg_try_advisory_xact_lock({key})", cancellationToken).ConfigureAwait(false);
        if (taken is true)
        {
            return;
        }

        LogLockWaited(logger, PostgresLockKey);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({key})", cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyQueriesAsync(DbConnection connection, int version, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT QueryKey FROM OrleansQuery";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                present.Add(reader.GetString(0));
            }
        }

        var missing = SchemaScripts.StorageQueryKeys.Concat(SchemaScripts.ReminderQueryKeys).Where(k => !present.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The Orleans storage database ({Describe()}) records schema version {version} but its OrleansQuery table lacks {string.Join(", ", missing)}: the rows were removed by hand or the embedded scripts are incomplete; restore them (or the database) before starting the silo.");
        }
    }

    private string Describe() => _options.Engine == DynamicDbStorageEngine.Postgres
        ? DescribePostgres(_options.PostgresConnectionString)
        : $"file '{Path.GetFullPath(_options.SqlitePath)}'";

    private static string DescribePostgres(string? connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"database '{builder.Database}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (unreadable connection string)";
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string CreateVersionTableSql =
        $"CREATE TABLE IF NOT EXISTS {VersionTable} (Version INTEGER NOT NULL PRIMARY KEY, Script VARCHAR(200) NOT NULL, AppliedOn VARCHAR(40) NOT NULL)";
}
