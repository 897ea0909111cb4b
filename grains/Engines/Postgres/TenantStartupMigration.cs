using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The start-up pass of a registered server: brings every existing database the catalog places on it to its tenant role
/// (see <see cref="TenantDatabase"/>) without opening it for tenants. One query finds the databases still owned by another
/// role or still open to <c>PUBLIC</c>; only those are migrated, a few at a time. Tenant passwords an earlier version stored
/// in plaintext are re-encrypted first (<see cref="TenantRoleStore.ProtectPlaintextAsync"/>). A database that fails is logged and left
/// to the migration its next open does; a server that cannot be reached is logged once and skipped.
/// </summary>
internal static class TenantStartupMigration
{
    private const string FindPending = """
        SELECT d.datname FROM pg_database d
        JOIN unnest($1::text[], $2::text[]) AS w(db, role) ON w.db = d.datname
        LEFT JOIN pg_roles r ON r.rolname = w.role
        WHERE r.oid IS DISTINCT FROM d.datdba
           OR EXISTS (SELECT 1 FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                      WHERE a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY'))
        """;

    /// <summary>Migrates the databases of <paramref name="names"/> that need it; never throws for a database or the server.</summary>
    public static async Task<TenantStartupResult> RunAsync(
        NpgsqlDataSource maintenance, string serverConnectionString, TenantPasswords passwords, IReadOnlyCollection<DatabaseName> names,
        int maxParallelism, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var engineId = passwords.EngineId;
        IReadOnlyList<string> pending;
        try
        {
            await ProtectPasswordsAsync(maintenance, passwords, cancellationToken).ConfigureAwait(false);
            pending = await FindPendingAsync(maintenance, names, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EngineLog.TenantStartupSkipped(logger, e, engineId, names.Count);
            return new TenantStartupResult(names.Count, 0, names.Count);
        }

        var failed = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, async (database, ct) =>
        {
            try
            {
                var admin = await maintenance.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using var adminScope = admin.ConfigureAwait(false);
                await TenantDatabase.EnsureAsync(admin, serverConnectionString, database, passwords, logger, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                EngineLog.TenantStartupFailed(logger, e, database, engineId);
            }
        }).ConfigureAwait(false);

        var result = new TenantStartupResult(names.Count, pending.Count - failed, failed);
        EngineLog.TenantStartupDone(logger, engineId, result.Checked, result.Migrated, result.Failed, EngineLog.ElapsedMs(started));
        return result;
    }

    /// <summary>Re-encrypts the plaintext passwords an earlier version left in <c>dyndb.tenant_roles</c>, logging once how many.</summary>
    private static async Task ProtectPasswordsAsync(NpgsqlDataSource maintenance, TenantPasswords passwords, CancellationToken cancellationToken)
    {
        var admin = await maintenance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var adminScope = admin.ConfigureAwait(false);
        if (!await TenantRoleStore.ExistsAsync(admin, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var migrated = await TenantRoleStore.ProtectPlaintextAsync(admin, passwords, cancellationToken).ConfigureAwait(false);
        if (migrated > 0)
        {
            passwords.MigratedAll(migrated);
        }
    }

    private static async Task<IReadOnlyList<string>> FindPendingAsync(
        NpgsqlDataSource maintenance, IReadOnlyCollection<DatabaseName> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var admin = await maintenance.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var adminScope = admin.ConfigureAwait(false);
        using var command = new NpgsqlCommand(FindPending, admin);
        command.Parameters.Add(new NpgsqlParameter { Value = names.Select(n => n.FullName).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = names.Select(n => TenantRoles.RoleName(n.FullName)).ToArray() });
        var pending = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.Add(reader.GetString(0));
            }
        }

        return pending;
    }
}
