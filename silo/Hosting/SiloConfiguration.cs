using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Cluster;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.Silo.Dashboard;
using Orleans.DynamicDb.Silo.Ui;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Sessions;
using Orleans.DynamicDb.Silo.Telemetry;
using Orleans.DynamicDb.Switching.Policies;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Makes a web application a DynamicDb silo on Microsoft Orleans: the embedded default, or a member of a cluster.</summary>
public static class SiloConfiguration
{
    /// <summary>
    /// Adds one Orleans silo with localhost clustering and Orleans' ADO.NET grain storage and reminders on a SQLite file
    /// under <c>DynamicDb:DataDirectory</c> (or, with <c>DynamicDb:Cluster</c> settings, a member of a cluster with Redis
    /// membership and grain directory, grain state, reminders and catalog in PostgreSQL: see
    /// <see cref="DynamicDbClusterOptions"/>), the databases (engines and catalog, <c>DynamicDb:Engines</c>,
    /// <c>DynamicDb:Databases</c>), the HTTP gateway with its authentication (<c>DynamicDb:Gateway</c>,
    /// <c>DynamicDb:Auth</c>), the health checks, telemetry, the Orleans Dashboard, the console log format and the default
    /// HTTP address (<c>http://127.0.0.1:8080</c> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise).
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
        var dashboard = DashboardSettings.Read(builder.Configuration);
        builder.UseOrleans(silo => ConfigureSilo(silo, builder.Configuration, cluster, paths, dashboard));

        builder.Services.AddDynamicDbDatabases(builder.Configuration, paths.DataDirectory);
        if (cluster.UsesRedisClustering)
        {
            // postgres-ha groups spread their members over the silos (one per silo where there are enough).
            builder.Services.AddClusterReplicationGroups(builder.Configuration);
        }

        if (cluster.UsesPostgres)
        {
            // After the configuration is bound, before the SQLite default applies: an explicit catalog setting wins.
            builder.Services.Configure<DatabaseOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.CatalogConnectionString))
                {
                    o.CatalogInvariant = "Npgsql";
                    o.CatalogConnectionString = cluster.PostgresConnectionString;
                }
            });
        }

        builder.Services.AddDynamicDbAlerts(builder.Configuration);
        builder.Services.AddDynamicDbSwitchingPolicies(builder.Configuration);
        builder.Services.AddDynamicDbGateway(builder.Configuration);
        builder.Services.AddDynamicDbUi(builder.Configuration);
        builder.Services.AddDynamicDbHealthChecks();
        builder.Services.AddDynamicDbTelemetry(builder.Configuration);
        builder.Services.AddDynamicDbDashboard(dashboard);
        builder.Services.AddDynamicDbSessionTracking(builder.Configuration);
        builder.Services.AddDynamicDbPgWire(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Clustering, grain directory, grain state and reminders: Redis membership and grain directory when
    /// <c>DynamicDb:Cluster:RedisConnectionString</c> is set (else localhost clustering), Orleans' ADO.NET storage and
    /// reminders on PostgreSQL when <c>DynamicDb:Cluster:PostgresConnectionString</c> is set (else on the SQLite file
    /// <c>{DataDirectory}/silo/orleans.db</c>), with the product's schema installed at start-up. Orleans' option classes
    /// bind from <c>Orleans:*</c> (see <see cref="OrleansSettings"/>).
    /// </summary>
    private static void ConfigureSilo(ISiloBuilder silo, IConfiguration configuration, DynamicDbClusterOptions cluster, SiloDataPaths paths, DashboardSettings dashboard)
    {
        if (cluster.UsesRedisClustering)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(cluster.RedisConnectionString!));
            silo.UseRedisGrainDirectoryAsDefault(o => o.ConfigurationOptions = RedisOptions(cluster.RedisConnectionString!));
            silo.Services.AddOptions<ClusterMembershipOptions>().Configure(OrleansSettings.ClusterMembershipDefaults);
        }
        else
        {
            silo.UseLocalhostClustering(
                siloPort: OrleansSettings.EndpointPort(configuration, nameof(EndpointOptions.SiloPort), EndpointOptions.DEFAULT_SILO_PORT),
                gatewayPort: OrleansSettings.EndpointPort(configuration, nameof(EndpointOptions.GatewayPort), EndpointOptions.DEFAULT_GATEWAY_PORT));
        }

        silo.UseDynamicDbAdoNetStorage(o =>
        {
            if (cluster.UsesPostgres)
            {
                o.Engine = DynamicDbStorageEngine.Postgres;
                o.PostgresConnectionString = cluster.PostgresConnectionString;
            }
            else
            {
                o.Engine = DynamicDbStorageEngine.Sqlite;
                o.SqlitePath = paths.OrleansStorageFile;
            }
        });
        OrleansSettings.Bind(silo, configuration);
        silo.UseDynamicDbTls(configuration);

        // One query is one trace: the HTTP request's activity flows into grain calls, within and across silos.
        silo.AddActivityPropagation();
        if (dashboard.Enabled)
        {
            silo.AddDashboard();
        }
    }

    /// <summary>The StackExchange.Redis options of a connection string; a Redis that cannot be reached fails the start.</summary>
    private static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        return options;
    }
}
