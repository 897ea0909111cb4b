namespace Orleans.DynamicDb.Engines.Health;

/// <summary>One health check of an engine (<see cref="EngineProbes.For"/> picks the one for the engine's kind).</summary>
public interface IEngineProbe
{
    /// <summary>Checks the engine once; completes when it is usable, throws (with a message saying what is wrong) when not.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
