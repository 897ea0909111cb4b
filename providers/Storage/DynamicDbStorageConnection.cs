using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Providers.Storage;

/// <summary>The ADO.NET invariant and connection string Orleans' providers and the schema installer use for the configured engine.</summary>
public static class DynamicDbStorageConnection
{
    /// <summary>
    /// Orleans' invariant for SQLite. Orleans maps it to Microsoft.Data.Sqlite's factory; the invariant
    /// <c>Microsoft.Data.Sqlite</c> is not known to Orleans' ADO.NET core and fails.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' invariant for PostgreSQL.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>The invariant for the configured engine.</summary>
    public static string Invariant(DynamicDbStorageOptions options) =>
        options.Engine == DynamicDbStorageEngine.Postgres ? PostgresInvariant : SqliteInvariant;

    /// <summary>The connection string for the configured engine (for SQLite: the full path of the file, pooled, with a busy timeout).</summary>
    public static string ConnectionString(DynamicDbStorageOptions options)
    {
        if (options.Engine == DynamicDbStorageEngine.Postgres)
        {
            return options.PostgresConnectionString ?? string.Empty;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.SqlitePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
