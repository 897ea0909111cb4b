using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>Credentials given the way a service manager does, as environment variables of the silo process.</summary>
public sealed class AuthProcessTests
{
    [Fact]
    public async Task API_keys_from_environment_variables_are_accepted_and_no_development_key_is_made()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        const string Key = "env-key-0123456789abcdef";
        await using var silo = SiloProcess.Start(
            port,
            ["--urls", $"http://127.0.0.1:{port}", "--DynamicDb:DataDirectory", data.Path],
            new Dictionary<string, string>
            {
                ["DynamicDb__Auth__ApiKeys__0__App"] = "myapp",
                ["DynamicDb__Auth__ApiKeys__0__Key"] = Key,
            });
        await silo.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = silo.Address };

        var accepted = await new GatewayClient(http, [("X-API-Key", Key)]).ExecAsync("users", "CREATE TABLE users (id INTEGER)");
        var refused = await new GatewayClient(http, [("X-API-Key", "another-key-0123456789")]).GetAsync("list");

        accepted.EnsureOk();
        refused.AssertProblem(HttpStatusCode.Unauthorized, "auth.denied");
        Assert.True(Directory.Exists(Path.Combine(data.Path, "myapp_users")), silo.Output);
        Assert.False(File.Exists(Path.Combine(data.Path, "silo", "dev-api-key")));
        Assert.DoesNotContain(Key, silo.Output);
    }

    [Fact]
    public async Task A_short_JWT_signing_key_in_the_environment_stops_the_process_naming_the_setting()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(
            port,
            ["--urls", $"http://127.0.0.1:{port}", "--DynamicDb:DataDirectory", data.Path],
            new Dictionary<string, string> { ["DynamicDb__Auth__Jwt__SigningKey"] = "short" });

        Assert.Equal(Orleans.DynamicDb.Silo.Hosting.SiloHost.ExitCodeConfigurationError, await silo.WaitForExitAsync());
        Assert.Contains("DynamicDb:Auth:Jwt:SigningKey is 5 bytes long", silo.StandardError);
    }
}
