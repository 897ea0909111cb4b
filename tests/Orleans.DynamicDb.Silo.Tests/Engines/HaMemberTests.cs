using System.Net;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// Member weights, per-member health and members added at run time on a silo process running a <c>postgres-ha</c>
/// group: <c>GET /v1/engines</c> shows each member's own weight and health, <c>POST /v1/engines</c> adds a synchronous
/// standby that survives a silo restart, and an emergency failover promotes the healthy, highest-weighted standby —
/// never a Failed one, whatever its weight.
/// </summary>
public sealed class HaMemberTests
{
    [Fact]
    public async Task An_added_member_survives_a_restart_and_a_failover_promotes_the_healthy_highest_weighted_standby_not_a_failed_heavier_one()
    {
        await using var silo = await HaSilo.StartAsync("--DynamicDb:Engines:0:MemberWeights:m2", "5");
        var engines = await silo.EnginesAsync();
        Assert.Equal((1.0, 1.0, 5.0), (engines["pg-ha.m0"].GetProperty("weight").GetDouble(), engines["pg-ha.m1"].GetProperty("weight").GetDouble(),
            engines["pg-ha.m2"].GetProperty("weight").GetDouble()));
        (await silo.App.ExecAsync("notes", "CREATE TABLE notes (n INTEGER NOT NULL)")).EnsureOk();
        (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (1)")).EnsureOk();

        var added = await silo.Admin.PostRawAsync("/v1/engines", "{\"group\": \"pg-ha\", \"weight\": 2.0}");
        Assert.True(added.Status == HttpStatusCode.Created, $"{(int)added.Status}: {added.Body}");
        Assert.Equal(("pg-ha.m3", "pg-ha", "standby", 2.0), (added.Json.GetProperty("id").GetString(), added.Json.GetProperty("group").GetString(),
            added.Json.GetProperty("role").GetString(), added.Json.GetProperty("weight").GetDouble()));
        (await silo.App.PostRawAsync("/v1/engines", "{\"group\": \"pg-ha\"}")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");
        var m4 = await silo.Admin.PostRawAsync("/v1/engines", "{\"group\": \"PG-HA\", \"weight\": 0.5}");
        Assert.True(m4.Status == HttpStatusCode.Created, $"{(int)m4.Status}: {m4.Body}");
        Assert.Equal("pg-ha.m4", m4.Json.GetProperty("id").GetString());
        var full = (await silo.Admin.PostRawAsync("/v1/engines", "{\"group\": \"pg-ha\"}")).AssertProblem(HttpStatusCode.Conflict, "engine.group_full");
        Assert.Contains("already has 4 standbys (m1, m2, m3, m4)", full);
        Assert.Contains("at most 4", full);
        (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (2)")).EnsureOk();
        // Each addition is in the audit log: requested, then added (or refused, group full), under the admin key's id.
        var audit = (await silo.Admin.GetAsync("/v1/admin/audit?target=pg-ha")).EnsureOk();
        Assert.Equal(
            [
                ("member.add.requested", "accepted"), ("member.added", "ok"), ("member.add.requested", "accepted"), ("member.added", "ok"),
                ("member.add.requested", "accepted"), ("member.add.failed", "engine.group_full"),
            ],
            audit.Json.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("action").GetString(), r.GetProperty("result").GetString())));
        Assert.Equal("pg-ha.m3", audit.Json.GetProperty("rows")[1].GetProperty("details").GetProperty("member").GetString());
        Assert.All(audit.Json.GetProperty("rows").EnumerateArray(), r => Assert.StartsWith("admin:sha256:", r.GetProperty("actor").GetString()));
        Assert.DoesNotContain(Admin.AdminCredentials.AdminKey, audit.Body);
        var events = await silo.EventsAsync();
        // Being built is not failing: the member added was not judged while the addition was under way.
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() is "member_state" or "member_circuit" && e.GetProperty("to").GetString() is "Degraded" or "Failed" or "Open");

        // The added member is in the layout: a new silo process finds it and its weight.
        await silo.RestartAfterKillAsync();
        await Eventually.True(async () => (await silo.EnginesAsync()).TryGetValue("pg-ha.m3", out var m3)
            && m3.GetProperty("state").GetString() == "Healthy" && m3.GetProperty("weight").GetDouble() == 2.0,
            "after the restart the added member m3 is listed, Healthy, with its weight");

        // m2 weighs most but dies: its own health goes Failed and its circuit opens (the engine's stays closed).
        await HaSilo.SignalAsync((await silo.EnginesAsync())["pg-ha.m2"].GetProperty("pid").GetInt32(), "KILL");
        await Eventually.True(async () => (await silo.EnginesAsync())["pg-ha.m2"] is var m2
            && m2.GetProperty("state").GetString() == "Failed" && m2.GetProperty("circuit").GetString() == "Open",
            "the killed standby m2 shows Failed with an open circuit");
        engines = await silo.EnginesAsync();
        Assert.Equal("Closed", engines["pg-ha"].GetProperty("circuit").GetString());
        await Eventually.True(async () => (await silo.EnginesAsync()) is var now
            && now["pg-ha.m1"].GetProperty("replication_lag_bytes").GetInt64() == 0 && now["pg-ha.m3"].GetProperty("replication_lag_bytes").GetInt64() == 0,
            "m1 and m3 replayed everything the primary wrote");

        await HaSilo.SignalAsync(engines["pg-ha.m0"].GetProperty("pid").GetInt32(), "KILL");
        await Eventually.True(async () => (await silo.EnginesAsync())["pg-ha.m3"].GetProperty("role").GetString() == "primary",
            "the healthy, highest-weighted standby m3 (not the Failed m2, not the lighter m1) becomes the primary", TimeSpan.FromSeconds(60));

        engines = await silo.EnginesAsync();
        Assert.Equal(2, engines["pg-ha"].GetProperty("epoch").GetInt64());
        Assert.Equal("fenced", engines["pg-ha.m0"].GetProperty("role").GetString());
        Assert.Equal("standby", engines["pg-ha.m1"].GetProperty("role").GetString());
        await Eventually.True(async () => (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (3)")).Status == HttpStatusCode.OK,
            "writes resume on m3");
        var stored = (await silo.App.RowsAsync("notes", "SELECT n FROM notes ORDER BY n")).Select(r => r.GetProperty("n").GetInt32()).ToList();
        Assert.Equal([1, 2], stored.Take(2));
        events = await silo.EventsAsync();
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "member_added" && e.GetProperty("to").GetString() == "standby"
            && e.GetProperty("reason").GetString()!.StartsWith("done: m3 streams synchronously", StringComparison.Ordinal));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "member_state" && e.GetProperty("to").GetString() == "Failed"
            && e.GetProperty("reason").GetString()!.StartsWith("pg-ha.m2: ", StringComparison.Ordinal));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "failover" && e.GetProperty("to").ValueKind == System.Text.Json.JsonValueKind.String
            && e.GetProperty("to").GetString() == "pg-ha.m3");
    }

    [Fact]
    public async Task Auto_fallback_returns_to_the_highest_weighted_member_once_it_stayed_healthy_not_to_m0()
    {
        await using var silo = await HaSilo.StartAsync(
            "--DynamicDb:Engines:0:MemberWeights:m2", "3",
            "--DynamicDb:Engines:0:AutoFallbackInterval", "00:00:03",
            "--DynamicDb:Engines:0:Health:GracePeriod", "00:00:03");
        (await silo.App.ExecAsync("ledger", "CREATE TABLE entries (n INTEGER NOT NULL)")).EnsureOk();
        (await silo.Admin.PostRawAsync("/v1/engines/groups/pg-ha/failover", "{\"target\": \"m1\"}")).EnsureOk();

        await Eventually.True(
            async () => (await silo.EnginesAsync()) is var engines && engines["pg-ha"].GetProperty("epoch").GetInt64() == 3
                && engines["pg-ha.m2"].GetProperty("role").GetString() == "primary",
            "after m0 rejoins, the group switches to the heaviest member m2 (not back to m0) at epoch 3",
            TimeSpan.FromSeconds(90));

        (await silo.App.ExecAsync("ledger", "INSERT INTO entries (n) VALUES (1)")).EnsureOk();
        var fallback = (await silo.EventsAsync()).Where(e => e.GetProperty("type").GetString() == "failover"
            && e.GetProperty("reason").GetString()!.Contains("auto-fallback", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fallback);
        Assert.All(fallback, e => Assert.Equal("pg-ha.m2", e.GetProperty("to").GetString()));
        Assert.Contains("m2 (weight 3, the highest)", fallback[0].GetProperty("reason").GetString());
    }
}
