using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The answer of <c>GET /v1/engines/events</c>: events oldest first, and the cursor to pass as <c>since</c> for the
/// ones after them (the same cursor again when there were none).
/// </summary>
internal sealed record EngineEventsResponse(
    [property: JsonPropertyName("events")] IReadOnlyList<EngineEventResponse> Events,
    [property: JsonPropertyName("next")] string Next);
