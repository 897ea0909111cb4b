using Orleans.DynamicDb.Benchmarks.Grains;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Starts the one-silo test cluster (silo host with an in-process client) the suites call through.</summary>
internal static class BenchCluster
{
    public static async Task<TestCluster> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(PingGrain).Assembly);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
