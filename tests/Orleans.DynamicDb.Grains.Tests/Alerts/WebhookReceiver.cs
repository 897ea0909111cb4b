using System.Collections.Concurrent;
using System.Net;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Alerts;

/// <summary>
/// A real HTTP server on a free loopback port (HttpListener) that records every request it receives and answers with the
/// status <see cref="Answer"/> chooses (default 200); <see cref="Hold"/> makes it keep requests unanswered until released.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Task _loop;
    private volatile TaskCompletionSource _release = CompletedSource();

    public WebhookReceiver()
    {
        Port = FreePort.Next();
        Url = $"http://127.0.0.1:{Port}/hooks/dyndb/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url { get; }

    /// <summary>The status for the n-th request (1-based). Default: 200.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Keeps every request from now on unanswered until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public void Dispose()
    {
        Release();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, headers, body.ToArray());
        _requests.Enqueue(request);
        var number = _requests.Count;
        await _release.Task;
        try
        {
            context.Response.StatusCode = Answer(number);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}

/// <summary>One request as the receiver saw it: raw body bytes and headers.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string?> Headers, byte[] Body);
