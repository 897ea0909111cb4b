using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>A browser-like client of the dashboard: it keeps the session cookie by hand, so tests can send it anywhere.</summary>
internal sealed class UiClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false }) { BaseAddress = address };

    /// <summary>The session cookie's value after a login.</summary>
    public string? SessionId { get; private set; }

    /// <summary>The Set-Cookie header of the last login.</summary>
    public string? SetCookie { get; private set; }

    public async Task<(HttpStatusCode Status, JsonElement Body)> LoginAsync(string key, string contentType = "application/json")
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { key }), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.PostAsync("/ui/login", content);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            SetCookie = cookies.Single();
            SessionId = SetCookie.Split(';')[0].Split('=', 2)[1];
        }

        return (response.StatusCode, await BodyAsync(response));
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string? csrf) => SendAsync(HttpMethod.Post, path, csrf);

    public Task<(HttpStatusCode Status, JsonElement Body)> DeleteAsync(string path, string? csrf) => SendAsync(HttpMethod.Delete, path, csrf);

    public async Task<string> CsrfAsync() => (await GetAsync("/ui/api/session")).Body.GetProperty("csrf_token").GetString()!;

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? csrf)
    {
        using var request = new HttpRequestMessage(method, path);
        if (SessionId is not null)
        {
            request.Headers.Add("Cookie", $"dyndb_ui={SessionId}");
        }

        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await BodyAsync(response));
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
