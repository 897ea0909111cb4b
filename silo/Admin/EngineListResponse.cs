using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The answer of <c>GET /v1/engines</c>: every configured engine, in configuration order.</summary>
internal sealed record EngineListResponse([property: JsonPropertyName("engines")] IReadOnlyList<EngineStatusResponse> Engines);
