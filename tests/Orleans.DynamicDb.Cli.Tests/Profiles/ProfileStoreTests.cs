using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Profiles;

public sealed class ProfileStoreTests
{
    [Fact]
    public async Task A_profile_that_is_not_json_is_named_with_exit_2()
    {
        using var cli = new CliRunner();
        var path = Path.Combine(cli.Home, "broken.json");
        await File.WriteAllTextAsync(path, "{ not json");
        cli.WithVariable("DYNDB_CONFIG", path);

        var whoami = await cli.RunAsync("whoami");

        Assert.True(whoami.ExitCode == 2, whoami.ToString());
        Assert.Contains($"The profile file {path} is not valid JSON", whoami.Stderr);
    }

    [Fact]
    public async Task A_profile_that_cannot_be_written_is_named_with_exit_1()
    {
        using var cli = new CliRunner();
        var blocker = Path.Combine(cli.Home, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var path = Path.Combine(blocker, "profile.json");
        cli.WithVariable("DYNDB_CONFIG", path);

        var login = await cli.RunAsync("login", "--url", "http://127.0.0.1:1", "--key", "0123456789abcdef", "--no-verify");

        Assert.True(login.ExitCode == 1, login.ToString());
        Assert.Contains($"The profile file {path} cannot be written", login.Stderr);
        Assert.DoesNotContain("0123456789abcdef", login.Stderr);
    }

    [Fact]
    public async Task Without_url_anywhere_commands_say_how_to_log_in()
    {
        using var cli = new CliRunner().WithVariable("DYNDB_KEY", "0123456789abcdef");

        var list = await cli.RunAsync("databases", "list");

        Assert.True(list.ExitCode == 2, list.ToString());
        Assert.Contains("dyndb login --url", list.Stderr);
        Assert.Contains("DYNDB_URL", list.Stderr);
    }
}
