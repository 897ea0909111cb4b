using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary><c>DELETE /v1/admin/sessions/{id}</c>: the session was killed; its profile after the kill.</summary>
internal sealed record SessionKillResponse(
    [property: JsonPropertyName("killed")] bool Killed,
    [property: JsonPropertyName("session")] SessionResponse? Session);
