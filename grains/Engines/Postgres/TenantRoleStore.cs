using System.Security.Cryptography;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Where the passwords of the tenant roles live: the table <c>dyndb.tenant_roles</c> in the server's maintenance
/// database (the one the engine's connection string names, <c>postgres</c> by default), readable by the administrative
/// role only (<c>REVOKE ALL ... FROM PUBLIC</c> on the schema and the table). Keeping them on the server itself lets several
/// silos that share one registered server log in as the same roles with no shared secret in their configuration; the
/// first silo to need a role generates its password (32 random bytes, hex) and the others read it.
/// </summary>
internal static class TenantRoleStore
{
    private const string Prepare = """
        CREATE SCHEMA IF NOT EXISTS dyndb;
        REVOKE ALL ON SCHEMA dyndb FROM PUBLIC;
        CREATE TABLE IF NOT EXISTS dyndb.tenant_roles (
            role_name text PRIMARY KEY,
            database_name text NOT NULL,
            password text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        REVOKE ALL ON dyndb.tenant_roles FROM PUBLIC;
        """;

    /// <summary>Creates the schema and table when missing (idempotent; a concurrent creation by another silo is tolerated).</summary>
    public static async Task PrepareAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        using (var exists = new NpgsqlCommand("SELECT to_regclass('dyndb.tenant_roles') IS NOT NULL", admin))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var command = new NpgsqlCommand(Prepare, admin);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject
                or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
            {
                // another silo created it at the same moment: the next attempt finds it
            }
        }
    }

    /// <summary>
    /// The password of <paramref name="role"/>, generated and stored when there is none yet (<c>Generated</c> true: the role
    /// must be given this password). Fails when the role is recorded for another database.
    /// </summary>
    public static async Task<(string Password, bool Generated)> GetOrCreateAsync(
        NpgsqlConnection admin, string role, string database, CancellationToken cancellationToken)
    {
        using (var insert = new NpgsqlCommand(
            "INSERT INTO dyndb.tenant_roles (role_name, database_name, password) VALUES ($1, $2, $3) ON CONFLICT (role_name) DO NOTHING RETURNING password", admin))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = role });
            insert.Parameters.Add(new NpgsqlParameter { Value = database });
            insert.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetHexString(64, lowercase: true) });
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string generated)
            {
                return (generated, true);
            }
        }

        using var select = new NpgsqlCommand("SELECT password, database_name FROM dyndb.tenant_roles WHERE role_name = $1", admin);
        select.Parameters.Add(new NpgsqlParameter { Value = role });
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The password of role {role} vanished from dyndb.tenant_roles while database {database} was being opened; retry.", isTransient: true);
        }

        var owner = reader.GetString(1);
        return owner == database
            ? (reader.GetString(0), false)
            : throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The role {role} is recorded for database {owner}, not {database}: refusing to share a role between two databases.", isTransient: false);
    }

    /// <summary>Records that <paramref name="from"/> was renamed (a dropped database's role follows it).</summary>
    public static async Task RenameAsync(NpgsqlConnection admin, string from, string to, string database, CancellationToken cancellationToken)
    {
        using var update = new NpgsqlCommand("UPDATE dyndb.tenant_roles SET role_name = $2, database_name = $3 WHERE role_name = $1", admin);
        update.Parameters.Add(new NpgsqlParameter { Value = from });
        update.Parameters.Add(new NpgsqlParameter { Value = to });
        update.Parameters.Add(new NpgsqlParameter { Value = database });
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
