using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>One sample of an engine's status for the dashboard's plots.</summary>
internal sealed record EngineSample(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("circuit")] string Circuit,
    [property: JsonPropertyName("p50")] double? P50,
    [property: JsonPropertyName("p99")] double? P99,
    [property: JsonPropertyName("error_rate")] double ErrorRate);
