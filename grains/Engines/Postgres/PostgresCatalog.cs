using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Creates, finds and renames databases through a connection to a server's maintenance database.</summary>
internal static class PostgresCatalog
{
    /// <summary>A double-quoted identifier (names are validated, quoting keeps names that start with a digit legal).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static async Task<bool> ExistsAsync(NpgsqlConnection admin, string database, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", admin);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Creates the database, owned by <paramref name="owner"/>, when missing; true when this call created it. A concurrent
    /// creation counts as existing.
    /// </summary>
    public static async Task<bool> EnsureAsync(NpgsqlConnection admin, string database, string owner, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(admin, database, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(database)} OWNER {Quote(owner)}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>
    /// Renames a database after refusing new connections and ending the sessions still using it; the renamed database
    /// accepts connections again.
    /// </summary>
    public static async Task RenameAsync(NpgsqlConnection admin, string from, string to, CancellationToken cancellationToken)
    {
        await ExecuteAsync(admin, $"ALTER DATABASE {Quote(from)} WITH ALLOW_CONNECTIONS false", cancellationToken).ConfigureAwait(false);
        using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin))
        {
            terminate.Parameters.Add(new NpgsqlParameter { Value = from });
            await terminate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(admin, $"ALTER DATABASE {Quote(from)} RENAME TO {Quote(to)}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin, $"ALTER DATABASE {Quote(to)} WITH ALLOW_CONNECTIONS true", cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection admin, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
