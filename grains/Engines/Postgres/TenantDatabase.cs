using System.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Brings one tenant database to its expected state: its role, the database owned by it, no access for others.</summary>
internal static class TenantDatabase
{
    private const int Attempts = 3;

    /// <summary>
    /// Ensures the tenant role, creates the database owned by it when missing, and migrates an existing database to it
    /// (idempotent; a few cheap queries once done). Returns whether the database was created and the tenant's login.
    /// Several silos may do this at once for the same database: a step that meets a concurrent catalog change
    /// ("tuple concurrently updated", a duplicate) is done again.
    /// </summary>
    public static async Task<(bool Created, TenantLogin Login)> EnsureAsync(
        NpgsqlConnection admin, string serverConnectionString, string database, TenantPasswords passwords, ILogger logger, CancellationToken cancellationToken)
    {
        var created = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var login = await TenantRoles.EnsureRoleAsync(admin, database, passwords, logger, cancellationToken).ConfigureAwait(false);
                created |= await PostgresCatalog.EnsureAsync(admin, database, login.Role, cancellationToken).ConfigureAwait(false);
                await TenantRoles.EnsureOwnershipAsync(admin, serverConnectionString, database, login, logger, cancellationToken).ConfigureAwait(false);
                return (created, login);
            }
            catch (PostgresException e) when (attempt < Attempts && IsConcurrentChange(e))
            {
                // Another silo changed the same catalog row at the same moment: the next attempt sees its result. An error
                // that ended the session leaves the connection broken; the next attempt needs it open again.
                EngineLog.TenantDatabaseRetried(logger, database, attempt, e.SqlState, admin.FullState.ToString(), e);
                if (admin.State != ConnectionState.Open)
                {
                    await admin.CloseAsync().ConfigureAwait(false);
                    await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static bool IsConcurrentChange(PostgresException e) => e.SqlState is PostgresErrorCodes.InternalError
        or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject
        or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
