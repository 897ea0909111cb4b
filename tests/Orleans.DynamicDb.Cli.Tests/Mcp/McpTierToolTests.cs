using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Mcp;

[Collection(McpSiloCollection.Name)]
public sealed class McpTierToolTests(McpSiloFixture silo)
{
    [Fact]
    public async Task Get_tier_stats_shows_the_slots_and_the_recent_statements_of_each_engine_per_tier_and_refuses_an_unknown_engine_naming_it()
    {
        using var cli = silo.Runner();
        var ran = await cli.RunAsync("databases", "exec", Names.Database("mtier"), "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        Assert.True(ran.ExitCode == 0, ran.ToString());
        await using var mcp = await silo.ConnectAsync();

        var status = await mcp.CallOkAsync("get_tier_stats", "{}");
        var unknown = await mcp.CallErrorAsync("get_tier_stats", """{"engine": "nope"}""");

        Assert.True(status.GetProperty("enabled").GetBoolean());
        var engine = status.GetProperty("engines").EnumerateArray().First();
        Assert.Equal(["High", "Medium", "Low", "Background"], engine.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.True(status.GetProperty("engines").EnumerateArray().Sum(e => e.GetProperty("tiers").EnumerateArray().Sum(t => t.GetProperty("admitted").GetInt64())) >= 1);
        Assert.True(status.GetProperty("engines").EnumerateArray().Sum(e => e.GetProperty("tiers").EnumerateArray().Sum(t => t.GetProperty("recent").GetProperty("statements").GetInt64())) >= 1);
        Assert.Contains("engine.unknown", unknown);
        Assert.Contains("'nope'", unknown);
    }
}
