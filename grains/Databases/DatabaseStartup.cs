using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// At start: prepares the catalog, migrates the databases of registered <c>postgres</c> engines to their tenant roles
/// (<see cref="TenantRoleStartup"/>), and moves data folders that no catalog entry claims to
/// <c>{engine folder}/.orphaned/{timestamp}/</c> (never deletes them), logging each move.
/// </summary>
internal sealed partial class DatabaseStartup(
    IDatabaseCatalog catalog,
    IOptions<DatabaseOptions> options,
    IOptions<EngineRegistryOptions> engines,
    IEngineRegistry registry,
    TimeProvider time,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await catalog.StartAsync(cancellationToken).ConfigureAwait(false);
        var entries = await catalog.ListAllAsync(cancellationToken).ConfigureAwait(false);
        await TenantRoleStartup.RunAsync(entries, registry, options.Value.StartupMigrationParallelism, cancellationToken).ConfigureAwait(false);
        if (!options.Value.MoveOrphanedData)
        {
            return;
        }

        var known = entries
            .Select(e => $"{e.App}_{e.Database}")
            .ToHashSet(StringComparer.Ordinal);
        var folders = engines.Value.Engines
            .Where(e => string.Equals(e.Kind, EngineKinds.Sqlite, StringComparison.OrdinalIgnoreCase) || string.Equals(e.Kind, EngineKinds.ManagedPostgres, StringComparison.OrdinalIgnoreCase))
            .Select(e => Path.GetFullPath(e.DataDirectory))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var moved = 0;
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var candidate in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(candidate);
                if (known.Contains(name) || !LooksLikeDatabaseFolder(name) || folders.Contains(Path.GetFullPath(candidate)))
                {
                    continue;
                }

                // Two starts within one second share the stamp: a folder moved aside before keeps its place.
                var target = Path.Combine(folder, ".orphaned", stamp, name);
                for (var suffix = 2; Directory.Exists(target); suffix++)
                {
                    target = Path.Combine(folder, ".orphaned", stamp, $"{name}_{suffix}");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.Move(candidate, target);
                moved++;
                LogOrphanMoved(name, target);
            }
        }

        LogScanDone(folders.Count, known.Count, moved);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Only folders named like "{app}_{database}" are candidates: never the silo's own folders.</summary>
    private static bool LooksLikeDatabaseFolder(string name)
    {
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && underscore < name.Length - 1 && name[0] != '.' && name != "silo"
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
    }

    [LoggerMessage(EventId = EventIds.OrphanMoved, Level = LogLevel.Warning, Message = "Orphaned data moved aside database={Database} moved_to={MovedTo}")]
    private partial void LogOrphanMoved(string database, string movedTo);

    [LoggerMessage(EventId = EventIds.OrphanScanDone, Level = LogLevel.Information, Message = "Data directories checked against the catalog folders={Folders} databases={Databases} orphans_moved={Moved}")]
    private partial void LogScanDone(int folders, int databases, int moved);
}
