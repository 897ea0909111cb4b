using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>
/// A stand-in OTLP/HTTP collector on a free loopback port: it accepts every export (200, empty body) and signals the
/// first POST to each path (<c>/v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>).
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _received = new(StringComparer.Ordinal);

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint => _app.Address();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext http, string signal) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Signal($"/v1/{signal}").TrySetResult((int)body.Length);
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The size of the first export posted to <paramref name="path"/>, waiting up to <paramref name="timeout"/>.</summary>
    public Task<int> FirstAsync(string path, TimeSpan timeout) => Signal(path).Task.WaitAsync(timeout);

    /// <summary>Whether anything was posted to <paramref name="path"/> so far.</summary>
    public bool Received(string path) => _received.TryGetValue(path, out var signal) && signal.Task.IsCompleted;

    private TaskCompletionSource<int> Signal(string path) =>
        _received.GetOrAdd(path, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
