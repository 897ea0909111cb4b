namespace Orleans.DynamicDb.Engines.Health;

/// <summary>A change of an engine's health state, decided by <see cref="EngineHealthMachine"/>: to be persisted, then acted on.</summary>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record HealthChange(EngineHealthState From, EngineHealthState To, string Reason);
