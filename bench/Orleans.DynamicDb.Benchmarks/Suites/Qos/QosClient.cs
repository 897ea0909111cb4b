using System.Diagnostics;
using System.Net;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// One gateway client of the <c>qos</c> part: an HTTP connection with an app's API key and its own
/// <c>X-Session-Id</c>, so that each client is one session the silo classifies by its app's rule.
/// </summary>
internal sealed class QosClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _database;

    public QosClient(Uri address, string key, string database, string session)
    {
        _database = database;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add("X-API-Key", key);
        _http.DefaultRequestHeaders.Add("X-Session-Id", session);
    }

    /// <summary>Runs one statement (<c>/query</c> or <c>/exec</c>); answers its outcome and its time in stopwatch ticks.</summary>
    public async Task<(QosOutcome Outcome, long Ticks)> RunAsync(string path, string sql)
    {
        var started = Stopwatch.GetTimestamp();
        var json = $$"""{"database": "{{_database}}", "sql": "{{sql}}"}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            var ticks = Stopwatch.GetTimestamp() - started;
            if (response.IsSuccessStatusCode)
            {
                return (QosOutcome.Ok, ticks);
            }

            return (text.Contains("admission.busy", StringComparison.Ordinal) ? QosOutcome.Rejected : QosOutcome.Failed, ticks);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (QosOutcome.Failed, Stopwatch.GetTimestamp() - started);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>How one statement of the <c>qos</c> part ended.</summary>
internal enum QosOutcome
{
    Ok,
    Rejected,
    Failed,
}
