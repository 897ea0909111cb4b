using System.Buffers.Text;
using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Http;

/// <summary>
/// The application a JWT acts for, read from its <c>app</c> claim without checking the signature (the silo checks it;
/// this is only for showing). API keys are opaque: their app is known to the silo only.
/// </summary>
public static class JwtApp
{
    /// <summary>The <c>app</c> claim of <paramref name="key"/> when it is a JWT (three dot-separated parts), else null.</summary>
    public static string? Read(string? key)
    {
        var parts = key?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("app", out var app)
                && app.ValueKind == JsonValueKind.String
                ? app.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
