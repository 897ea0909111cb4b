namespace Orleans.DynamicDb.Engines;

/// <summary>The auto-scaler of a <c>postgres-ha</c> engine as its status shows it (docs/tiers.md, "Auto-scaling").</summary>
/// <param name="Enabled">True when <c>AutoScale:Enabled</c> is set for the engine.</param>
/// <param name="Load">The standbys' average active client backends in the last sample; null before the first or when none answered.</param>
/// <param name="Standbys">The standbys in the last sample.</param>
/// <param name="MinStandbys">The fewest standbys the auto-scaler leaves (its setting, or the engine's <c>Replicas</c> when larger).</param>
/// <param name="MaxStandbys">The most standbys it adds up to.</param>
/// <param name="LastDecision">The last decision, as a sentence (e.g. <c>up: added m2: …</c>); null before the first.</param>
/// <param name="LastDecisionAt">When it was taken.</param>
/// <param name="MemberLoads">Each sampled standby's active client backends, by member name.</param>
/// <param name="AutoAdded">The standbys the auto-scaler added and has not removed yet, oldest first (the newest goes first).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.AutoScaleStatus")]
public sealed record AutoScaleStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] double? Load,
    [property: Id(2)] int Standbys,
    [property: Id(3)] int MinStandbys,
    [property: Id(4)] int MaxStandbys,
    [property: Id(5)] string? LastDecision,
    [property: Id(6)] DateTimeOffset? LastDecisionAt,
    [property: Id(7)] IReadOnlyDictionary<string, int> MemberLoads,
    [property: Id(8)] IReadOnlyList<string> AutoAdded);
