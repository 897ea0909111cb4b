using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Dashboard;

/// <summary>The Orleans Dashboard at <c>/dashboard</c> of a real silo: on by default, off by a setting, bad settings refused.</summary>
public sealed class DashboardTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    [Fact]
    public async Task The_dashboard_is_served_without_credential_and_counts_the_database_grains()
    {
        var silo = await fixture.GetAsync(() => []);
        var database = TestDatabases.New("dashboard");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (v TEXT)")).EnsureOk();
        var anonymous = silo.WithApiKey(null);

        var page = await anonymous.GetAsync("/dashboard/");
        Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status}: {page.Body}");
        Assert.Contains("<title>Orleans Dashboard</title>", page.Body, StringComparison.Ordinal);

        string counters = "";
        await Eventually.True(
            async () =>
            {
                var answer = await anonymous.GetAsync("/dashboard/DashboardCounters");
                counters = answer.Body;
                return answer.Status == HttpStatusCode.OK && counters.Contains("Orleans.DynamicDb.Databases.DatabaseGrain", StringComparison.Ordinal);
            },
            "the dashboard's counters list the database grain type");
        using var json = JsonDocument.Parse(counters);
        var host = Assert.Single(json.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.StartsWith("127.0.0.1:", host.GetProperty("siloAddress").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switches_panel_is_served_beside_the_dashboard_and_reads_the_history_with_a_typed_admin_key()
    {
        var silo = await fixture.GetAsync(() => []);

        var page = await silo.WithApiKey(null).GetAsync("/dashboard-switches");

        Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status}: {page.Body}");
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<h1>Switches</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains("/v1/admin/switches?limit=1000&since=", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewaySilo.AlphaKey, page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turned_off_the_dashboard_path_answers_404_with_a_problem_body()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path, "--DynamicDb:Dashboard:Enabled", "false");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };

        var answer = await http.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("request.not_found", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("--DynamicDb:Dashboard:Path", "dashboard", "DynamicDb:Dashboard:Path 'dashboard'")]
    [InlineData("--DynamicDb:Dashboard:Path", "/dash/", "DynamicDb:Dashboard:Path '/dash/'")]
    [InlineData("--DynamicDb:Dashboard:Enabled", "maybe", "DynamicDb:Dashboard:Enabled 'maybe'")]
    [InlineData("--Orleans:Endpoints:SiloPort", "eleven", "Orleans:Endpoints:SiloPort 'eleven'")]
    [InlineData("--Orleans:Endpoints:GatewayPort", "70000", "Orleans:Endpoints:GatewayPort '70000'")]
    [InlineData("--Orleans:Endpoints:AdvertisedIPAddress", "not-an-ip", "Orleans:Endpoints:AdvertisedIPAddress 'not-an-ip'")]
    public async Task A_bad_dashboard_or_orleans_endpoint_setting_stops_the_silo_naming_it(string setting, string value, string named)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, setting, value);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
