using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>Steps on the dashboard page that several tests take.</summary>
internal static class DashboardPage
{
    /// <summary>Opens <c>/ui</c> and logs in with <paramref name="key"/> through the form.</summary>
    public static async Task SubmitKeyAsync(IPage page, string key)
    {
        if (!page.Url.EndsWith("/ui", StringComparison.Ordinal))
        {
            await page.GotoAsync("/ui");
        }

        await page.Locator("#key").FillAsync(key);
        await page.Locator("#login-button").ClickAsync();
    }

    /// <summary>Logs in with the admin key and waits for the dashboard.</summary>
    public static async Task LogInAsync(IPage page)
    {
        await SubmitKeyAsync(page, DashboardFixture.AdminKey);
        await Expect(page.Locator("#main")).ToBeVisibleAsync();
        await Expect(page.Locator("#credential")).ToHaveTextAsync("admin:ops");
    }

    /// <summary>Saves a PNG of <paramref name="locator"/> as <paramref name="name"/> in <see cref="DashboardFixture.ScreenshotDirectory"/>.</summary>
    public static Task ScreenshotAsync(ILocator locator, string name) =>
        locator.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotDirectory, name), Animations = ScreenshotAnimations.Disabled });
}
