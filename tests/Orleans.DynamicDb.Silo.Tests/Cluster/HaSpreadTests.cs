using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;
using static Orleans.DynamicDb.Silo.Tests.Cluster.ClusterSteps;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// A <c>postgres-ha</c> default engine (2 replicas) in a cluster of real silo processes (Redis membership, grain state in
/// PostgreSQL): its three members run on three different silos, writes through any silo's gateway are synchronous, the
/// loss of the primary's silo (the silo process and its postmaster, SIGKILLed as when a machine dies) fails over without
/// losing an acknowledged write, and the lost member is rebuilt on a fourth silo. One cluster for the whole story: it is
/// the expensive part (4 silo processes, 4 PostgreSQL servers over its life).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HaSpreadTests(ClusterServersFixture servers, ITestOutputHelper output)
{
    private const string Engine = "ha";
    private const int Members = 3;

    [Fact]
    public async Task A_group_spread_over_silos_survives_the_loss_of_the_primary_silo_and_is_rebuilt_on_another_silo()
    {
        var cluster = await SiloCluster.StartAsync(servers, size: 4, running: 3, Settings());
        using var view = new HaClusterView(cluster, Engine);
        try
        {
            // One member per silo, the same layout seen through every silo, synchronous standbys on the other silos.
            var members = await view.WaitUntilWholeAsync(0, Members, "after the cluster started");
            for (var i = 1; i < 3; i++)
            {
                var seen = await view.WaitUntilWholeAsync(i, Members, $"as silo {i} shows it");
                Assert.Equal(Placement(members), Placement(seen));
            }

            output.WriteLine($"started: {HaClusterView.Describe(members)}");
            var primary = members.Single(m => m.Role == "primary");
            await AssertSynchronousStandbysAsync(view, primary, members);

            var database = $"ha_{Guid.NewGuid():N}"[..16];
            using var client = new GatewayClient();
            await CreateTableAsync(client, cluster, database);
            await using var writer = AcknowledgedWriter.Start(cluster, database);
            await writer.WaitForAsync(20, "before the primary's silo is killed");

            // The machine of the primary dies: its silo and its postmaster (and backends) are SIGKILLed.
            var lost = primary.SiloIndex!.Value;
            await cluster.KillAsync(lost);
            await view.KillMemberProcessesAsync(primary);
            Assert.False(HaProcesses.IsAlive(primary.Pid!.Value), $"the primary's postmaster {primary.Pid} still runs");
            var atKill = writer.Count;
            var killed = Stopwatch.GetTimestamp();
            await writer.WaitForAsync(atKill + 1, $"after silo {lost} (the primary's, with its postmaster) was killed");
            output.WriteLine($"first acknowledged write {Stopwatch.GetElapsedTime(killed).TotalSeconds:F1} s after the kill ({writer.FailedAttempts} failed attempts so far)");
            await writer.WaitForAsync(atKill + 20, $"after silo {lost} (the primary's, with its postmaster) was killed");

            var survivor = Enumerable.Range(0, 3).First(i => i != lost);
            var afterKill = await view.MembersAsync(survivor);
            var promoted = afterKill.Single(m => m.Role == "primary");
            Assert.NotEqual(primary.Name, promoted.Name);
            Assert.NotEqual(lost, promoted.SiloIndex);

            // A fourth silo joins: the lost member is rebuilt there and the group is whole again.
            output.WriteLine($"after the kill of silo {lost}: {HaClusterView.Describe(afterKill)}");
            var joining = Stopwatch.GetTimestamp();
            await cluster.RestartAsync(3);
            var whole = await view.WaitUntilWholeAsync(survivor, Members, "after a fourth silo joined");
            output.WriteLine($"whole again {Stopwatch.GetElapsedTime(joining).TotalSeconds:F1} s after the fourth silo was started: {HaClusterView.Describe(whole)}");
            Assert.Contains(whole, m => m.SiloIndex == 3 && m.Role == "standby");
            Assert.DoesNotContain(whole, m => m.SiloIndex == lost);
            await AssertSynchronousStandbysAsync(view, whole.Single(m => m.Role == "primary"), whole);

            await writer.WaitForAsync(writer.Count + 10, "after the group is whole again");
            await writer.StopAsync();
            output.WriteLine($"{writer.Count} acknowledged writes, {writer.FailedAttempts} failed attempts");
            foreach (var silo in Enumerable.Range(0, cluster.Count).Where(cluster.IsRunning))
            {
                await AssertAllPresentAsync(client, cluster.Address(silo), database, writer.Acknowledged);
            }
        }
        finally
        {
            // Killed silos leave their members running: kill every silo, then whatever still runs in their folders.
            for (var i = 0; i < cluster.Count; i++)
            {
                if (cluster.IsRunning(i))
                {
                    // What the silo said about the group and the engine's health, for a failure's report.
                    foreach (var line in cluster.Silo(i).StandardOutputLines.Where(l => l.Contains("Engines.Ha.Cluster.ReplicationGroupGrain[", StringComparison.Ordinal) || l.Contains("Engines.Ha.Cluster.MemberHostGrain[", StringComparison.Ordinal) || l.Contains("Health.EngineGrain[", StringComparison.Ordinal)).Take(80))
                    {
                        output.WriteLine($"silo {i}: {(line.Length > 600 ? line[..600] : line)}");
                    }

                    await cluster.KillAsync(i);
                }
            }

            for (var i = 0; i < cluster.Count; i++)
            {
                await HaClusterView.KillProcessesUnderAsync(cluster.DataDirectory(i));
            }

            await cluster.DisposeAsync();
        }
    }

    /// <summary>The primary's pg_stat_replication shows every other member streaming as a quorum (synchronous) standby.</summary>
    private static async Task AssertSynchronousStandbysAsync(HaClusterView view, HaClusterView.Member primary, IReadOnlyList<HaClusterView.Member> members)
    {
        var standbys = members.Where(m => m.Role == "standby").Select(m => m.Name).Order().ToList();
        IReadOnlyDictionary<string, string> rows = new Dictionary<string, string>();
        await Eventually.True(
            async () => (rows = await view.ReplicationAsync(primary)).Keys.Order().SequenceEqual(standbys) && rows.Values.All(s => s == "quorum"),
            $"pg_stat_replication of the primary {primary.Name} shows {string.Join(", ", standbys)} as quorum standbys",
            TimeSpan.FromSeconds(30));
    }

    private static IReadOnlyList<string> Placement(IEnumerable<HaClusterView.Member> members) =>
        [.. members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => $"{m.Name} {m.Role} {m.Silo} {m.Port}")];

    private static Dictionary<string, string> Settings()
    {
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        var start = 33000 + (Random.Shared.Next(0, 90) * 10);
        return new Dictionary<string, string>
        {
            ["DynamicDb__Engines__0__Id"] = Engine,
            ["DynamicDb__Engines__0__Kind"] = "postgres-ha",
            ["DynamicDb__Engines__0__ConnectionString"] = "",
            ["DynamicDb__Engines__0__Replicas"] = "2",
            ["DynamicDb__Engines__0__DataDirectory"] = Engine,
            ["DynamicDb__Engines__0__BinDirectory"] = bin,
            ["DynamicDb__Engines__0__PortRangeStart"] = start.ToString(CultureInfo.InvariantCulture),
            ["DynamicDb__Engines__0__PortRangeEnd"] = (start + 400).ToString(CultureInfo.InvariantCulture),
            ["DynamicDb__Engines__0__StatementTimeout"] = "00:00:05",
            ["DynamicDb__Engines__0__Health__HealthCheckInterval"] = "00:00:01",
            ["DynamicDb__Engines__0__Health__HealthCheckTimeout"] = "00:00:01",
            ["DynamicDb__Engines__0__Health__HealthCheckProbesDelay"] = "00:00:00.100",
            ["DynamicDb__Engines__0__AutoFallbackInterval"] = "00:00:00",
            ["DynamicDb__Auth__AdminKeys__0__Key"] = HaClusterView.AdminKey,
        };
    }
}
