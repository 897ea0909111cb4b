using System.Text.Json;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class PoliciesCommandsTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task A_policy_is_set_listed_disabled_enabled_and_deleted()
    {
        using var cli = silo.Runner();
        var name = "p-" + Guid.NewGuid().ToString("N")[..8];

        var set = await Ok(cli, "policies", "set", name, "--trigger", "load_based", "--threshold", "50", "--scale-down", "5", "--target", "second", "--app", "nobody", "--window", "30");
        Assert.Contains("threshold_value", set.Stdout);

        var listed = await Policy(cli, name);
        Assert.Equal(("load_based", 50.0, 5.0, "second", true, "nobody", 30.0), (
            listed.GetProperty("trigger_type").GetString(), listed.GetProperty("threshold_value").GetDouble(), listed.GetProperty("scale_down_threshold").GetDouble(),
            listed.GetProperty("target_engine").GetString(), listed.GetProperty("enabled").GetBoolean(), listed.GetProperty("apps")[0].GetString(),
            listed.GetProperty("window_seconds").GetDouble()));
        Assert.Contains(name, (await Ok(cli, "policies", "list")).Stdout);

        Assert.Contains($"Policy '{name}' is disabled.", (await Ok(cli, "policies", "disable", name)).Stdout);
        var disabled = await Policy(cli, name);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal((50.0, 5.0, "nobody", 30.0), (disabled.GetProperty("threshold_value").GetDouble(), disabled.GetProperty("scale_down_threshold").GetDouble(),
            disabled.GetProperty("apps")[0].GetString(), disabled.GetProperty("window_seconds").GetDouble()));

        await Ok(cli, "policies", "enable", name);
        Assert.True((await Policy(cli, name)).GetProperty("enabled").GetBoolean());

        Assert.Contains($"Deleted policy '{name}'.", (await Ok(cli, "policies", "delete", name)).Stdout);
        Assert.DoesNotContain(name, (await Ok(cli, "policies", "list")).Stdout);
    }

    [Theory]
    [InlineData("--threshold", "-5", "--threshold ('threshold_value')", "it is -5")]
    [InlineData("--target", "nowhere", "--target ('target_engine')", "'nowhere'")]
    [InlineData("--trigger", "sometimes", "--trigger ('trigger_type')", "it is 'sometimes'")]
    [InlineData("--window", "7200", "--window ('window_seconds')", "it is 02:00:00")]
    public async Task A_bad_policy_value_exits_2_naming_the_option_and_the_value(string option, string value, string named, string shown)
    {
        using var cli = silo.Runner();
        var args = new Dictionary<string, string> { ["--trigger"] = "performance", ["--threshold"] = "100", ["--target"] = "second" };
        args[option] = value;

        var result = await cli.RunAsync(["policies", "set", "bad-" + Guid.NewGuid().ToString("N")[..8], .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Error: Invalid policy", result.Stderr);
        Assert.Contains(named, result.Stderr);
        Assert.Contains(shown, result.Stderr);
    }

    [Fact]
    public async Task Enabling_or_deleting_an_unknown_policy_exits_3()
    {
        using var cli = silo.Runner();

        var enable = await cli.RunAsync("policies", "enable", "no-such-policy");
        var delete = await cli.RunAsync("policies", "delete", "no-such-policy");

        Assert.True(enable.ExitCode == 3, enable.ToString());
        Assert.Contains("No switching policy is named 'no-such-policy'", enable.Stderr);
        Assert.True(delete.ExitCode == 3, delete.ToString());
    }

    private static async Task<JsonElement> Policy(Infrastructure.CliRunner cli, string name)
    {
        var list = JsonDocument.Parse((await Ok(cli, "--json", "policies", "list")).Stdout).RootElement;
        return list.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("policy_name").GetString() == name);
    }
}
