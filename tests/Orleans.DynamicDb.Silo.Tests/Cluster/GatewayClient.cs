using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>Calls the HTTP gateway of any silo of a <see cref="SiloCluster"/> with the cluster's API key.</summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };

    public GatewayClient() => _http.DefaultRequestHeaders.Add("X-API-Key", SiloCluster.ApiKey);

    /// <summary>Runs a statement; true only when the silo acknowledged it (2xx). A failure of any kind is false.</summary>
    public async Task<bool> TryExecAsync(Uri silo, string database, string sql, object?[]? args = null, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(silo, "/v1/database/exec"), new { database, sql, args = args ?? [] }, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The first column of every row a query returns, read through <paramref name="silo"/>; throws when it fails.</summary>
    public async Task<IReadOnlyList<string>> QueryColumnAsync(Uri silo, string database, string sql)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(silo, "/v1/database/query"), new { database, sql, args = Array.Empty<object>() });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Query through {silo} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(row => row.EnumerateObject().First().Value.GetString()!)];
    }

    /// <summary>The body of a GET through <paramref name="silo"/>; throws when it does not answer 2xx.</summary>
    public async Task<string> GetAsync(Uri silo, string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(silo, pathAndQuery));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"GET {pathAndQuery} through {silo} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Runs a statement once (no retry) and returns the status code, body and Retry-After header (null when absent) of the answer.</summary>
    public async Task<(int Status, string Body, string? RetryAfter)> ExecOnceAsync(Uri silo, string database, string sql, object?[]? args = null)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(silo, "/v1/database/exec"), new { database, sql, args = args ?? [] });
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString());
    }

    public void Dispose() => _http.Dispose();
}
