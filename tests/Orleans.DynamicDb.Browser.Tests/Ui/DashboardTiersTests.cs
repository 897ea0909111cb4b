using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>The Tiers panel of <c>/ui</c> in Chromium: each engine's tiers with their admitted statements.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTiersTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_tiers_panel_shows_every_tier_of_the_engine_with_the_statements_it_admitted()
    {
        using (var response = await fixture.AppHttp.PostAsync("/v1/database/create", JsonContent.Create(new { database = "tiers" })))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        using (var response = await fixture.AppHttp.PostAsync("/v1/database/exec", JsonContent.Create(new { database = "tiers", sql = "CREATE TABLE IF NOT EXISTS t (id INTEGER)" })))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);

        await Expect(page.Locator("#tier-enabled")).ToHaveTextAsync("on");
        await Expect(page.Locator("#tiers tbody tr[data-engine='sqlite']")).ToHaveCountAsync(4);
        await Expect(page.Locator("#tiers tbody tr[data-engine='sqlite'][data-tier='High']")).ToBeVisibleAsync();
        await Expect(page.Locator("#tiers tbody tr[data-engine='sqlite'][data-tier='Background']")).ToBeVisibleAsync();
        await Expect(page.Locator("#tier-sessions")).ToContainTextAsync("Medium");
        var admitted = await page.Locator("#tiers tbody tr[data-engine='sqlite'][data-tier='Medium'] td").Nth(5).TextContentAsync();
        Assert.True(int.Parse(admitted!, System.Globalization.CultureInfo.InvariantCulture) >= 1, $"Medium admitted: {admitted}");

        // The last column: the slots a tier may hold now; Low's adaptive limit with High's recent and baseline latency beside it.
        await Expect(page.Locator("#tiers tbody tr[data-engine='sqlite'][data-tier='Low'] td").Last).ToContainTextAsync("(High ");
        var high = await page.Locator("#tiers tbody tr[data-engine='sqlite'][data-tier='High'] td").Last.TextContentAsync();
        Assert.True(int.Parse(high!, System.Globalization.CultureInfo.InvariantCulture) >= 1, $"High limit: {high}");
    }

    [Fact]
    public async Task The_tiers_panel_plots_queue_length_in_flight_and_p99_latency_with_a_line_per_tier_after_statements_ran()
    {
        using (var response = await fixture.AppHttp.PostAsync("/v1/database/create", JsonContent.Create(new { database = "tierplots" })))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        for (var i = 0; i < 3; i++)
        {
            using var response = await fixture.AppHttp.PostAsync("/v1/database/exec", JsonContent.Create(new { database = "tierplots", sql = "CREATE TABLE IF NOT EXISTS t (id INTEGER)" }));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await fixture.NewPageAsync();
        await DashboardPage.LogInAsync(page);

        var plots = page.Locator("#tier-plots .tier-plots[data-engine='sqlite']");
        await Expect(plots.Locator("svg.tier-plot")).ToHaveCountAsync(3);
        foreach (var plot in new[] { "queued", "in_flight", "p99" })
        {
            await Expect(plots.Locator($"svg[data-plot='{plot}'] polyline.tier-series")).ToHaveCountAsync(4);
        }

        await Expect(plots.Locator("svg[data-plot='p99'] polyline[data-tier='High']")).ToHaveCountAsync(1);
        // The statements ran within the last minute under their session's tier: that tier's p99 line ends above 0, and its
        // row in the table shows p50/p99.
        await Expect(plots.Locator("svg[data-plot='p99'] polyline.tier-series title").Filter(new() { HasNotTextRegex = new System.Text.RegularExpressions.Regex(": 0$") })).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#tiers tbody tr[data-engine='sqlite'] td:nth-child(11)").Filter(new() { HasNotTextRegex = new System.Text.RegularExpressions.Regex("^-$") })).Not.ToHaveCountAsync(0);
    }
}
