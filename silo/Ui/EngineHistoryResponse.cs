using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>The answer of <c>GET /ui/api/engines/history</c>: each engine's samples, oldest first.</summary>
internal sealed record EngineHistoryResponse(
    [property: JsonPropertyName("engines")] IReadOnlyDictionary<string, EngineSample[]> Engines);
