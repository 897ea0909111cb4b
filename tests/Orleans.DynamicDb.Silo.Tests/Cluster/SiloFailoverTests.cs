using static Orleans.DynamicDb.Silo.Tests.Cluster.ClusterSteps;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// Three real silo processes in cluster mode (Redis clustering; grain state, reminders and catalog in PostgreSQL; a
/// shared 'postgres' engine holding the databases) keep every acknowledged write when silos die or restart. The silo
/// that hosts a database grain is found in the cluster's grain directory in Redis (see <see cref="SiloCluster.HostOfAsync"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailoverTests(ClusterServersFixture servers)
{
    private const int Silos = 3;

    [Fact]
    public async Task Killing_the_silo_that_hosts_a_database_loses_no_acknowledged_write_and_service_resumes()
    {
        await using var cluster = await SiloCluster.StartAsync(servers, Silos);
        var database = $"kill_{Guid.NewGuid():N}"[..16];
        using var client = new GatewayClient();
        await CreateTableAsync(client, cluster, database);
        var host = await HostAsync(cluster, database);

        await using var writer = AcknowledgedWriter.Start(cluster, database);
        await writer.WaitForAsync(20, "before the kill");
        await cluster.KillAsync(host);
        var atKill = writer.Count;
        await writer.WaitForAsync(atKill + 20, $"after silo {host} (the database's host) was killed with SIGKILL");
        await writer.StopAsync();

        var newHost = await HostAsync(cluster, database);
        Assert.NotEqual(host, newHost);
        for (var i = 0; i < Silos; i++)
        {
            if (cluster.IsRunning(i))
            {
                await AssertAllPresentAsync(client, cluster.Address(i), database, writer.Acknowledged);
            }
        }
        await AssertSingleActivationAsync(cluster, database, killed: new HashSet<int> { host });
    }

    [Fact]
    public async Task A_rolling_restart_loses_no_acknowledged_write()
    {
        await using var cluster = await SiloCluster.StartAsync(servers, Silos);
        var database = $"roll_{Guid.NewGuid():N}"[..16];
        using var client = new GatewayClient();
        await CreateTableAsync(client, cluster, database);

        await using var writer = AcknowledgedWriter.Start(cluster, database);
        await writer.WaitForAsync(10, "before the rolling restart");
        for (var i = 0; i < Silos; i++)
        {
            await cluster.StopAsync(i);
            await writer.WaitForAsync(writer.Count + 5, $"while silo {i} is stopped");
            await cluster.RestartAsync(i);
            await writer.WaitForAsync(writer.Count + 5, $"after silo {i} restarted");
        }

        await writer.StopAsync();
        for (var i = 0; i < Silos; i++)
        {
            await AssertAllPresentAsync(client, cluster.Address(i), database, writer.Acknowledged);
        }
        await AssertSingleActivationAsync(cluster, database, killed: new HashSet<int>());
    }
}
