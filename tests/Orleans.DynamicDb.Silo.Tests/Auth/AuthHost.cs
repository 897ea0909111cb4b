using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>
/// The gateway's real authentication (<see cref="AuthServiceCollectionExtensions.AddDynamicDbAuth"/>) in a Kestrel host
/// on a free loopback port, with the gateway silo's credentials and a clock the test moves. Its one endpoint,
/// <c>GET /v1/database/whoami</c>, needs the gateway policy and answers the caller's app and credential kind.
/// </summary>
internal sealed class AuthHost : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private AuthHost(TempDirectory data, WebApplication app, ManualTimeProvider clock)
    {
        _data = data;
        _app = app;
        Clock = clock;
        _http = new HttpClient { BaseAddress = app.Address(), Timeout = TimeSpan.FromMinutes(1) };
    }

    /// <summary>The clock the JWT lifetime check reads. It starts at the system time, so tokens made now are valid.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>"Now" on <see cref="Clock"/>.</summary>
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Starts a host with <see cref="GatewaySilo.AuthArguments"/>, or <paramref name="authArguments"/> when given.</summary>
    public static async Task<AuthHost> StartAsync(IReadOnlyList<string>? authArguments = null)
    {
        var data = new TempDirectory();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddCommandLine([.. authArguments ?? GatewaySilo.AuthArguments]);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new SiloDataPaths(data.Path));
        builder.Services.AddDynamicDbAuth(builder.Configuration);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet($"{GatewayClient.Base}/whoami", (ClaimsPrincipal user) => new { app = user.GetApp(), credential = user.FindFirst(AppClaims.Credential)?.Value })
            .RequireAuthorization(AuthServiceCollectionExtensions.GatewayPolicy);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        return new AuthHost(data, app, clock);
    }

    /// <summary>A client that sends <c>Authorization: Bearer {value}</c>.</summary>
    public GatewayClient WithBearer(string value) => new(_http, [("Authorization", $"Bearer {value}")]);

    /// <summary>A client that sends exactly these headers.</summary>
    public GatewayClient WithHeaders(params (string Name, string Value)[] headers) => new(_http, headers);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
