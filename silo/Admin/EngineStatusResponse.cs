using System.Text.Json.Serialization;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>One engine in the admin API's answers (<c>GET /v1/engines</c>, <c>GET /v1/engines/{id}</c>, probe).</summary>
internal sealed record EngineStatusResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("circuit")] string Circuit,
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("epoch")] long Epoch,
    [property: JsonPropertyName("latency_ms")] EngineLatencyResponse LatencyMs,
    [property: JsonPropertyName("error_rate")] double ErrorRate,
    [property: JsonPropertyName("connections")] int? Connections,
    [property: JsonPropertyName("replication_lag_bytes")] long? ReplicationLagBytes,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("last_probe_at")] DateTimeOffset? LastProbeAt,
    [property: JsonPropertyName("last_change_at")] DateTimeOffset LastChangeAt,
    [property: JsonPropertyName("silo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Silo = null,
    [property: JsonPropertyName("autoscale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AutoScaleResponse? AutoScale = null)
{
    /// <summary>True for a fenced member (a former primary, never routed to) until it is rebuilt as a standby: by the silo for a group it runs, by its operator for a registered group.</summary>
    [JsonPropertyName("needs_rebuild")]
    public bool NeedsRebuild => Role == "fenced";

    /// <summary>The answer for <paramref name="status"/>: states and circuits by name (<c>Healthy</c>, <c>Closed</c>).</summary>
    public static EngineStatusResponse From(EngineStatus status) => new(
        status.Id,
        status.Kind,
        status.Group,
        status.Role,
        status.State.ToString(),
        status.Circuit.ToString(),
        status.Weight,
        status.Epoch,
        new EngineLatencyResponse(status.LatencyP50Ms, status.LatencyP99Ms),
        status.ErrorRate,
        status.Connections,
        status.ReplicationLagBytes,
        status.Pid,
        status.Port,
        status.LastProbeAt,
        status.LastChangeAt,
        status.Silo,
        AutoScaleResponse.From(status.AutoScale));
}
