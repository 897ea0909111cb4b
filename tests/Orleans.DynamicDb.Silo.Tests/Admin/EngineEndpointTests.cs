using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>
/// The admin API over the real engine grains of an in-process silo with two embedded SQLite engines, <c>sqlite</c>
/// (the default) and <c>archive</c>, probed by their timers from the start.
/// </summary>
public sealed class EngineEndpointTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private static readonly string[] EngineMembers =
    [
        "circuit", "connections", "epoch", "error_rate", "group", "id", "kind", "last_change_at", "last_probe_at", "latency_ms", "needs_rebuild",
        "pid", "port", "replication_lag_bytes", "role", "state", "weight",
    ];

    public static TheoryData<string, string> Routes => AdminCredentials.Routes;

    private async Task<GatewayClient> AdminAsync()
    {
        var silo = await fixture.GetAsync(() =>
        [
            .. AdminCredentials.Arguments,
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:Health:HealthCheckProbesDelay", "00:00:00.050",
            "--DynamicDb:Engines:1:Id", "archive",
            "--DynamicDb:Engines:1:Kind", "sqlite",
            "--DynamicDb:Engines:1:DataDirectory", "archive",
            "--DynamicDb:Engines:1:Health:HealthCheckProbesDelay", "00:00:00.050",
        ]);
        return silo.WithApiKey(AdminCredentials.AdminKey);
    }

    [Fact]
    public async Task The_embedded_sqlite_engine_is_listed_Healthy_after_its_first_probe_with_every_member()
    {
        var admin = await AdminAsync();
        JsonElement sqlite = default;

        await Eventually.True(
            async () =>
            {
                var engines = (await admin.GetAsync("/v1/engines")).EnsureOk().Json.GetProperty("engines");
                sqlite = engines.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "sqlite");
                return sqlite.GetProperty("last_probe_at").ValueKind != JsonValueKind.Null;
            },
            "the sqlite engine's first probe round ends");

        Assert.Equal(EngineMembers, sqlite.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("sqlite", sqlite.GetProperty("kind").GetString());
        Assert.Equal("Healthy", sqlite.GetProperty("state").GetString());
        Assert.Equal("Closed", sqlite.GetProperty("circuit").GetString());
        Assert.Equal("standalone", sqlite.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, sqlite.GetProperty("group").ValueKind);
        Assert.Equal(["p50", "p99"], sqlite.GetProperty("latency_ms").EnumerateObject().Select(p => p.Name));
        var listed = (await admin.GetAsync("/v1/engines")).EnsureOk().Json.GetProperty("engines").EnumerateArray().Select(e => e.GetProperty("id").GetString());
        Assert.Equal(["sqlite", "archive"], listed);
    }

    [Fact]
    public async Task A_probe_on_demand_answers_the_status_after_a_new_round_and_the_engine_can_be_read_alone()
    {
        var admin = await AdminAsync();
        var before = DateTimeOffset.UtcNow;

        var probed = (await admin.PostRawAsync("/v1/engines/ARCHIVE/probe", "{}")).EnsureOk().Json;
        var read = (await admin.GetAsync("/v1/engines/archive")).EnsureOk().Json;

        Assert.Equal("archive", probed.GetProperty("id").GetString());
        Assert.Equal("Healthy", probed.GetProperty("state").GetString());
        Assert.True(probed.GetProperty("last_probe_at").GetDateTimeOffset() >= before, probed.ToString());
        Assert.Equal(EngineMembers, read.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(read.GetProperty("last_probe_at").GetDateTimeOffset() >= probed.GetProperty("last_probe_at").GetDateTimeOffset(), read.ToString());
    }

    [Fact]
    public async Task The_events_list_each_engines_Initializing_to_Healthy_transition_and_the_cursor_moves_past_them()
    {
        var admin = await AdminAsync();
        var healthy = new List<JsonElement>();
        var next = "";

        await Eventually.True(
            async () =>
            {
                var page = (await admin.GetAsync("/v1/engines/events?since=0")).EnsureOk().Json;
                next = page.GetProperty("next").GetString()!;
                healthy = [.. page.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "state")];
                return healthy.Select(e => e.GetProperty("engine").GetString()).Distinct().Count() == 2;
            },
            "both engines' first state change appears");

        foreach (var change in healthy)
        {
            Assert.Equal("Initializing", change.GetProperty("from").GetString());
            Assert.Equal("Healthy", change.GetProperty("to").GetString());
            Assert.False(string.IsNullOrWhiteSpace(change.GetProperty("reason").GetString()));
        }

        Assert.Matches("^archive:[1-9][0-9]*,sqlite:[1-9][0-9]*$", next);
        var after = (await admin.GetAsync($"/v1/engines/events?since={next}")).EnsureOk().Json;
        var seen = next.Split(',').Select(p => p.Split(':')).ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("sequence").GetInt64() <= seen[e.GetProperty("engine").GetString()!]);
        var first = (await admin.GetAsync("/v1/engines/events?limit=1")).EnsureOk().Json;
        var one = Assert.Single(first.GetProperty("events").EnumerateArray());
        Assert.Equal($"{one.GetProperty("engine").GetString()}:1", first.GetProperty("next").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_admin_key_gets_200_on_every_admin_route(string method, string path)
    {
        var admin = await AdminAsync();

        var answer = await admin.CallAsync(method, path);

        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/json", answer.MediaType);
    }
}
