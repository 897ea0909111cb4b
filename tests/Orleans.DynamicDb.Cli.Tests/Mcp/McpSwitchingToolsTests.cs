using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpSwitchingToolsTests(McpSiloFixture silo)
{
    [Fact]
    public async Task Switch_database_engine_moves_a_database_and_monitor_switch_events_reports_it()
    {
        var db = await CreateAsync();
        await using var mcp = await silo.ConnectAsync();

        // The first real-time call starts following from now and, with nothing critical happening, ends empty at its deadline.
        var quiet = await mcp.CallOkAsync("monitor_switch_events", """{"real_time": true, "filter_level": "critical"}""");
        Assert.Equal(0, quiet.GetProperty("count").GetInt32());

        var switched = await mcp.CallOkAsync("switch_database_engine", $$"""
            {"app": "{{McpSiloFixture.App}}", "database": "{{db}}", "target_engine": "archive", "switch_mode": "graceful",
             "timeout_seconds": 60, "validate_target": true, "rollback_on_failure": true}
            """);
        Assert.True(switched.GetProperty("success").GetBoolean(), switched.ToString());
        Assert.Equal("completed", switched.GetProperty("state").GetString());
        Assert.Equal("archive", switched.GetProperty("new_engine").GetString());
        var id = switched.GetProperty("id").GetString();

        var status = await mcp.CallOkAsync("database_status", $$"""{"database": "{{db}}"}""");
        Assert.Equal("archive", status.GetProperty("engine").GetString());
        var rows = await mcp.CallOkAsync("query_database", $$"""{"database": "{{db}}", "sql": "SELECT count(*) AS n FROM t"}""");
        Assert.Equal(3, rows.GetProperty("items")[0].GetProperty("n").GetInt32());

        // Following: the switch's completion arrives in a real-time call (with its metrics); after a switch back, following
        // on brings that one, and neither twice.
        var followed = await FollowUntilAsync(mcp, id);
        var back = await mcp.CallOkAsync("switch_database_engine", $$"""{"app": "{{McpSiloFixture.App}}", "database": "{{db}}", "target_engine": "sqlite"}""");
        Assert.True(back.GetProperty("success").GetBoolean(), back.ToString());
        var backId = back.GetProperty("id").GetString();
        followed.AddRange(await FollowUntilAsync(mcp, backId));

        Assert.Single(followed, e => IsCompletion(e, backId));
        var completion = Assert.Single(followed, e => IsCompletion(e, id));
        Assert.Equal("sqlite", completion.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Number, completion.GetProperty("write_pause_ms").ValueKind);
        Assert.Equal("info", completion.GetProperty("level").GetString());

        // Listing (not following) shows it too; without metrics the switch's numbers are left out.
        var recent = await mcp.CallOkAsync("monitor_switch_events", """{"real_time": false}""");
        var listed = Assert.Single(recent.GetProperty("events").EnumerateArray(), e => IsCompletion(e, id));
        Assert.False(listed.TryGetProperty("write_pause_ms", out _));
        Assert.False(recent.TryGetProperty("engines", out _));
        var errorsOnly = await mcp.CallOkAsync("monitor_switch_events", """{"filter_level": "error"}""");
        Assert.DoesNotContain(errorsOnly.GetProperty("events").EnumerateArray(), e => IsCompletion(e, id));
    }

    [Fact]
    public async Task A_switch_to_the_engine_the_database_is_on_is_a_tool_error_from_the_silo()
    {
        var db = await CreateAsync();
        await using var mcp = await silo.ConnectAsync();

        var error = await mcp.CallErrorAsync("switch_database_engine", $$"""{"app": "{{McpSiloFixture.App}}", "database": "{{db}}", "target_engine": "sqlite"}""");
        var unknown = await mcp.CallErrorAsync("switch_database_engine", $$"""{"app": "{{McpSiloFixture.App}}", "database": "{{db}}", "target_engine": "mongodb"}""");

        Assert.Contains("request.invalid", error);
        Assert.Contains("engine.unknown", unknown);
        Assert.Contains("mongodb", unknown);
    }

    [Fact]
    public async Task Configure_switch_policy_creates_a_policy_with_the_seeds_shape()
    {
        await using var mcp = await silo.ConnectAsync();
        var name = Names.Database("policy");

        var policy = await mcp.CallOkAsync("configure_switch_policy", $$"""
            {"policy_name": "{{name}}", "trigger_type": "performance", "threshold_value": 1000.0, "target_engine": "archive", "enabled": false}
            """);
        var unknownEngine = await mcp.CallErrorAsync("configure_switch_policy", $$"""
            {"policy_name": "{{name}}", "trigger_type": "load_based", "threshold_value": 100, "target_engine": "redis"}
            """);

        Assert.Equal(name, policy.GetProperty("policy_name").GetString());
        Assert.Equal("performance", policy.GetProperty("trigger_type").GetString());
        Assert.Equal(1000, policy.GetProperty("threshold_value").GetDouble());
        Assert.Equal("archive", policy.GetProperty("target_engine").GetString());
        Assert.False(policy.GetProperty("enabled").GetBoolean());
        Assert.Contains("redis", unknownEngine);
    }

    [Fact]
    public async Task Get_engine_metrics_answers_every_engine_or_one_with_the_metrics_asked_for()
    {
        await using var mcp = await silo.ConnectAsync();

        var all = await mcp.CallOkAsync("get_engine_metrics", """{"engine": "all", "metrics": ["response_time", "connection_count", "error_rate"], "time_range_seconds": 300}""");
        var one = await mcp.CallOkAsync("get_engine_metrics", """{"engine": "archive", "metrics": ["health"]}""");

        var engines = all.GetProperty("engines").EnumerateArray().ToList();
        Assert.Equal(["sqlite", "archive"], engines.Select(e => e.GetProperty("engine").GetString()));
        Assert.All(engines, e =>
        {
            Assert.True(e.TryGetProperty("response_time", out var rt) && rt.TryGetProperty("p99_ms", out _), e.ToString());
            Assert.True(e.TryGetProperty("error_rate", out _));
            Assert.True(e.TryGetProperty("connection_count", out _));
            Assert.False(e.TryGetProperty("health", out _));
            Assert.True(e.GetProperty("events_in_range").GetProperty("total").GetInt32() >= 0);
        });
        var archive = Assert.Single(one.GetProperty("engines").EnumerateArray());
        Assert.Equal("archive", archive.GetProperty("engine").GetString());
        Assert.Equal(["engine", "kind", "health", "events_in_range"], archive.EnumerateObject().Select(p => p.Name));
        Assert.Equal(300, one.GetProperty("time_range_seconds").GetInt32());
    }

    [Fact]
    public async Task Check_engine_health_probes_the_engine_and_explains_why_it_does_not_fail_over()
    {
        await using var mcp = await silo.ConnectAsync();

        var health = await mcp.CallOkAsync("check_engine_health", """{"engine": "sqlite", "include_detailed_metrics": true, "auto_failover_on_failure": true}""");
        var brief = await mcp.CallOkAsync("check_engine_health", """{"engine": "archive"}""");
        var unknown = await mcp.CallErrorAsync("check_engine_health", """{"engine": "mongodb"}""");

        Assert.True(health.GetProperty("healthy").GetBoolean(), health.ToString());
        Assert.Equal("Healthy", health.GetProperty("state").GetString());
        Assert.Equal("Closed", health.GetProperty("circuit").GetString());
        Assert.NotEqual(JsonValueKind.Null, health.GetProperty("last_probe_at").ValueKind);
        Assert.True(health.TryGetProperty("latency_ms", out _));
        Assert.False(health.GetProperty("failover").GetProperty("attempted").GetBoolean());
        Assert.Equal("the engine is healthy", health.GetProperty("failover").GetProperty("reason").GetString());
        Assert.False(brief.TryGetProperty("latency_ms", out _));
        Assert.Contains("engine.unknown", unknown);
        Assert.Contains("mongodb", unknown);
    }

    /// <summary>Calls monitor_switch_events in real time until the switch's completion came (at most a minute).</summary>
    private static async Task<List<JsonElement>> FollowUntilAsync(McpSession mcp, string? id)
    {
        var followed = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!followed.Any(e => IsCompletion(e, id)) && DateTime.UtcNow < deadline)
        {
            var page = await mcp.CallOkAsync("monitor_switch_events", """{"real_time": true, "include_metrics": true, "filter_level": "info"}""");
            followed.AddRange(page.GetProperty("events").EnumerateArray());
        }

        return followed;
    }

    private static bool IsCompletion(JsonElement e, string? id) =>
        e.GetProperty("kind").GetString() == "switch" && e.GetProperty("id").GetString() == id && e.GetProperty("state").GetString() == "completed";

    private async Task<string> CreateAsync()
    {
        using var cli = silo.Runner();
        var db = Names.Database("sw");
        foreach (var sql in new[] { "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t (v) VALUES ('a'), ('b'), ('c')" })
        {
            var result = await cli.RunAsync("databases", "exec", db, sql);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        return db;
    }
}
