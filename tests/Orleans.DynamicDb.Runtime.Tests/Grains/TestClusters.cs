using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

/// <summary>Starts a one-silo test cluster that knows this assembly's test grains.</summary>
public static class TestClusters
{
    public static async Task<TestCluster> StartAsync(Action<ISiloBuilder>? configure = null, Action<TestClusterOptions>? options = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(TestClusters).Assembly);
            configure?.Invoke(silo);
        });
        options?.Invoke(builder.Options);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
