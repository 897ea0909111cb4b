using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The silo application (<c>SiloHost.Build</c>: Orleans silo on free loopback ports, databases, HTTP gateway, authentication) in this process on
/// a free loopback port, with one API key, logging at Warning, and an HTTP client that keeps one connection open.
/// </summary>
internal sealed class GatewaySilo : IAsyncDisposable
{
    public const string App = "bench";
    public const string ApiKey = "bench-api-key-2026-11-21-0123456789";

    private readonly WebApplication _app;

    private GatewaySilo(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(app.Urls.Single()),
        };
        Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
    }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts the silo; <paramref name="arguments"/> add or override settings (e.g. the result caps).</summary>
    public static async Task<GatewaySilo> StartAsync(string dataDirectory, params string[] arguments)
    {
        var app = SiloHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--DynamicDb:PgWire:Endpoint", "127.0.0.1:0",
            "--DynamicDb:DataDirectory", dataDirectory,
            "--DynamicDb:Auth:ApiKeys:0:App", App,
            "--DynamicDb:Auth:ApiKeys:0:Key", ApiKey,
            "--Logging:LogLevel:Default", "Warning",
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            .. arguments,
        ]);
        await app.StartAsync();
        return new GatewaySilo(app, dataDirectory);
    }

    public IDatabaseGrain Database(string database) => Client.GetGrain<IDatabaseGrain>($"{App}/{database}");

    /// <summary>POSTs a JSON body to a gateway path and returns the answer's text; fails on any status but 2xx.</summary>
    public async Task<string> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
