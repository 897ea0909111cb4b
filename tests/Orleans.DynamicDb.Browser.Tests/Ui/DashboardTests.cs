using System.Text.Json;
using Microsoft.Playwright;
using Orleans.DynamicDb.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>
/// The product dashboard at <c>/ui</c> in Chromium against a silo process: log in, see a database created through the
/// HTTP API, watch an engine's circuit open when its PostgreSQL server is killed, approve a pending switch and see its
/// audit entry, and a POST without the CSRF token refused. Every wait is a Playwright expectation with a deadline.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_wrong_key_and_an_app_key_are_refused_and_the_admin_key_opens_the_dashboard()
    {
        var page = await fixture.NewPageAsync();

        await DashboardPage.SubmitKeyAsync(page, "not-a-key-of-this-cluster");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("not a valid API key");
        await DashboardPage.SubmitKeyAsync(page, DashboardFixture.AppKey);
        await Expect(page.Locator("#login-error")).ToContainTextAsync("needs an admin key");
        await DashboardPage.ScreenshotAsync(page.Locator("#login"), "login.png");
        await DashboardPage.LogInAsync(page);

        await Expect(page.Locator("#login-panel")).ToBeHiddenAsync();
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "dyndb_ui");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(DashboardFixture.AdminKey, session.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_created_through_the_http_api_is_listed_and_found_by_search()
    {
        await DashboardFixture.PostAsync(fixture.AppHttp, "/v1/database/create", new { database = "inventory" });
        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);

        var row = page.Locator("#databases tr[data-key='shop/inventory']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("active");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("sqlite");
        await page.Locator("#db-search").FillAsync("INVENT");
        await Expect(page.Locator("#databases tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#db-count")).ToContainTextAsync("matching \"INVENT\"");
        await DashboardPage.ScreenshotAsync(page.Locator("#databases-panel"), "databases.png");
    }

    [Fact]
    public async Task An_engine_circuit_opens_on_the_page_after_its_postgresql_server_is_killed()
    {
        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);
        var circuit = page.Locator(".engine[data-engine='doomed'] .circuit");
        await Expect(circuit).ToHaveTextAsync("Closed");

        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(fixture.Doomed.DataDirectory, "postmaster.pid")))[0].Trim();
        await ProcessRunner.RunAsync("kill", ["-KILL", postmaster], TimeSpan.FromSeconds(10));

        await Expect(circuit).ToHaveTextAsync("Open", new LocatorAssertionsToHaveTextOptions { Timeout = 90_000 });
        await Expect(page.Locator(".engine[data-engine='doomed'] .state")).Not.ToHaveTextAsync("Healthy");
        await Expect(page.Locator("#events tbody tr", new PageLocatorOptions { HasText = "doomed" }).First).ToBeVisibleAsync();
        await Expect(page.Locator(".engine[data-engine='sqlite'] .circuit")).ToHaveTextAsync("Closed");
        await DashboardPage.ScreenshotAsync(page.Locator("#engines-panel"), "engines.png");
        await DashboardPage.ScreenshotAsync(page.Locator("#timeline-panel"), "timeline.png");
    }

    [Fact]
    public async Task A_pending_switch_is_approved_from_the_page_and_its_audit_entry_appears()
    {
        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);

        var pending = page.Locator("#approvals tbody tr", new PageLocatorOptions { HasText = "shop/orders" });
        await Expect(pending).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 });
        await Expect(pending).ToContainTextAsync("policy:slow-orders");
        await DashboardPage.ScreenshotAsync(page.Locator("#approvals-panel"), "approvals.png");
        var id = await pending.GetAttributeAsync("data-switch");
        await pending.Locator("button.approve").ClickAsync();

        await Expect(page.Locator("#approval-result")).ToContainTextAsync($"{id}: completed", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
        await Expect(page.Locator("#approvals tbody tr", new PageLocatorOptions { HasText = "shop/orders" })).ToHaveCountAsync(0);
        var audit = page.Locator("#audit tbody tr[data-action='switch.approved']", new PageLocatorOptions { HasText = "shop/orders" });
        await Expect(audit).ToBeVisibleAsync();
        await Expect(audit).ToContainTextAsync("admin:ops");
        await Expect(page.Locator("#audit-chain")).ToContainTextAsync("intact");
        await Expect(page.Locator("#databases tr[data-key='shop/orders'] td").Nth(3)).ToHaveTextAsync("pg");
        await DashboardPage.ScreenshotAsync(page.Locator("#audit-panel"), "audit.png");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotDirectory, "overview.png") });

        using var status = JsonDocument.Parse(await fixture.AppHttp.GetStringAsync("/v1/database/status?database=orders"));
        Assert.Equal("pg", status.RootElement.GetProperty("engine").GetString());
    }

    [Fact]
    public async Task A_post_without_the_csrf_token_is_refused_and_the_cookie_opens_no_v1_endpoint()
    {
        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);

        var forged = await page.APIRequest.PostAsync("/ui/api/switches/sw_00000000000000000000000000000000/reject");
        var admin = await page.APIRequest.GetAsync("/v1/engines");
        var tenant = await page.APIRequest.GetAsync("/v1/database/list");

        Assert.Equal(403, forged.Status);
        Assert.Contains("X-CSRF-Token", await forged.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(401, admin.Status);
        Assert.Equal(401, tenant.Status);
        await Expect(page.Locator("#credential")).ToHaveTextAsync("admin:ops");
        Assert.Equal(200, (await page.APIRequest.GetAsync("/ui/api/session")).Status);
    }
}
