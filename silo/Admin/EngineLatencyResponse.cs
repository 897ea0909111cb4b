using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>An engine's latency over its metrics window, in milliseconds; null members without samples.</summary>
internal sealed record EngineLatencyResponse(
    [property: JsonPropertyName("p50")] double? P50,
    [property: JsonPropertyName("p99")] double? P99);
