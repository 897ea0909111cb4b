using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>
/// One silo process for the dashboard's browser tests, with two registered PostgreSQL engines on servers of their own
/// (<c>pg</c>, the target of a switching policy that needs an admin's approval, and <c>doomed</c>, whose server a test
/// kills), the app <c>shop</c> with the database <c>orders</c> (which the policy asks to move), and Chromium
/// (<c>/usr/bin/chromium</c>, driven by Playwright; never downloaded).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminKey = "browser-admin-key-0123456789abcdef";
    public const string AppKey = "browser-app-key-0123456789abcdef";
    public const string App = "shop";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _data = new();
    private IPlaywright? _playwright;

    public PostgresServer Target { get; private set; } = null!;

    public PostgresServer Doomed { get; private set; } = null!;

    internal SiloProcess Silo { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A client of the silo's HTTP API with the app key.</summary>
    public HttpClient AppHttp { get; private set; } = null!;

    /// <summary>A client of the silo's HTTP API with the admin key.</summary>
    public HttpClient AdminHttp { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>DYNDB_SCREENSHOTS</c>, or <c>screenshots/</c> in the test's output folder.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("DYNDB_SCREENSHOTS") is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: install the Debian package 'chromium' (test.sh does).");
        }

        var servers = await Task.WhenAll(PostgresServer.StartAsync(), PostgresServer.StartAsync());
        (Target, Doomed) = (servers[0], servers[1]);
        Silo = SiloProcess.Start(_data.Combine("silo"), Arguments());
        await Silo.WaitUntilReadyAsync();
        AppHttp = Client(AppKey);
        AdminHttp = Client(AdminKey);
        await CreateOrdersAsync();

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A fresh browser page (its own cookies) at the silo's address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Silo.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        AppHttp?.Dispose();
        AdminHttp?.Dispose();
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        foreach (var server in new[] { Target, Doomed })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        _data.Dispose();
    }

    private string[] Arguments() =>
    [
        "--Logging:LogLevel:Default", "Warning",
        "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
        "--DynamicDb:Auth:AdminKeys:0:Name", "ops",
        "--DynamicDb:Auth:ApiKeys:0:App", App,
        "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Engines:1:Id", "pg",
        "--DynamicDb:Engines:1:Kind", "postgres",
        "--DynamicDb:Engines:1:ConnectionString", Target.ConnectionString,
        "--DynamicDb:Engines:2:Id", "doomed",
        "--DynamicDb:Engines:2:Kind", "postgres",
        "--DynamicDb:Engines:2:ConnectionString", Doomed.ConnectionString,
        "--DynamicDb:Engines:2:Health:HealthCheckInterval", "00:00:01",
        "--DynamicDb:Engines:2:Health:HealthCheckTimeout", "00:00:02",
        "--DynamicDb:Engines:2:Health:HealthCheckProbesDelay", "00:00:00.100",
        "--DynamicDb:Switching:RequireAdminApproval", "true",
        "--DynamicDb:Switching:EvaluationInterval", "00:00:01",
        "--DynamicDb:Switching:CooldownSeconds", "3600",
        "--DynamicDb:Switching:Policies:slow-orders:TriggerType", "performance",
        "--DynamicDb:Switching:Policies:slow-orders:TriggerThresholdMs", "0.001",
        "--DynamicDb:Switching:Policies:slow-orders:TargetEngine", "pg",
        "--DynamicDb:Switching:Policies:slow-orders:Apps:0", App,
        "--DynamicDb:Ui:RefreshInterval", "00:00:01",
        "--DynamicDb:Ui:SampleInterval", "00:00:01",
        "--DynamicDb:Databases:HibernationTimeout", "00:10:00",
    ];

    /// <summary>The database the policy asks to move: a table with a primary key and a few rows, so it has load.</summary>
    private async Task CreateOrdersAsync()
    {
        await PostAsync(AppHttp, "/v1/database/create", new { database = "orders" });
        await PostAsync(AppHttp, "/v1/database/exec", new { database = "orders", sql = "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", args = Array.Empty<object>() });
        for (var i = 1; i <= 20; i++)
        {
            await PostAsync(AppHttp, "/v1/database/exec", new { database = "orders", sql = "INSERT INTO items (id, v) VALUES (?, ?)", args = new object[] { i, "item " + i.ToString(CultureInfo.InvariantCulture) } });
        }
    }

    /// <summary>POSTs <paramref name="body"/> as JSON and fails with the answer when it is not a success.</summary>
    public static async Task<string> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return text;
    }

    private HttpClient Client(string key)
    {
        var http = new HttpClient { BaseAddress = Silo.Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-API-Key", key);
        return http;
    }
}
