using System.Security.Cryptography;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>
/// The copy's progress while a switch runs, made observable without timing: the silo's diagnostics setting
/// DynamicDb:Switching:HaltAfterPhase holds every switch in <c>catching_up</c> (after the copy) for good.
/// </summary>
public sealed class SwitchProgressTests
{
    [Fact]
    public async Task A_running_switch_shows_the_rows_and_bytes_copied_and_ctrl_c_stops_following_not_the_switch()
    {
        using var data = new TempDirectory();
        var appKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var silo = SiloProcess.Start(
            data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "opsapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", appKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", adminKey,
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:1:Id", "second",
            "--DynamicDb:Engines:1:Kind", "sqlite",
            "--DynamicDb:Engines:1:DataDirectory", "second",
            "--DynamicDb:Switching:HaltAfterPhase", "catching_up");
        await silo.WaitUntilReadyAsync();
        var url = silo.Address.ToString().TrimEnd('/');
        using var cli = new CliRunner().WithVariable("DYNDB_URL", url).WithVariable("DYNDB_KEY", appKey).WithVariable("DYNDB_ADMIN_KEY", adminKey);
        var db = await SeededDatabaseAsync(cli, 3000, "prog");
        var followed = await SeededDatabaseAsync(cli, 2500, "follow");

        var id = (await Ok(cli, "switch", $"opsapp/{db}", "--to", "second", "--no-wait")).Stdout.Trim();
        JsonElement running = default;
        await Eventually.True(
            async () => (running = JsonDocument.Parse((await Ok(cli, "--json", "switches", "show", id)).Stdout).RootElement).GetProperty("phase").GetString() == "catching_up",
            "the switch is held after its copy");
        var shown = await Ok(cli, "switches", "show", id);

        Assert.Equal(("running", 3000L), (running.GetProperty("state").GetString(), running.GetProperty("rows_copied").GetInt64()));
        Assert.True(running.GetProperty("bytes_copied").GetInt64() > 3000 * 50, running.ToString());
        Assert.Matches(@"rows copied\s+3000", shown.Stdout);
        Assert.Matches(@"bytes copied\s+\d+(\.\d)? KB", shown.Stdout);

        var variables = new Dictionary<string, string> { ["HOME"] = cli.Home, ["DYNDB_URL"] = url, ["DYNDB_ADMIN_KEY"] = adminKey };
        await using var follow = new BackgroundRun(variables, "switch", $"opsapp/{followed}", "--to", "second", "--poll-interval", "50");
        await Eventually.True(() => follow.Stdout.Contains("catching_up:", StringComparison.Ordinal), "the follower sees the held phase");
        var stopped = await follow.StopAsync();

        Assert.True(stopped.ExitCode == 130, stopped.ToString());
        Assert.Matches(@"\n\s+copied 2500 rows, \d+(\.\d)? KB\n", stopped.Stdout);
        Assert.Contains("Stopped following switch sw_", stopped.Stderr);
        Assert.Contains("the switch goes on", stopped.Stderr);
        var after = JsonDocument.Parse((await Ok(cli, "--json", "switches", "list", "--state", "running", "--database", $"opsapp/{followed}")).Stdout).RootElement;
        Assert.Single(after.GetProperty("switches").EnumerateArray());
    }
}
