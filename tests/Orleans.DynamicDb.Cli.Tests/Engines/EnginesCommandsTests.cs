using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Engines;

[Collection(CliSiloCollection.Name)]
public sealed class EnginesCommandsTests(CliSiloFixture silo)
{
    [Fact]
    public async Task List_show_and_probe_render_the_engine_as_the_admin_api_sees_it()
    {
        using var cli = silo.Runner();

        var probe = await cli.RunAsync("engines", "probe", "SQLite");
        var list = await cli.RunAsync("engines", "list");
        var show = await cli.RunAsync("engines", "show", "sqlite");

        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Contains("│ sqlite │ sqlite │ standalone │ Healthy │ Closed", probe.Stdout);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("│ sqlite │ sqlite │ standalone │", list.Stdout);
        Assert.Contains("p99 ms", list.Stdout);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("circuit", show.Stdout);
        Assert.Contains("needs_rebuild", show.Stdout);
    }

    [Fact]
    public async Task Json_is_the_admin_apis_answer()
    {
        using var cli = silo.Runner();

        var list = await cli.RunAsync("engines", "list", "--json");
        var show = await cli.RunAsync("--json", "engines", "show", "sqlite");

        Assert.True(list.ExitCode == 0, list.ToString());
        var engine = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("engines").EnumerateArray());
        Assert.Equal("sqlite", engine.GetProperty("id").GetString());
        Assert.Equal("sqlite", JsonDocument.Parse(show.Stdout).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_unknown_engine_exits_3_naming_the_configured_ones()
    {
        using var cli = silo.Runner();

        var show = await cli.RunAsync("engines", "show", "nope");
        var probe = await cli.RunAsync("engines", "probe", "nope");

        Assert.True(show.ExitCode == 3, show.ToString());
        Assert.Contains("nope", show.Stderr);
        Assert.Contains("sqlite", show.Stderr);
        Assert.True(probe.ExitCode == 3, probe.ToString());
    }

    [Fact]
    public async Task Failover_and_add_of_an_engine_that_is_no_group_exit_5_with_the_problem()
    {
        using var cli = silo.Runner();

        var failover = await cli.RunAsync("engines", "failover", "sqlite");
        var add = await cli.RunAsync("engines", "add", "sqlite", "--weight", "2");
        var unknown = await cli.RunAsync("engines", "add", "nope");

        Assert.True(failover.ExitCode == 5, failover.ToString());
        Assert.StartsWith("Error: ", failover.Stderr);
        Assert.Contains("sqlite", failover.Stderr);
        Assert.True(add.ExitCode == 5, add.ToString());
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
    }

    [Fact]
    public async Task Remove_of_a_member_of_an_engine_that_is_no_group_exits_5_and_of_an_unknown_group_3()
    {
        using var cli = silo.Runner();

        var notGroup = await cli.RunAsync("engines", "remove", "sqlite", "m1");
        var unknown = await cli.RunAsync("engines", "remove", "nope", "m1");
        var missing = await cli.RunAsync("engines", "remove", "sqlite");

        Assert.True(notGroup.ExitCode == 5, notGroup.ToString());
        Assert.StartsWith("Error: ", notGroup.Stderr);
        Assert.Contains("members can be removed only from postgres-ha engines", notGroup.Stderr);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("nope", unknown.Stderr);
        Assert.True(missing.ExitCode == 2, missing.ToString());
    }

    [Fact]
    public async Task Engines_need_an_admin_key()
    {
        using var withAppKey = silo.Runner().WithVariable("DYNDB_ADMIN_KEY", silo.AppKey);
        using var withoutAdminKey = silo.Runner().WithoutVariable("DYNDB_ADMIN_KEY");
        using var cli = silo.Runner();
        var appKey = await withAppKey.RunAsync("engines", "list");
        var none = await withoutAdminKey.RunAsync("engines", "list");
        var missing = await cli.RunAsync("engines", "show");
        var badWeight = await cli.RunAsync("engines", "add", "pg", "--weight", "heavy");

        Assert.True(appKey.ExitCode == 4, appKey.ToString());
        Assert.Contains("admin key", appKey.Stderr);
        Assert.True(none.ExitCode == 4, none.ToString());
        Assert.Contains("DYNDB_ADMIN_KEY", none.Stderr);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.True(badWeight.ExitCode == 2, badWeight.ToString());
        Assert.Contains("heavy", badWeight.Stderr);
    }
}
