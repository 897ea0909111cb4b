using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

/// <summary>A SQLite database file in a fresh temporary folder (not created yet), deleted on dispose.</summary>
public sealed class SqliteTestFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dyndb-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestFile()
    {
        // A sub-folder that does not exist yet: the providers create it.
        Path = System.IO.Path.Combine(_directory, "data", "silo.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
