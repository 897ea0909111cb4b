using System.Text.Json;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Silo.Tests.Cluster.ClusterSteps;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// One database written by many callers while the cluster changes under it (a silo joins, its host leaves gracefully,
/// the next host is SIGKILLed) keeps every acknowledged write and never has two activations at once, as the activation
/// history the database grains record in the catalog shows; and a database's own timer runs on its new host after
/// its first host dies.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SingleActivationTests(ClusterServersFixture servers)
{
    private const int Writers = 8;

    [Fact]
    public async Task Many_writers_keep_every_acknowledged_write_and_one_activation_while_silos_join_leave_and_die()
    {
        await using var cluster = await SiloCluster.StartAsync(servers, size: 4, running: 3);
        var database = $"many_{Guid.NewGuid():N}"[..16];
        using var client = new GatewayClient();
        await CreateTableAsync(client, cluster, database);
        var writers = Enumerable.Range(0, Writers).Select(i => AcknowledgedWriter.Start(cluster, database, $"w{i}_")).ToList();
        var killed = new HashSet<int>();
        try
        {
            await WaitForEachAsync(writers, 5, "before the cluster changes");

            await cluster.RestartAsync(3);
            await WaitForEachAsync(writers, 5, "after silo 3 joined");

            var leaving = await HostAsync(cluster, database);
            Assert.Equal(0, await cluster.StopAsync(leaving));
            await WaitForEachAsync(writers, 5, $"after silo {leaving} (the database's host) left gracefully");

            var dying = await HostAsync(cluster, database);
            killed.Add(dying);
            await cluster.KillAsync(dying);
            await WaitForEachAsync(writers, 5, $"after silo {dying} (the database's next host) was SIGKILLed");
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }

        var survivor = Enumerable.Range(0, cluster.Count).First(cluster.IsRunning);
        await AssertAllPresentAsync(client, cluster.Address(survivor), database, [.. writers.SelectMany(w => w.Acknowledged)]);
        var history = await AssertSingleActivationAsync(cluster, database, killed);
        Assert.True(history.Select(a => a.Silo).Distinct().Count() >= 3, $"the database moved twice, so at least three activations ran on different silos; {history.Count} recorded");
    }

    [Fact]
    public async Task A_database_whose_host_was_SIGKILLed_hibernates_on_its_new_host_by_its_own_timer()
    {
        var settings = new Dictionary<string, string> { ["DynamicDb__Databases__HibernationTimeout"] = "00:00:05" };
        await using var cluster = await SiloCluster.StartAsync(servers, size: 3, settings: settings);
        var database = $"hib_{Guid.NewGuid():N}"[..16];
        using var client = new GatewayClient();
        await CreateTableAsync(client, cluster, database);
        var first = await HostAsync(cluster, database);
        var through = (first + 1) % cluster.Count;

        await cluster.KillAsync(first);
        Assert.Equal(DatabaseStatus.Active, await StatusAsync(client, cluster.Address(through), database));
        await Eventually.True(
            () => client.TryExecAsync(cluster.Address(through), database, "INSERT INTO writes (v) VALUES ('after the kill')"),
            $"a write through silo {through} after silo {first} was killed",
            TimeSpan.FromMinutes(1));
        var second = await HostAsync(cluster, database);
        await Eventually.True(
            async () => await StatusAsync(client, cluster.Address(through), database) == DatabaseStatus.Hibernated,
            $"{database} hibernates on silo {second} by its own timer",
            TimeSpan.FromSeconds(60));

        var history = await AssertSingleActivationAsync(cluster, database, killed: new HashSet<int> { first });
        Assert.NotEqual(first, second);
        Assert.Equal(
            [(first, ActivationEnd.Abandoned), (second, ActivationEnd.Hibernated)],
            history.Select(a => (cluster.IndexOfSilo(a.Silo) ?? -1, a.EndReason!)));
        Assert.Null(await cluster.HostOfAsync(database));
    }

    private static async Task WaitForEachAsync(IReadOnlyList<AcknowledgedWriter> writers, int more, string because)
    {
        var targets = writers.Select(w => w.Count + more).ToList();
        for (var i = 0; i < writers.Count; i++)
        {
            await writers[i].WaitForAsync(targets[i], $"by writer {i} {because}");
        }
    }

    /// <summary>The database's <c>status</c> from <c>/v1/database/status</c> (read from the catalog: it never wakes the database).</summary>
    private static async Task<string> StatusAsync(GatewayClient client, Uri silo, string database)
    {
        var body = await client.GetAsync(silo, $"/v1/database/status?database={database}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("status").GetString()!;
    }
}
