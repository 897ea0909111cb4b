using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The answer of <c>GET /v1/admin/databases</c>.</summary>
internal sealed record DatabaseListResponse(
    [property: JsonPropertyName("databases")] IReadOnlyList<DatabaseListRow> Databases,
    [property: JsonPropertyName("next")] string? Next);
