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
    [property: JsonPropertyName("tiers")] IReadOnlyList<TierAdmissionResponse> Tiers)
{
    public static EngineTierResponse From(EngineAdmissionStatus s) =>
        new(s.Engine, s.Slots, s.ReservedHigh, s.InFlight, s.Queued, [.. s.Tiers.Select(TierAdmissionResponse.From)]);
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
    [property: JsonPropertyName("rejected_timeout")] long RejectedTimeout)
{
    public static TierAdmissionResponse From(TierAdmissionStatus t) =>
        new(t.Tier.ToString(), t.Weight, t.QueueLimit, t.InFlight, t.Queued, t.Admitted, t.QueuedTotal, t.Throttled, t.RejectedQueueFull, t.RejectedTimeout);
}

/// <summary>Open sessions of the cluster per tier, from the session registry (a session not classified yet counts as Medium).</summary>
internal sealed record TierSessionCounts(
    [property: JsonPropertyName("High")] int High,
    [property: JsonPropertyName("Medium")] int Medium,
    [property: JsonPropertyName("Low")] int Low,
    [property: JsonPropertyName("Background")] int Background);
