using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The per-database login role tenant statements run as. The engine's administrative role creates it with the database
/// (<c>LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS</c>, member of no role; it inherits only the implicit <c>pg_database_owner</c> of its own database, which owns the <c>public</c> schema) and makes it
/// the owner of that database only; <c>CONNECT</c> and <c>TEMPORARY</c> are revoked from <c>PUBLIC</c> on the database,
/// so no other tenant role can connect to it. PostgreSQL itself then refuses what the role lacks the privilege for
/// (file and program access, other databases, other roles, server settings, untrusted extensions).
/// </summary>
internal static class TenantRoles
{
    private const string Prefix = "dyndb_";
    private const int HashLength = 16;

    /// <summary>The longest part of the database name a role name keeps: 63 = prefix + name + '_' + hash.</summary>
    private const int NameLength = 63 - 6 - 1 - HashLength;

    private const string Attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    /// <summary>
    /// The role of <paramref name="database"/>: <c>dyndb_{first 40 characters of the name}_{16 hex digits of its SHA-256}</c>,
    /// at most 63 bytes (PostgreSQL's identifier limit) for any valid name and unique per name (the hash covers the whole
    /// name, the readable part is only for people).
    /// </summary>
    public static string RoleName(string database)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..HashLength];
        return $"{Prefix}{database[..Math.Min(database.Length, NameLength)]}_{hash}";
    }

    /// <summary>
    /// Creates the tenant role of <paramref name="database"/> when missing (or gives it back its restricted attributes and
    /// stored password), on a connection of the administrative role to the maintenance database.
    /// </summary>
    public static async Task<TenantLogin> EnsureRoleAsync(NpgsqlConnection admin, string database, TenantPasswords passwords, ILogger logger, CancellationToken cancellationToken)
    {
        var role = RoleName(database);
        await TenantRoleStore.PrepareAsync(admin, cancellationToken).ConfigureAwait(false);
        var (password, generated) = await TenantRoleStore.GetOrCreateAsync(admin, role, database, passwords, cancellationToken).ConfigureAwait(false);
        var state = await RoleStateAsync(admin, role, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            try
            {
                await ExecuteAsync(admin, $"CREATE ROLE {PostgresCatalog.Quote(role)} {Attributes} PASSWORD {Literal(password)}", cancellationToken).ConfigureAwait(false);
                EngineLog.TenantRoleCreated(logger, role, database);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
            {
                // created by another silo at the same moment, with the same stored password
            }
        }
        else if (generated || !state.Value)
        {
            // A role without a stored password, or one whose attributes were widened: restore both.
            await ExecuteAsync(admin, $"ALTER ROLE {PostgresCatalog.Quote(role)} WITH {Attributes} PASSWORD {Literal(password)}", cancellationToken).ConfigureAwait(false);
        }

        if (!await IsSuperuserAsync(admin, cancellationToken).ConfigureAwait(false))
        {
            // A non-superuser administrative role must be a member of the tenant role to make it a database's owner.
            await ExecuteAsync(admin, $"GRANT {PostgresCatalog.Quote(role)} TO CURRENT_USER", cancellationToken).ConfigureAwait(false);
        }

        return new TenantLogin(role, password);
    }

    /// <summary>
    /// Makes <paramref name="login"/> the owner of <paramref name="database"/> and of everything in it, and revokes
    /// <c>CONNECT</c>/<c>TEMPORARY</c> from <c>PUBLIC</c>. A no-op (one query) once done; otherwise a database created before
    /// tenant roles existed is migrated, object ownership first and the database's ownership last, so an interrupted
    /// migration is simply done again.
    /// </summary>
    public static async Task EnsureOwnershipAsync(
        NpgsqlConnection admin, string serverConnectionString, string database, TenantLogin login, ILogger logger, CancellationToken cancellationToken)
    {
        using var check = new NpgsqlCommand("""
            SELECT d.datdba = r.oid,
                   EXISTS (SELECT 1 FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                           WHERE a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY'))
            FROM pg_database d, pg_roles r WHERE d.datname = $1 AND r.rolname = $2
            """, admin);
        check.Parameters.Add(new NpgsqlParameter { Value = database });
        check.Parameters.Add(new NpgsqlParameter { Value = login.Role });
        bool owned, publicAccess;
        var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            (owned, publicAccess) = (reader.GetBoolean(0), reader.GetBoolean(1));
        }

        var quotedDatabase = PostgresCatalog.Quote(database);
        if (!owned)
        {
            var moved = await TenantMigration.MoveObjectsAsync(serverConnectionString, database, login.Role, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"ALTER DATABASE {quotedDatabase} OWNER TO {PostgresCatalog.Quote(login.Role)}", cancellationToken).ConfigureAwait(false);
            EngineLog.DatabaseMigratedToRole(logger, database, login.Role, moved);
        }

        if (publicAccess || !owned)
        {
            await ExecuteAsync(admin, $"REVOKE CONNECT, TEMPORARY ON DATABASE {quotedDatabase} FROM PUBLIC", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renames the role of a dropped database along with it and takes its login away; the database keeps its owner, so
    /// its data stays consistent for an operator who restores it. Nothing happens when the role does not exist.
    /// </summary>
    public static async Task RenameForDroppedAsync(NpgsqlConnection admin, string database, string dropped, CancellationToken cancellationToken)
    {
        var role = RoleName(database);
        if (await RoleStateAsync(admin, role, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var renamed = RoleName(dropped);
        await ExecuteAsync(admin, $"ALTER ROLE {PostgresCatalog.Quote(role)} RENAME TO {PostgresCatalog.Quote(renamed)}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin, $"ALTER ROLE {PostgresCatalog.Quote(renamed)} NOLOGIN", cancellationToken).ConfigureAwait(false);
        await TenantRoleStore.PrepareAsync(admin, cancellationToken).ConfigureAwait(false);
        await TenantRoleStore.RenameAsync(admin, role, renamed, dropped, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when the role does not exist; otherwise whether it has exactly the tenant attributes.</summary>
    private static async Task<bool?> RoleStateAsync(NpgsqlConnection admin, string role, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("""
            SELECT rolcanlogin AND NOT (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)
                   AND NOT EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid)
            FROM pg_roles r WHERE rolname = $1
            """, admin);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as bool?;
    }

    private static async Task<bool> IsSuperuserAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", admin);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>A string literal; passwords are hex, the quoting is for safety only.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(NpgsqlConnection admin, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
