namespace Orleans.DynamicDb.Engines.Health;

/// <summary>The outcome of one probe.</summary>
/// <param name="Passed">True when the engine answered as expected within the timeout.</param>
/// <param name="DurationMs">How long the probe took (ms).</param>
/// <param name="Failure">Why it failed, or null when it passed.</param>
public sealed record ProbeResult(bool Passed, double DurationMs, string? Failure);
