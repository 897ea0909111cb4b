using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.AutoScale;
using Orleans.DynamicDb.Grains.Tests.Engines.Health;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.AutoScale;

/// <summary>
/// The engine grain auto-scales a real <c>postgres-ha</c> group (a primary and one standby, low thresholds, a tiny
/// sustain period): load on the standby adds a hot standby that replicates, and without load that standby goes again.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class AutoScaleGrainTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Load_on_the_standby_adds_a_replicating_hot_standby_and_without_load_it_is_removed_again()
    {
        using var directory = new TempDirectory();
        var alerts = new RecordingAlerts();
        var ports = 37000 + Random.Shared.Next(0, 90) * 10;
        var settings = EngineClusterFactory.FastHealth("pg-ha", EngineKinds.PostgresHa,
            ("DataDirectory", Path.Combine(directory.Path, "group")),
            ("BinDirectory", Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory),
            ("Replicas", "1"),
            ("PortRangeStart", ports.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("PortRangeEnd", (ports + 9).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("AutoFallbackInterval", "00:00:00"),
            ("AutoScale:Enabled", "true"),
            ("AutoScale:MinStandbys", "1"),
            ("AutoScale:MaxStandbys", "2"),
            ("AutoScale:ScaleUpLoad", "3"),
            ("AutoScale:ScaleDownLoad", "1"),
            ("AutoScale:Sustain", "00:00:00.500"),
            ("AutoScale:Cooldown", "00:00:00"),
            ("AutoScale:Interval", "00:00:00.200"));
        await using var cluster = await StartAsync(directory.Path, settings, alerts);
        var services = cluster.Silos[0].ServiceProvider;
        Assert.True(services.GetRequiredService<IEngineRegistry>().TryGet("pg-ha", out var found));
        var engine = (HaPostgresEngine)found;
        var grain = cluster.Client.GetGrain<IEngineGrain>("pg-ha");
        using var metrics = new MetricRecorder(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), AutoScaleMetrics.EventsInstrument);
        await Eventually.True(async () => (await grain.GetStatusAsync()).AutoScale is { Enabled: true, Standbys: 1 }, "the auto-scaler samples the one standby", Deadline);
        await ExecuteAsync(engine.Group.ConnectionString(engine.Primary), "CREATE TABLE scaled (id int PRIMARY KEY); INSERT INTO scaled VALUES (1)");

        int m2Port;

        // Five sessions straight on the standby m1, each running pg_sleep(0.5) in a loop: ~5 active backends >= 3.
        using (var load = new CancellationTokenSource())
        {
            var sessions = Enumerable.Range(0, 5).Select(_ => SleepLoopAsync(engine.Group.ConnectionString("m1"), load.Token)).ToList();
            await Eventually.True(async () => (await grain.GetStatusAsync()).AutoScale is { AutoAdded: ["m2"] }, "the overloaded standbys get a hot standby m2", Deadline);
            var status = await engine.GetGroupStatusAsync();
            var m2 = status["m2"];
            Assert.Equal((MemberRole.Standby, true, "streaming", "quorum"), (m2.Role, m2.Running, m2.State, m2.SyncState));
            Assert.NotEmpty(MemberProcesses.All(((ReplicationGroup)engine.Group).MemberDirectory("m2")));
            Assert.True(await AcceptsAsync(m2.Port), $"the new standby's port {m2.Port} accepts connections");
            Assert.True(await ScalarAsync<bool>(engine.Group.ConnectionString("m2"), "SELECT pg_is_in_recovery()"));
            await ExecuteAsync(engine.Group.ConnectionString(engine.Primary), "INSERT INTO scaled VALUES (2)");
            await Eventually.True(async () => await ScalarAsync<long>(engine.Group.ConnectionString("m2"), "SELECT count(*) FROM scaled") == 2,
                "a row written on the primary appears on the new standby", Deadline);
            Assert.Equal("ANY 1 (m1, m2)", await ScalarAsync<string>(engine.Group.ConnectionString(engine.Primary), "SHOW synchronous_standby_names"));

            m2Port = m2.Port;
            await load.CancelAsync();
            await Task.WhenAll(sessions);
        }

        // Without load the average falls below 1: the auto-added m2 goes, and only it.
        await Eventually.True(async () => (await grain.GetStatusAsync()).AutoScale is { AutoAdded: [] }, "the idle group loses its auto-added standby", Deadline);
        var after = await engine.GetGroupStatusAsync();
        Assert.Equal(["m0", "m1"], after.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        var group = (ReplicationGroup)engine.Group;
        Assert.Empty(MemberProcesses.All(group.MemberDirectory("m2")));
        Assert.False(Directory.Exists(group.MemberDirectory("m2")));
        Assert.False(await AcceptsAsync(m2Port), $"the removed standby's port {m2Port} is free");
        var aside = Assert.Single(Directory.GetDirectories(Path.Combine(group.DataDirectory, ReplicationGroup.RemovedFolder)));
        Assert.StartsWith("m2-", Path.GetFileName(aside));
        Assert.True(File.Exists(Path.Combine(aside, "PG_VERSION")), "the removed standby's data directory is kept aside");
        Assert.Equal("ANY 1 (m1)", await ScalarAsync<string>(engine.Group.ConnectionString(engine.Primary), "SHOW synchronous_standby_names"));
        await ExecuteAsync(engine.Group.ConnectionString(engine.Primary), "INSERT INTO scaled VALUES (3)");
        Assert.Equal(3L, await ScalarAsync<long>(engine.Group.ConnectionString(engine.Primary), "SELECT count(*) FROM scaled"));

        // Every decision was persisted, audited and alerted before it was acted on, then counted.
        var events = (await grain.GetEventsAsync(0, 1000)).Where(e => e.Type == "autoscale").Select(e => $"{e.From}>{e.To} {e.Reason.Split(':')[0]}").ToList();
        Assert.Equal(["1>2 decided", "1>2 done", "2>1 decided", "2>1 done"], events);
        var audit = await services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(Target: "pg-ha"));
        Assert.Equal(
            [("autoscale.up", "accepted"), ("member.added", "ok"), ("autoscale.down", "accepted"), ("member.removed", "ok")],
            audit.Where(r => r.Action != AuditActions.KeyChanged).Select(r => (r.Action, r.Result)));
        Assert.All(audit.Where(r => r.Action.StartsWith("autoscale.", StringComparison.Ordinal)), r => Assert.Equal(AuditActions.SystemActor, r.Actor));
        Assert.Equal([AlertEvents.EngineScaledUp, AlertEvents.EngineScaledDown], alerts.Published.Select(a => a.Event));
        Assert.Equal("m2", alerts.Published.Last().Details!["member"]);
        Assert.Equal(1, metrics.Sum(AutoScaleMetrics.EventsInstrument, ("engine", "pg-ha"), ("direction", "up")));
        Assert.Equal(1, metrics.Sum(AutoScaleMetrics.EventsInstrument, ("engine", "pg-ha"), ("direction", "down")));
        var final = (await grain.GetStatusAsync()).AutoScale!;
        Assert.StartsWith("down: removed m2:", final.LastDecision);
        Assert.Equal((1, 2), (final.MinStandbys, final.MaxStandbys));
    }

    private static Task<InProcessTestCluster> StartAsync(string dataDirectory, IDictionary<string, string?> settings, RecordingAlerts alerts) =>
        EngineClusterFactory.StartAsync(dataDirectory, EngineClusterFactory.NewServiceId(), settings, services => services.AddSingleton<IAlertSink>(alerts));

    private static async Task SleepLoopAsync(string connectionString, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using var command = new NpgsqlCommand("SELECT pg_sleep(0.5)", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private sealed class RecordingAlerts : IAlertSink
    {
        private readonly ConcurrentQueue<AlertEvent> _published = new();

        public IReadOnlyList<AlertEvent> Published => [.. _published];

        public void Publish(AlertEvent alert) => _published.Enqueue(alert);
    }
}
