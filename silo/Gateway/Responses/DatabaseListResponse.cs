using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>The answer of <c>/v1/database/list</c>: the caller's databases by name, without the app prefix.</summary>
internal sealed record DatabaseListResponse([property: JsonPropertyName("databases")] IReadOnlyList<string> Databases);
