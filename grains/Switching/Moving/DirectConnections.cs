using Microsoft.Data.Sqlite;
using Npgsql;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The direct connections engines hand the mover (see <see cref="IDirectAccessEngine"/>).</summary>
internal static class DirectConnections
{
    /// <summary>
    /// A PostgreSQL connection from a tenant connection string, without statement or command timeouts. With
    /// <paramref name="pooled"/> it comes from a small pool of the mover's own (application name <c>dyndb-mover</c>, idle
    /// connections closed after 15 s), so the steps of one switch — above all those inside the cut-over turn, while
    /// writes wait — do not pay a new connection and its authentication each; <see cref="ClearPostgresPool"/> empties it.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenPostgresAsync(string connectionString, CancellationToken cancellationToken, bool pooled = false)
    {
        var connection = new NpgsqlConnection(MoverConnectionString(connectionString, pooled));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the idle pooled mover connections of a tenant connection string (its database is dropped or moved).</summary>
    public static void ClearPostgresPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(MoverConnectionString(connectionString, pooled: true));
        NpgsqlConnection.ClearPool(connection);
    }

    private static string MoverConnectionString(string connectionString, bool pooled) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = pooled,
            MaxPoolSize = 8,
            ConnectionIdleLifetime = 15,
            ApplicationName = "dyndb-mover",
            CommandTimeout = 0,
            Options = "-c statement_timeout=0",
        }.ConnectionString;

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
