using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// The catalog in one SQL table (<c>dyndb_databases</c>, a row per database) on SQLite (the embedded default) or
/// PostgreSQL (shared by the silos of a cluster), with the activation history of each database in
/// <c>dyndb_activations</c>. The tables are created, or an older catalog upgraded, on start (<see cref="CatalogSchema"/>);
/// SQLite writes of this process are serialised so concurrent wakes and hibernations never see SQLITE_BUSY.
/// </summary>
public sealed partial class AdoNetDatabaseCatalog : IDatabaseCatalog, IDisposable
{
    private const string Columns = "app, database_name, engine, status, created_at_ms, last_activity_ms, hibernation_timeout_ms, engine_group, engine_epoch";
    private readonly string _connectionString;
    private readonly bool _sqlite;
    private readonly SemaphoreSlim _sqliteWrites = new(1, 1);
    private readonly Lock _startLock = new();
    private Task? _started;

    public AdoNetDatabaseCatalog(string invariant, string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"{DatabaseOptions.SectionName}:CatalogConnectionString must not be empty.", nameof(connectionString));
        }

        _sqlite = invariant switch
        {
            "Microsoft.Data.Sqlite" => true,
            "Npgsql" => false,
            _ => throw new ArgumentException($"{DatabaseOptions.SectionName}:CatalogInvariant '{invariant}' is not supported: use 'Microsoft.Data.Sqlite' or 'Npgsql'.", nameof(invariant)),
        };
        _connectionString = _sqlite ? new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString() : connectionString;
    }

    /// <summary>Creates the table once; every operation waits for it, so the catalog works whatever starts first.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_startLock)
        {
            if (_started is null || _started.IsFaulted || _started.IsCanceled)
            {
                _started = StartCoreAsync(cancellationToken);
            }

            return _started;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_sqlite && new SqliteConnectionStringBuilder(_connectionString).DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_sqlite)
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
        }

        await CatalogSchema.ApplyAsync(connection, _sqlite, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DatabaseInfo?> GetAsync(string app, string database, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM dyndb_databases WHERE app = @app AND database_name = @db", [("app", app), ("db", database)], cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<DatabaseInfo>> ListAsync(string app, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM dyndb_databases WHERE app = @app AND status <> @dropped ORDER BY database_name", [("app", app), ("dropped", DatabaseStatus.Dropped)], cancellationToken);

    public Task<IReadOnlyList<DatabaseInfo>> ListAllAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM dyndb_databases WHERE status <> @dropped ORDER BY app, database_name", [("dropped", DatabaseStatus.Dropped)], cancellationToken);

    public Task UpsertAsync(DatabaseInfo entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(
            $"""
            INSERT INTO dyndb_databases ({Columns}) VALUES (@app, @db, @engine, @status, @created, @activity, @hibernation, @group, @epoch)
            ON CONFLICT (app, database_name) DO UPDATE SET engine = excluded.engine, status = excluded.status,
                created_at_ms = excluded.created_at_ms, last_activity_ms = excluded.last_activity_ms,
                hibernation_timeout_ms = excluded.hibernation_timeout_ms, engine_group = excluded.engine_group,
                engine_epoch = excluded.engine_epoch
            """,
            [
                ("app", entry.App), ("db", entry.Database), ("engine", entry.Engine), ("status", entry.Status),
                ("created", entry.CreatedAt.ToUnixTimeMilliseconds()), ("activity", entry.LastActivity.ToUnixTimeMilliseconds()),
                ("hibernation", entry.HibernationTimeout is { } h ? (long)h.TotalMilliseconds : null),
                ("group", entry.EngineGroup), ("epoch", entry.EngineEpoch),
            ],
            cancellationToken);
    }

    public Task SetPlacementAsync(string app, string database, string group, long epoch, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "UPDATE dyndb_databases SET engine_group = @group, engine_epoch = @epoch WHERE app = @app AND database_name = @db",
            [("app", app), ("db", database), ("group", group), ("epoch", epoch)],
            cancellationToken);

    public Task SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "UPDATE dyndb_databases SET status = @status, last_activity_ms = @activity WHERE app = @app AND database_name = @db",
            [("app", app), ("db", database), ("status", status), ("activity", lastActivity.ToUnixTimeMilliseconds())],
            cancellationToken);

    public void Dispose() => _sqliteWrites.Dispose();

    private Task<int> WriteAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken) =>
        WriteAsync(
            async connection =>
            {
                await using var command = Command(connection, sql, parameters);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Runs <paramref name="write"/> on an open connection, one at a time per process on SQLite; a database failure is <c>engine.unavailable</c>.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        if (_sqlite)
        {
            await _sqliteWrites.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await write(connection).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
        finally
        {
            if (_sqlite)
            {
                _sqliteWrites.Release();
            }
        }
    }

    private async Task<IReadOnlyList<DatabaseInfo>> QueryAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<DatabaseInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new DatabaseInfo(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetInt64(8)));
            }

            return rows;
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (DbException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unavailable(e);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, []);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DynamicDbException Unavailable(DbException e) =>
        new(ErrorCodes.EngineUnavailable, $"The database catalog is unavailable: {e.Message}", isTransient: true, e);
}
