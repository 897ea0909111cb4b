using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Providers.Tests.Infrastructure;

/// <summary>A fresh real database for one test (a SQLite file in a temporary folder, or a new PostgreSQL database) and direct SQL on it.</summary>
public sealed class StorageTarget : IAsyncDisposable
{
    private readonly string? _folder;

    private StorageTarget(DynamicDbStorageEngine engine, string? folder, string? sqlitePath, string? postgres)
    {
        Engine = engine;
        _folder = folder;
        SqlitePath = sqlitePath;
        PostgresConnectionString = postgres;
    }

    public DynamicDbStorageEngine Engine { get; }

    public string? SqlitePath { get; }

    public string? PostgresConnectionString { get; }

    public static StorageTarget Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dyndb-providers-tests", Guid.NewGuid().ToString("N")[..12]);
        return new StorageTarget(DynamicDbStorageEngine.Sqlite, folder, Path.Combine(folder, "nested", "orleans.db"), null);
    }

    public static async Task<StorageTarget> PostgresAsync(PostgresFixture fixture) =>
        new(DynamicDbStorageEngine.Postgres, null, null, await fixture.Server.CreateDatabaseAsync("orleans"));

    public static async Task<StorageTarget> CreateAsync(string engine, PostgresFixture fixture) =>
        engine == "Sqlite" ? Sqlite() : await PostgresAsync(fixture);

    public void Configure(DynamicDbStorageOptions options)
    {
        options.Engine = Engine;
        if (SqlitePath is not null)
        {
            options.SqlitePath = SqlitePath;
        }

        options.PostgresConnectionString = PostgresConnectionString;
    }

    public DynamicDbStorageOptions Options()
    {
        var options = new DynamicDbStorageOptions();
        Configure(options);
        return options;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_folder is not null && Directory.Exists(_folder))
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

    private DbConnection Open() => Engine == DynamicDbStorageEngine.Postgres
        ? new NpgsqlConnection(PostgresConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30 }.ToString());
}
