namespace Orleans.DynamicDb.Engines;

/// <summary>
/// One entry of an engine's append-only event stream (<c>GET /v1/engines/events</c>): a health state change, a circuit
/// change, a probe round that changed something, a failover with its measured duration.
/// </summary>
/// <param name="Sequence">The position in the engine's stream, from 1, without gaps; the stream's cursor.</param>
/// <param name="At">When it happened.</param>
/// <param name="Engine">The engine id.</param>
/// <param name="Type">What happened: <c>state</c>, <c>circuit</c>, <c>probe</c>, <c>failover</c>, <c>weight</c>.</param>
/// <param name="From">The value before (e.g. <c>Healthy</c>), or null.</param>
/// <param name="To">The value after (e.g. <c>Degraded</c>), or null.</param>
/// <param name="Reason">Why, in a sentence (e.g. "3 of 3 probes failed: connection refused").</param>
/// <param name="DurationMs">How long it took, for events that measure something (a failover); null otherwise.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.EngineEvent")]
public sealed record EngineEvent(long Sequence, DateTimeOffset At, string Engine, string Type, string? From, string? To, string Reason, double? DurationMs);
