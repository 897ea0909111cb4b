using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Commands;

[Collection(CliSiloCollection.Name)]
public sealed class LoginCommandsTests(CliSiloFixture silo)
{
    [Fact]
    public async Task Login_saves_a_private_profile_that_later_commands_use_and_never_prints_the_key()
    {
        using var cli = new CliRunner();

        var login = await cli.RunAsync("login", "--url", silo.Url, "--key", silo.AppKey, "--admin-key", silo.AdminKey);

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.DoesNotContain(silo.AppKey, login.Stdout + login.Stderr);
        Assert.True(File.Exists(cli.DefaultProfilePath), login.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.DefaultProfilePath));
        }

        using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(cli.DefaultProfilePath));
        Assert.Equal(silo.Url, saved.RootElement.GetProperty("url").GetString());

        var whoami = await cli.RunAsync("whoami");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains(silo.Url, whoami.Stdout);
        Assert.Contains("app        cliapp", whoami.Stdout);
        Assert.DoesNotContain(silo.AppKey, whoami.Stdout + whoami.Stderr);
        Assert.DoesNotContain(silo.AdminKey, whoami.Stdout + whoami.Stderr);
    }

    [Fact]
    public async Task Login_with_a_wrong_key_exits_4_with_the_problem_title_and_saves_nothing()
    {
        using var cli = new CliRunner();

        var login = await cli.RunAsync("login", "--url", silo.Url, "--key", "not-a-key-of-this-silo-at-all");

        Assert.True(login.ExitCode == 4, login.ToString());
        Assert.StartsWith("Error: Authentication required", login.Stderr);
        Assert.DoesNotContain("   at ", login.Stderr);
        Assert.False(File.Exists(cli.DefaultProfilePath));
    }

    [Fact]
    public async Task Login_to_a_silo_that_does_not_answer_exits_6_naming_the_url()
    {
        using var cli = new CliRunner();
        var url = $"http://127.0.0.1:{Orleans.DynamicDb.TestInfrastructure.FreePort.Next()}";

        var login = await cli.RunAsync("login", "--url", url, "--key", silo.AppKey);

        Assert.True(login.ExitCode == 6, login.ToString());
        Assert.Contains(url, login.Stderr);
    }

    [Fact]
    public async Task Login_without_url_exits_2_and_a_bad_url_is_named()
    {
        using var cli = new CliRunner();

        var missing = await cli.RunAsync("login", "--key", silo.AppKey);
        var bad = await cli.RunAsync("login", "--url", "ftp://example", "--key", silo.AppKey);

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--url", missing.Stderr);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("ftp://example", bad.Stderr);
    }

    [Fact]
    public async Task The_environment_overrides_the_profile_and_logout_deletes_it()
    {
        using var cli = new CliRunner();
        var profile = Path.Combine(cli.Home, "custom", "p.json");
        cli.WithVariable("DYNDB_CONFIG", profile);
        var login = await cli.RunAsync("login", "--url", silo.Url, "--key", "wrong-key-but-not-verified", "--no-verify");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.True(File.Exists(profile));

        var refused = await cli.RunAsync("whoami", "--json");
        Assert.True(refused.ExitCode == 0, refused.ToString());
        Assert.False(JsonDocument.Parse(refused.Stdout).RootElement.GetProperty("key").GetProperty("accepted").GetBoolean());

        cli.WithVariable("DYNDB_KEY", silo.OtherAppKey);
        var accepted = await cli.RunAsync("whoami", "--json");
        Assert.True(JsonDocument.Parse(accepted.Stdout).RootElement.GetProperty("key").GetProperty("accepted").GetBoolean(), accepted.ToString());
        Assert.Equal("otherapp", JsonDocument.Parse(accepted.Stdout).RootElement.GetProperty("app").GetString());

        var logout = await cli.RunAsync("logout");
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(profile));
    }

    [Fact]
    public async Task Whoami_names_the_app_of_a_jwt_and_never_prints_it()
    {
        var token = silo.Jwt("cliapp");
        using var cli = silo.Runner().WithVariable("DYNDB_KEY", token);

        var json = await cli.RunAsync("whoami", "--json");
        var human = await cli.RunAsync("whoami");

        Assert.True(json.ExitCode == 0, json.ToString());
        var answer = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("cliapp", answer.GetProperty("app").GetString());
        Assert.True(answer.GetProperty("key").GetProperty("accepted").GetBoolean(), json.ToString());
        Assert.True(answer.GetProperty("admin_key").GetProperty("accepted").GetBoolean(), json.ToString());
        Assert.Contains("cliapp", human.Stdout);
        Assert.DoesNotContain(token.Split('.')[2], json.Stdout + human.Stdout);
        Assert.DoesNotContain(silo.AdminKey, json.Stdout + human.Stdout);
    }
}
