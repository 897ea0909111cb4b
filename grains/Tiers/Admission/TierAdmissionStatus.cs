namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>One engine's admission state on this silo (<c>GET /v1/admin/tiers</c>).</summary>
/// <param name="Engine">The engine id.</param>
/// <param name="Slots">Statements that may run at once.</param>
/// <param name="ReservedHigh">Slots only High may use.</param>
/// <param name="InFlight">Statements running now.</param>
/// <param name="Queued">Statements waiting now.</param>
/// <param name="Tiers">Per tier, High first.</param>
/// <param name="Adaptive">Whether Low's and Background's limits adapt to High's latency (<c>Adaptive</c>).</param>
/// <param name="HighBaselineMs">High's quiet baseline latency the adaptive limit compares against, in ms (0 until learned).</param>
/// <param name="HighRecentMs">High's mean latency over the last interval with enough High statements, in ms (0 until then).</param>
public sealed record EngineAdmissionStatus(
    string Engine, int Slots, int ReservedHigh, int InFlight, int Queued, IReadOnlyList<TierAdmissionStatus> Tiers,
    bool Adaptive = false, double HighBaselineMs = 0, double HighRecentMs = 0);

/// <summary>One tier's admission state on one engine; the counts are totals since the silo started.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Weight">Its weight in fair queueing.</param>
/// <param name="QueueLimit">The most of its statements that may wait.</param>
/// <param name="InFlight">Its statements running now.</param>
/// <param name="Queued">Its statements waiting now.</param>
/// <param name="Admitted">Statements given a slot (at once or after waiting).</param>
/// <param name="QueuedTotal">Statements that had to wait.</param>
/// <param name="Throttled">Statements held back while a slot was free (Background's cap, High's reservation).</param>
/// <param name="RejectedQueueFull">Statements refused because the queue was full.</param>
/// <param name="RejectedTimeout">Statements refused after waiting <c>QueueTimeout</c>.</param>
/// <param name="Recent">Its statements' latency and queue wait over the last minute.</param>
/// <param name="Limit">
/// The slots it may hold now: High all, Medium all but <c>ReservedHigh</c>; Low the adaptive limit of Low and Background
/// together, Background its own adaptive limit (both <c>SlotsPerEngine − ReservedHigh</c> when not adaptive).
/// </param>
public sealed record TierAdmissionStatus(
    Tier Tier, int Weight, int QueueLimit, int InFlight, int Queued, long Admitted, long QueuedTotal, long Throttled, long RejectedQueueFull, long RejectedTimeout,
    TierLatency Recent, int Limit);
