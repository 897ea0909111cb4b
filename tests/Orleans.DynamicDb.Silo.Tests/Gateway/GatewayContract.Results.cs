using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Streamed query answers on every engine, with the default caps.</summary>
public abstract partial class GatewayContract
{
    [Fact]
    public async Task A_result_over_the_default_row_cap_answers_exactly_the_cap_and_says_truncated()
    {
        var client = (await SiloAsync()).Alpha;
        var over = GatewayOptions.DefaultMaxResultRows + 5;

        var json = (await client.QueryAsync(TestDatabases.New("cap"), $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {over}) SELECT x FROM c")).EnsureOk().Json;

        Assert.Equal(GatewayOptions.DefaultMaxResultRows, json.GetProperty("count").GetInt32());
        Assert.Equal(GatewayOptions.DefaultMaxResultRows, json.GetProperty("items").GetArrayLength());
        Assert.Equal(GatewayOptions.DefaultMaxResultRows, json.GetProperty("items")[GatewayOptions.DefaultMaxResultRows - 1].GetProperty("x").GetInt32());
        Assert.True(json.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task A_result_of_several_pages_arrives_whole_in_order_and_not_truncated()
    {
        var client = (await SiloAsync()).Alpha;

        var json = (await client.QueryAsync(TestDatabases.New("pages"), "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3456) SELECT x, 'v' || x AS v FROM c ORDER BY x")).EnsureOk().Json;

        Assert.Equal(3456, json.GetProperty("count").GetInt32());
        Assert.False(json.GetProperty("truncated").GetBoolean());
        Assert.Equal(Enumerable.Range(1, 3456).Select(i => $"v{i}"), json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("v").GetString()));
    }
}
