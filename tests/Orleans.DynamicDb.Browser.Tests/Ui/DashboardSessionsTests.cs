using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>The Sessions panel of <c>/ui</c> in Chromium: an HTTP client's named session is listed and killed from the page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardSessionsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task An_http_session_is_listed_in_the_panel_and_killed_from_the_page()
    {
        var name = "browser-" + Guid.NewGuid().ToString("N")[..8];
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/database/create") { Content = JsonContent.Create(new { database = "sessions" }) })
        {
            request.Headers.Add("X-Session-Id", name);
            using var response = await fixture.AppHttp.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await fixture.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await DashboardPage.LogInAsync(page);
        await page.Locator("#session-protocol").SelectOptionAsync("http");

        var row = page.Locator("#sessions tbody tr", new PageLocatorOptions { HasText = "shop/sessions" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("open");
        var id = await row.GetAttributeAsync("data-session");
        await row.Locator("button.kill").ClickAsync();

        await Expect(page.Locator("#session-result")).ToContainTextAsync($"Killed session {id}.");
        await Expect(page.Locator($"#sessions tbody tr[data-session='{id}']")).ToHaveCountAsync(0);
        await page.Locator("#session-state").SelectOptionAsync("closed");
        await Expect(page.Locator($"#sessions tbody tr[data-session='{id}']")).ToContainTextAsync("closed");
    }
}
