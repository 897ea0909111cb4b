using System.Text.Json.Serialization;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>A <c>postgres-ha</c> engine's auto-scaler in the admin API's engine entry (<c>autoscale</c>; absent when it is off).</summary>
internal sealed record AutoScaleResponse(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("load")] double? Load,
    [property: JsonPropertyName("standbys")] int Standbys,
    [property: JsonPropertyName("min_standbys")] int MinStandbys,
    [property: JsonPropertyName("max_standbys")] int MaxStandbys,
    [property: JsonPropertyName("last_decision")] string? LastDecision,
    [property: JsonPropertyName("last_decision_at")] DateTimeOffset? LastDecisionAt,
    [property: JsonPropertyName("member_loads")] IReadOnlyDictionary<string, int> MemberLoads,
    [property: JsonPropertyName("auto_added")] IReadOnlyList<string> AutoAdded)
{
    /// <summary>The answer for <paramref name="status"/>; null when the engine has no auto-scaler running.</summary>
    public static AutoScaleResponse? From(AutoScaleStatus? status) => status is null ? null : new(
        status.Enabled, status.Load, status.Standbys, status.MinStandbys, status.MaxStandbys, status.LastDecision, status.LastDecisionAt,
        status.MemberLoads, status.AutoAdded);
}
