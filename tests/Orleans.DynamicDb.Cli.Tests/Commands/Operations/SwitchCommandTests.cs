using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class SwitchCommandTests(OpsSiloFixture silo, ITestOutputHelper output)
{
    // 5000 ms: the switch ends between two polls, so the phases after the first are all 'passed between polls'.
    [Theory]
    [InlineData("50")]
    [InlineData("5000")]
    public async Task A_switch_shows_its_phases_and_the_write_pause_and_moves_the_database_with_its_rows(string pollInterval)
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 5000);

        var result = await cli.RunAsync("switch", $"opsapp/{db}", "--to", "second", "--timeout", "60", "--poll-interval", pollInterval);
        output.WriteLine(result.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Switch sw_[0-9a-f]{32}: opsapp/" + db + " to engine 'second'", result.Stdout);
        var phases = result.Stdout.Split('\n').Where(l => l.StartsWith('[')).Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["validating", "copying", "catching_up", "draining", "switched", "post_validating"], phases);
        Assert.Matches(@"state\s+completed", result.Stdout);
        Assert.Matches(@"rows copied\s+5000", result.Stdout);
        Assert.Matches(@"write pause\s+\d+(\.\d+)? ms", result.Stdout);
        Assert.Contains("passed (1 table(s)", result.Stdout);
        var status = JsonDocument.Parse((await Ok(cli, "--json", "databases", "status", db)).Stdout).RootElement;
        Assert.Equal("second", status.GetProperty("engine").GetString());
        Assert.Contains("5000", (await Ok(cli, "databases", "query", db, "SELECT COUNT(*) AS n FROM items")).Stdout);
    }

    [Fact]
    public async Task On_a_terminal_the_phases_are_a_live_progress_display_ending_with_every_phase_done()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 1000);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = new Dictionary<string, string> { ["HOME"] = cli.Home, ["DYNDB_URL"] = silo.Url, ["DYNDB_KEY"] = silo.AppKey, ["DYNDB_ADMIN_KEY"] = silo.AdminKey };
        var terminal = new CliEnvironment(TextReader.Null, stdout, stderr, variables) { OutputIsTerminal = true };

        var exit = await DyndbApp.RunAsync(["switch", $"opsapp/{db}", "--to", "second", "--poll-interval", "50"], terminal);

        var shown = stdout.ToString();
        output.WriteLine(shown);
        Assert.True(exit == 0, $"exit {exit}\n{shown}\n{stderr}");
        // The live table is redrawn in place; its last drawing has every phase done (phases passed between polls too).
        var last = shown[shown.LastIndexOf('╭')..];
        foreach (var (_, label) in SwitchPhaseNamesOf(except: "switching_back"))
        {
            var row = last.Split('\n').Single(l => l.Contains(label, StringComparison.Ordinal));
            Assert.Contains("done", row);
        }

        Assert.DoesNotContain("switch back to the source", shown);
        Assert.Matches(@"state\S*\s+completed", last);
    }

    [Fact]
    public async Task Json_prints_the_final_switch_record_and_app_can_be_given_with_the_app_option()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 100);

        var result = await Ok(cli, "--json", "switch", db, "--app", "opsapp", "--to", "second", "--validate", "true", "--rollback", "false");

        var record = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(("completed", "done", "sqlite", "second", 100L), (
            record.GetProperty("state").GetString(), record.GetProperty("phase").GetString(), record.GetProperty("source").GetString(),
            record.GetProperty("target").GetString(), record.GetProperty("rows_copied").GetInt64()));
        Assert.True(record.GetProperty("write_pause_ms").GetDouble() >= 0);
        Assert.Equal("admin:ops-tests", record.GetProperty("requested_by").GetString());
    }

    [Fact]
    public async Task No_wait_prints_the_switch_id_which_switches_show_follows_to_its_end()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 100);

        var started = await Ok(cli, "switch", $"opsapp/{db}", "--to", "second", "--no-wait");

        var id = started.Stdout.Trim();
        Assert.Matches("^sw_[0-9a-f]{32}$", id);
        await Eventually.True(
            async () => (await cli.RunAsync("--json", "switches", "show", id)) is { ExitCode: 0 } shown
                && JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("state").GetString() == "completed",
            $"switch {id} completes");
        Assert.Matches(@"state\s+completed", (await Ok(cli, "switches", "show", id)).Stdout);
    }

    [Fact]
    public async Task A_switch_the_mover_refuses_exits_5_with_the_reason()
    {
        using var cli = silo.Runner();
        var db = Names.Database("nokey");
        await Ok(cli, "databases", "exec", db, "CREATE TABLE loose (v TEXT)");

        var result = await cli.RunAsync("switch", $"opsapp/{db}", "--to", "second");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Matches(@"state\s+failed", result.Stdout);
        Assert.Contains("Error: the switch ended failed: switch.refused", result.Stderr);
        Assert.Contains("has no primary key", result.Stderr);
        var status = JsonDocument.Parse((await Ok(cli, "--json", "databases", "status", db)).Stdout).RootElement;
        Assert.Equal("sqlite", status.GetProperty("engine").GetString());
    }

    [Fact]
    public async Task An_unknown_engine_exits_2_with_the_problem_title_and_the_engine_named()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 1);

        var result = await cli.RunAsync("switch", $"opsapp/{db}", "--to", "nowhere");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Error: Unknown engine", result.Stderr);
        Assert.Contains("'nowhere'", result.Stderr);
    }

    [Theory]
    [InlineData(new[] { "switch", "nodb", "--to", "second" }, "Write 'app/nodb' or pass --app <app>.")]
    [InlineData(new[] { "switch", "opsapp/x", "--app", "other", "--to", "second" }, "names the app 'opsapp' but --app is 'other'")]
    [InlineData(new[] { "switch", "opsapp/x", "--to", "second", "--poll-interval", "5" }, "--poll-interval must be 50 to 60000 milliseconds; it is 5.")]
    [InlineData(new[] { "switch", "opsapp/x", "--to", "second", "--timeout", "0" }, "'timeout_seconds'")]
    [InlineData(new[] { "switch", "opsapp/x", "--to", "second", "--mode", "instant" }, "'switch_mode'")]
    public async Task Bad_switch_input_exits_2_naming_the_problem(string[] args, string named)
    {
        using var cli = silo.Runner();

        var result = await cli.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Stderr);
    }

    private static IEnumerable<(string Phase, string Label)> SwitchPhaseNamesOf(string except) =>
        Orleans.DynamicDb.Cli.Commands.Operations.SwitchPhaseNames.All.Where(p => p.Phase != except);

    [Fact]
    public async Task An_unknown_database_exits_3()
    {
        using var cli = silo.Runner();

        var result = await cli.RunAsync("switch", "opsapp/never_created_db", "--to", "second");

        Assert.True(result.ExitCode == 3, result.ToString());
    }
}
