using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

[Collection(OpsSiloCollection.Name)]
public sealed class SessionsCommandsTests(OpsSiloFixture silo)
{
    [Fact]
    public async Task The_cli_lists_shows_and_kills_the_http_session_of_its_own_app_key()
    {
        using var cli = silo.Runner();
        var db = Names.Database("ses");
        await Ok(cli, "databases", "create", db);
        await Ok(cli, "databases", "exec", db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");

        JsonElement session = default;
        await Eventually.True(async () =>
        {
            var listed = JsonDocument.Parse((await Ok(cli, "--json", "sessions", "list", "--app", "opsapp", "--protocol", "http", "--state", "open")).Stdout).RootElement;
            var open = listed.GetProperty("sessions").EnumerateArray().ToList();
            session = open.FirstOrDefault(s => s.GetProperty("load").GetProperty("writes").GetInt64() >= 1);
            return open.Count == 1 && session.ValueKind == JsonValueKind.Object;
        }, "the CLI's HTTP session is listed open with its write", TimeSpan.FromSeconds(60));
        var id = session.GetProperty("id").GetString()!;

        var table = await Ok(cli, "sessions", "list", "--app", "opsapp");
        var shown = await Ok(cli, "sessions", "show", id);
        var killed = await Ok(cli, "sessions", "kill", id);
        var after = JsonDocument.Parse((await Ok(cli, "--json", "sessions", "show", id)).Stdout).RootElement;
        var again = await cli.RunAsync("sessions", "kill", id);

        Assert.Contains(id, table.Stdout);
        Assert.Contains("http", table.Stdout);
        Assert.Contains("credential_id", shown.Stdout);
        Assert.Contains("127.0.0.1", shown.Stdout);
        Assert.Contains($"Killed session {id}.", killed.Stdout);
        Assert.Equal("closed", after.GetProperty("state").GetString());
        Assert.StartsWith("killed", after.GetProperty("close_reason").GetString(), StringComparison.Ordinal);
        Assert.True(again.ExitCode == 5, again.ToString());
        Assert.Contains($"The session '{id}' is not open", again.Stderr);
    }

    [Fact]
    public async Task The_list_shows_each_sessions_tier_and_filters_by_it()
    {
        using var cli = silo.Runner();
        var db = Names.Database("tier");
        await Ok(cli, "databases", "create", db);
        await Ok(cli, "databases", "exec", db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");

        JsonElement session = default;
        await Eventually.True(async () =>
        {
            var listed = JsonDocument.Parse((await Ok(cli, "--json", "sessions", "list", "--app", "opsapp", "--protocol", "http", "--state", "open")).Stdout).RootElement;
            session = listed.GetProperty("sessions").EnumerateArray().FirstOrDefault(s => s.GetProperty("database").GetString() == db);
            return session.ValueKind == JsonValueKind.Object;
        }, "the CLI's HTTP session is listed with its tier", TimeSpan.FromSeconds(60));
        var id = session.GetProperty("id").GetString()!;
        var tier = session.GetProperty("tier").GetString()!;
        var other = tier == "Low" ? "High" : "Low";

        var table = await Ok(cli, "sessions", "list", "--app", "opsapp", "--tier", tier);
        var filtered = JsonDocument.Parse((await Ok(cli, "--json", "sessions", "list", "--app", "opsapp", "--tier", other)).Stdout).RootElement;
        var bad = await cli.RunAsync("sessions", "list", "--tier", "Urgent");

        Assert.Contains(["High", "Medium", "Low", "Background"], t => t == tier);
        Assert.Contains(id, table.Stdout);
        Assert.Contains($"{tier} ({session.GetProperty("tier_source").GetString()}", table.Stdout);
        Assert.DoesNotContain(filtered.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("Urgent", bad.Stderr);
    }

    [Fact]
    public async Task Bad_filters_are_exit_2_and_an_unknown_session_exit_3_naming_the_value()
    {
        using var cli = silo.Runner();

        var protocol = await cli.RunAsync("sessions", "list", "--protocol", "ftp");
        var limit = await cli.RunAsync("sessions", "list", "--limit", "0");
        var unknown = await cli.RunAsync("sessions", "show", "pg-0000");

        Assert.True(protocol.ExitCode == 2, protocol.ToString());
        Assert.Contains("ftp", protocol.Stderr);
        Assert.True(limit.ExitCode == 2, limit.ToString());
        Assert.Contains("--limit", limit.Stderr);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("pg-0000", unknown.Stderr);
    }
}
