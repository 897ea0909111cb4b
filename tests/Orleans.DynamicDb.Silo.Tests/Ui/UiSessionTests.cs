using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>
/// The dashboard's login and session on an in-process silo: only admin keys log in, the cookie carries a random session
/// id (HTTP-only, SameSite=Strict, path /ui) that opens the dashboard's JSON calls and nothing else, and every
/// state-changing call needs the session's CSRF token. The browser side is in Orleans.DynamicDb.Browser.Tests.
/// </summary>
public sealed class UiSessionTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    private async Task<UiClient> ClientAsync() => new((await fixture.GetAsync(() => AdminCredentials.Arguments)).Address);

    [Fact]
    public async Task A_wrong_key_is_refused_with_401_and_an_app_key_with_403_naming_the_admin_key_setting()
    {
        using var client = await ClientAsync();

        var (wrongStatus, wrong) = await client.LoginAsync("not-a-key-of-this-cluster");
        var (appStatus, app) = await client.LoginAsync(GatewaySilo.AlphaKey);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Contains("not a valid API key", wrong.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, appStatus);
        Assert.Contains("DynamicDb:Auth:AdminKeys", app.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(client.SessionId);
    }

    [Fact]
    public async Task A_login_that_is_not_json_is_a_400_saying_how_to_log_in()
    {
        using var client = await ClientAsync();

        var (status, body) = await client.LoginAsync(AdminCredentials.AdminKey, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("application/json", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(client.SessionId);
    }

    [Fact]
    public async Task An_admin_login_sets_an_http_only_strict_cookie_holding_a_random_id_not_the_key_and_is_audited()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);
        using var client = new UiClient(silo.Address);

        var (status, login) = await client.LoginAsync(AdminCredentials.AdminKey);
        var (sessionStatus, session) = await client.GetAsync("/ui/api/session");

        Assert.Equal(HttpStatusCode.OK, status);
        var cookie = client.SetCookie!.ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/ui", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminCredentials.AdminKey, client.SetCookie, StringComparison.Ordinal);
        Assert.True(client.SessionId!.Length >= 43, client.SessionId);
        Assert.Equal(HttpStatusCode.OK, sessionStatus);
        Assert.Equal(login.GetProperty("csrf_token").GetString(), session.GetProperty("csrf_token").GetString());
        Assert.StartsWith("admin:sha256:", session.GetProperty("credential").GetString(), StringComparison.Ordinal);
        var rows = await silo.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(0, 1000, AuditActions.UiLogin, null, null));
        Assert.Contains(rows, r => r.Actor == session.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task The_session_cookie_opens_neither_the_admin_api_nor_the_tenant_data_api()
    {
        using var client = await ClientAsync();
        await client.LoginAsync(AdminCredentials.AdminKey);

        var (ui, _) = await client.GetAsync("/ui/api/engines");
        var (admin, _) = await client.GetAsync("/v1/engines");
        var (tenant, _) = await client.GetAsync("/v1/database/list");

        Assert.Equal(HttpStatusCode.OK, ui);
        Assert.Equal(HttpStatusCode.Unauthorized, admin);
        Assert.Equal(HttpStatusCode.Unauthorized, tenant);
    }

    [Fact]
    public async Task A_post_without_the_csrf_token_is_refused_and_changes_nothing()
    {
        using var client = await ClientAsync();
        await client.LoginAsync(AdminCredentials.AdminKey);

        var (noToken, refused) = await client.PostAsync("/ui/logout", csrf: null);
        var (wrongToken, _) = await client.PostAsync("/ui/logout", csrf: "forged");
        var (approve, _) = await client.PostAsync("/ui/api/switches/sw_00000000000000000000000000000000/approve", csrf: null);
        var (stillIn, _) = await client.GetAsync("/ui/api/session");

        Assert.Equal(HttpStatusCode.Forbidden, noToken);
        Assert.Contains("X-CSRF-Token", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken);
        Assert.Equal(HttpStatusCode.Forbidden, approve);
        Assert.Equal(HttpStatusCode.OK, stillIn);
    }

    [Fact]
    public async Task Logout_with_the_token_ends_the_session_on_the_server()
    {
        using var client = await ClientAsync();
        await client.LoginAsync(AdminCredentials.AdminKey);

        var (loggedOut, _) = await client.PostAsync("/ui/logout", await client.CsrfAsync());
        var (after, body) = await client.GetAsync("/ui/api/session");

        Assert.Equal(HttpStatusCode.NoContent, loggedOut);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.Contains("Log in again", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_served_without_login_with_a_policy_forbidding_inline_scripts_and_framing()
    {
        var silo = await fixture.GetAsync(() => AdminCredentials.Arguments);
        using var http = new HttpClient { BaseAddress = silo.Address };

        using var page = await http.GetAsync("/ui");
        using var script = await http.GetAsync("/ui/app.js");
        using var missing = await http.GetAsync("/ui/nothing.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"/ui/app.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_engine_history_fills_with_samples_of_every_engine_for_the_plots()
    {
        using var client = await ClientAsync();
        await client.LoginAsync(AdminCredentials.AdminKey);
        JsonElement sqlite = default;

        await Eventually.True(
            async () =>
            {
                var (status, body) = await client.GetAsync("/ui/api/engines/history");
                return status == HttpStatusCode.OK && body.GetProperty("engines").TryGetProperty("sqlite", out sqlite) && sqlite.GetArrayLength() >= 2;
            },
            "two samples of the engine 'sqlite'",
            TimeSpan.FromSeconds(60));

        var first = sqlite[0];
        Assert.Equal("Closed", first.GetProperty("circuit").GetString());
        Assert.True(DateTimeOffset.Parse(sqlite[1].GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(first.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
