using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Health;

/// <summary>The health endpoints of a silo application hosted in the test process, over real HTTP.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_with_JSON_naming_each_check()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };

        using var live = await http.GetAsync(HealthEndpoints.LivePath);
        using var ready = await http.GetAsync(HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
        var liveJson = HealthJson.Parse(await live.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", liveJson.Status);
        Assert.Equal([HealthEndpoints.ProcessCheckName], liveJson.Checks.Keys);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        var readyJson = HealthJson.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", readyJson.Status);
        Assert.Equal(["silo"], readyJson.Checks.Keys);
        Assert.Equal(1, readyJson.SiloStarts);
        await app.StopAsync();
    }

    [Fact]
    public async Task Ready_is_unhealthy_before_the_silo_starts_and_once_it_is_stopping()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path);
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        Task<HealthReport>? whileStopping = null;
        lifetime.ApplicationStopping.Register(() => whileStopping = CheckReadyAsync(health));

        var beforeStart = await CheckReadyAsync(health);
        await app.StartAsync();
        var started = await CheckReadyAsync(health);
        await app.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, beforeStart.Status);
        Assert.Equal("The silo has not started yet.", beforeStart.Entries["silo"].Description);
        Assert.Equal(HealthStatus.Healthy, started.Status);
        Assert.NotNull(whileStopping);
        var stopping = await whileStopping;
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
        Assert.Equal("The silo is shutting down.", stopping.Entries["silo"].Description);
    }

    [Fact]
    public async Task Ready_answers_503_with_JSON_when_the_silo_is_not_ready()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        HttpResponseMessage? whileStopping = null;
        string? body = null;

        // The request is sent from inside ApplicationStopping, before the HTTP server stops taking requests.
        lifetime.ApplicationStopping.Register(() =>
        {
            whileStopping = http.GetAsync(HealthEndpoints.ReadyPath).GetAwaiter().GetResult();
            body = whileStopping.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        });
        await app.StopAsync();

        Assert.NotNull(whileStopping);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileStopping.StatusCode);
        var json = HealthJson.Parse(body!);
        Assert.Equal("Unhealthy", json.Status);
        Assert.Equal("The silo is shutting down.", json.Checks["silo"].Description);
        whileStopping.Dispose();
    }

    private static Task<HealthReport> CheckReadyAsync(HealthCheckService health) =>
        health.CheckHealthAsync(r => r.Tags.Contains(HealthEndpoints.ReadyTag));
}
