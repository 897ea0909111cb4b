using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The answer of <c>GET /v1/whoami</c>: who the silo takes the caller for, never the key itself.
/// <c>{"app": "myapp", "credential": "api_key", "credential_id": "key:sha256:…", "admin": false}</c>.
/// </summary>
internal sealed record WhoAmIResponse(
    [property: JsonPropertyName("app")] string? App,
    [property: JsonPropertyName("credential")] string Credential,
    [property: JsonPropertyName("credential_id")] string CredentialId,
    [property: JsonPropertyName("admin")] bool Admin);
