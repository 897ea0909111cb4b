using System.Text.Json.Serialization;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>One policy and what it did, as the admin API answers it.</summary>
internal sealed record PolicyResponse(
    [property: JsonPropertyName("policy_name")] string PolicyName,
    [property: JsonPropertyName("trigger_type")] string TriggerType,
    [property: JsonPropertyName("threshold_value")] double ThresholdValue,
    [property: JsonPropertyName("scale_down_threshold")] double? ScaleDownThreshold,
    [property: JsonPropertyName("target_engine")] string TargetEngine,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("apps")] IReadOnlyList<string> Apps,
    [property: JsonPropertyName("window_seconds")] double WindowSeconds,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("last_evaluated_at")] DateTimeOffset? LastEvaluatedAt,
    [property: JsonPropertyName("last_evaluation")] string? LastEvaluation,
    [property: JsonPropertyName("evaluations")] long Evaluations,
    [property: JsonPropertyName("requests")] IReadOnlyList<PolicyMoveResponse> Requests,
    [property: JsonPropertyName("moved_out")] IReadOnlyList<PolicyMoveResponse> MovedOut)
{
    public static PolicyResponse From(SwitchPolicy policy, SwitchPolicyStatus status) => new(
        policy.Name,
        policy.TriggerType,
        policy.ThresholdValue,
        policy.ScaleDownThreshold,
        policy.TargetEngine,
        policy.Enabled,
        policy.Apps,
        policy.Window.TotalSeconds,
        status.UpdatedAt,
        status.LastEvaluatedAt,
        status.LastEvaluation,
        status.Evaluations,
        [.. status.Requests.Select(PolicyMoveResponse.From)],
        [.. status.Out.Select(PolicyMoveResponse.From)]);
}

/// <summary>A switch a policy asked for.</summary>
internal sealed record PolicyMoveResponse(
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("from_engine")] string FromEngine,
    [property: JsonPropertyName("to_engine")] string ToEngine,
    [property: JsonPropertyName("switch_id")] string SwitchId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("back")] bool Back)
{
    public static PolicyMoveResponse From(MovedDatabase moved) =>
        new(moved.App, moved.Database, moved.FromEngine, moved.ToEngine, moved.SwitchId, moved.At, moved.Back);
}

/// <summary>The answer of <c>GET /v1/admin/policies</c>.</summary>
internal sealed record PolicyListResponse([property: JsonPropertyName("policies")] IReadOnlyList<PolicyResponse> Policies);
