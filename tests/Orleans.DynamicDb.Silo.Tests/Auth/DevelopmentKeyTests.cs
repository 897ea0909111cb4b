using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>The embedded default without any credential configured: a development key for the app "default".</summary>
public sealed class DevelopmentKeyTests
{
    [Fact]
    public async Task Without_credentials_a_development_key_is_created_once_with_mode_0600_and_acts_for_the_app_default()
    {
        using var data = new TempDirectory();
        var keyFile = data.Combine("silo", "dev-api-key");
        string key;
        await using (var first = InProcessSilo.Build(data.Path))
        {
            await first.StartAsync();
            key = (await File.ReadAllTextAsync(keyFile)).Trim();
            using var http = new HttpClient { BaseAddress = first.Address() };
            var client = new GatewayClient(http, [("X-API-Key", key)]);

            (await client.ExecAsync("notes", "CREATE TABLE notes (body TEXT)")).EnsureOk();
            var status = (await client.GetAsync("status?database=notes")).EnsureOk();
            var wrong = await new GatewayClient(http, [("X-API-Key", key + "x")]).GetAsync("list");

            Assert.Equal("notes", status.Json.GetProperty("database").GetString());
            wrong.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
            Assert.True(Directory.Exists(data.Combine("default_notes")), "the database belongs to the app 'default'");
            await first.StopAsync();
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.True(key.Length >= 32, key);
        await using var second = InProcessSilo.Build(data.Path);
        await second.StartAsync();
        Assert.Equal(key, (await File.ReadAllTextAsync(keyFile)).Trim());
        using var again = new HttpClient { BaseAddress = second.Address() };
        (await new GatewayClient(again, [("X-API-Key", key)]).GetAsync("list")).EnsureOk();
        await second.StopAsync();
    }

    [Fact]
    public async Task The_silo_process_logs_where_the_development_key_is_without_printing_the_key()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path);

        await silo.WaitUntilReadyAsync();

        var key = (await File.ReadAllTextAsync(data.Combine("silo", "dev-api-key"))).Trim();
        Assert.Contains(data.Combine("silo", "dev-api-key"), silo.Output);
        Assert.Contains("X-API-Key", silo.Output);
        Assert.DoesNotContain(key, silo.Output);
    }

    [Fact]
    public async Task Configured_credentials_replace_the_development_key()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path, [.. GatewaySilo.AuthArguments]);

        await app.StartAsync();

        Assert.False(File.Exists(data.Combine("silo", "dev-api-key")));
        await app.StopAsync();
    }
}
