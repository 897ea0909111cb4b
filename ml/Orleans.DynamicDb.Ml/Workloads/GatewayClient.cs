using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>The silo's HTTP API as the workloads use it: SQL under <c>/v1/database/</c> and the admin API.</summary>
public sealed class GatewayClient(HttpClient http)
{
    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> with <paramref name="key"/>, as session <paramref name="session"/> when given.</summary>
    public async Task<JsonElement> PostAsync(string path, object body, string key, string? session, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await SendAsync(request, key, session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="path"/> with <paramref name="key"/>.</summary>
    public async Task<JsonElement> GetAsync(string path, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, key, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An <c>exec</c> of <paramref name="sql"/> in <paramref name="database"/>.</summary>
    public Task<JsonElement> ExecAsync(string database, string sql, object?[] args, string key, string? session, CancellationToken cancellationToken) =>
        PostAsync("/v1/database/exec", new { database, sql, args }, key, session, cancellationToken);

    /// <summary>A <c>query</c> of <paramref name="sql"/> in <paramref name="database"/>.</summary>
    public Task<JsonElement> QueryAsync(string database, string sql, object?[] args, string key, string? session, CancellationToken cancellationToken) =>
        PostAsync("/v1/database/query", new { database, sql, args }, key, session, cancellationToken);

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, string key, string? session, CancellationToken cancellationToken)
    {
        request.Headers.Add("X-API-Key", key);
        if (session is not null)
        {
            request.Headers.Add("X-Session-Id", session);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
        }

        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }
}
