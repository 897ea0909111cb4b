namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>How often a silo has started on its data directory, and when it first and last did.</summary>
/// <param name="Starts">Starts recorded so far; 0 before the first one.</param>
/// <param name="FirstStartedAt">When the first start was recorded; null before it.</param>
/// <param name="LastStartedAt">When the latest start was recorded; null before the first one.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SiloStartHistory")]
public sealed record SiloStartHistory(int Starts, DateTimeOffset? FirstStartedAt, DateTimeOffset? LastStartedAt);
