using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

/// <summary>Calls the gateway over real HTTP with one credential; bodies are built from anonymous objects with snake_case names.</summary>
internal sealed class GatewayClient(HttpClient http, IReadOnlyList<(string Name, string Value)> headers)
{
    public const string Base = "/v1/database";

    public Task<GatewayResponse> PostAsync(string endpoint, object body) => PostRawAsync(endpoint, JsonSerializer.Serialize(body));

    public Task<GatewayResponse> PostRawAsync(string endpoint, string json) =>
        SendAsync(HttpMethod.Post, endpoint, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<GatewayResponse> PostBytesAsync(string endpoint, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SendAsync(HttpMethod.Post, endpoint, content);
    }

    /// <summary>Posts <paramref name="body"/> without a Content-Length (chunked), so the server learns its size only by reading it.</summary>
    public Task<GatewayResponse> PostStreamAsync(string endpoint, byte[] body)
    {
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SendAsync(HttpMethod.Post, endpoint, content);
    }

    public Task<GatewayResponse> GetAsync(string endpointAndQuery) => SendAsync(HttpMethod.Get, endpointAndQuery, null);

    public Task<GatewayResponse> DeleteAsync(string endpoint) => SendAsync(HttpMethod.Delete, endpoint, null);

    public Task<GatewayResponse> ExecAsync(string database, string sql, params object?[] args) =>
        PostAsync("exec", new { database, sql, args });

    public Task<GatewayResponse> QueryAsync(string database, string sql, params object?[] args) =>
        PostAsync("query", new { database, sql, args });

    /// <summary>The rows of a query that must succeed.</summary>
    public async Task<IReadOnlyList<JsonElement>> RowsAsync(string database, string sql, params object?[] args)
    {
        var response = (await QueryAsync(database, sql, args)).EnsureOk();
        return [.. response.Json.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Posts <paramref name="body"/> and returns as soon as the headers arrive; the caller reads (or abandons) the body.</summary>
    public async Task<HttpResponseMessage> PostHeadersAsync(string endpoint, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/{endpoint}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<GatewayResponse> SendAsync(HttpMethod method, string endpoint, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, endpoint.StartsWith('/') ? endpoint : $"{Base}/{endpoint}") { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new GatewayResponse(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers);
    }
}
