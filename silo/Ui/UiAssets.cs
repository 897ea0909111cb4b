using System.Collections.Frozen;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// The dashboard's files (silo/Ui/wwwroot, embedded in the silo's assembly as <c>dyndb.ui.{name}</c>), read once. Every
/// answer carries a Content-Security-Policy that allows only this origin's scripts and styles (no inline script), and
/// forbids framing.
/// </summary>
internal sealed class UiAssets
{
    private const string ResourcePrefix = "dyndb.ui.";

    private const string SecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly FrozenDictionary<string, (byte[] Content, string Type)> _files;

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[ResourcePrefix.Length..];
            files[name] = (buffer.ToArray(), ContentType(name));
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The file <paramref name="name"/>, or a 404 problem.</summary>
    public IResult Serve(HttpContext http, string name)
    {
        if (!_files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = SecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(file.Content, file.Type);
    }

    private static string ContentType(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
