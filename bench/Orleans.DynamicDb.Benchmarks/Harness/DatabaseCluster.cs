using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// A one-silo test cluster with the database layer (<c>AddDynamicDbDatabases</c>), its data in a given folder, as the
/// grain tests start it; optionally with <see cref="EngineEvents"/> listening to the engines' and databases' log lines.
/// </summary>
internal sealed class DatabaseCluster : IAsyncDisposable
{
    private DatabaseCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IDatabaseCatalog Catalog => Cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();

    /// <summary>The silo's grain runtime (the benchmark sees its internals): to tell when an activation is gone.</summary>
    internal GrainRuntime Runtime => Cluster.ServiceProvider.GetRequiredService<GrainRuntime>();

    /// <summary>The catalog with its calls timed, when the cluster was started with <c>timeCatalog</c>.</summary>
    public TimedCatalog? TimedCatalog => Cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>() as TimedCatalog;

    public static async Task<DatabaseCluster> StartAsync(string dataDirectory, IDictionary<string, string?> settings, EngineEvents? events = null, bool timeCatalog = false)
    {
        var builder = new TestClusterBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Options.Configuration[key] = value;
        }

        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(DatabaseGrain).Assembly);
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
            if (events is not null)
            {
                silo.Services.AddLogging(logging => logging
                    .AddProvider(events)
                    .AddFilter<EngineEvents>("Orleans.DynamicDb.Engines", LogLevel.Information)
                    .AddFilter<EngineEvents>("Orleans.DynamicDb.Databases", LogLevel.Information));
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new DatabaseCluster(cluster);
    }

    public IDatabaseGrain Database(string app, string database) => Client.GetGrain<IDatabaseGrain>($"{app}/{database}");

    /// <summary>True when the grain of the database has no activation on the silo (it finished deactivating).</summary>
    public bool IsInactive(IDatabaseGrain grain) => Runtime.Catalog.Find(grain.GetGrainId()) is null;

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
