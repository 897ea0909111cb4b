using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The body of <c>POST /v1/admin/policies</c>, the seed's <c>configure_switch_policy</c> shape (for the OpenAPI document;
/// <see cref="PolicyRequestReader"/> reads it field by field so each problem names its field).
/// </summary>
internal sealed record PolicyRequest(
    [property: JsonPropertyName("policy_name")] string PolicyName,
    [property: JsonPropertyName("trigger_type")] string TriggerType,
    [property: JsonPropertyName("threshold_value")] double ThresholdValue,
    [property: JsonPropertyName("target_engine")] string TargetEngine,
    [property: JsonPropertyName("enabled")] bool? Enabled,
    [property: JsonPropertyName("scale_down_threshold")] double? ScaleDownThreshold,
    [property: JsonPropertyName("apps")] IReadOnlyList<string>? Apps,
    [property: JsonPropertyName("window_seconds")] double? WindowSeconds);
