using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>A one-silo Orleans test cluster (Orleans.TestingHost) with the database layer, its data in <c>dataDirectory</c>.</summary>
public static class DatabaseClusterFactory
{
    public static async Task<DatabaseTestCluster> StartAsync(string dataDirectory, IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDynamicDbDatabases(silo.Configuration, dataDirectory);

            // The engines' health grains keep their state in the default grain storage.
            silo.AddMemoryGrainStorageAsDefault();
            if (time is not null)
            {
                silo.Services.AddSingleton(time);
            }
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return new DatabaseTestCluster(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The test cluster with what the database tests use: grain calls through the cluster client, the silo's services.</summary>
public sealed class DatabaseTestCluster(InProcessTestCluster cluster) : IAsyncDisposable
{
    /// <summary>Grain references called through Orleans' client, so every call and answer is serialized as in production.</summary>
    public IGrainFactory GrainFactory => cluster.Client;

    /// <summary>The services of the (first) silo.</summary>
    public IServiceProvider ServiceProvider => cluster.Silos[0].ServiceProvider;

    public Task StopAllSilosAsync() => cluster.StopAllSilosAsync();

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
