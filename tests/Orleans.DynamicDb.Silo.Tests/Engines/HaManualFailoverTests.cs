using System.Collections.Concurrent;
using System.Net;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// <c>POST /v1/engines/groups/{group}/failover</c> on a silo process running a <c>postgres-ha</c> group: bad bodies and
/// targets are refused naming the problem, a standby that is down is no target, and a healthy synchronous standby takes
/// over from the healthy primary in a planned switchover through the engine grain (persisted like an automatic
/// failover) while a steady writer's statements wait rather than fail.
/// </summary>
public sealed class HaManualFailoverTests
{
    private const string Route = "/v1/engines/groups/pg-ha/failover";

    [Fact]
    public async Task A_manual_failover_refuses_bad_bodies_and_unfit_targets_then_promotes_the_chosen_synchronous_standby()
    {
        await using var silo = await HaSilo.StartAsync();
        (await silo.App.ExecAsync("notes", "CREATE TABLE notes (n INTEGER NOT NULL)")).EnsureOk();
        (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (1)")).EnsureOk();

        Assert.Contains("JSON array, not an object", (await silo.Admin.PostRawAsync(Route, "[1]")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'target' must be a member name", (await silo.Admin.PostRawAsync(Route, "{\"target\": 5}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'colour' is not a field", (await silo.Admin.PostRawAsync(Route, "{\"colour\": \"red\"}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'m7' is not a member", (await silo.Admin.PostRawAsync(Route, "{\"target\": \"m7\"}")).AssertProblem(HttpStatusCode.BadRequest, "request.invalid"));
        Assert.Contains("'m0' is not a healthy synchronous standby", (await silo.Admin.PostRawAsync(Route, "{\"target\": \"m0\"}")).AssertProblem(HttpStatusCode.Conflict, "engine.failover_unsafe"));
        (await silo.App.PostRawAsync(Route, "{}")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");

        var m2 = (await silo.EnginesAsync())["pg-ha.m2"].GetProperty("pid").GetInt32();
        await HaSilo.SignalAsync(m2, "KILL");
        await Eventually.True(
            async () => (await silo.EnginesAsync())["pg-ha.m2"].GetProperty("state").GetString() == "Failed",
            "the killed standby m2 shows as Failed");
        var refused = (await silo.Admin.PostRawAsync(Route, "{\"target\": \"pg-ha.m2\"}")).AssertProblem(HttpStatusCode.Conflict, "engine.failover_unsafe");
        Assert.Contains("'m2' is not a healthy synchronous standby", refused);
        Assert.Contains("choose one of m1", refused);
        Assert.Equal(1, (await silo.EnginesAsync())["pg-ha"].GetProperty("epoch").GetInt64());

        var m1 = (await silo.EnginesAsync())["pg-ha.m1"].GetProperty("pid").GetInt32();
        // The primary is healthy: a planned switchover, during which a steady writer's statements wait instead of failing.
        using var stop = new CancellationTokenSource();
        var refusedWrites = new ConcurrentQueue<string>();
        var acknowledged = new ConcurrentQueue<int>();
        var writer = Task.Run(async () =>
        {
            for (var n = 100; !stop.IsCancellationRequested; n++)
            {
                var write = await silo.App.ExecAsync("notes", $"INSERT INTO notes (n) VALUES ({n})");
                if (write.Status == HttpStatusCode.OK)
                {
                    acknowledged.Enqueue(n);
                }
                else
                {
                    refusedWrites.Enqueue($"{(int)write.Status}: {write.Body}");
                }
            }
        });
        await Eventually.True(() => acknowledged.Count >= 10 || writer.IsCompleted, "the writer writes");
        var answer = (await silo.Admin.PostRawAsync(Route, "{\"target\": \"m1\"}")).EnsureOk().Json;
        var during = acknowledged.Count;
        await Eventually.True(() => acknowledged.Count >= during + 10 || writer.IsCompleted, "the writer writes on the new primary");
        await stop.CancelAsync();
        await writer;

        Assert.Equal("pg-ha", answer.GetProperty("id").GetString());
        Assert.Equal(2, answer.GetProperty("epoch").GetInt64());
        Assert.Equal(m1, answer.GetProperty("pid").GetInt32());
        var engines = await silo.EnginesAsync();
        Assert.Equal("primary", engines["pg-ha.m1"].GetProperty("role").GetString());
        Assert.Equal("fenced", engines["pg-ha.m0"].GetProperty("role").GetString());
        (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (2)")).EnsureOk();
        Assert.Empty(refusedWrites);
        var stored = (await silo.App.RowsAsync("notes", "SELECT n FROM notes")).Select(r => r.GetProperty("n").GetInt32()).ToHashSet();
        Assert.Equal(acknowledged.Count + 2, stored.Count);
        Assert.All(acknowledged, n => Assert.Contains(n, stored));
        var failovers = (await silo.EventsAsync()).Where(e => e.GetProperty("type").GetString() == "failover").ToList();
        Assert.Equal(2, failovers.Count);
        Assert.Contains("a manual failover was requested", failovers[0].GetProperty("reason").GetString());
        Assert.Contains("switch over from m0 to m1 (planned", failovers[0].GetProperty("reason").GetString());
        Assert.Equal("pg-ha.m1", failovers[0].GetProperty("to").GetString());
        Assert.Equal("pg-ha.m1", failovers[1].GetProperty("to").GetString());

        // The audit log: each request that reached the group is recorded before it is acted on, then its outcome, under
        // the admin key's id (never the key); bodies refused as malformed changed nothing and left no row.
        var audit = (await silo.Admin.GetAsync("/v1/admin/audit?target=pg-ha")).EnsureOk();
        var rows = audit.Json.GetProperty("rows").EnumerateArray()
            .Select(r => (Action: r.GetProperty("action").GetString(), Result: r.GetProperty("result").GetString(), Actor: r.GetProperty("actor").GetString()))
            .Where(r => r.Action!.StartsWith("failover.", StringComparison.Ordinal))
            .ToList();
        var adminId = "admin:sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminCredentials.AdminKey)))[..12];
        Assert.Equal(
            [
                ("failover.requested", "accepted"), ("failover.failed", "request.invalid"),
                ("failover.requested", "accepted"), ("failover.failed", "engine.failover_unsafe"),
                ("failover.requested", "accepted"), ("failover.failed", "engine.failover_unsafe"),
                ("failover.requested", "accepted"), ("failover.completed", "ok"),
            ],
            rows.Select(r => (r.Action, r.Result)));
        Assert.All(rows, r => Assert.Equal(adminId, r.Actor));
        Assert.DoesNotContain(AdminCredentials.AdminKey, audit.Body);
        Assert.True(audit.Json.GetProperty("chain").GetProperty("intact").GetBoolean(), audit.Body);
    }

    [Fact]
    public async Task A_failover_whose_audit_row_cannot_be_written_is_refused_with_503_and_the_primary_stays()
    {
        await using var silo = await HaSilo.StartAsync();
        // The catalog refuses new audit rows, as a full disk or a broken catalog server would.
        await using (var catalog = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={silo.CatalogFile};Pooling=False"))
        {
            await catalog.OpenAsync();
            await using var command = catalog.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS dyndb_audit (seq BIGINT NOT NULL PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                    target TEXT NOT NULL, result TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE TRIGGER refuse_audit BEFORE INSERT ON dyndb_audit BEGIN SELECT RAISE(ABORT, 'the audit table refuses rows'); END;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var detail = (await silo.Admin.PostRawAsync(Route, "{\"target\": \"m1\"}")).AssertProblem(HttpStatusCode.ServiceUnavailable, "audit.unavailable");

        Assert.Contains("The action was not done", detail);
        Assert.Contains("the audit table refuses rows", detail);
        var engines = await silo.EnginesAsync();
        Assert.Equal(1, engines["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal("primary", engines["pg-ha.m0"].GetProperty("role").GetString());
        Assert.DoesNotContain(await silo.EventsAsync(), e => e.GetProperty("type").GetString() == "failover");
        var metrics = (await silo.Admin.GetAsync("/metrics")).Body;
        Assert.Contains(metrics.Split('\n'), line =>
            line.StartsWith("dyndb_audit_append_failures_total{", StringComparison.Ordinal) && line.EndsWith("action=\"failover.requested\"} 1", StringComparison.Ordinal));
    }
}
