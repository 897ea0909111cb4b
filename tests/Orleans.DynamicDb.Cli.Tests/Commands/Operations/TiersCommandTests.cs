using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class TiersCommandTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task Dyndb_tiers_shows_a_table_per_engine_and_tier_and_the_answer_as_json()
    {
        using var cli = silo.Runner();
        await Ok(cli, "databases", "exec", Names.Database("tiers"), "CREATE TABLE t (id INTEGER PRIMARY KEY)");

        var table = await Ok(cli, "tiers");
        var json = JsonDocument.Parse((await Ok(cli, "--json", "tiers")).Stdout).RootElement;
        var unknown = await cli.RunAsync("tiers", "--engine", "nope");

        foreach (var tier in new[] { "High", "Medium", "Low", "Background" })
        {
            Assert.Contains(tier, table.Stdout);
        }

        Assert.Contains("open sessions:", table.Stdout);
        Assert.Contains("limit", table.Stdout);
        Assert.Contains("baseline", table.Stdout); // the Low row's adaptive limit beside High's latency (on by default)
        Assert.True(json.GetProperty("enabled").GetBoolean());
        Assert.NotEmpty(json.GetProperty("engines").EnumerateArray());
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("nope", unknown.Stderr);
    }
}
