using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>
/// A one-silo Orleans test cluster with the database layer and the product's ADO.NET grain storage on a SQLite file in
/// <c>dataDirectory</c>, under a fixed service id: a cluster started again on the same directory and id finds the
/// engine grains' persisted state.
/// </summary>
public static class EngineClusterFactory
{
    public static async Task<InProcessTestCluster> StartAsync(
        string dataDirectory, string serviceId, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDynamicDbDatabases(silo.Configuration, dataDirectory);
            services?.Invoke(silo.Services);
            silo.UseDynamicDbAdoNetStorage(o =>
            {
                o.Engine = DynamicDbStorageEngine.Sqlite;
                o.SqlitePath = Path.Combine(dataDirectory, "silo", "orleans.db");
            });
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings for one engine <c>DynamicDb:Engines:0</c> with short health intervals (200 ms rounds of 2 probes 50 ms apart, 1 s grace), then <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> FastHealth(string id, string kind, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = id,
            ["DynamicDb:Engines:0:Kind"] = kind,
            ["DynamicDb:Engines:0:Health:HealthCheckInterval"] = "00:00:00.200",
            ["DynamicDb:Engines:0:Health:HealthCheckProbes"] = "2",
            ["DynamicDb:Engines:0:Health:HealthCheckProbesDelay"] = "00:00:00.050",
            ["DynamicDb:Engines:0:Health:HealthCheckTimeout"] = "00:00:02",
            ["DynamicDb:Engines:0:Health:GracePeriod"] = "00:00:01",
        };
        foreach (var (key, value) in extra)
        {
            settings[key.StartsWith("DynamicDb:", StringComparison.Ordinal) ? key : $"DynamicDb:Engines:0:{key}"] = value;
        }

        return settings;
    }

    public static string NewServiceId() => "eng-" + Guid.NewGuid().ToString("N")[..10];
}
