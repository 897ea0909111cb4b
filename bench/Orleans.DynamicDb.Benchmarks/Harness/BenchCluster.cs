using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// An Orleans test cluster (<see cref="InProcessTestCluster"/>, 1 silo by default) the suites call through. <see cref="Client"/>
/// is the first silo's own <see cref="IClusterClient"/>, so a call from it to a grain on that silo is a local call (no
/// network, no serialization of the message), as the old runtime's in-process client was; <see cref="ExternalClient"/>
/// is the test cluster's separate client, which reaches the silos through their gateway over loopback TCP.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    /// <summary>The first silo's services.</summary>
    public IServiceProvider ServiceProvider => Cluster.Silos[0].ServiceProvider;

    /// <summary>The first silo's own client: calls to grains on that silo are local calls.</summary>
    public IClusterClient Client => ServiceProvider.GetRequiredService<IClusterClient>();

    /// <summary>The cluster's client in its own host, connected to a gateway silo over loopback TCP.</summary>
    public IClusterClient ExternalClient => Cluster.Client;

    public static async Task<BenchCluster> StartAsync(Action<ISiloBuilder>? configure = null, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => configure?.Invoke(silo));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return new BenchCluster(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when <paramref name="grain"/> has an activation on silo <paramref name="silo"/> (0-based) of the cluster.</summary>
    public bool IsActiveOn(IAddressable grain, int silo) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && context is not null && Cluster.Silos[silo].SiloAddress.Equals(context.Address.SiloAddress);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
