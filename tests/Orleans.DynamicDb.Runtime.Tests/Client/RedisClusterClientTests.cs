using Orleans.DynamicDb.Runtime.Client;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.Runtime.Tests.Membership;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Client;

/// <summary>A client that finds its gateways in the Redis membership table of a two-silo cluster.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisClusterClientTests(RedisFixture redis)
{
    [Fact]
    public async Task A_client_with_redis_clustering_finds_every_active_silo_and_calls_grains()
    {
        var keyPrefix = $"t{Guid.NewGuid():N}"[..12];
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 2;
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(TestClusters).Assembly);
            silo.UseRedisClustering(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.ConnectionString, keyPrefix));
            silo.Configure<ClusterOptions>(o => o.ClusterId = "clients");
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await Eventually.True(() => cluster.Silos.All(s => TestCluster.MembershipOf(s).ActiveSilos.Count == 2), "both silos see two active silos");
        await using var client = new ClientBuilder()
            .UseRedisClustering(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.ConnectionString, keyPrefix))
            .Configure<ClusterOptions>(o => o.ClusterId = "clients")
            .Build();

        await client.ConnectAsync();

        Assert.Equal(cluster.Silos.Select(s => TestCluster.AddressOf(s).EndPoint).OrderBy(e => e.Port), client.Gateways.OrderBy(e => e.Port));
        Assert.Equal("hello", await client.GetGrain<IEchoGrain>(Probe.NewName()).Echo("hello"));
    }
}
