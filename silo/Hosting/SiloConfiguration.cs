using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Runtime;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.Silo.Telemetry;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Makes a web application a DynamicDb silo: the embedded default of one silo on this machine.</summary>
public static class SiloConfiguration
{
    /// <summary>
    /// Adds one silo with localhost clustering, grain state and reminders in SQLite files under
    /// <c>DynamicDb:DataDirectory</c> (or, with <c>DynamicDb:Cluster</c> settings, a member of a cluster with Redis
    /// clustering and grain state, reminders and catalog in PostgreSQL: see <see cref="DynamicDbClusterOptions"/>), the databases (engines and catalog, <c>DynamicDb:Engines</c>,
    /// <c>DynamicDb:Databases</c>), the HTTP gateway with its authentication (<c>DynamicDb:Gateway</c>,
    /// <c>DynamicDb:Auth</c>), the health checks, the console log format and the default HTTP address
    /// (<c>http://127.0.0.1:8080</c> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise).
    /// The data directory is read from configuration here, as the storage providers need it when they are added;
    /// every setting is validated when the host starts.
    /// </summary>
    public static WebApplicationBuilder AddDynamicDbSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDynamicDbConsoleLogging();
        builder.UseDefaultUrlUnlessConfigured();

        var section = builder.Configuration.GetSection(DynamicDbOptions.SectionName);
        var paths = new SiloDataPaths(section[nameof(DynamicDbOptions.DataDirectory)] ?? DynamicDbOptions.DefaultDataDirectory);
        builder.Services.AddSingleton(paths);
        builder.Services.AddOptions<DynamicDbOptions>()
            .Bind(section)
            .PostConfigure(o => o.DataDirectory = SiloDataPaths.Resolve(o.DataDirectory))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamicDbOptions>, DynamicDbOptionsValidator>());
        builder.Services.AddHostedService<SiloHostLifecycle>();

        var cluster = builder.Configuration.GetSection(DynamicDbClusterOptions.SectionName).Get<DynamicDbClusterOptions>() ?? new();
        builder.Services.AddOptions<DynamicDbClusterOptions>()
            .Bind(builder.Configuration.GetSection(DynamicDbClusterOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamicDbClusterOptions>, DynamicDbClusterOptionsValidator>());
        builder.UseOrleans(silo => ConfigureSilo(silo, cluster, paths));

        builder.Services.AddDynamicDbDatabases(builder.Configuration, paths.DataDirectory);
        if (cluster.UsesPostgres)
        {
            // After the configuration is bound, before the SQLite default applies: an explicit catalog setting wins.
            builder.Services.Configure<DatabaseOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.CatalogConnectionString))
                {
                    o.CatalogInvariant = AdoNetInvariants.InvariantNamePostgreSql;
                    o.CatalogConnectionString = cluster.PostgresConnectionString;
                }
            });
        }

        builder.Services.AddDynamicDbGateway(builder.Configuration);
        builder.Services.AddDynamicDbHealthChecks();
        builder.Services.AddDynamicDbTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Clustering, grain state and reminders: Redis clustering when <c>DynamicDb:Cluster:RedisConnectionString</c> is
    /// set (else localhost), PostgreSQL when <c>DynamicDb:Cluster:PostgresConnectionString</c> is set (else SQLite files).
    /// </summary>
    private static void ConfigureSilo(ISiloBuilder silo, DynamicDbClusterOptions cluster, SiloDataPaths paths)
    {
        if (cluster.UsesRedisClustering)
        {
            silo.UseRedisClustering(o => o.ConnectionString = cluster.RedisConnectionString!);
        }
        else
        {
            silo.UseLocalhostClustering();
        }

        var (invariant, grainState, reminders) = cluster.UsesPostgres
            ? (AdoNetInvariants.InvariantNamePostgreSql, cluster.PostgresConnectionString!, cluster.PostgresConnectionString!)
            : (AdoNetInvariants.InvariantNameSqlite, SiloDataPaths.SqliteConnectionString(paths.GrainStateFile), SiloDataPaths.SqliteConnectionString(paths.RemindersFile));
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = grainState;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = reminders;
        });
    }
}
