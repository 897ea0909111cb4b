namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What one SIGKILL of the primary's postmaster cost, in milliseconds from the kill instant (null where the event or
/// acknowledgement was not seen).
/// </summary>
/// <param name="Killed">The member killed (e.g. pg-ha.m0).</param>
/// <param name="Promoted">The member promoted in its place.</param>
/// <param name="FirstFailureMs">Kill to the first failed write answer (the statement path noticing).</param>
/// <param name="OpenMs">Kill to the circuit's Open event (its <c>at</c>).</param>
/// <param name="OpenReason">The Open event's reason up to its first colon (the outcome counts that opened it).</param>
/// <param name="DecisionMs">The failover decision's <c>duration_ms</c> (decision time after Open).</param>
/// <param name="PromotionMs">The failover's promotion time (done minus decided <c>duration_ms</c>).</param>
/// <param name="DoneMs">Kill to the failover's done event.</param>
/// <param name="FirstWriteMs">Kill to the first acknowledgement of a write sent after the kill.</param>
/// <param name="LongestGapMs">The longest time without any acknowledgement (all writers merged) from shortly before the kill until the group was whole.</param>
/// <param name="RebuildMs">The fenced member's rebuild (<c>duration_ms</c> of its done event).</param>
/// <param name="WholeMs">Kill until the group was whole again (no fenced member, every standby streaming, circuit Closed).</param>
/// <param name="FailedWrites">Writes that failed between the kill and the group being whole.</param>
internal sealed record KillSample(
    string Killed,
    string? Promoted,
    double? FirstFailureMs,
    double? OpenMs,
    string? OpenReason,
    double? DecisionMs,
    double? PromotionMs,
    double? DoneMs,
    double? FirstWriteMs,
    double LongestGapMs,
    double? RebuildMs,
    double WholeMs,
    int FailedWrites);
