using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>A one-silo test cluster with the database layer, its data in <c>dataDirectory</c>.</summary>
public static class DatabaseClusterFactory
{
    public static async Task<TestCluster> StartAsync(string dataDirectory, IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = new TestClusterBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Options.Configuration[key] = value;
        }

        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(DatabaseGrain).Assembly);
            silo.Services.AddDynamicDbDatabases(silo.Configuration, dataDirectory);
            if (time is not null)
            {
                silo.Services.AddSingleton(time);
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
