using Orleans.DynamicDb.Silo.Tests.Cluster;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>A client that knows only the cluster's Redis finds the gateway in the membership table (real Redis, PostgreSQL, silo process).</summary>
public sealed class RedisGatewayTests(ClusterServersFixture servers) : IClassFixture<ClusterServersFixture>
{
    [Fact]
    public async Task The_sample_finds_a_cluster_silos_gateway_through_Redis()
    {
        using var data = new TempDirectory();
        var clusterId = $"c{Guid.NewGuid():N}"[..16];
        var gateway = FreePort.Next();
        var state = await servers.Postgres.CreateDatabaseAsync("client");
        await using var silo = SiloProcess.Start(
            data.Combine("silo"),
            ClientSampleTests.SiloArguments(
                gateway,
                "--DynamicDb:Cluster:RedisConnectionString", servers.Redis.ConnectionString,
                "--DynamicDb:Cluster:PostgresConnectionString", state,
                "--Orleans:ClusterId", clusterId,
                "--Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1"));
        await silo.WaitUntilReadyAsync();

        // No gateway given: the only way to the silo is its entry in the cluster's membership table.
        var found = await ClientSample.RunAsync(
            "--DynamicDb:Client:RedisConnectionString", servers.Redis.ConnectionString,
            "--DynamicDb:Client:ClusterId", clusterId,
            "--Sample:App", "sampletest", "--Sample:Database", "notes", "--Sample:Text", "via redis");
        var wrongCluster = await ClientSample.RunAsync(
            "--DynamicDb:Client:RedisConnectionString", servers.Redis.ConnectionString,
            "--DynamicDb:Client:ClusterId", "no-such-cluster",
            "--DynamicDb:Client:StartTimeout", "00:00:02",
            "--Sample:App", "sampletest", "--Sample:Database", "notes", "--Sample:Text", "lost");

        Assert.True(found.ExitCode == 0, $"The sample failed:\n{found.All}\nSilo:\n{silo.Output}");
        Assert.Contains("  1: via redis", found.OutputLines);
        Assert.Equal(1, wrongCluster.ExitCode);
        Assert.Equal(["{\"text\":\"via redis\"}"], await ClientSampleTests.StoredNotesAsync(silo));
    }
}
