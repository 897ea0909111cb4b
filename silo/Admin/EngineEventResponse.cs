using System.Text.Json.Serialization;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>One entry of <c>GET /v1/engines/events</c>: an engine's state, circuit, probe, failover or weight change.</summary>
internal sealed record EngineEventResponse(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("duration_ms")] double? DurationMs)
{
    /// <summary>The answer for <paramref name="e"/>.</summary>
    public static EngineEventResponse Of(EngineEvent e) => new(e.Engine, e.Sequence, e.At, e.Type, e.From, e.To, e.Reason, e.DurationMs);
}
