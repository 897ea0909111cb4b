using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Profiles;

namespace Orleans.DynamicDb.Cli.Http;

/// <summary>
/// A thin client of the silo's HTTP API (docs/http-api.md): each call carries the app key or the admin key, answers
/// come back as <see cref="JsonElement"/>, problem answers become <see cref="CliProblemException"/>, and a silo that
/// cannot be reached becomes a <see cref="CliException"/> naming the URL.
/// </summary>
public sealed class SiloApi : IDisposable
{
    /// <summary>How long one request may take. Default: 130 seconds (longer than the silo's own bounds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(130);

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly SiloProfile _profile;

    /// <summary>Creates a client for the profile's URL; the URL is checked here (absolute http or https).</summary>
    public SiloApi(SiloProfile profile, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        _profile = profile;
        BaseAddress = ParseUrl(profile.Url);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = BaseAddress;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        RequestTimeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The silo's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How long one request may take before it fails with <see cref="ExitCodes.Timeout"/>.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>Checks a silo URL: absolute, http or https, no query; names the value when it is not.</summary>
    public static Uri ParseUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new CliException(
                $"No silo URL: run 'dyndb login --url <url> --key <key>' or set {ProfileStore.UrlVariable}.", ExitCodes.Usage);
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"The silo URL '{url}' is not an absolute http:// or https:// address.", ExitCodes.Usage);
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new CliException($"The silo URL '{url}' must not have a query or fragment.", ExitCodes.Usage);
        }

        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>GET <paramref name="path"/> (relative to the silo, e.g. <c>v1/database/list</c>).</summary>
    public Task<JsonElement> GetAsync(string path, ApiCredential credential, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, credential, cancellationToken);

    /// <summary>POST <paramref name="body"/> (or no body) to <paramref name="path"/>.</summary>
    public Task<JsonElement> PostAsync(string path, JsonNode? body, ApiCredential credential, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, credential, cancellationToken);

    /// <summary>DELETE <paramref name="path"/>.</summary>
    public Task<JsonElement> DeleteAsync(string path, ApiCredential credential, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, credential, cancellationToken);

    /// <summary>Sends one request and reads its JSON answer (an empty answer is <c>{}</c>).</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, ApiCredential credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        // A bearer value is read as a JWT when it has three dot-separated parts, as an API key otherwise.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyFor(credential));
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = JsonType;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem(response, text);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                using var empty = JsonDocument.Parse("{}");
                return empty.RootElement.Clone();
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new CliException($"The silo at {BaseAddress} answered {method} /{path.TrimStart('/')} with something that is not JSON: {Snippet(text)}", ExitCodes.Failure, e);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(
                $"The silo at {BaseAddress} did not answer {method} /{path.TrimStart('/')} within {RequestTimeout.TotalSeconds:0} s.", ExitCodes.Timeout, e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new CliException($"Cannot reach the silo at {BaseAddress}: {Reason(e)}.", ExitCodes.Unreachable, e);
        }
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private string KeyFor(ApiCredential credential)
    {
        var key = KeyOrNone(credential);
        if (key.Any(c => c is < '!' or > '~'))
        {
            // The key is never printed, only what is wrong with it.
            var name = credential == ApiCredential.Admin ? "admin key" : "API key";
            throw new CliException($"The {name} contains a space or a character outside printable ASCII; check the profile or the DYNDB_* variable.", ExitCodes.Usage);
        }

        return key;
    }

    private string KeyOrNone(ApiCredential credential) => credential switch
    {
        ApiCredential.Admin => _profile.AdminKey ?? throw new CliException(
            $"No admin key: run 'dyndb login --url <url> --key <key> --admin-key <admin key>' or set {ProfileStore.AdminKeyVariable}.", ExitCodes.Auth),
        _ => _profile.Key ?? throw new CliException(
            $"No API key: run 'dyndb login --url <url> --key <key>' or set {ProfileStore.KeyVariable}.", ExitCodes.Auth),
    };

    private static CliProblemException Problem(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var code = String(root, "type") ?? "about:blank";
                var title = String(root, "title") ?? response.ReasonPhrase ?? $"HTTP {status}";
                var detail = String(root, "detail") ?? "";
                return new CliProblemException(status, code, title, detail, text);
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's page, say): reported by status below.
        }

        return new CliProblemException(status, "about:blank", response.ReasonPhrase ?? $"HTTP {status}", Snippet(text));
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Snippet(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException socket => socket.Message,
        { } inner => inner.Message,
        _ => e.Message,
    };
}
