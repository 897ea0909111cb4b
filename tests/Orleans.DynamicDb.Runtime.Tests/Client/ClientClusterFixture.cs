using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Client;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Client;

/// <summary>
/// Three silos over loopback TCP sharing a membership table the tests can hand to clients too; a fresh cluster per
/// test class instance, because tests kill silos.
/// </summary>
public abstract class ClientClusterFixture : IAsyncLifetime
{
    private readonly List<ClusterClient> _clients = [];

    protected InMemoryMembershipTable Membership { get; } = new("client-tests");

    protected TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var directory = new InMemoryGrainDirectory();
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(TestClusters).Assembly);
            silo.UseInMemoryClustering(Membership, directory);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Eventually.True(() => Cluster.Silos.All(s => TestCluster.MembershipOf(s).ActiveSilos.Count == 3), "every silo sees three active silos");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    protected static IPEndPoint EndPointOf(SiloHandle silo) => TestCluster.AddressOf(silo).EndPoint;

    protected static IClusterClient InSilo(SiloHandle silo) => silo.ServiceProvider.GetRequiredService<IClusterClient>();

    /// <summary>A connected client that learns its gateways from the cluster's membership table.</summary>
    protected Task<ClusterClient> MembershipClientAsync() => ConnectAsync(new ClientBuilder().UseMembershipTable(Membership));

    /// <summary>A connected client with a static gateway list.</summary>
    protected Task<ClusterClient> StaticClientAsync(params IPEndPoint[] gateways) => ConnectAsync(new ClientBuilder().UseStaticClustering(gateways));

    private async Task<ClusterClient> ConnectAsync(ClientBuilder builder)
    {
        var client = builder
            .Configure<ClientOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMilliseconds(200))
            .Build();
        _clients.Add(client);
        await client.ConnectAsync();
        return client;
    }
}
