using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>The answer of a login and of <c>GET /ui/api/session</c>: who is logged in, until when, and the CSRF token.</summary>
internal sealed record UiSessionResponse(
    [property: JsonPropertyName("credential")] string Credential,
    [property: JsonPropertyName("csrf_token")] string CsrfToken,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("refresh_ms")] long RefreshMs = 0)
{
    public static UiSessionResponse Of(UiSession session, TimeSpan? refresh = null) =>
        new(session.CredentialId, session.CsrfToken, session.ExpiresAt, (long)(refresh ?? TimeSpan.Zero).TotalMilliseconds);
}
