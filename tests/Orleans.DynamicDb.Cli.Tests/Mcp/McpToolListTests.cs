using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpToolListTests(McpSiloFixture silo)
{
    [Fact]
    public async Task The_server_lists_the_seeds_five_tools_and_the_database_tools_with_their_argument_names()
    {
        await using var mcp = await silo.ConnectAsync();

        var tools = await mcp.Client.ListToolsAsync();
        var schemas = tools.ToDictionary(t => t.Name, t => t.ProtocolTool.InputSchema);

        Assert.Equal("dyndb", mcp.Client.ServerInfo?.Name);
        Assert.Equal(
            ["check_engine_health", "configure_switch_policy", "database_status", "get_engine_metrics", "get_session", "get_tier_stats", "list_databases",
             "list_sessions", "monitor_switch_events", "query_database", "switch_database_engine"],
            schemas.Keys.Order(StringComparer.Ordinal));
        // The seed's argument shapes, exactly (switch_database_engine also names the database it applies to).
        Assert.Equal(["app", "database", "target_engine", "switch_mode", "timeout_seconds", "validate_target", "rollback_on_failure"],
            Names(schemas["switch_database_engine"]));
        Assert.Equal(["policy_name", "trigger_type", "threshold_value", "target_engine", "enabled"], Names(schemas["configure_switch_policy"]));
        Assert.Equal(["engine", "metrics", "time_range_seconds"], Names(schemas["get_engine_metrics"]));
        Assert.Equal(["real_time", "include_metrics", "filter_level"], Names(schemas["monitor_switch_events"]));
        Assert.Equal(["engine", "include_detailed_metrics", "auto_failover_on_failure"], Names(schemas["check_engine_health"]));
        Assert.Empty(Names(schemas["list_databases"]));
        Assert.Equal(["database"], Names(schemas["database_status"]));
        Assert.Equal(["database", "sql", "args", "max_rows"], Names(schemas["query_database"]));
        Assert.Equal(["app", "database", "protocol", "state", "tier", "limit", "after"], Names(schemas["list_sessions"]));
        Assert.Equal(["id"], Names(schemas["get_session"]));
        Assert.Equal(["engine"], Names(schemas["get_tier_stats"]));

        // Types and values a client can check before calling.
        var switchProperties = schemas["switch_database_engine"].GetProperty("properties");
        Assert.Equal("integer", switchProperties.GetProperty("timeout_seconds").GetProperty("type").GetString());
        Assert.Equal("boolean", switchProperties.GetProperty("validate_target").GetProperty("type").GetString());
        Assert.Equal(["app", "database", "target_engine"], schemas["switch_database_engine"].GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["performance", "load_based"],
            schemas["configure_switch_policy"].GetProperty("properties").GetProperty("trigger_type").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("number", schemas["configure_switch_policy"].GetProperty("properties").GetProperty("threshold_value").GetProperty("type").GetString());
        Assert.Equal("array", schemas["get_engine_metrics"].GetProperty("properties").GetProperty("metrics").GetProperty("type").GetString());
        Assert.Contains("info", schemas["monitor_switch_events"].GetProperty("properties").GetProperty("filter_level").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.True(tools.Single(t => t.Name == "query_database").ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tools.Single(t => t.Name == "switch_database_engine").ProtocolTool.Annotations?.ReadOnlyHint);
    }

    private static List<string> Names(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
}
