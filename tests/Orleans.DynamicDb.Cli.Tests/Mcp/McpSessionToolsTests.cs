using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpSessionToolsTests(McpSiloFixture silo)
{
    [Fact]
    public async Task List_sessions_and_get_session_show_an_apps_http_session_with_its_load()
    {
        using var cli = silo.Runner();
        var db = Names.Database("mses");
        var created = await cli.RunAsync("databases", "exec", db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        Assert.True(created.ExitCode == 0, created.ToString());
        await using var mcp = await silo.ConnectAsync();

        System.Text.Json.JsonElement listed = default;
        await Eventually.True(async () =>
        {
            listed = await mcp.CallOkAsync("list_sessions", """{"app": "mcpapp", "protocol": "http", "state": "open"}""");
            return listed.GetProperty("sessions").EnumerateArray().Any(s => s.GetProperty("load").GetProperty("writes").GetInt64() >= 1);
        }, "the app's HTTP session is listed with its write", TimeSpan.FromSeconds(60));
        var id = listed.GetProperty("sessions").EnumerateArray().First(s => s.GetProperty("load").GetProperty("writes").GetInt64() >= 1).GetProperty("id").GetString()!;
        var one = await mcp.CallOkAsync("get_session", $$"""{"id": "{{id}}"}""");
        var bad = await mcp.CallErrorAsync("list_sessions", """{"protocol": "ftp"}""");
        var unknown = await mcp.CallErrorAsync("get_session", """{"id": "pg-0000"}""");

        Assert.Equal(id, one.GetProperty("id").GetString());
        Assert.Equal("mcpapp", one.GetProperty("app").GetString());
        Assert.True(one.GetProperty("load").GetProperty("statements").GetInt64() >= 1);
        Assert.Contains("'protocol'", bad);
        Assert.Contains("ftp", bad);
        Assert.Contains("session.not_found", unknown);
    }
}
