using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The start-up half of issue 7's tenant roles: every catalog database on a registered <c>postgres</c> engine is moved to
/// its own role before tenants can reach it, not only when it is first opened. Works on the server directly, so no
/// database grain wakes. <c>postgres-managed</c> instances are private to their database and are migrated when they start.
/// </summary>
internal static class TenantRoleStartup
{
    /// <summary>Runs the pass engine by engine; a failure never escapes (each engine logs its own).</summary>
    public static async Task RunAsync(IReadOnlyList<DatabaseInfo> entries, IEngineRegistry engines, int maxParallelism, CancellationToken cancellationToken)
    {
        var byEngine = entries
            .Where(e => e.Status != DatabaseStatus.Dropped)
            .GroupBy(e => e.Engine, StringComparer.OrdinalIgnoreCase);
        foreach (var group in byEngine)
        {
            if (!engines.TryGet(group.Key, out var engine) || engine is not PostgresEngine postgres)
            {
                continue;
            }

            var names = new List<DatabaseName>();
            foreach (var entry in group)
            {
                if (DatabaseName.TryCreate(entry.App, entry.Database, out var name))
                {
                    names.Add(name);
                }
            }

            await postgres.MigrateExistingAsync(names, maxParallelism, cancellationToken).ConfigureAwait(false);
        }
    }
}
