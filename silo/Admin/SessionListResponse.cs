using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary><c>GET /v1/admin/sessions</c>: a page of sessions in id order, and the cursor of the next page (null on the last).</summary>
internal sealed record SessionListResponse(
    [property: JsonPropertyName("sessions")] IReadOnlyList<SessionResponse> Sessions,
    [property: JsonPropertyName("next")] string? Next);
