namespace Orleans.DynamicDb.Engines;

/// <summary>
/// What an engine's grain knows about it now; the admin API's <c>GET /v1/engines</c> entries.
/// </summary>
/// <param name="Id">The engine id.</param>
/// <param name="Kind">The engine kind (<c>sqlite</c>, <c>postgres</c>, <c>postgres-managed</c>, <c>postgres-ha</c>).</param>
/// <param name="Group">
/// The replication group the engine belongs to, or null for a standalone engine. A <c>postgres-ha</c> engine is its own
/// group (its entry stands for the group's primary); its members are listed as <c>{engine}.{member}</c>.
/// </param>
/// <param name="Role"><c>primary</c>, <c>standby</c>, <c>fenced</c> (a former primary, never routed to until rebuilt) or <c>standalone</c>.</param>
/// <param name="State">The health state.</param>
/// <param name="Circuit">The circuit breaker's state.</param>
/// <param name="Weight">The engine's weight (higher: preferred as primary).</param>
/// <param name="Epoch">The number of role decisions taken for the engine's group so far (0 for a standalone engine).</param>
/// <param name="LatencyP50Ms">Median statement/probe latency over the metrics window, in milliseconds; null without samples.</param>
/// <param name="LatencyP99Ms">99th percentile latency over the metrics window, in milliseconds; null without samples.</param>
/// <param name="ErrorRate">Failed over all outcomes in the failure detection window, 0–1.</param>
/// <param name="Connections">Open server connections, when the engine can tell; null otherwise.</param>
/// <param name="ReplicationLagBytes">Replication lag of a standby, in bytes; null for others.</param>
/// <param name="Pid">The process id of a server this silo runs for the engine; null otherwise.</param>
/// <param name="Port">The loopback port of a server this silo runs for the engine; null otherwise.</param>
/// <param name="LastProbeAt">When the last probe round ended; null before the first.</param>
/// <param name="LastChangeAt">When the state or circuit last changed.</param>
/// <param name="Silo">The silo that runs a member of a group spread over a cluster's silos (<c>host:port@generation</c>); null otherwise.</param>
/// <param name="AutoScale">A <c>postgres-ha</c> engine's auto-scaler (enabled, load, last decision); null for other engines and members.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.EngineStatus")]
public sealed record EngineStatus(
    string Id,
    string Kind,
    string? Group,
    string Role,
    EngineHealthState State,
    CircuitState Circuit,
    double Weight,
    long Epoch,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    double ErrorRate,
    int? Connections,
    long? ReplicationLagBytes,
    int? Pid,
    int? Port,
    DateTimeOffset? LastProbeAt,
    DateTimeOffset LastChangeAt,
    string? Silo = null,
    AutoScaleStatus? AutoScale = null);
