namespace Orleans.DynamicDb.Engines.Health;

/// <summary>The verdict of one probe round (<see cref="ProbePolicy.RunAsync"/>).</summary>
/// <param name="Healthy">True when the round's probes satisfy the policy.</param>
/// <param name="Results">The probes run, in order (fewer than configured when the verdict was known early).</param>
/// <param name="Reason">The verdict in a sentence, e.g. "2 of 2 probes failed (all must pass): connection refused".</param>
public sealed record ProbeRound(bool Healthy, IReadOnlyList<ProbeResult> Results, string Reason);
