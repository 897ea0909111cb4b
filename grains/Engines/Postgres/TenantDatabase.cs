using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Brings one tenant database to its expected state: its role, the database owned by it, no access for others.</summary>
internal static class TenantDatabase
{
    /// <summary>
    /// Ensures the tenant role, creates the database owned by it when missing, and migrates an existing database to it
    /// (idempotent; one or two cheap queries once done). Returns whether the database was created and the tenant's login.
    /// </summary>
    public static async Task<(bool Created, TenantLogin Login)> EnsureAsync(
        NpgsqlConnection admin, string serverConnectionString, string database, ILogger logger, CancellationToken cancellationToken)
    {
        var login = await TenantRoles.EnsureRoleAsync(admin, database, logger, cancellationToken).ConfigureAwait(false);
        var created = await PostgresCatalog.EnsureAsync(admin, database, login.Role, cancellationToken).ConfigureAwait(false);
        await TenantRoles.EnsureOwnershipAsync(admin, serverConnectionString, database, login, logger, cancellationToken).ConfigureAwait(false);
        return (created, login);
    }
}
