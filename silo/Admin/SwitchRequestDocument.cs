using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The switch request's JSON shape, for the OpenAPI document (the endpoint reads the body with <see cref="SwitchRequestBody"/>).</summary>
internal sealed record SwitchRequestDocument(
    [property: JsonPropertyName("target_engine")] string TargetEngine,
    [property: JsonPropertyName("switch_mode")] string SwitchMode = "graceful",
    [property: JsonPropertyName("timeout_seconds")] int TimeoutSeconds = 30,
    [property: JsonPropertyName("validate_target")] bool ValidateTarget = true,
    [property: JsonPropertyName("rollback_on_failure")] bool RollbackOnFailure = true);
