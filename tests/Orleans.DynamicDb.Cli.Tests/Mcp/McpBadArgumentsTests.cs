namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpBadArgumentsTests(McpSiloFixture silo)
{
    [Theory]
    [InlineData("database_status", "{}", "'database' is required")]
    [InlineData("database_status", """{"database": 42}""", "'database' must be a string, not 42")]
    [InlineData("database_status", """{"database": "x", "verbose": true}""", "Unknown argument 'verbose'")]
    [InlineData("query_database", """{"database": "x", "sql": "SELECT ?", "args": [{"a": 1}]}""", "'args[0]' must be a string, number, boolean or null")]
    [InlineData("switch_database_engine", """{"app": "a", "database": "d", "target_engine": "archive", "timeout_seconds": "ten"}""", "'timeout_seconds' must be a whole number from 1 to 3600, not \"ten\"")]
    [InlineData("switch_database_engine", """{"app": "a", "database": "d", "target_engine": "archive", "switch_mode": "yolo"}""", "'switch_mode' is 'yolo'; it must be one of graceful")]
    [InlineData("switch_database_engine", """{"database": "d", "target_engine": "archive"}""", "'app' is required")]
    [InlineData("configure_switch_policy", """{"policy_name": "p", "trigger_type": "magic", "threshold_value": 1, "target_engine": "archive"}""", "'trigger_type' is 'magic'")]
    [InlineData("configure_switch_policy", """{"policy_name": "p", "trigger_type": "performance", "target_engine": "archive"}""", "'threshold_value' is required")]
    [InlineData("get_engine_metrics", """{"engine": "all", "metrics": ["cpu"]}""", "'metrics[0]' is 'cpu'; it must be one of response_time")]
    [InlineData("get_engine_metrics", """{"engine": "all", "time_range_seconds": 0}""", "'time_range_seconds' is 0; it must be from 1 to 86400")]
    [InlineData("monitor_switch_events", """{"filter_level": "loud"}""", "'filter_level' is 'loud'")]
    [InlineData("monitor_switch_events", """{"real_time": "yes"}""", "'real_time' must be true or false")]
    [InlineData("check_engine_health", """{"engine": ""}""", "'engine' must not be empty")]
    [InlineData("no_such_tool", "{}", "Unknown tool 'no_such_tool'")]
    public async Task A_bad_argument_is_a_tool_error_naming_it_and_the_server_keeps_serving(string tool, string arguments, string expected)
    {
        await using var mcp = await silo.ConnectAsync();

        var error = await mcp.CallErrorAsync(tool, arguments);
        var after = await mcp.CallOkAsync("list_databases");

        Assert.Contains(expected, error);
        Assert.True(after.TryGetProperty("databases", out _));
    }

    [Fact]
    public async Task Wrong_keys_and_an_unreachable_silo_are_tool_errors_that_say_so()
    {
        await using var wrongKeys = await silo.ConnectAsync(appKey: "0123456789abcdef0123456789abcdef", adminKey: silo.AppKey);

        var app = await wrongKeys.CallErrorAsync("list_databases");
        var admin = await wrongKeys.CallErrorAsync("get_engine_metrics", """{"engine": "all"}""");

        Assert.Contains("401 auth.denied", app);
        Assert.Contains("403 auth.denied", admin);

        await using var nowhere = await McpSession.StartAsync(new Dictionary<string, string?>
        {
            ["DYNDB_URL"] = "http://127.0.0.1:1",
            ["DYNDB_KEY"] = silo.AppKey,
        });
        var unreachable = await nowhere.CallErrorAsync("list_databases");
        var noAdminKey = await nowhere.CallErrorAsync("check_engine_health", """{"engine": "sqlite"}""");

        Assert.Contains("Cannot reach the silo at http://127.0.0.1:1/", unreachable);
        Assert.Contains("No admin key", noAdminKey);
    }
}
