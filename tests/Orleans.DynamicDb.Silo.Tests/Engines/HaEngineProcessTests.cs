using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// A real silo process whose default engine is <c>postgres-ha</c>: it runs the group's three PostgreSQL servers itself,
/// lists them on the admin API, serves HTTP writes on the primary, stops them with itself, and fails over by itself when
/// the primary dies.
/// </summary>
public sealed class HaEngineProcessTests(ITestOutputHelper output)
{
    private const string Database = "ledger";

    private static readonly string[] Members = ["pg-ha.m0", "pg-ha.m1", "pg-ha.m2"];

    private static readonly string[] Listed = ["pg-ha", .. Members];

    private static readonly string[] Roles = ["primary", "standby", "standby"];

    [Fact]
    public async Task A_silo_with_a_postgres_ha_default_runs_three_servers_lists_them_serves_writes_and_stops_them_with_itself()
    {
        await using var silo = await HaSilo.StartAsync();
        var engines = await silo.EnginesAsync();

        Assert.Equal(Listed, engines.Keys.Order(StringComparer.Ordinal));
        var group = engines["pg-ha"];
        Assert.Equal("postgres-ha", group.GetProperty("kind").GetString());
        Assert.Equal("pg-ha", group.GetProperty("group").GetString());
        Assert.Equal("primary", group.GetProperty("role").GetString());
        Assert.Equal(1, group.GetProperty("epoch").GetInt64());
        Assert.Equal(Roles, Members.Select(m => engines[m].GetProperty("role").GetString()));
        Assert.Equal(group.GetProperty("pid").GetInt32(), engines["pg-ha.m0"].GetProperty("pid").GetInt32());
        var servers = Members.Select(m => (Pid: engines[m].GetProperty("pid").GetInt32(), Port: engines[m].GetProperty("port").GetInt32())).ToList();
        Assert.Equal(3, servers.Select(s => s.Pid).Distinct().Count());
        foreach (var (pid, port) in servers)
        {
            Assert.True(HaSilo.IsPostgres(pid), $"pid {pid} is not a live postgres process");
            Assert.True(await HaSilo.AcceptsAsync(port), $"port {port} accepts no connection");
        }

        foreach (var member in new[] { "pg-ha.m1", "pg-ha.m2" })
        {
            Assert.Equal("Healthy", engines[member].GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Number, engines[member].GetProperty("replication_lag_bytes").ValueKind);
        }

        Assert.Equal("pg-ha.m1", (await silo.Admin.GetAsync("/v1/engines/pg-ha.m1")).EnsureOk().Json.GetProperty("id").GetString());
        Assert.All(Listed, id => Assert.Equal(JsonValueKind.Number, engines[id].GetProperty("connections").ValueKind));
        (await silo.App.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        (await silo.App.ExecAsync(Database, "INSERT INTO entries (n) VALUES (?)", 7)).EnsureOk();
        var rows = await silo.App.RowsAsync(Database, "SELECT n FROM entries");
        Assert.Equal(7, Assert.Single(rows).GetProperty("n").GetInt32());

        await silo.Process.SignalAsync("TERM");
        Assert.Equal(SiloHost.ExitCodeStopped, await silo.Process.WaitForExitAsync());

        foreach (var (pid, port) in servers)
        {
            Assert.False(HaSilo.IsPostgres(pid), $"postgres pid {pid} still runs after the silo stopped. Output:\n{silo.Process.Output}");
            Assert.True(IsFree(port), $"port {port} is still taken after the silo stopped");
        }

        foreach (var member in Directory.GetDirectories(silo.GroupDirectory))
        {
            Assert.Empty(HaSilo.ProcessesIn(member));
        }
    }

    [Fact]
    public async Task SIGKILL_of_the_primary_under_acknowledged_writes_loses_none_and_writes_resume_on_a_new_primary_at_epoch_2()
    {
        await using var silo = await HaSilo.StartAsync();
        (await silo.App.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, Database);
        await writer.WriteAsync(40);
        var primary = (await silo.EnginesAsync())["pg-ha"];
        var pid = primary.GetProperty("pid").GetInt32();
        var before = (await silo.App.GetAsync($"status?database={Database}")).EnsureOk().Json;
        Assert.Equal(("pg-ha", 1L), (before.GetProperty("engine_group").GetString(), before.GetProperty("engine_epoch").GetInt64()));

        await HaSilo.SignalAsync(pid, "KILL");
        var resumed = await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(60));
        await writer.WriteAsync(20);

        output.WriteLine($"first acknowledged write {resumed.TotalMilliseconds:0} ms after SIGKILL; {writer.Failures} failed attempts; {writer.Acknowledged.Count} acknowledged");
        var present = (await silo.App.RowsAsync(Database, "SELECT n FROM entries")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        foreach (var n in writer.Acknowledged)
        {
            Assert.True(present.Count(p => p == n) == 1, $"acknowledged row {n} is present {present.Count(p => p == n)} times");
        }

        var engines = await silo.EnginesAsync();
        Assert.Equal(2, engines["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal("fenced", engines["pg-ha.m0"].GetProperty("role").GetString());
        var after = (await silo.App.GetAsync($"status?database={Database}")).EnsureOk().Json;
        Assert.Equal(("pg-ha", 2L), (after.GetProperty("engine_group").GetString(), after.GetProperty("engine_epoch").GetInt64()));
        var promoted = engines.Values.Single(e => e.GetProperty("group").GetString() == "pg-ha" && e.GetProperty("role").GetString() == "primary" && e.GetProperty("id").GetString() != "pg-ha");
        Assert.Equal(engines["pg-ha"].GetProperty("pid").GetInt32(), promoted.GetProperty("pid").GetInt32());
        Assert.False(HaSilo.IsPostgres(pid));
        var failovers = (await silo.EventsAsync()).Where(e => e.GetProperty("type").GetString() == "failover").ToList();
        Assert.Contains(failovers, e => e.GetProperty("reason").GetString()!.StartsWith("decided:", StringComparison.Ordinal) && e.GetProperty("from").GetString() == "pg-ha.m0");
        var done = Assert.Single(failovers, e => e.GetProperty("reason").GetString()!.StartsWith("done:", StringComparison.Ordinal));
        Assert.Equal(promoted.GetProperty("id").GetString(), done.GetProperty("to").GetString());
        output.WriteLine($"failover events: {string.Join(" | ", failovers.Select(e => $"{e.GetProperty("reason").GetString()} ({e.GetProperty("duration_ms")} ms)"))}");

        // The automatic failover is in the audit log, by the silo itself.
        JsonElement audited = default;
        await Eventually.True(
            async () => (await silo.Admin.GetAsync("/v1/admin/audit?action=failover.completed")).EnsureOk().Json.GetProperty("rows").EnumerateArray().ToList() is [var row] && (audited = row).ValueKind == JsonValueKind.Object,
            "the automatic failover's audit row");
        Assert.Equal(("system", "pg-ha", "ok", "m0"), (audited.GetProperty("actor").GetString(), audited.GetProperty("target").GetString(),
            audited.GetProperty("result").GetString(), audited.GetProperty("details").GetProperty("from").GetString()));
        Assert.Equal("2", audited.GetProperty("details").GetProperty("epoch").GetString());
    }

    [Fact]
    public async Task A_primary_frozen_with_SIGSTOP_is_failed_over_on_probe_timeouts_and_SIGCONT_afterwards_leaves_one_primary()
    {
        // Short windows so that one probe timeout a second opens the circuit within seconds of the freeze.
        await using var silo = await HaSilo.StartAsync(
            "--DynamicDb:Engines:0:Health:FailuresDetectionWindow", "00:00:05",
            "--DynamicDb:Engines:0:Health:MinNumFailures", "3");
        (await silo.App.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, Database);
        await writer.WriteAsync(20);
        // Every process of the primary (postmaster and backends) is frozen: alive, but answering nothing. The postmaster
        // first, so that no backend is forked after the listing (one forked in between would serve writes unfrozen); a
        // short-lived backend (a probe's or a status read's connection) may end between the listing and its signal.
        var postmaster = (await silo.EnginesAsync())["pg-ha"].GetProperty("pid").GetInt32();
        await HaSilo.SignalAsync(postmaster, "STOP");
        var frozen = HaSilo.ProcessesIn(Path.Combine(silo.GroupDirectory, "m0"));
        Assert.Contains(postmaster, frozen);
        foreach (var pid in frozen.Where(p => p != postmaster))
        {
            await SignalQuietlyAsync(pid, "STOP");
        }

        var resumed = await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"first acknowledged write {resumed.TotalMilliseconds:0} ms after SIGSTOP; {writer.Failures} failed attempts");
        foreach (var e in await silo.EventsAsync())
        {
            output.WriteLine($"{e.GetProperty("at")} {e.GetProperty("type")} {e.GetProperty("from")} -> {e.GetProperty("to")}: {e.GetProperty("reason")}");
        }

        foreach (var pid in frozen)
        {
            await SignalQuietlyAsync(pid, "CONT");
        }

        await writer.WriteAsync(10);
        var engines = await silo.EnginesAsync();
        Assert.Equal(2, engines["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal("fenced", engines["pg-ha.m0"].GetProperty("role").GetString());
        var after = (await silo.App.GetAsync($"status?database={Database}")).EnsureOk().Json;
        Assert.Equal(("pg-ha", 2L), (after.GetProperty("engine_group").GetString(), after.GetProperty("engine_epoch").GetInt64()));
        Assert.Equal(JsonValueKind.Null, engines["pg-ha.m0"].GetProperty("pid").ValueKind);
        Assert.Single(Members, m => engines[m].GetProperty("role").GetString() == "primary");
        Assert.Empty(HaSilo.ProcessesIn(Path.Combine(silo.GroupDirectory, "m0")));
        var present = (await silo.App.RowsAsync(Database, "SELECT n FROM entries")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        Assert.All(writer.Acknowledged, n => Assert.Equal(1, present.Count(p => p == n)));
    }

    [Fact]
    public async Task A_silo_killed_and_started_again_adopts_its_running_group_at_the_epoch_it_reached_with_every_acknowledged_row()
    {
        await using var silo = await HaSilo.StartAsync();
        (await silo.App.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, Database);
        await writer.WriteAsync(10);
        await HaSilo.SignalAsync((await silo.EnginesAsync())["pg-ha"].GetProperty("pid").GetInt32(), "KILL");
        await writer.WriteUntilAcknowledgedAsync(TimeSpan.FromSeconds(60));
        // SIGKILL of the postmaster leaves its backends running for a moment: a write on a pooled connection can be
        // acknowledged there (the synchronous standby has it) before the failover. The restart must find the failover done.
        await Eventually.True(async () => (await silo.EnginesAsync())["pg-ha"].GetProperty("epoch").GetInt64() == 2,
            "the group failed over to epoch 2 after its primary's SIGKILL", TimeSpan.FromSeconds(60));
        var before = await silo.EnginesAsync();

        await silo.RestartAfterKillAsync();
        await writer.WriteAsync(5);

        var after = await silo.EnginesAsync();
        Assert.Equal(2, after["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal(before["pg-ha"].GetProperty("pid").GetInt32(), after["pg-ha"].GetProperty("pid").GetInt32());
        Assert.Equal("fenced", after["pg-ha.m0"].GetProperty("role").GetString());
        Assert.Empty(HaSilo.ProcessesIn(Path.Combine(silo.GroupDirectory, "m0")));
        var present = (await silo.App.RowsAsync(Database, "SELECT n FROM entries")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        Assert.All(writer.Acknowledged, n => Assert.Equal(1, present.Count(p => p == n)));
    }

    [Fact]
    public async Task A_standby_killed_with_SIGKILL_leaves_writes_flowing_on_the_same_primary()
    {
        await using var silo = await HaSilo.StartAsync();
        (await silo.App.ExecAsync(Database, "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        var writer = new AcknowledgedWriter(silo, Database);
        await writer.WriteAsync(10);
        var standby = (await silo.EnginesAsync())["pg-ha.m2"].GetProperty("pid").GetInt32();

        await HaSilo.SignalAsync(standby, "KILL");
        await writer.WriteAsync(30);

        Assert.Equal(0, writer.Failures);
        var engines = await silo.EnginesAsync();
        Assert.Equal(1, engines["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal("primary", engines["pg-ha.m0"].GetProperty("role").GetString());
        Assert.Equal(40, (await silo.App.RowsAsync(Database, "SELECT n FROM entries")).Count);
    }

    /// <summary>Signals a process that may be gone already (fencing kills a frozen primary).</summary>
    private static async Task SignalQuietlyAsync(int pid, string signal)
    {
        try
        {
            await HaSilo.SignalAsync(pid, signal);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // no such process
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
