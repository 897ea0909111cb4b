using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A one-silo Orleans test cluster (<see cref="InProcessTestCluster"/>) with the database layer
/// (<c>AddDynamicDbDatabases</c>), its data in a given folder, as the grain tests start it; optionally with
/// <see cref="EngineEvents"/> listening to the engines' and databases' log lines. Grains are called through the silo's
/// own client (local calls), as the gateway calls them.
/// </summary>
internal sealed class DatabaseCluster : IAsyncDisposable
{
    private DatabaseCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    private IServiceProvider ServiceProvider => Cluster.Silos[0].ServiceProvider;

    public IClusterClient Client => ServiceProvider.GetRequiredService<IClusterClient>();

    public IDatabaseCatalog Catalog => ServiceProvider.GetRequiredService<IDatabaseCatalog>();

    /// <summary>The catalog with its calls timed, when the cluster was started with <c>timeCatalog</c>.</summary>
    public TimedCatalog? TimedCatalog => ServiceProvider.GetRequiredService<IDatabaseCatalog>() as TimedCatalog;

    public static async Task<DatabaseCluster> StartAsync(string dataDirectory, IDictionary<string, string?> settings, EngineEvents? events = null, bool timeCatalog = false)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            if (timeCatalog)
            {
                // Registered first, so AddDynamicDbDatabases (TryAdd) keeps it; built as AddDynamicDbDatabases builds its own.
                silo.Services.AddSingleton<IDatabaseCatalog>(sp =>
                {
                    var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                    return new TimedCatalog(new AdoNetDatabaseCatalog(options.CatalogInvariant, options.CatalogConnectionString!));
                });
            }

            silo.Services.AddDynamicDbDatabases(silo.Configuration, dataDirectory);

            // The engines' health grains keep their state in the default grain storage.
            silo.AddMemoryGrainStorageAsDefault();
            if (events is not null)
            {
                silo.Services.AddLogging(logging => logging
                    .AddProvider(events)
                    .AddFilter<EngineEvents>("Orleans.DynamicDb.Engines", LogLevel.Information)
                    .AddFilter<EngineEvents>("Orleans.DynamicDb.Databases", LogLevel.Information));
            }
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return new DatabaseCluster(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IDatabaseGrain Database(string app, string database) => Client.GetGrain<IDatabaseGrain>($"{app}/{database}");

    /// <summary>True when the grain of the database has no activation in the cluster (it finished deactivating).</summary>
    public bool IsInactive(IDatabaseGrain grain) => !Cluster.TryGetGrainContext(grain.GetGrainId(), out _);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
