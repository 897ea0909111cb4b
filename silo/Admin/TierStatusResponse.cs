using System.Text.Json.Serialization;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>The answer of <c>GET /v1/admin/tiers</c>: this silo's admission control and the open sessions per tier.</summary>
internal sealed record TierStatusResponse(
    [property: JsonPropertyName("silo")] string Silo,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("queue_timeout_seconds")] double QueueTimeoutSeconds,
    [property: JsonPropertyName("background_max_slots")] int BackgroundMaxSlots,
    [property: JsonPropertyName("engines")] IReadOnlyList<EngineTierResponse> Engines,
    [property: JsonPropertyName("sessions")] TierSessionCounts Sessions);

/// <summary>One engine's slots on this silo, in <see cref="TierStatusResponse"/>.</summary>
internal sealed record EngineTierResponse(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("slots")] int Slots,
    [property: JsonPropertyName("reserved_high")] int ReservedHigh,
    [property: JsonPropertyName("in_flight")] int InFlight,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("tiers")] IReadOnlyList<TierAdmissionResponse> Tiers,
    [property: JsonPropertyName("adaptive")] bool Adaptive,
    [property: JsonPropertyName("high_baseline_ms")] double HighBaselineMs,
    [property: JsonPropertyName("high_recent_ms")] double HighRecentMs,
    [property: JsonPropertyName("low_tier_priority")] string? LowTierPriority)
{
    /// <summary>
    /// The engine's admission status and, for PostgreSQL engines, whether its Low and Background tiers run at lowered CPU
    /// priority (<c>off</c>, <c>pending</c>, <c>active</c>, <c>refused</c>; null for other engines).
    /// </summary>
    public static EngineTierResponse From(EngineAdmissionStatus s, string? lowTierPriority = null) =>
        new(s.Engine, s.Slots, s.ReservedHigh, s.InFlight, s.Queued, [.. s.Tiers.Select(TierAdmissionResponse.From)], s.Adaptive, s.HighBaselineMs, s.HighRecentMs,
            lowTierPriority);
}

/// <summary>One tier on one engine, in <see cref="EngineTierResponse"/>; the counts are totals since the silo started.</summary>
internal sealed record TierAdmissionResponse(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("weight")] int Weight,
    [property: JsonPropertyName("queue_limit")] int QueueLimit,
    [property: JsonPropertyName("in_flight")] int InFlight,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("admitted")] long Admitted,
    [property: JsonPropertyName("queued_total")] long QueuedTotal,
    [property: JsonPropertyName("throttled")] long Throttled,
    [property: JsonPropertyName("rejected_queue_full")] long RejectedQueueFull,
    [property: JsonPropertyName("rejected_timeout")] long RejectedTimeout,
    [property: JsonPropertyName("recent")] TierRecentResponse Recent,
    [property: JsonPropertyName("limit")] int Limit)
{
    public static TierAdmissionResponse From(TierAdmissionStatus t) =>
        new(t.Tier.ToString(), t.Weight, t.QueueLimit, t.InFlight, t.Queued, t.Admitted, t.QueuedTotal, t.Throttled, t.RejectedQueueFull, t.RejectedTimeout,
            new TierRecentResponse(TierLatency.WindowSeconds, t.Recent.Statements, t.Recent.LatencyP50Ms, t.Recent.LatencyP99Ms,
                t.Recent.QueueWaitP50Ms, t.Recent.QueueWaitP99Ms), t.Limit);
}

/// <summary>
/// One tier's statements released on one engine over the last <c>window_seconds</c>: latency (admitted → released) and
/// queue wait, p50 and p99 in ms, read from log buckets (at most 19% above the true value); 0 when none ran.
/// </summary>
internal sealed record TierRecentResponse(
    [property: JsonPropertyName("window_seconds")] int WindowSeconds,
    [property: JsonPropertyName("statements")] long Statements,
    [property: JsonPropertyName("latency_p50_ms")] double LatencyP50Ms,
    [property: JsonPropertyName("latency_p99_ms")] double LatencyP99Ms,
    [property: JsonPropertyName("queue_wait_p50_ms")] double QueueWaitP50Ms,
    [property: JsonPropertyName("queue_wait_p99_ms")] double QueueWaitP99Ms);

/// <summary>Open sessions of the cluster per tier, from the session registry (a session not classified yet counts as Medium).</summary>
internal sealed record TierSessionCounts(
    [property: JsonPropertyName("High")] int High,
    [property: JsonPropertyName("Medium")] int Medium,
    [property: JsonPropertyName("Low")] int Low,
    [property: JsonPropertyName("Background")] int Background);
