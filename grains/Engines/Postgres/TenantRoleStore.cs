using System.Security.Cryptography;
using Npgsql;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Where the passwords of the tenant roles live: the table <c>dyndb.tenant_roles</c> in the server's maintenance
/// database (the one the engine's connection string names, <c>postgres</c> by default), readable by the administrative
/// role only (<c>REVOKE ALL ... FROM PUBLIC</c> on the schema and the table). Keeping them on the server itself lets several
/// silos that share one registered server log in as the same roles with no shared secret in their configuration; the
/// first silo to need a role generates its password (32 random bytes, hex) and the others read it. The passwords are
/// stored encrypted with Data Protection (<see cref="TenantPasswords"/>, a value starting <c>dyndb-protected:v1:</c>),
/// with the key ring the silos share (the catalog's, docs/security.md).
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
        if (await ExistsAsync(admin, cancellationToken).ConfigureAwait(false))
        {
            return;
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
    /// The password of <paramref name="role"/>, generated and stored encrypted when there is none yet (<c>Generated</c>
    /// true: the role must be given this password). A plaintext row of an earlier version is answered and re-encrypted.
    /// Fails when the role is recorded for another database, or (<c>secret.unreadable</c>) when the key ring cannot
    /// decrypt the row: the password is never replaced silently.
    /// </summary>
    public static async Task<(string Password, bool Generated)> GetOrCreateAsync(
        NpgsqlConnection admin, string role, string database, TenantPasswords passwords, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetHexString(64, lowercase: true);
        using (var insert = new NpgsqlCommand(
            "INSERT INTO dyndb.tenant_roles (role_name, database_name, password) VALUES ($1, $2, $3) ON CONFLICT (role_name) DO NOTHING RETURNING role_name", admin))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = role });
            insert.Parameters.Add(new NpgsqlParameter { Value = database });
            insert.Parameters.Add(new NpgsqlParameter { Value = passwords.Protect(password) });
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string)
            {
                return (password, true);
            }
        }

        string stored, owner;
        using (var select = new NpgsqlCommand("SELECT password, database_name FROM dyndb.tenant_roles WHERE role_name = $1", admin))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = role });
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"The password of role {role} vanished from dyndb.tenant_roles while database {database} was being opened; retry.", isTransient: true);
            }

            (stored, owner) = (reader.GetString(0), reader.GetString(1));
        }

        if (owner != database)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The role {role} is recorded for database {owner}, not {database}: refusing to share a role between two databases.", isTransient: false);
        }

        var read = passwords.Read(stored, role, database);
        if (!SecretProtector.IsProtectedValue(stored) && await ProtectAsync(admin, role, stored, passwords, cancellationToken).ConfigureAwait(false))
        {
            passwords.Migrated(role, database);
        }

        return (read, false);
    }

    /// <summary>
    /// Re-encrypts every plaintext password an earlier version left in the table (the start-up pass); returns how many.
    /// Each row is replaced only if it still holds the plaintext read, so a concurrent silo doing the same is harmless.
    /// </summary>
    public static async Task<int> ProtectPlaintextAsync(NpgsqlConnection admin, TenantPasswords passwords, CancellationToken cancellationToken)
    {
        var plaintext = new List<(string Role, string Password)>();
        using (var select = new NpgsqlCommand("SELECT role_name, password FROM dyndb.tenant_roles WHERE left(password, $1) <> $2", admin))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = SecretProtector.ValuePrefix.Length });
            select.Parameters.Add(new NpgsqlParameter { Value = SecretProtector.ValuePrefix });
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                plaintext.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var migrated = 0;
        foreach (var (role, password) in plaintext)
        {
            migrated += await ProtectAsync(admin, role, password, passwords, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return migrated;
    }

    /// <summary>Whether the table exists on the server yet (a server no tenant role was ever made on has none).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('dyndb.tenant_roles') IS NOT NULL", admin);
        return await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task<bool> ProtectAsync(NpgsqlConnection admin, string role, string plaintext, TenantPasswords passwords, CancellationToken cancellationToken)
    {
        using var update = new NpgsqlCommand("UPDATE dyndb.tenant_roles SET password = $3 WHERE role_name = $1 AND password = $2", admin);
        update.Parameters.Add(new NpgsqlParameter { Value = role });
        update.Parameters.Add(new NpgsqlParameter { Value = plaintext });
        update.Parameters.Add(new NpgsqlParameter { Value = passwords.Protect(plaintext) });
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
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
