using System.Security.Cryptography;
using System.Text.Json;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

/// <summary>The engine tools when an engine's server is gone: a real PostgreSQL server registered as an engine, then stopped.</summary>
public sealed class McpUnhealthyEngineTests
{
    [Fact]
    public async Task A_stopped_postgres_engine_is_reported_unhealthy_with_no_failover_and_its_events_reach_the_error_level()
    {
        var appKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var postgres = await PostgresServer.StartAsync();
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(
            data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "mcpapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", appKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", adminKey,
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:1:Id", "pg",
            "--DynamicDb:Engines:1:Kind", "postgres",
            "--DynamicDb:Engines:1:ConnectionString", postgres.ConnectionString,
            "--DynamicDb:Engines:1:Health:HealthCheckTimeout", "00:00:01",
            "--DynamicDb:Engines:1:Health:HealthCheckProbesDelay", "00:00:00.050");
        await silo.WaitUntilReadyAsync();
        await using var mcp = await McpSession.StartAsync(new Dictionary<string, string?>
        {
            ["DYNDB_URL"] = silo.Address.ToString().TrimEnd('/'),
            ["DYNDB_KEY"] = appKey,
            ["DYNDB_ADMIN_KEY"] = adminKey,
        });
        // Under load a probe round may time out once; the engine is expected healthy within the deadline.
        await Eventually.True(
            async () => (await mcp.CallOkAsync("check_engine_health", """{"engine": "pg"}""")).GetProperty("healthy").GetBoolean(),
            "the running PostgreSQL engine to be probed healthy",
            TimeSpan.FromSeconds(60));
        var follow = await mcp.CallOkAsync("monitor_switch_events", """{"real_time": true, "filter_level": "critical"}""");
        Assert.Equal(0, follow.GetProperty("count").GetInt32());

        await postgres.StopAsync();
        JsonElement health = default;
        var answers = new List<string>();
        var failed = Eventually.True(
            async () =>
            {
                // While the server goes away a probe request may itself be answered with a problem; the tool relays it
                // as a tool error, and the next call probes again.
                var result = await mcp.CallAsync("check_engine_health", """{"engine": "pg", "include_detailed_metrics": true, "auto_failover_on_failure": true}""");
                var text = McpSession.Text(result);
                answers.Add(text);
                if (result.IsError == true)
                {
                    return false;
                }

                health = JsonDocument.Parse(text).RootElement.Clone();
                return health.GetProperty("state").GetString() == "Failed";
            },
            "the stopped engine to be probed Failed",
            TimeSpan.FromSeconds(90));
        try
        {
            await failed;
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}; the last answers: {string.Join(" | ", answers.TakeLast(3))}");
        }

        var errors = await mcp.CallOkAsync("monitor_switch_events", """{"real_time": true, "filter_level": "error"}""");
        var metrics = await mcp.CallOkAsync("get_engine_metrics", """{"engine": "pg", "metrics": ["health", "error_rate"], "time_range_seconds": 600}""");

        Assert.False(health.GetProperty("healthy").GetBoolean());
        Assert.True(health.GetProperty("error_rate").GetDouble() > 0, health.ToString());
        var failover = health.GetProperty("failover");
        Assert.False(failover.GetProperty("attempted").GetBoolean());
        Assert.Contains("is not a replication group", failover.GetProperty("reason").GetString());
        var events = errors.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("engine").GetString() == "pg" && e.GetProperty("type").GetString() == "state" && e.GetProperty("to").GetString() == "Failed");
        Assert.All(events, e => Assert.True(e.GetProperty("level").GetString() is "error" or "critical", e.ToString()));
        var pg = Assert.Single(metrics.GetProperty("engines").EnumerateArray());
        Assert.False(pg.GetProperty("health").GetProperty("healthy").GetBoolean());
        Assert.True(pg.GetProperty("events_in_range").GetProperty("state_changes").GetInt32() >= 1, pg.ToString());
    }
}
