using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Databases;

/// <summary>Registers databases on demand: engines, the catalog, options and the orphaned-data check.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database layer. <paramref name="dataDirectory"/> is the silo's data directory: the embedded SQLite engine
    /// keeps one folder per database there (<c>{dataDirectory}/{app}_{database}/</c>), other relative engine folders are
    /// resolved against it, and the catalog defaults to the SQLite file <c>{dataDirectory}/silo/catalog.db</c>.
    /// </summary>
    public static IServiceCollection AddDynamicDbDatabases(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var root = Path.GetFullPath(dataDirectory);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .PostConfigure(o => o.CatalogConnectionString ??= $"Data Source={Path.Combine(root, "silo", "catalog.db")}")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddDynamicDbEngines(configuration);
        services.PostConfigure<EngineRegistryOptions>(o => ResolveEngineFolders(o, root));
        services.TryAddSingleton<DatabaseMetrics>();
        services.AddMetrics();
        services.TryAddSingleton<IDatabaseCatalog>(NewCatalog);
        services.AddOptions<Switching.SwitchingOptions>().Bind(configuration.GetSection(Switching.SwitchingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Switching.SwitchingOptions>, Switching.SwitchingOptionsValidator>());
        services.TryAddSingleton<Switching.SwitchMetrics>();
        services.TryAddSingleton<Switching.SwitchHooks>();
        // The switch history lives in the catalog database; a catalog registered in its place (a wrapper) gets its own.
        services.TryAddSingleton<Switching.ISwitchLog>(sp => sp.GetRequiredService<IDatabaseCatalog>() as Switching.ISwitchLog ?? NewCatalog(sp));
        // Switching policies read the same history and ask for switches through the switch log and the database grains.
        services.TryAddSingleton<Switching.Policies.ISwitchHistory>(sp => sp.GetRequiredService<Switching.ISwitchLog>() as Switching.Policies.ISwitchHistory ?? NewCatalog(sp));
        services.TryAddSingleton<Switching.Policies.ISwitchRequester, Switching.PolicySwitchRequester>();
        // Stored credentials are encrypted with one Data Protection key ring: DynamicDb:KeyRingDirectory when set, else the
        // catalog's table when the catalog is a shared PostgreSQL database, else {dataDirectory}/keys (docs/security.md).
        // Each new key of that ring is recorded in the audit log (key.changed).
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var secrets = Engines.Secrets.SecretKeyRings.Create(
                ConfiguredKeyRingDirectory(configuration, root), Path.Combine(root, Engines.Secrets.SecretProtector.KeyRingFolderName),
                options.CatalogInvariant, options.CatalogConnectionString!, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<Engines.Secrets.SecretProtector>());
            KeyChangeAudit.Attach(secrets, sp.GetRequiredService<IAuditLog>());
            return secrets;
        });
        // The audit log of administrative actions lives in the catalog database (grains/Audit).
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<IAuditLog>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new AdoNetAuditLog(
                options.CatalogInvariant, options.CatalogConnectionString!, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<AuditMetrics>(), sp.GetRequiredService<ILogger<AdoNetAuditLog>>());
        });
        // Every statement holds one of its engine's slots, queued by tier when they are taken (docs/tiers.md, "Admission").
        services.AddDynamicDbTierAdmission(configuration);
        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<CatalogStatusGauge>();
        return services;
    }

    /// <summary>
    /// The folder setting <c>DynamicDb:KeyRingDirectory</c> names for the Data Protection key ring (relative: under the data
    /// directory), or null when it is not set (see <see cref="Engines.Secrets.SecretKeyRings"/> and docs/security.md).
    /// </summary>
    private static string? ConfiguredKeyRingDirectory(IConfiguration configuration, string root) =>
        configuration["DynamicDb:KeyRingDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(Path.Combine(root, configured))
            : null;

    private static AdoNetDatabaseCatalog NewCatalog(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        return new AdoNetDatabaseCatalog(options.CatalogInvariant, options.CatalogConnectionString!);
    }

    /// <summary>No engines configured: one embedded SQLite engine in the data directory. Relative folders: under it.</summary>
    private static void ResolveEngineFolders(EngineRegistryOptions options, string root)
    {
        if (options.Engines.Count == 0)
        {
            var embedded = EngineOptions.EmbeddedDefault();
            embedded.DataDirectory = root;
            options.Engines.Add(embedded);
            return;
        }

        foreach (var engine in options.Engines)
        {
            if (engine.Members.Count > 0)
            {
                // A registered replication group: the silo keeps only its layout, under its own data directory.
                engine.StateDirectory = Path.Combine(root, engine.StateDirectory ?? Path.Combine("engines", engine.Id));
                continue;
            }

            if (!Path.IsPathRooted(engine.DataDirectory))
            {
                engine.DataDirectory = engine.DataDirectory is "data" or "." or "" ? root : Path.Combine(root, engine.DataDirectory);
            }
        }
    }
}
