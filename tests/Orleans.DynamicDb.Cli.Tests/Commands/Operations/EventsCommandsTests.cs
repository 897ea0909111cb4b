using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class EventsCommandsTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task Tail_since_0_prints_json_lines_of_engine_events_and_follows_a_switch_until_ctrl_c()
    {
        using var cli = silo.Runner();
        var db = await SeededDatabaseAsync(cli, 100, "tail");
        await using var tail = new BackgroundRun(Variables(), "events", "tail", "--since", "0", "--json", "--interval", "100");
        await Eventually.True(() => Lines(tail).Any(l => l.GetProperty("kind").GetString() == "engine"), "the engines' start-up events are printed");

        var switched = await Ok(cli, "--json", "switch", $"opsapp/{db}", "--to", "second");
        var id = JsonDocument.Parse(switched.Stdout).RootElement.GetProperty("id").GetString();
        await Eventually.True(
            () => Lines(tail).Any(l => l.GetProperty("kind").GetString() == "switch" && l.GetProperty("id").GetString() == id && l.GetProperty("state").GetString() == "completed"),
            "the switch's end is followed");
        var result = await tail.StopAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var engineEvent = Lines(tail).First(l => l.GetProperty("kind").GetString() == "engine");
        Assert.True(engineEvent.TryGetProperty("sequence", out _) && engineEvent.TryGetProperty("type", out _), engineEvent.ToString());
    }

    [Fact]
    public async Task Tail_from_now_prints_only_what_happens_after_it_started_and_filters_by_engine()
    {
        using var cli = silo.Runner();
        var before = await SeededDatabaseAsync(cli, 10, "before");
        var after = await SeededDatabaseAsync(cli, 10, "after");
        await Ok(cli, "switch", $"opsapp/{before}", "--to", "second");
        await using var tail = new BackgroundRun(Variables(), "events", "tail", "--engine", "second", "--interval", "100");
        await using var other = new BackgroundRun(Variables(), "events", "tail", "--engine", "not-an-engine", "--interval", "100");

        // Both tails say so once their cursors are at the end: the switch then happens after they started.
        await Eventually.True(() => tail.Stderr.Contains("Following events from now") && other.Stderr.Contains("Following events from now"), "the tails follow");
        var switched = await cli.RunAsync("--json", "switch", $"opsapp/{after}", "--to", "second");
        Assert.True(switched.ExitCode == 0, switched.ToString());
        await Eventually.True(() => tail.Stdout.Contains($"opsapp/{after} sqlite → second completed", StringComparison.Ordinal), "the later switch is printed");
        var result = await tail.StopAsync();
        var filtered = await other.StopAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(before, result.Stdout);
        Assert.Equal("", filtered.Stdout);
    }

    [Fact]
    public async Task A_bad_since_exits_2_naming_the_value()
    {
        using var cli = silo.Runner();

        var result = await cli.RunAsync("events", "tail", "--since", "yesterday");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--since 'yesterday' is not now, 0, a cursor", result.Stderr);
    }

    private Dictionary<string, string> Variables() => new()
    {
        ["HOME"] = Path.Combine(Path.GetTempPath(), "dyndb-ops-no-home"),
        ["DYNDB_URL"] = silo.Url,
        ["DYNDB_KEY"] = silo.AppKey,
        ["DYNDB_ADMIN_KEY"] = silo.AdminKey,
    };

    private static List<JsonElement> Lines(BackgroundRun run) =>
        [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement)];
}
