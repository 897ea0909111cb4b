using Microsoft.Data.Sqlite;
using Npgsql;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The direct connections engines hand the mover (see <see cref="IDirectAccessEngine"/>).</summary>
internal static class DirectConnections
{
    /// <summary>An unpooled PostgreSQL connection from a tenant connection string, without statement or command timeouts.</summary>
    public static async Task<NpgsqlConnection> OpenPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0, Options = null };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SET statement_timeout = 0", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An unpooled SQLite connection to an existing file, with a busy timeout and no tenant policy.</summary>
    public static async Task<SqliteConnection> OpenSqliteAsync(string path, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(Math.Max(busyTimeout.TotalSeconds, 30)),
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new SqliteCommand(
                $"PRAGMA busy_timeout = {(long)Math.Max(busyTimeout.TotalMilliseconds, 30_000)}; PRAGMA foreign_keys = OFF;", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
